import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { isCalendarDate, isStorableText, isTimestamp, maxInt32, normalizeMultifield, parseMoney, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { textMatch } from '../../db/dialect.ts';
import type { DialectName } from '../../db/types.ts';
import { invalid } from '../../http/app-error.ts';

/** Compiles the list API's filter, sort and cursor parameters into SQL, from the item type's metadata. */

type Eb = ExpressionBuilder<any, any>;
type Operator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'contains' | 'startsWith' | 'empty';

const operators: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startsWith', 'empty'];
const textOperators: Operator[] = ['eq', 'ne', 'in', 'contains', 'startsWith', 'empty'];
const rangeOperators: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'];

function allowedOperators(field: FieldDef): Operator[] {
  if (field.custom?.multiple) return ['eq', 'in', 'empty'];
  switch (field.type) {
    case 'string':
    case 'text':
    case 'reference':
    case 'currency':
    case 'url':
    case 'address':
      return textOperators;
    case 'enumeration':
      return ['eq', 'ne', 'in', 'empty'];
    case 'file':
      return ['eq', 'in', 'empty'];
    case 'boolean':
      return ['eq', 'ne'];
    case 'multifield':
      return ['eq', 'in', 'contains', 'empty'];
    case 'links':
      return ['eq', 'in', 'empty'];
    default:
      return rangeOperators;
  }
}

const filterAliases: Record<string, string> = { phone: 'phones', email: 'emails', website: 'websites', messenger: 'messengers' };

export interface FilterCondition {
  field: FieldDef;
  operator: Operator;
  value: unknown;
}

/** Reads `filter[field]=v` / `filter[field][op]=v` into typed conditions; a bad one is a 400 naming it. */
export function parseFilter(type: ItemTypeDef, filter: Record<string, unknown> | undefined): FilterCondition[] {
  if (!filter) return [];
  const conditions: FilterCondition[] = [];
  const issues: Array<{ field: string; rule: string; params?: Record<string, unknown> }> = [];
  for (const [key, raw] of Object.entries(filter)) {
    const name = filterAliases[key] ?? key;
    const field = type.fields.find((f) => f.name === name);
    const path = `filter.${key}`;
    if (!field) {
      issues.push({ field: path, rule: 'unknown' });
      continue;
    }
    if (field.custom && !field.custom.filterable) {
      issues.push({ field: path, rule: 'notFilterable' });
      continue;
    }
    const entries: Array<[string, unknown]> =
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.entries(raw) : [[Array.isArray(raw) ? 'in' : 'eq', raw]];
    for (const [op, rawValue] of entries) {
      const operator = op as Operator;
      if (!operators.includes(operator) || !allowedOperators(field).includes(operator)) {
        issues.push({ field: `${path}.${op}`, rule: 'operator' });
        continue;
      }
      const value = parseOperand(field, operator, rawValue);
      if (value === undefined) {
        issues.push({ field: `${path}.${op}`, rule: 'type' });
        continue;
      }
      conditions.push({ field, operator, value });
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return conditions;
}

function parseOperand(field: FieldDef, operator: Operator, raw: unknown): unknown {
  if (operator === 'empty') return parseBoolean(raw);
  if (operator === 'in') {
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
    if (!list || list.length === 0 || list.length > 500) return undefined;
    const values = list.map((item) => parseScalar(field, operator, item));
    return values.some((v) => v === undefined) ? undefined : values;
  }
  return parseScalar(field, operator, raw);
}

function parseBoolean(raw: unknown): boolean | undefined {
  if (raw === true || raw === 'true' || raw === '1' || raw === 'Y') return true;
  if (raw === false || raw === 'false' || raw === '0' || raw === 'N') return false;
  return undefined;
}

function parseScalar(field: FieldDef, operator: Operator, raw: unknown): unknown {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return undefined;
  const text = String(raw).trim();
  if (text.length > 1000 || !isStorableText(text)) return undefined;
  switch (field.type) {
    case 'string':
    case 'text':
    case 'reference':
    case 'currency':
    case 'url':
    case 'address':
      return text;
    case 'number': {
      const value = Number(text);
      return text !== '' && Number.isFinite(value) && Math.abs(value) <= 1e15 ? value : undefined;
    }
    case 'boolean': {
      const value = parseBoolean(raw);
      return value === undefined ? undefined : value ? 1 : 0;
    }
    case 'integer':
    case 'user':
    case 'item':
    case 'links':
    case 'enumeration':
    case 'file':
      return /^-?\d{1,10}$/.test(text) && Math.abs(Number(text)) <= maxInt32 ? Number(text) : undefined;
    case 'money':
      return parseMoney(text) ?? undefined;
    case 'date':
      return isCalendarDate(text) ? text : undefined;
    case 'datetime':
      return isTimestamp(text) ? new Date(Date.parse(text)).toISOString() : undefined;
    case 'multifield':
      if (operator === 'contains') {
        const needle = field.multifieldKind === 'phone' ? text.replace(/\D/g, '') : text.toLowerCase();
        return needle.length > 0 ? needle : undefined;
      }
      return normalizeMultifield(field.multifieldKind!, text) ?? undefined;
  }
}

/** Builds the WHERE condition of every filter (combined with AND). */
export function filterExpression(eb: Eb, type: ItemTypeDef, dialect: DialectName, conditions: FilterCondition[]): Expression<SqlBool> {
  return eb.and(conditions.map((condition) => conditionExpression(eb, type, dialect, condition)));
}

function conditionExpression(eb: Eb, type: ItemTypeDef, dialect: DialectName, { field, operator, value }: FilterCondition): Expression<SqlBool> {
  if (field.custom?.multiple) return multipleValueCondition(eb, type, field, operator, value);
  if (field.type === 'multifield') return multifieldCondition(eb, type, dialect, field, operator, value);
  if (field.type === 'links') return linkCondition(eb, type, field, operator, value);
  const column = eb.ref(`${type.table}.${field.column}`);
  switch (operator) {
    case 'eq':
      return eb(column, '=', value);
    case 'ne':
      return eb.or([eb(column, '<>', value), eb(column, 'is', null)]);
    case 'gt':
      return eb(column, '>', value);
    case 'gte':
      return eb(column, '>=', value);
    case 'lt':
      return eb(column, '<', value);
    case 'lte':
      return eb(column, '<=', value);
    case 'in':
      return eb(column, 'in', value as unknown[]);
    case 'contains':
    case 'startsWith':
      return textMatch(dialect, column, value as string, operator);
    case 'empty':
      return value ? eb(column, 'is', null) : eb(column, 'is not', null);
  }
}

function multifieldCondition(eb: Eb, type: ItemTypeDef, dialect: DialectName, field: FieldDef, operator: Operator, value: unknown) {
  const matching = (extra?: (inner: Eb) => Expression<SqlBool>) =>
    eb.exists(
      eb
        .selectFrom('multifields as mf')
        .select(sql.lit(1).as('one'))
        .where((inner) =>
          inner.and([
            inner('mf.entity_type', '=', type.name),
            inner('mf.entity_id', '=', inner.ref(`${type.table}.id`)),
            inner('mf.kind', '=', field.multifieldKind!),
            ...(extra ? [extra(inner)] : []),
          ]),
        ),
    );
  switch (operator) {
    case 'empty':
      return value ? eb.not(matching()) : matching();
    case 'contains':
      return matching((inner) => textMatch(dialect, inner.ref('mf.value_normalized'), value as string, 'contains'));
    case 'in':
      return matching((inner) => inner('mf.value_normalized', 'in', value as string[]));
    default:
      return matching((inner) => inner('mf.value_normalized', '=', value));
  }
}

function linkCondition(eb: Eb, type: ItemTypeDef, field: FieldDef, operator: Operator, value: unknown) {
  const link = field.link!;
  const matching = (ids?: unknown[]) =>
    eb.exists(
      eb
        .selectFrom(`${link.table} as l`)
        .select(sql.lit(1).as('one'))
        .where((inner) =>
          inner.and([
            inner(`l.${link.selfColumn}`, '=', inner.ref(`${type.table}.id`)),
            ...(ids ? [inner(`l.${link.otherColumn}`, 'in', ids)] : []),
          ]),
        ),
    );
  if (operator === 'empty') return value ? eb.not(matching()) : matching();
  return matching(operator === 'in' ? (value as unknown[]) : [value]);
}

/** A multiple-value custom field: an EXISTS on its rows in `custom_field_values`. */
function multipleValueCondition(eb: Eb, type: ItemTypeDef, field: FieldDef, operator: Operator, value: unknown) {
  const matching = (values?: unknown[]) =>
    eb.exists(
      eb
        .selectFrom('custom_field_values as cv')
        .select(sql.lit(1).as('one'))
        .where((inner) =>
          inner.and([
            inner('cv.field_id', '=', field.custom!.id),
            inner('cv.entity_id', '=', inner.ref(`${type.table}.id`)),
            ...(values ? [inner('cv.value', 'in', values)] : []),
          ]),
        ),
    );
  if (operator === 'empty') return value ? eb.not(matching()) : matching();
  return matching(operator === 'in' ? (value as unknown[]) : [value]);
}

export interface SortKey {
  field: FieldDef;
  column: string;
  descending: boolean;
}

/** Reads `sort=-updatedAt,title`; the item id is always the last key, so the order is total. */
export function parseSort(type: ItemTypeDef, sort: string | undefined): SortKey[] {
  const idField = type.fields.find((f) => f.name === 'id')!;
  const keys: SortKey[] = [];
  const issues: Array<{ field: string; rule: string }> = [];
  for (const part of (sort ?? '-id').split(',').map((p) => p.trim()).filter(Boolean)) {
    const descending = part.startsWith('-');
    const name = part.replace(/^[-+]/, '');
    const field = type.fields.find((f) => f.name === name);
    if (!field) issues.push({ field: `sort.${name}`, rule: 'unknown' });
    else if (!field.column || (field.custom && !field.custom.sortable)) issues.push({ field: `sort.${name}`, rule: 'notSortable' });
    else if (!keys.some((k) => k.field === field)) keys.push({ field, column: field.column, descending });
  }
  if (issues.length > 0) throw invalid(issues);
  if (keys.length > 4) throw invalid([{ field: 'sort', rule: 'max', params: { max: 4 } }]);
  if (!keys.some((k) => k.field === idField)) keys.push({ field: idField, column: 'id', descending: keys[0]?.descending ?? true });
  return keys;
}

export const sortSignature = (keys: SortKey[]) => keys.map((k) => `${k.descending ? '-' : ''}${k.column}`).join(',');

export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(keys), v: keys.map((k) => row[k.column] ?? null) })).toString('base64url');
}

