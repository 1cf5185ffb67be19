import { sql, type SelectQueryBuilder } from 'kysely';
import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid } from '../../http/app-error.ts';
import type { Restriction } from '../access/access-predicate.ts';
import { readScope } from './item-access.ts';
import { presentItems, type ItemDto } from './item.presenter.ts';
import { chunkSize, dynamic, type Row } from './item.repository.ts';

/**
 * The one way items are read. A reader is either scoped (the caller's read scope compiled into every query, and
 * the caller's view of the fields in every answer) or unscoped (every item and every field, for work the system
 * does: moving items off a deleted list value, purging, counting what a setting change touches). An unscoped read
 * is written as such at its call site, with the reason. Gets, lists, counts, the Kanban board, dependencies, the
 * recycle bin, history and titles of linked items all start here.
 */

export interface ItemReader {
  ctx: Context;
  scoped: boolean;
}

/** Reads as the caller: their read scope, their view of the fields. */
export const scopedReader = (ctx: Context): ItemReader => ({ ctx, scoped: true });

/**
 * Reads everything, whatever the caller's roles. `reason` says why at the call site (it is not stored): an unscoped
 * read that cannot say why it needs to be one should be a scoped read.
 */
export const unscopedReader = (ctx: Context, _reason: string): ItemReader => ({ ctx, scoped: false });

export type Which = 'live' | 'binned' | 'any';

/** The type as this reader shows it: the caller's view, or every field. */
export const viewOf = (reader: ItemReader, name: ItemTypeName): ItemTypeDef => (reader.scoped ? reader.ctx.catalog.visible[name] : reader.ctx.catalog.full[name]);

/** The read scope's SQL condition for this reader (undefined when it reaches everything). */
export const restrictionOf = (reader: ItemReader, name: ItemTypeName): Restriction | undefined =>
  reader.scoped ? readScope(reader.ctx, reader.ctx.catalog.full[name]) : undefined;

/** `SELECT … FROM <table>` narrowed to live or binned items and to the reader's scope: the start of every item query. */
export function itemsQuery(reader: ItemReader, name: ItemTypeName, which: Which = 'live'): SelectQueryBuilder<any, any, object> {
  const table = reader.ctx.catalog.full[name].table;
  let query = dynamic(reader.ctx.db).selectFrom(table);
  if (which !== 'any') query = query.where(`${table}.deleted_at`, which === 'live' ? 'is' : 'is not', null);
  const restrict = restrictionOf(reader, name);
  return restrict ? query.where(restrict) : query;
}

/** The stored row of an item (its columns, without multi-value fields and links), if the reader may read it. */
export async function readRow(reader: ItemReader, name: ItemTypeName, id: number, which: Which = 'live'): Promise<Row | undefined> {
  const table = reader.ctx.catalog.full[name].table;
  return (await itemsQuery(reader, name, which).selectAll(table).where(`${table}.id`, '=', id).executeTakeFirst()) as Row | undefined;
}

/** Items with every field, those of `ids` the reader may read, in id order. */
export async function readStoredMany(reader: ItemReader, name: ItemTypeName, ids: number[]): Promise<ItemDto[]> {
  const full = reader.ctx.catalog.full[name];
  const items: ItemDto[] = [];
  for (let start = 0; start < ids.length; start += chunkSize) {
    const rows = (await itemsQuery(reader, name).selectAll().where(`${full.table}.id`, 'in', ids.slice(start, start + chunkSize)).orderBy(`${full.table}.id`).execute()) as Row[];
    items.push(...(await presentItems(reader.ctx.db, full, rows)));
  }
  return items;
}

/** An item with every field, if the reader may read it: what rules, scopes and writes work on. */
export async function readStored(reader: ItemReader, name: ItemTypeName, id: number, which: Which = 'live'): Promise<ItemDto | undefined> {
  const full = reader.ctx.catalog.full[name];
  const row = (await itemsQuery(reader, name, which).selectAll().where(`${full.table}.id`, '=', id).executeTakeFirst()) as Row | undefined;
  return row && (await presentItems(reader.ctx.db, full, [row]))[0];
}

/** An item as the reader shows it. */
export async function readItem(reader: ItemReader, name: ItemTypeName, id: number, which: Which = 'live'): Promise<ItemDto | undefined> {
  const stored = await readStored(reader, name, id, which);
  return stored && showItem(reader, name, stored);
}

/** A stored item (every field) as the reader shows it: the fields the caller may not see are left out. */
export function showItem(reader: ItemReader, name: ItemTypeName, stored: ItemDto): ItemDto {
  const view = viewOf(reader, name);
  // A caller whose roles hide nothing of the type sees it whole (the catalogue then gives the same object).
  if (!reader.scoped || view === reader.ctx.catalog.full[name]) return stored;
  const shown: ItemDto = { id: stored.id, version: stored.version };
  for (const field of view.fields) if (field.name in stored) shown[field.name] = stored[field.name];
  return shown;
}

/** Rows read by this reader, as API objects with `fields` (the reader's view by default). */
export function presentRows(reader: ItemReader, name: ItemTypeName, rows: Row[], fields?: FieldDef[]): Promise<ItemDto[]> {
  const view = viewOf(reader, name);
  return presentItems(reader.ctx.db, view, rows, fields ?? view.fields);
}

/** Which of `ids` are live items the reader may read; any number of ids, read in chunks. */
export async function existingIds(reader: ItemReader, name: ItemTypeName, ids: number[]): Promise<Set<number>> {
  const table = reader.ctx.catalog.full[name].table;
  const found = new Set<number>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += chunkSize) {
    const rows = await itemsQuery(reader, name).select(`${table}.id`).where(`${table}.id`, 'in', unique.slice(start, start + chunkSize)).execute();
    for (const row of rows) found.add(Number(row.id));
  }
  return found;
}

/**
 * How many items of a query match; with `cap`, counting stops there (a LIMIT under the COUNT), so big lists stay
 * cheap. `query` comes from `itemsQuery`, narrowed further by the caller.
 */
export async function countMatching(reader: ItemReader, query: SelectQueryBuilder<any, any, object>, cap?: number): Promise<number> {
  const row =
    cap === undefined
      ? await query.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()
      : await dynamic(reader.ctx.db)
          .selectFrom(query.select(sql.lit(1).as('one')).limit(cap).as('capped'))
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The fields a `fields=a,b` parameter names (id and version always come), from the reader's view; an unknown one is a 400. */
export function selectedFields(type: ItemTypeDef, fields: string | undefined): FieldDef[] {
  if (!fields) return type.fields;
  const names = fields.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !type.fields.some((f) => f.name === name));
  if (unknown.length > 0) throw invalid(unknown.map((name) => ({ field: `fields.${name}`, rule: 'unknown' })));
  return type.fields.filter((f) => f.name === 'id' || f.name === 'version' || names.includes(f.name));
}
