import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { FieldDef, ItemTypeDef } from '@vinculo/shared';
import { foldedColumn, likePattern, prefixRange } from '../../db/dialect.ts';
import type { DialectName } from '../../db/types.ts';
import { isCheckedTerm, isFoldedText, type CheckedFilter, type CheckedTerm } from './filter.ts';

/** Compiles a checked filter (filter.ts) into a SQL condition on the item table; the same SQL on both databases. */

type Eb = ExpressionBuilder<any, any>;

export function filterExpression(eb: Eb, type: ItemTypeDef, dialect: DialectName, filter: CheckedFilter): Expression<SqlBool> {
  if ('and' in filter) return eb.and(filter.and.map((part) => filterExpression(eb, type, dialect, part)));
  if ('or' in filter) return eb.or(filter.or.map((part) => filterExpression(eb, type, dialect, part)));
  if (!isCheckedTerm(filter)) return eb.not(filterExpression(eb, type, dialect, filter.not));
  return termExpression(eb, type, dialect, filter);
}

/**
 * What a text field is compared through: its folded key column when it has one (indexed), else the column folded
 * by `vk_fold` at query time. Other fields compare their column as it is.
 */
export function comparedExpression(table: string, field: FieldDef, dialect: DialectName): Expression<unknown> {
  if (!isFoldedText(field)) return sql.ref(`${table}.${field.column}`);
  return field.keyColumn ? sql.ref(`${table}.${field.keyColumn}`) : foldedColumn(dialect, sql.ref(`${table}.${field.column}`));
}

function termExpression(eb: Eb, type: ItemTypeDef, dialect: DialectName, { field, op, value }: CheckedTerm): Expression<SqlBool> {
  if (field.custom?.multiple) return multipleValueCondition(eb, type, field, op, value);
  if (field.type === 'multifield') return multifieldCondition(eb, type, field, op, value);
  if (field.type === 'links') return linkCondition(eb, type, field, op, value);
  const column = eb.ref(`${type.table}.${field.column}`);
  if (field.type === 'boolean') {
    // A flag reads false when never set: a null compares as 0 where the column allows one.
    const wanted = op === 'eq' ? value : 1 - (value as number);
    return wanted === 1 || field.notNull ? eb(column, '=', wanted) : eb.or([eb(column, '=', 0), eb(column, 'is', null)]);
  }
  const compared = comparedExpression(type.table, field, dialect);
  switch (op) {
    case 'eq':
      // An empty text reads as null: "equals empty" finds the items that show nothing.
      return value === '' ? eb(column, 'is', null) : eb(compared, '=', value);
    case 'ne':
      return value === '' ? eb(column, 'is not', null) : eb.or([eb(compared, '<>', value), eb(column, 'is', null)]);
    case 'gt':
      return eb(compared, '>', value);
    case 'gte':
      return eb(compared, '>=', value);
    case 'lt':
      return eb(compared, '<', value);
    case 'lte':
      return eb(compared, '<=', value);
    case 'in':
      return eb(compared, 'in', value as unknown[]);
    case 'startsWith':
      // A folded key column is matched as a range, which its index serves.
      if (field.keyColumn) return prefixRange(eb.ref(`${type.table}.${field.keyColumn}`), value as string);
      return sql<SqlBool>`${isFoldedText(field) ? compared : foldedColumn(dialect, column)} like ${likePattern(value as string, 'startsWith')} escape '\\'`;
    case 'contains':
      return sql<SqlBool>`${isFoldedText(field) ? compared : foldedColumn(dialect, column)} like ${likePattern(value as string, 'contains')} escape '\\'`;
    case 'empty':
      return value ? eb(column, 'is', null) : eb(column, 'is not', null);
  }
}

function multifieldCondition(eb: Eb, type: ItemTypeDef, field: FieldDef, op: CheckedTerm['op'], value: unknown) {
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
  switch (op) {
    case 'empty':
      return value ? eb.not(matching()) : matching();
    case 'contains':
      return matching(() => sql<SqlBool>`mf.value_normalized like ${likePattern(value as string, 'contains')} escape '\\'`);
    case 'in':
      return matching((inner) => inner('mf.value_normalized', 'in', value as string[]));
    default:
      return matching((inner) => inner('mf.value_normalized', '=', value));
  }
}

function linkCondition(eb: Eb, type: ItemTypeDef, field: FieldDef, op: CheckedTerm['op'], value: unknown) {
  const link = field.link!;
  const matching = (ids?: unknown[]) =>
    eb.exists(
      eb
        .selectFrom(`${link.table} as l`)
        .select(sql.lit(1).as('one'))
        .where((inner) => inner.and([inner(`l.${link.selfColumn}`, '=', inner.ref(`${type.table}.id`)), ...(ids ? [inner(`l.${link.otherColumn}`, 'in', ids)] : [])])),
    );
  if (op === 'empty') return value ? eb.not(matching()) : matching();
  return matching(op === 'in' ? (value as unknown[]) : [value]);
}

/** A multiple-value custom field: an EXISTS on its rows in `custom_field_values`. */
function multipleValueCondition(eb: Eb, type: ItemTypeDef, field: FieldDef, op: CheckedTerm['op'], value: unknown) {
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
  if (op === 'empty') return value ? eb.not(matching()) : matching();
  return matching(op === 'in' ? (value as unknown[]) : [value]);
}