export function decodeCursor(keys: SortKey[], cursor: string): unknown[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown };
    const values = parsed.v;
    const valid =
      parsed.s === sortSignature(keys) &&
      Array.isArray(values) &&
      values.length === keys.length &&
      values.every((value, index) => value === null || isCursorValue(keys[index].field, value));
    if (valid) return values as unknown[];
  } catch {
    // fall through to the 400 below
  }
  throw invalid([{ field: 'cursor', rule: 'cursor' }]);
}

/** A cursor is client input: each value must fit its column, or PostgreSQL would refuse the query. */
function isCursorValue(field: FieldDef, value: unknown): boolean {
  switch (field.type) {
    case 'integer':
    case 'user':
    case 'item':
    case 'boolean':
    case 'enumeration':
    case 'file':
      return Number.isInteger(value) && Math.abs(value as number) <= maxInt32;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'money':
      return Number.isSafeInteger(value);
    case 'date':
      return typeof value === 'string' && isCalendarDate(value);
    case 'datetime':
      return typeof value === 'string' && isTimestamp(value);
    default:
      return typeof value === 'string' && value.length <= 1000 && isStorableText(value);
  }
}

/** Whether a field's column may hold null (ids, audit dates and flags never do). */
export const isNullable = (field: FieldDef) => !field.notNull && field.type !== 'boolean';

