import { sql, type Kysely } from 'kysely';
import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { advisoryLocks } from '../../db/advisory-locks.ts';
import { insertJsonRows } from '../../db/json-rows.ts';
import type { Db, DialectName } from '../../db/types.ts';
import { listLock } from '../reference-lists/reference-list.repository.ts';

/**
 * Kysely queries that write items and load their multi-value parts, driven by item metadata. No business rules
 * here, and no reads of item rows: those go through the scoped reader (item-reader.ts). Lists of ids are the
 * caller's to bound (chunks of `chunkSize`).
 */

export type Row = Record<string, unknown> & { id: number; version: number };

/** The most ids one statement takes in an `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits. */
export const chunkSize = 500;

// Item tables are described by metadata, not by the static SystemTables type.
export const dynamic = (db: Db) => db as unknown as Kysely<any>;

/**
 * Inserts item rows; returns their ids in the order of `rows`. Rows with the same columns go in one statement (a
 * column a row leaves out keeps its default).
 */
export async function insertItems(db: Db, type: ItemTypeDef, rows: Array<Record<string, unknown>>): Promise<number[]> {
  const ids: number[] = new Array(rows.length);
  for (const [shape, indexes] of Map.groupBy(rows.keys(), (index) => Object.keys(rows[index]).join(','))) {
    const made = await insertJsonRows(db, type.table, shape.split(','), indexes.map((index) => rows[index]), { returning: true });
    indexes.forEach((index, position) => (ids[index] = made[position]));
  }
  return ids;
}

/**
 * Holds the items' rows until the transaction ends, so concurrent writers queue instead of racing (PostgreSQL; SQLite
 * write transactions hold the whole database already). The reference lists the write may put values of on the items
 * are held shared first, in the order a list value's deletion takes them (see reference-list.repository.ts): those
 * of `fields` when the caller knows which fields it writes, else every list of the type.
 */
export async function lockItems(db: Db, dialect: DialectName, type: ItemTypeDef, ids: number[], fields?: string[]): Promise<void> {
  if (dialect !== 'postgres' || ids.length === 0) return;
  const lists = type.fields.filter((f) => f.type === 'reference' && (fields === undefined || fields.includes(f.name)));
  await advisoryLocks(db, dialect, lists.map((f) => listLock(f.list!)), 'shared');
  await dynamic(db).selectFrom(type.table).select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** Updates an item (live or binned); with `expectedVersion` only if nobody changed it since. Returns whether a row changed. */
export async function updateItemRow(db: Db, type: ItemTypeDef, id: number, values: Record<string, unknown>, expectedVersion?: number): Promise<boolean> {
  let query = dynamic(db)
    .updateTable(type.table)
    .set({ ...values, version: sql`version + 1` })
    .where('id', '=', id);
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives several items (live or binned) the same new values, bumping each one's version; returns how many rows changed. */
export async function updateItemRows(db: Db, type: ItemTypeDef, ids: number[], values: Record<string, unknown>): Promise<number> {
  const result = await dynamic(db)
    .updateTable(type.table)
    .set({ ...values, version: sql`version + 1` })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
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

/** Deletes items for good, with their multi-value fields, custom values and file attachments (at most `chunkSize` ids). */
export async function deleteRows(db: Db, type: ItemTypeDef, ids: number[]) {
  if (ids.length === 0) return;
  await db.deleteFrom('multifields').where('entity_type', '=', type.name).where('entity_id', 'in', ids).execute();
  await db
    .deleteFrom('custom_field_values')
    .where('entity_id', 'in', ids)
    .where('field_id', 'in', (eb) => eb.selectFrom('custom_fields').select('id').where('entity_type', '=', type.name))
    .execute();
  await dynamic(db).deleteFrom('file_links').where('entity_type', '=', type.name).where('entity_id', 'in', ids).execute();
  await dynamic(db).deleteFrom(type.table).where('id', 'in', ids).execute();
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

/** New items' multi-value entries, many at once. */
export const insertMultifieldRows = (db: Db, rows: Array<Record<string, unknown>>) => insertRows(db, 'multifields', rows);

/** Rows of one shape into a table (multi-value entries, links of new items), in one statement. */
export async function insertRows(db: Db, table: string, rows: Array<Record<string, unknown>>) {
  if (rows.length > 0) await insertJsonRows(db, table, Object.keys(rows[0]), rows);
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

/**
 * Makes an item's links of one field exactly `otherIds`, in that order. When the new list keeps the old one's order
 * (links removed, links added at the end: what most edits and every purge do), only the removed and added rows are
 * written, so an item with tens of thousands of links does not rewrite them all; otherwise the list is rewritten.
 */
export async function replaceLinks(db: Db, field: FieldDef, itemId: number, otherIds: number[], current?: number[]) {
  const link = field.link!;
  const next = new Set(otherIds);
  const kept = (current ?? []).filter((id) => next.has(id));
  const keepsOrder = current !== undefined && kept.every((id, index) => otherIds[index] === id);
  if (!keepsOrder) {
    await dynamic(db).deleteFrom(link.table).where(link.selfColumn, '=', itemId).execute();
    await insertLinks(db, field, itemId, otherIds, 0);
    return;
  }
  const before = new Set(current);
  const removed = current!.filter((id) => !next.has(id));
  for (let start = 0; start < removed.length; start += chunkSize) {
    await dynamic(db).deleteFrom(link.table).where(link.selfColumn, '=', itemId).where(link.otherColumn, 'in', removed.slice(start, start + chunkSize)).execute();
  }
  const added = otherIds.filter((id) => !before.has(id));
  if (added.length === 0) return;
  const last = await dynamic(db).selectFrom(link.table).select((eb) => eb.fn.max('sort').as('sort')).where(link.selfColumn, '=', itemId).executeTakeFirst();
  await insertLinks(db, field, itemId, added, last?.sort == null ? 0 : Number(last.sort) + 1);
}

async function insertLinks(db: Db, field: FieldDef, itemId: number, otherIds: number[], firstSort: number) {
  const link = field.link!;
  for (let start = 0; start < otherIds.length; start += chunkSize) {
    await dynamic(db)
      .insertInto(link.table)
      .values(otherIds.slice(start, start + chunkSize).map((other, index) => ({ [link.selfColumn]: itemId, [link.otherColumn]: other, sort: firstSort + start + index })))
      .execute();
  }
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

/** Makes the files a file field of an item holds exactly `fileIds` (the attachments that decide who may download them). */
export async function replaceFileLinks(db: Db, type: ItemTypeName, itemId: number, fieldId: number, fileIds: number[]) {
  await dynamic(db).deleteFrom('file_links').where('entity_type', '=', type).where('entity_id', '=', itemId).where('field_id', '=', fieldId).execute();
  if (fileIds.length === 0) return;
  await dynamic(db)
    .insertInto('file_links')
    .values(fileIds.map((fileId) => ({ file_id: fileId, entity_type: type, entity_id: itemId, field_id: fieldId })))
    .execute();
}

/** The columns that hold the given fields' values (a custom money field has two). */
export const columnsOf = (fields: FieldDef[]) => fields.flatMap((f) => (f.column ? [f.column, ...(f.currencyColumn ? [f.currencyColumn] : [])] : []));
