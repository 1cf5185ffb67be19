import { foldText, formatMoney, parseMoney, type FieldDef } from '@vinculo/shared';

/** Converts a validated API value into what its column stores. */
export function toColumn(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'money':
      return parseMoney(field.currencyColumn ? (value as { amount: string | number }).amount : (value as string | number));
    case 'boolean':
      return value ? 1 : 0;
    case 'datetime':
      return new Date(value as string).toISOString();
    case 'string':
    case 'text':
    case 'url':
    case 'address':
      return value === '' ? null : value;
    default:
      return value;
  }
}

/** The columns a field's API value is stored in: its own, the currency of a custom money field, a text's folded key. */
export function toColumns(field: FieldDef, value: unknown): Record<string, unknown> {
  const stored = toColumn(field, value);
  const columns: Record<string, unknown> = { [field.column!]: stored };
  if (field.currencyColumn) columns[field.currencyColumn] = value == null ? null : (value as { currency: string }).currency;
  if (field.keyColumn) columns[field.keyColumn] = typeof stored === 'string' ? foldText(stored) : null;
  return columns;
}

/** The API value a written value reads back as ("10" → "10.00", a datetime in UTC): what history records. */
export function readBack(field: FieldDef, value: unknown): unknown {
  if (!field.column || value === undefined) return value;
  const columns = toColumns(field, value);
  return fromColumn(field, columns[field.column], columns);
}

/** Converts a stored column value into its API form; both databases give the same result. */
export function fromColumn(field: FieldDef, value: unknown, row?: Record<string, unknown>): unknown {
  if (field.type === 'boolean') return value === 1 || value === true || value === '1';
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'money': {
      const amount = formatMoney(value as number | string);
      return field.currencyColumn ? { amount, currency: row?.[field.currencyColumn] ?? null } : amount;
    }
    case 'integer':
    case 'user':
    case 'item':
    case 'enumeration':
    case 'file':
    case 'number':
      return Number(value);
    case 'date':
      return typeof value === 'string' ? value.slice(0, 10) : (value as Date).toISOString().slice(0, 10);
    default:
      return value;
  }
}

/** Compares two API values of a field (arrays and objects by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