/**
 * The keyset condition "comes after the cursor row" for any mix of directions, with nulls as the
 * smallest value: (k1 > v1) OR (k1 = v1 AND ((k2 > v2) OR (k2 = v2 AND …))). Columns that are never null
 * (ids, audit dates, flags) get plain range terms, which the database can answer from an index.
 */
export function afterCursor(eb: Eb, table: string, keys: SortKey[], values: unknown[]): Expression<SqlBool> {
  // A row-value comparison, (k1, k2) > (v1, v2), is the form both databases answer with one index range.
  // It is exact when every key goes the same way and the cursor holds no null: ascending (nulls first, so a null
  // compares as "before" and drops out, as it should), or descending on keys that are never null.
  const sameWay = keys.every((k) => k.descending === keys[0].descending);
  if (sameWay && values.every((v) => v !== null) && (!keys[0].descending || keys.every((k) => !isNullable(k.field)))) {
    const columns = sql.join(keys.map((k) => sql.ref(`${table}.${k.column}`)));
    return keys[0].descending ? sql<SqlBool>`(${columns}) < (${sql.join(values)})` : sql<SqlBool>`(${columns}) > (${sql.join(values)})`;
  }
  const build = (index: number): Expression<SqlBool> => {
    const key = keys[index];
    const column = eb.ref(`${table}.${key.column}`);
    const value = values[index];
    const nullable = isNullable(key.field);
    const greater = key.descending
      ? value === null
        ? sql<SqlBool>`1 = 0`
        : nullable
          ? eb.or([eb(column, '<', value), eb(column, 'is', null)])
          : eb(column, '<', value)
      : value === null
        ? eb(column, 'is not', null)
        : eb(column, '>', value);
    if (index === keys.length - 1) return greater;
    const equal = value === null ? eb(column, 'is', null) : eb(column, '=', value);
    return eb.or([greater, eb.and([equal, build(index + 1)])]);
  };
  return build(0);
}
