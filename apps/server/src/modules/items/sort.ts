import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { isCalendarDate, isStorableText, isTimestamp, maxInt32, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { orderTerm } from '../../db/dialect.ts';
import type { DialectName } from '../../db/types.ts';
import { invalid } from '../../http/app-error.ts';
import { comparedExpression } from './filter-sql.ts';
import { isFoldedText } from './filter.ts';

/**
 * The order of a list: `sort=-updatedAt,lastName` read into keys, and their SQL: ORDER BY, the value of each key
 * a cursor keeps, and the keyset condition "comes after the cursor row". Text people write sorts with case and
 * accents folded (`Álvaro, ana, Beatriz, Éder`), then by id, on both databases alike.
 */

type Eb = ExpressionBuilder<any, any>;

export interface SortKey {
  field: FieldDef;
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
    else if (!keys.some((k) => k.field === field)) keys.push({ field, descending });
  }
  if (issues.length > 0) throw invalid(issues);
  if (keys.length > 4) throw invalid([{ field: 'sort', rule: 'max', params: { max: 4 } }]);
  if (!keys.some((k) => k.field === idField)) keys.push({ field: idField, descending: keys[0]?.descending ?? true });
  return keys;
}

/** Whether a sort key's value may be null: from its column's definition in the database (the catalogue). */
export const isNullable = (field: FieldDef) => !field.notNull;

/** The alias under which a list query selects the value of sort key `index`, for the next page's cursor. */
export const sortAlias = (index: number) => `__k${index}`;

/** What a key orders by: its column, or for text its folded form. */
export const sortExpression = (table: string, key: SortKey, dialect: DialectName) => comparedExpression(table, key.field, dialect);

/** The ORDER BY terms of the keys, in order. */
export function orderByTerms(table: string, keys: SortKey[], dialect: DialectName) {
  return keys.map((key) => orderTerm(dialect, sortExpression(table, key, dialect), key.descending, isNullable(key.field)));
}

/** A cursor is client input: each value must fit what its key compares, or PostgreSQL would refuse the query. */
export function isCursorValue(field: FieldDef, value: unknown): boolean {
  if (value === null) return isNullable(field);
  if (isFoldedText(field)) return typeof value === 'string' && value.length <= 70_000 && isStorableText(value);
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
      return typeof value === 'string' && value.length <= 2048 && isStorableText(value);
  }
}

/**
 * The keyset condition "comes after the cursor row" for any mix of directions, with nulls as the
 * smallest value: (k1 > v1) OR (k1 = v1 AND ((k2 > v2) OR (k2 = v2 AND …))). Keys that are never null
 * get plain range terms, which the database can answer from an index.
 */
export function afterCursor(eb: Eb, table: string, keys: SortKey[], values: unknown[], dialect: DialectName): Expression<SqlBool> {
  const expressions = keys.map((key) => sortExpression(table, key, dialect));
  // A row-value comparison, (k1, k2) > (v1, v2), is the form both databases answer with one index range.
  // It is exact when every key goes the same way and the cursor holds no null: ascending (nulls first, so a null
  // compares as "before" and drops out, as it should), or descending on keys that are never null.
  const sameWay = keys.every((k) => k.descending === keys[0].descending);
  if (sameWay && values.every((v) => v !== null) && (!keys[0].descending || keys.every((k) => !isNullable(k.field)))) {
    const row = sql.join(expressions);
    return keys[0].descending ? sql<SqlBool>`(${row}) < (${sql.join(values)})` : sql<SqlBool>`(${row}) > (${sql.join(values)})`;
  }
  const build = (index: number): Expression<SqlBool> => {
    const key = keys[index];
    const column = expressions[index];
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
