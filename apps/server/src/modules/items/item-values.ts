import { formatMoney, parseMoney, type FieldDef } from '@vinculo/shared';

/** Converts a validated API value into what its column stores. */
export function toColumn(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'money':
      return parseMoney(value as string | number);
    case 'boolean':
      return value ? 1 : 0;
    case 'datetime':
      return new Date(value as string).toISOString();
    case 'string':
    case 'text':
      return value === '' ? null : value;
    default:
      return value;
  }
}

/** Converts a stored column value into its API form; both databases give the same result. */
export function fromColumn(field: FieldDef, value: unknown): unknown {
  if (field.type === 'boolean') return value === 1 || value === true || value === '1';
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'money':
      return formatMoney(value as number | string);
    case 'integer':
    case 'user':
    case 'item':
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
