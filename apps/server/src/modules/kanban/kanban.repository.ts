import { sql, type Kysely } from 'kysely';
import type { ItemTypeDef } from '@vinculo/shared';
import type { Db, DialectName } from '../../db/types.ts';
import type { Restriction } from '../access/access-predicate.ts';
import type { Row } from '../items/item.repository.ts';
import { filterExpression, type FilterCondition } from '../items/list-query.ts';

/** Kysely queries of the Kanban board: column aggregates, the cards of a column in order, card positions. No rules here. */

// Item tables are described by metadata, not by the static SystemTables type.
const dynamic = (db: Db) => db as unknown as Kysely<any>;

/** The column a card is in: `{ category_id, stage_id }` for deals, `{ status_id }` for leads. */
export type ColumnKey = Record<string, string | number | null>;

/** A card's place: `kanban_sort` ascending, then id (the write path gives every card its own sort value). */
export interface Position {
  id: number;
  sort: number;
}

/** What narrows a board's items: the list filter and the caller's read scope. */
export interface BoardFilter {
  dialect: DialectName;
  conditions: FilterCondition[];
  restrict?: Restriction;
}

/** The live items of `where`, narrowed by the board filter when there is one. */
function live(db: Db, type: ItemTypeDef, where: ColumnKey, filter?: BoardFilter) {
  let query = dynamic(db).selectFrom(type.table).where(`${type.table}.deleted_at`, 'is', null);
  if (filter?.restrict) query = query.where(filter.restrict);
  for (const [column, value] of Object.entries(where)) query = query.where(`${type.table}.${column}`, value === null ? 'is' : '=', value);
  if (filter && filter.conditions.length > 0) query = query.where((eb) => filterExpression(eb, type, filter.dialect, filter.conditions));
  return query;
}

export interface ColumnAggregate {
  stage: string | null;
  currency: string | null;
  count: number;
  /** Sum of the amounts in minor units, exact (a string on PostgreSQL, where SUM of bigint is numeric). */
  minor: string | number | bigint | null;
}

/** Count and amount per stage and currency of the live items in `scope` that match the filter. */
export async function columnAggregates(db: Db, type: ItemTypeDef, stageColumn: string, scope: ColumnKey, filter: BoardFilter): Promise<ColumnAggregate[]> {
  const rows = await live(db, type, scope, filter)
    .select([
      `${type.table}.${stageColumn} as stage`,
      `${type.table}.currency_id as currency`,
      (eb) => eb.fn.countAll().as('count'),
      (eb) => eb.fn.sum(`${type.table}.opportunity_minor`).as('minor'),
    ])
    .groupBy([`${type.table}.${stageColumn}`, `${type.table}.currency_id`])
    .execute();
  return rows.map((row) => ({ stage: row.stage, currency: row.currency, count: Number(row.count), minor: row.minor }));
}

/** The cards of one column after `after` (or from the top), in board order, with the given columns. */
export async function columnCards(db: Db, type: ItemTypeDef, column: ColumnKey, filter: BoardFilter, after: Position | undefined, limit: number, columns: string[]): Promise<Row[]> {
  let query = live(db, type, column, filter).select([...new Set([...columns, 'id', 'kanban_sort'])].map((c) => `${type.table}.${c}`));
  if (after) query = query.where((eb) => comesAfter(eb, type.table, after));
  return (await query.orderBy(`${type.table}.kanban_sort`).orderBy(`${type.table}.id`).limit(limit).execute()) as Row[];
}

/** Board order is (kanban_sort, id), the order of the column's index: a card comes after `p` when its sort is larger, or equal with a larger id. */
const comesAfter = (eb: any, table: string, p: Position) =>
  eb.or([eb(`${table}.kanban_sort`, '>', p.sort), eb.and([eb(`${table}.kanban_sort`, '=', p.sort), eb(`${table}.id`, '>', p.id)])]);

/** The position of a live card the caller may read, if it is in `column`. */
export async function positionIn(db: Db, type: ItemTypeDef, column: ColumnKey, id: number, restrict: Restriction | undefined): Promise<Position | undefined> {
  let query = dynamic(db).selectFrom(type.table).select(['id', 'kanban_sort']).where(`${type.table}.id`, '=', id).where(`${type.table}.deleted_at`, 'is', null);
  if (restrict) query = query.where(restrict);
  for (const [name, value] of Object.entries(column)) query = query.where(name, value === null ? 'is' : '=', value);
  const row = await query.executeTakeFirst();
  return row ? { id: Number(row.id), sort: Number(row.kanban_sort) } : undefined;
}

/** The card right below `anchor` in its column, leaving out `except` (the card being moved). */
export async function nextPosition(db: Db, type: ItemTypeDef, column: ColumnKey, anchor: Position, except: number): Promise<Position | undefined> {
  const row = await live(db, type, column)
    .select(['id', 'kanban_sort'])
    .where('id', '<>', except)
    .where((eb) => comesAfter(eb, type.table, anchor))
    .orderBy('kanban_sort')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), sort: Number(row.kanban_sort) } : undefined;
}

/** Pushes every card below `anchor` down by `by`, making room right under it. */
export async function shiftBelow(db: Db, type: ItemTypeDef, column: ColumnKey, anchor: Position, by: number): Promise<void> {
  let query = dynamic(db)
    .updateTable(type.table)
    .set({ kanban_sort: sql`kanban_sort + ${by}` })
    .where('deleted_at', 'is', null)
    .where((eb) => comesAfter(eb, type.table, anchor));
  for (const [name, value] of Object.entries(column)) query = query.where(name, value === null ? 'is' : '=', value);
  await query.execute();
}
