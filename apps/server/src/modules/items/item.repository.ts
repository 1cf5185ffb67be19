import { sql, type Kysely } from 'kysely';
import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { orderTerm } from '../../db/dialect.ts';
import type { Db, DialectName } from '../../db/types.ts';
import type { Restriction } from '../access/access-predicate.ts';
import { afterCursor, filterExpression, isNullable, type FilterCondition, type SortKey } from './list-query.ts';

/** Kysely queries of the item engine, driven by item metadata. No business rules here. */

export type Row = Record<string, unknown> & { id: number; version: number };

// Item tables are described by metadata, not by the static SystemTables type.
const dynamic = (db: Db) => db as unknown as Kysely<any>;

export async function insertItem(db: Db, type: ItemTypeDef, values: Record<string, unknown>): Promise<number> {
  const row = await dynamic(db).insertInto(type.table).values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A live (or binned) item; with `restrict`, only if the condition (the caller's scope) holds. */
export async function findItem(db: Db, type: ItemTypeDef, id: number, options: { deleted?: boolean; restrict?: Restriction } = {}): Promise<Row | undefined> {
  let query = dynamic(db)
    .selectFrom(type.table)
    .selectAll()
    .where(`${type.table}.id`, '=', id)
    .where(`${type.table}.deleted_at`, options.deleted ? 'is not' : 'is', null);
  if (options.restrict) query = query.where(options.restrict);
  return (await query.executeTakeFirst()) as Row | undefined;
}

/** Holds the item's row until the transaction ends, so concurrent writers queue instead of racing (PostgreSQL). */
export async function lockItem(db: Db, dialect: DialectName, type: ItemTypeDef, id: number): Promise<void> {
  // SQLite has one writer at a time already.
  if (dialect === 'postgres') await dynamic(db).selectFrom(type.table).select('id').where('id', '=', id).forUpdate().execute();
}

/** Updates a live item; with `expectedVersion` only if nobody changed it since. Returns whether a row changed. */
export async function updateItemRow(
  db: Db,
  type: ItemTypeDef,
  id: number,
  values: Record<string, unknown>,
  expectedVersion?: number,
): Promise<boolean> {
  let query = dynamic(db)
    .updateTable(type.table)
    .set({ ...values, version: sql`version + 1` })
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Writes columns that are not fields (no version bump: nothing a user reads changed). */
export async function setSystemColumns(db: Db, type: ItemTypeDef, id: number, values: Record<string, unknown>) {
  await dynamic(db).updateTable(type.table).set(values).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

export async function setDeleted(db: Db, type: ItemTypeDef, id: number, deletedAt: string | null, actorId: number | null) {
  await dynamic(db)
    .updateTable(type.table)
    .set({ deleted_at: deletedAt, deleted_by_id: deletedAt ? actorId : null, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function deleteRows(db: Db, type: ItemTypeDef, ids: number[]) {
  if (ids.length === 0) return;
  await db.deleteFrom('multifields').where('entity_type', '=', type.name).where('entity_id', 'in', ids).execute();
  await db
    .deleteFrom('custom_field_values')
    .where('entity_id', 'in', ids)
    .where('field_id', 'in', (eb) => eb.selectFrom('custom_fields').select('id').where('entity_type', '=', type.name))
    .execute();
  await dynamic(db).deleteFrom(type.table).where('id', 'in', ids).execute();
}

export async function expiredIds(db: Db, type: ItemTypeDef, deletedBefore: string): Promise<number[]> {
  const rows = await dynamic(db).selectFrom(type.table).select('id').where('deleted_at', '<', deletedBefore).execute();
  return rows.map((r) => Number(r.id));
}

/** Which of `ids` are live items (that the caller may read, with `restrict`). */
export async function existingIds(db: Db, type: ItemTypeDef, ids: number[], restrict?: Restriction): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  let query = dynamic(db).selectFrom(type.table).select(`${type.table}.id`).where(`${type.table}.id`, 'in', ids).where(`${type.table}.deleted_at`, 'is', null);
  if (restrict) query = query.where(restrict);
  const rows = await query.execute();
  return new Set(rows.map((r) => Number(r.id)));
}

export interface MultifieldRow {
  id: number;
  entity_id: number;
  kind: string;
  value_type: string;
  value: string;
  value_normalized: string;
  sort: number;
}

export async function loadMultifields(db: Db, type: ItemTypeName, ids: number[], kinds: string[]): Promise<MultifieldRow[]> {
  if (ids.length === 0 || kinds.length === 0) return [];
  return (await db
    .selectFrom('multifields')
    .select(['id', 'entity_id', 'kind', 'value_type', 'value', 'value_normalized', 'sort'])
    .where('entity_type', '=', type)
    .where('entity_id', 'in', ids)
    .where('kind', 'in', kinds)
    .orderBy('entity_id')
    .orderBy('sort')
    .orderBy('id')
    .execute()) as MultifieldRow[];
}

export interface MultifieldWrite {
  id?: number;
  value: string;
  valueType: string;
  normalized: string;
}

/** Makes an item's values of one kind exactly `entries`: entries with a known id are edited in place. */
export async function replaceMultifields(db: Db, type: ItemTypeName, itemId: number, kind: string, entries: MultifieldWrite[], current: MultifieldRow[]) {
  const kept = new Set(entries.filter((e) => e.id !== undefined).map((e) => e.id));
  const removed = current.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length > 0) await db.deleteFrom('multifields').where('id', 'in', removed).execute();
  for (const [index, entry] of entries.entries()) {
    const values = { value_type: entry.valueType, value: entry.value, value_normalized: entry.normalized, sort: index };
    if (entry.id !== undefined) {
      await db.updateTable('multifields').set(values).where('id', '=', entry.id).where('entity_type', '=', type).where('entity_id', '=', itemId).where('kind', '=', kind).execute();
    } else {
      await db.insertInto('multifields').values({ entity_type: type, entity_id: itemId, kind, ...values }).execute();
    }
  }
}

export async function loadLinks(db: Db, field: FieldDef, ids: number[]): Promise<Array<{ self: number; other: number }>> {
  const link = field.link!;
  if (ids.length === 0) return [];
  const rows = await dynamic(db)
    .selectFrom(link.table)
    .select([`${link.selfColumn} as self`, `${link.otherColumn} as other`])
    .where(link.selfColumn, 'in', ids)
    .orderBy('sort')
    .orderBy(link.otherColumn)
    .execute();
  return rows.map((r) => ({ self: Number(r.self), other: Number(r.other) }));
}

export async function replaceLinks(db: Db, field: FieldDef, itemId: number, otherIds: number[]) {
  const link = field.link!;
  await dynamic(db).deleteFrom(link.table).where(link.selfColumn, '=', itemId).execute();
  if (otherIds.length === 0) return;
  await dynamic(db)
    .insertInto(link.table)
    .values(otherIds.map((other, index) => ({ [link.selfColumn]: itemId, [link.otherColumn]: other, sort: index })))
    .execute();
}

/** Values of multiple-value custom fields of the given items, in their order. */
export async function loadCustomValues(db: Db, fieldIds: number[], ids: number[]): Promise<Array<{ field_id: number; entity_id: number; value: number }>> {
  if (fieldIds.length === 0 || ids.length === 0) return [];
  const rows = await db
    .selectFrom('custom_field_values')
    .select(['field_id', 'entity_id', 'value'])
    .where('field_id', 'in', fieldIds)
    .where('entity_id', 'in', ids)
    .orderBy('entity_id')
    .orderBy('sort')
    .execute();
  return rows.map((r) => ({ field_id: Number(r.field_id), entity_id: Number(r.entity_id), value: Number(r.value) }));
}

export async function replaceCustomValues(db: Db, fieldId: number, itemId: number, values: number[]) {
  await db.deleteFrom('custom_field_values').where('field_id', '=', fieldId).where('entity_id', '=', itemId).execute();
  if (values.length === 0) return;
  await db
    .insertInto('custom_field_values')
    .values(values.map((value, index) => ({ field_id: fieldId, entity_id: itemId, value, sort: index })))
    .execute();
}

/** The columns that hold the given fields' values (a custom money field has two). */
export const columnsOf = (fields: FieldDef[]) => fields.flatMap((f) => (f.column ? [f.column, ...(f.currencyColumn ? [f.currencyColumn] : [])] : []));

export interface ListParams {
  /** The caller's scope, compiled to SQL. */
  restrict?: Restriction;
  conditions: FilterCondition[];
  sort: SortKey[];
  after?: unknown[];
  limit: number;
  columns: string[];
}

export async function listRows(db: Db, dialect: DialectName, type: ItemTypeDef, params: ListParams): Promise<Row[]> {
  let query = dynamic(db)
    .selectFrom(type.table)
    .select(params.columns.map((c) => `${type.table}.${c}`))
    .where(`${type.table}.deleted_at`, 'is', null);
  if (params.restrict) query = query.where(params.restrict);
  if (params.conditions.length > 0) query = query.where((eb) => filterExpression(eb, type, dialect, params.conditions));
  if (params.after) query = query.where((eb) => afterCursor(eb, type.table, params.sort, params.after!));
  for (const key of params.sort) query = query.orderBy(orderTerm(dialect, sql.ref(`${type.table}.${key.column}`), key.descending, isNullable(key.field)));
  return (await query.limit(params.limit).execute()) as Row[];
}

/** How many live items match; with `cap`, counting stops there (a LIMIT under the COUNT), so big lists stay cheap. */
export async function countRows(db: Db, dialect: DialectName, type: ItemTypeDef, conditions: FilterCondition[], restrict?: Restriction, cap?: number): Promise<number> {
  let matching = dynamic(db).selectFrom(type.table).where(`${type.table}.deleted_at`, 'is', null);
  if (restrict) matching = matching.where(restrict);
  if (conditions.length > 0) matching = matching.where((eb) => filterExpression(eb, type, dialect, conditions));
  const row =
    cap === undefined
      ? await matching.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()
      : await dynamic(db)
          .selectFrom(matching.select(sql.lit(1).as('one')).limit(cap).as('capped'))
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Ids of live items of `type` whose `column` points at `id` (reverse links such as deals of a company). */
export async function idsPointingAt(db: Db, type: ItemTypeDef, column: string, id: number): Promise<number[]> {
  const rows = await dynamic(db)
    .selectFrom(type.table)
    .select('id')
    .where(column, '=', id)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(1000)
    .execute();
  return rows.map((r) => Number(r.id));
}

export async function titlesOf(db: Db, type: ItemTypeDef, ids: number[], restrict?: Restriction): Promise<Row[]> {
  if (ids.length === 0) return [];
  const columns = type.titleFields.map((name) => type.fields.find((f) => f.name === name)!.column!);
  let query = dynamic(db)
    .selectFrom(type.table)
    .select(['id', 'version', ...columns])
    .where(`${type.table}.id`, 'in', ids)
    .where(`${type.table}.deleted_at`, 'is', null);
  if (restrict) query = query.where(restrict);
  return (await query.execute()) as Row[];
}
