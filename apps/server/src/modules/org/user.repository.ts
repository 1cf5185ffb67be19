import type { Db } from '../../db/types.ts';

/** Kysely queries of users as the administration sees them. No business rules here. */

export interface UserRow {
  id: number;
  email: string;
  name: string;
  is_admin: number;
  is_active: number;
  locale: string;
  created_at: string;
}

const columns = ['id', 'email', 'name', 'is_admin', 'is_active', 'locale', 'created_at'] as const;

export async function allUsers(db: Db, active?: boolean): Promise<UserRow[]> {
  let query = db.selectFrom('users').select(columns);
  if (active !== undefined) query = query.where('is_active', '=', active ? 1 : 0);
  return query.orderBy('name').orderBy('id').execute();
}

export const findUser = (db: Db, id: number): Promise<UserRow | undefined> => db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirst();

/** The departments of each of `userIds`, in department id order. */
export async function departmentIdsOf(db: Db, userIds: number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const rows = await db.selectFrom('user_departments').select(['user_id', 'department_id']).where('user_id', 'in', userIds).orderBy('department_id').execute();
  for (const row of rows) result.get(Number(row.user_id))?.push(Number(row.department_id));
  return result;
}

/** A user invited without a password: no password hash, so no sign-in until an administrator sets one. */
export async function insertInvitedUser(db: Db, user: { email: string; name: string; isAdmin: boolean; now: string }): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email, name: user.name, password_hash: null, is_admin: user.isAdmin ? 1 : 0, is_active: 1, locale: 'pt-BR', created_at: user.now, updated_at: user.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateUser(db: Db, id: number, values: Partial<{ name: string; is_admin: number; is_active: number; locale: string; password_hash: string }> & { updated_at: string }): Promise<void> {
  await db.updateTable('users').set(values).where('id', '=', id).execute();
}

export async function replaceDepartments(db: Db, userId: number, departmentIds: number[]): Promise<void> {
  await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  if (departmentIds.length > 0) await db.insertInto('user_departments').values(departmentIds.map((departmentId) => ({ user_id: userId, department_id: departmentId }))).execute();
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function revokeTokensOf(db: Db, userId: number, now: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Locks the active administrators (PostgreSQL), so two concurrent changes cannot both remove the last ones. */
export async function lockActiveAdmins(db: Db): Promise<void> {
  await db.selectFrom('users').select('id').where('is_admin', '=', 1).where('is_active', '=', 1).forUpdate().execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('is_admin', '=', 1).where('is_active', '=', 1).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of `ids` are users (`activeOnly`: active users). */
export async function existingUserIds(db: Db, ids: number[], activeOnly = false): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  let query = db.selectFrom('users').select('id').where('id', 'in', ids);
  if (activeOnly) query = query.where('is_active', '=', 1);
  return new Set((await query.execute()).map((row) => Number(row.id)));
}
