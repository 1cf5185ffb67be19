import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/**
 * The version of everything access depends on: roles, their assignments, departments, memberships, users'
 * active flag. Every such change bumps it in its own transaction; each process compares it per request and
 * recompiles a user's access when it moved (see access.service.ts).
 */
export async function bumpAccessVersion(db: Db): Promise<void> {
  await db
    .updateTable('app_settings')
    .set({ value: sql`cast(cast(value as integer) + 1 as text)` })
    .where('key', '=', 'access_version')
    .execute();
}

export async function accessVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', 'access_version').executeTakeFirst();
  return row?.value ?? '0';
}
