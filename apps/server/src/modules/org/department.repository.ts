import type { Db } from '../../db/types.ts';

/** Kysely queries of departments and their members. No business rules here. */

export interface DepartmentRow {
  id: number;
  name: string;
  parent_id: number | null;
  head_user_id: number | null;
  sort: number;
}

export const allDepartments = (db: Db): Promise<DepartmentRow[]> => db.selectFrom('departments').selectAll().orderBy('sort').orderBy('name').orderBy('id').execute();

export const findDepartment = (db: Db, id: number): Promise<DepartmentRow | undefined> => db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Locks every department (PostgreSQL): tree changes (a move, a new child, a delete) and new references to a
 * department are serialised, so no cycle and no reference to a department being deleted can slip in.
 * The tree is small and these writes are rare.
 */
export async function lockTree(db: Db): Promise<void> {
  await db.selectFrom('departments').select('id').forUpdate().execute();
}

/** The members of each of `departmentIds`, in user id order. */
export async function memberIdsOf(db: Db, departmentIds: number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(departmentIds.map((id) => [id, []]));
  if (departmentIds.length === 0) return result;
  const rows = await db.selectFrom('user_departments').select(['user_id', 'department_id']).where('department_id', 'in', departmentIds).orderBy('user_id').execute();
  for (const row of rows) result.get(Number(row.department_id))?.push(Number(row.user_id));
  return result;
}

export async function insertDepartment(db: Db, values: Omit<DepartmentRow, 'id'>): Promise<number> {
  const row = await db.insertInto('departments').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateDepartment(db: Db, id: number, values: Partial<Omit<DepartmentRow, 'id'>>): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('departments').set(values).where('id', '=', id).execute();
}

export async function deleteDepartment(db: Db, id: number): Promise<void> {
  await db.deleteFrom('departments').where('id', '=', id).execute();
}

export async function countChildren(db: Db, id: number): Promise<number> {
  const row = await db.selectFrom('departments').select((eb) => eb.fn.countAll().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function replaceMembers(db: Db, departmentId: number, userIds: number[]): Promise<void> {
  await db.deleteFrom('user_departments').where('department_id', '=', departmentId).execute();
  if (userIds.length > 0) await db.insertInto('user_departments').values(userIds.map((userId) => ({ user_id: userId, department_id: departmentId }))).execute();
}

export async function existingDepartmentIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.selectFrom('departments').select('id').where('id', 'in', ids).execute()).map((row) => Number(row.id)));
}
