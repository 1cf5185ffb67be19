import type { Db } from '../../db/types.ts';

/** Kysely queries of roles and their assignments. No business rules here. */

export interface RoleRow {
  id: number;
  name: string;
  permissions: string;
  may_change_settings: number;
  created_at: string;
  updated_at: string;
}

export interface AssignmentRow {
  id: number;
  role_id: number;
  user_id: number | null;
  department_id: number | null;
}

export const allRoles = (db: Db): Promise<RoleRow[]> => db.selectFrom('roles').selectAll().orderBy('name').orderBy('id').execute();

export const findRole = (db: Db, id: number): Promise<RoleRow | undefined> => db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();

/** Locks a role (PostgreSQL) so concurrent replacements of its assignments do not interleave. */
export async function lockRole(db: Db, id: number): Promise<void> {
  await db.selectFrom('roles').select('id').where('id', '=', id).forUpdate().execute();
}

export async function assignmentsOf(db: Db, roleIds: number[]): Promise<Map<number, AssignmentRow[]>> {
  const result = new Map<number, AssignmentRow[]>(roleIds.map((id) => [id, []]));
  if (roleIds.length === 0) return result;
  const rows = await db.selectFrom('role_assignments').selectAll().where('role_id', 'in', roleIds).orderBy('id').execute();
  for (const row of rows) result.get(Number(row.role_id))?.push(row);
  return result;
}

export async function insertRole(db: Db, values: Omit<RoleRow, 'id'>): Promise<number> {
  const row = await db.insertInto('roles').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateRole(db: Db, id: number, values: Partial<Omit<RoleRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('roles').set(values).where('id', '=', id).execute();
}

export async function deleteRole(db: Db, id: number): Promise<void> {
  await db.deleteFrom('role_assignments').where('role_id', '=', id).execute();
  await db.deleteFrom('roles').where('id', '=', id).execute();
}

export async function replaceAssignments(db: Db, roleId: number, assignments: Array<{ userId: number | null; departmentId: number | null }>): Promise<void> {
  await db.deleteFrom('role_assignments').where('role_id', '=', roleId).execute();
  if (assignments.length === 0) return;
  await db
    .insertInto('role_assignments')
    .values(assignments.map((a) => ({ role_id: roleId, user_id: a.userId, department_id: a.departmentId })))
    .execute();
}
