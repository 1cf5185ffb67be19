import { sql, type SelectQueryBuilder } from 'kysely';
import type { ItemTypeDef } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import { dynamic, type Row } from '../items/item.repository.ts';

/**
 * Kysely queries of the Kanban board: column aggregates, the cards of a column in order, card positions. No rules
 * here. Reads start from a query of the scoped reader (`items`): the caller's read scope and the list filter are
 * in it already.
 */

type Items = SelectQueryBuilder<any, any, object>;

/** The column a card is in: `{ category_id, stage_id }` for deals, `{ status_id }` for leads. */
export type ColumnKey = Record<string, string | number | null>;

/** A card's place: `kanban_sort` ascending, then id (the write path gives every card its own sort value). */
export interface Position {
  id: number;
  sort: number;
}

const inColumn = (items: Items, table: string, where: ColumnKey) => {
  let query = items;
  for (const [column, value] of Object.entries(where)) query = query.where(`${table}.${column}`, value === null ? 'is' : '=', value);
  return query;
};

export interface ColumnAggregate {
  stage: string | null;
  currency: string | null;
  count: number;
  /** Sum of the amounts in minor units, exact (a string on PostgreSQL, where SUM of bigint is numeric); null without amounts. */
  minor: string | number | bigint | null;
}

/**
 * Count per stage (and, with `amount`, per currency with the sum of the amounts) of `items` in `scope`. Without
 * `amount` (the caller may not see it) nothing about amounts is read.
 */
export async function columnAggregates(items: Items, table: string, stageColumn: string, scope: ColumnKey, amount?: { column: string; currencyColumn: string }): Promise<ColumnAggregate[]> {
  const query = inColumn(items, table, scope);
  if (!amount) {
    const rows = await query.select([`${table}.${stageColumn} as stage`, (eb) => eb.fn.countAll().as('count')]).groupBy(`${table}.${stageColumn}`).execute();
    return rows.map((row) => ({ stage: row.stage, currency: null, count: Number(row.count), minor: null }));
  }
  const rows = await query
    .select([`${table}.${stageColumn} as stage`, `${table}.${amount.currencyColumn} as currency`, (eb) => eb.fn.countAll().as('count'), (eb) => eb.fn.sum(`${table}.${amount.column}`).as('minor')])
    .groupBy([`${table}.${stageColumn}`, `${table}.${amount.currencyColumn}`])
    .execute();
  return rows.map((row) => ({ stage: row.stage, currency: row.currency, count: Number(row.count), minor: row.minor }));
}

/** The cards of one column after `after` (or from the top), in board order, with the given columns. */
export async function columnCards(items: Items, table: string, column: ColumnKey, after: Position | undefined, limit: number, columns: string[]): Promise<Row[]> {
  let query = inColumn(items, table, column).select([...new Set([...columns, 'id', 'kanban_sort'])].map((c) => `${table}.${c}`));
  if (after) query = query.where((eb) => comesAfter(eb, table, after));
  return (await query.orderBy(`${table}.kanban_sort`).orderBy(`${table}.id`).limit(limit).execute()) as Row[];
}

/** Board order is (kanban_sort, id), the order of the column's index: a card comes after `p` when its sort is larger, or equal with a larger id. */
const comesAfter = (eb: any, table: string, p: Position) =>
  eb.or([eb(`${table}.kanban_sort`, '>', p.sort), eb.and([eb(`${table}.kanban_sort`, '=', p.sort), eb(`${table}.id`, '>', p.id)])]);

/** The position of card `id` among `items`, if it is in `column`. */
export async function positionIn(items: Items, table: string, column: ColumnKey, id: number): Promise<Position | undefined> {
  const row = await inColumn(items, table, column).select([`${table}.id`, `${table}.kanban_sort`]).where(`${table}.id`, '=', id).executeTakeFirst();
  return row ? { id: Number(row.id), sort: Number(row.kanban_sort) } : undefined;
}

/** The card of `items` right below `anchor` in its column, leaving out `except` (the card being moved). */
export async function nextPosition(items: Items, table: string, column: ColumnKey, anchor: Position, except: number): Promise<Position | undefined> {
  const row = await inColumn(items, table, column)
    .select([`${table}.id`, `${table}.kanban_sort`])
    .where(`${table}.id`, '<>', except)
    .where((eb) => comesAfter(eb, table, anchor))
    .orderBy(`${table}.kanban_sort`)
    .orderBy(`${table}.id`)
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), sort: Number(row.kanban_sort) } : undefined;
}

/** Pushes every live card below `anchor` down by `by`, making room right under it. */
export async function shiftBelow(db: Db, type: ItemTypeDef, column: ColumnKey, anchor: Position, by: number): Promise<void> {
  let query = dynamic(db)
    .updateTable(type.table)
    .set({ kanban_sort: sql`kanban_sort + ${by}` })
    .where('deleted_at', 'is', null)
    .where((eb) => comesAfter(eb, type.table, anchor));
  for (const [name, value] of Object.entries(column)) query = query.where(name, value === null ? 'is' : '=', value);
  await query.execute();
}
