import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/** Kysely queries that access is compiled from. No rules here. */

export interface RoleRow {
  id: number;
  name: string;
  permissions: string;
  may_change_settings: number;
}

/** The roles a user has: given to them, to one of their departments, or to everyone. */
export async function rolesOf(db: Db, userId: number, departmentIds: number[]): Promise<RoleRow[]> {
  const rows = await db
    .selectFrom('roles')
    .innerJoin('role_assignments as a', 'a.role_id', 'roles.id')
    .select(['roles.id', 'roles.name', 'roles.permissions', 'roles.may_change_settings'])
    .where((eb) =>
      eb.or([
        eb('a.user_id', '=', userId),
        ...(departmentIds.length > 0 ? [eb('a.department_id', 'in', departmentIds)] : []),
        eb.and([eb('a.user_id', 'is', null), eb('a.department_id', 'is', null)]),
      ]),
    )
    .orderBy('roles.id')
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => !seen.has(Number(r.id)) && seen.add(Number(r.id))).map((r) => ({ ...r, id: Number(r.id) }));
}

export async function departmentsOf(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_departments').select('department_id').where('user_id', '=', userId).execute();
  return rows.map((r) => Number(r.department_id));
}

export async function departmentTree(db: Db): Promise<Array<{ id: number; parentId: number | null }>> {
  const rows = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
  return rows.map((r) => ({ id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id) }));
}

/** The members of the given departments. */
export async function membersOf(db: Db, departmentIds: number[]): Promise<number[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db.selectFrom('user_departments').select('user_id').distinct().where('department_id', 'in', departmentIds).execute();
  return rows.map((r) => Number(r.user_id));
}

/** The versions a request compares: custom fields and access. */
/**
 * The version counters of custom fields and access (`versions`), read in the same statement as
 * the caller: one round trip per request instead of two.
 */
export const versionColumns = [
  sql<string | null>`(select "value" from app_settings where "key" = 'fields_version')`.as('fields_version'),
  sql<string | null>`(select "value" from app_settings where "key" = 'access_version')`.as('access_version'),
];

export async function versions(db: Db): Promise<{ fields: string; access: string }> {
  const rows = await db.selectFrom('app_settings').select(['key', 'value']).where('key', 'in', ['fields_version', 'access_version']).execute();
  const of = (key: string) => rows.find((r) => r.key === key)?.value ?? '0';
  return { fields: of('fields_version'), access: of('access_version') };
}
