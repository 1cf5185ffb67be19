import { sql, type Kysely } from 'kysely';
import type { FieldDef, ItemTypeDef } from '@vinculo/shared';
import type { Db, SystemTables } from '../../db/types.ts';
import type { Row } from '../items/item.repository.ts';

/** Kysely queries on reference_items and on the items that use a value. No business rules here. */

/** One list, or the stages of one pipeline (DEAL_STAGE with its category id). */
export interface ListScope {
  listId: string;
  categoryId: number | null;
}

export type ValueRow = SystemTables['reference_items'] & { id: number };

// Item tables are described by metadata, not by the static SystemTables type.
const dynamic = (db: Db) => db as unknown as Kysely<any>;

const inScope = (db: Db, scope: ListScope) => {
  const query = db.selectFrom('reference_items').selectAll().where('list_id', '=', scope.listId);
  return scope.categoryId === null ? query : query.where('category_id', '=', scope.categoryId);
};

export async function valuesOf(db: Db, scope: ListScope): Promise<ValueRow[]> {
  return (await inScope(db, scope).orderBy('sort').orderBy('id').execute()) as ValueRow[];
}

export async function findValue(db: Db, scope: ListScope, code: string): Promise<ValueRow | undefined> {
  return (await inScope(db, scope).where('code', '=', code).executeTakeFirst()) as ValueRow | undefined;
}

/** Codes are unique per list id, across pipelines too (stage codes carry the `C{N}:` prefix). */
export async function codeTaken(db: Db, listId: string, code: string): Promise<boolean> {
  return (await db.selectFrom('reference_items').select('id').where('list_id', '=', listId).where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function insertValue(db: Db, row: Omit<ValueRow, 'id'>): Promise<void> {
  await db.insertInto('reference_items').values(row).execute();
}

export async function updateValue(db: Db, id: number, values: Partial<Omit<ValueRow, 'id'>>): Promise<void> {
  await db.updateTable('reference_items').set(values).where('id', '=', id).execute();
}

export async function deleteValue(db: Db, id: number): Promise<void> {
  await db.deleteFrom('reference_items').where('id', '=', id).execute();
}

export async function deleteScope(db: Db, scope: ListScope): Promise<void> {
  let query = db.deleteFrom('reference_items').where('list_id', '=', scope.listId);
  if (scope.categoryId !== null) query = query.where('category_id', '=', scope.categoryId);
  await query.execute();
}

/** Live and binned items of `type` whose `field` holds `code` (deal stages: within the pipeline). */
function usingQuery(db: Db, type: ItemTypeDef, field: FieldDef, scope: ListScope, code: string) {
  let query = dynamic(db).selectFrom(type.table).where(field.column!, '=', code);
  if (scope.categoryId !== null && type.fields.some((f) => f.name === 'categoryId')) query = query.where('category_id', '=', scope.categoryId);
  return query;
}

export async function countUsing(db: Db, type: ItemTypeDef, field: FieldDef, scope: ListScope, code: string): Promise<number> {
  const row = await usingQuery(db, type, field, scope, code).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function rowsUsing(db: Db, type: ItemTypeDef, field: FieldDef, scope: ListScope, code: string): Promise<Row[]> {
  return (await usingQuery(db, type, field, scope, code).selectAll().orderBy('id').execute()) as Row[];
}

/** Writes the same column values into many items (live or binned), bumping each one's version. */
export async function updateItems(db: Db, type: ItemTypeDef, ids: number[], values: Record<string, unknown>): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    await dynamic(db)
      .updateTable(type.table)
      .set({ ...values, version: sql`version + 1` })
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
  }
}
