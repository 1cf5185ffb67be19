import type { Kysely } from 'kysely';
import { actions, type RolePermissions, type Scope } from '@vinculo/shared';
import { bumpAccessVersion } from '../../src/modules/access/access-version.ts';
import type { TestApp } from './test-app.ts';

/** Every action of a type at one scope: `{ read: 'own', add: 'own', … }`. */
export const every = (scope: Scope) => Object.fromEntries(actions.map((action) => [action, scope])) as Record<(typeof actions)[number], Scope>;

/** Every type at one scope. */
export const everywhere = (scope: Scope): RolePermissions['items'] => ({ lead: every(scope), contact: every(scope), company: every(scope), deal: every(scope) });

/**
 * Gives each user exactly the roles listed: every other assignment (the default "everyone" one included) goes. Written
 * straight to the database, as the roles API leaves it, with the access version bumped so every process recompiles.
 */
export async function setRoles(t: TestApp, grants: Array<{ userId: number; permissions: RolePermissions; mayChangeSettings?: boolean }>): Promise<void> {
  const db = t.database.db as unknown as Kysely<any>;
  await db.deleteFrom('role_assignments').execute();
  const now = new Date().toISOString();
  for (const [index, grant] of grants.entries()) {
    const role = await db
      .insertInto('roles')
      .values({ name: `Test role ${index} ${now}`, permissions: JSON.stringify(grant.permissions), may_change_settings: grant.mayChangeSettings ? 1 : 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('role_assignments').values({ role_id: role.id, user_id: grant.userId, department_id: null }).execute();
  }
  await bumpAccessVersion(t.database.db);
}
