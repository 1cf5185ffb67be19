import { advisoryLocks } from '../../db/advisory-locks.ts';
import type { Db, DialectName, SystemTables } from '../../db/types.ts';

/** Kysely queries on reference_items. No business rules here; the items that use a value are read through the item reader. */

/** One list, or the stages of one pipeline (DEAL_STAGE with its category id). */
export interface ListScope {
  listId: string;
  categoryId: number | null;
}

export type ValueRow = SystemTables['reference_items'] & { id: number };

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

/**
 * Holds a list until the transaction ends (PostgreSQL): a write that may put a value of the list on an item takes it
 * shared before it locks the item (see `lockItems`), deleting a value takes it exclusive before it moves the items
 * off it, so no item can take a value between the moment its items move and the moment it is gone.
 */
export const lockList = (db: Db, dialect: DialectName, listId: string, mode: 'shared' | 'exclusive') => advisoryLocks(db, dialect, [listLock(listId)], mode);

/** The name of a list's advisory lock. */
export const listLock = (listId: string) => `list:${listId}`;
