import { sql } from 'kysely';
import type { Db } from './types.ts';

/** Small key-value settings in `app_settings`: the CRM mode, the metadata and access version counters. */

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  return (await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Adds one to a counter setting. The increment happens in SQL, so two concurrent bumps never write the same value. */
export async function bumpCounter(db: Db, key: string): Promise<void> {
  await db
    .updateTable('app_settings')
    .set({ value: sql`cast(cast(value as integer) + 1 as text)` })
    .where('key', '=', key)
    .execute();
}
