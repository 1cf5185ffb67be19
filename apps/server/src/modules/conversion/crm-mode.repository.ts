import type { Context } from '../../context.ts';
import { advisoryLocks } from '../../db/advisory-locks.ts';
import { readSetting } from '../../db/app-settings.ts';
import type { Db } from '../../db/types.ts';

/** Kysely queries of the CRM mode: its `app_settings` row and the mode lock. No rules here. */

export type CrmMode = 'classic' | 'simple';

const modeKey = 'crm_mode';

/** The stored mode; no row (a new installation) is classic. */
export async function readMode(db: Db): Promise<CrmMode> {
  return (await readSetting(db, modeKey)) === 'simple' ? 'simple' : 'classic';
}

export async function writeMode(db: Db, mode: CrmMode): Promise<void> {
  await db
    .insertInto('app_settings')
    .values({ key: modeKey, value: mode })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: mode }))
    .execute();
}

/**
 * Holds the mode until the transaction ends (PostgreSQL; SQLite writers hold the database already). An inquiry
 * takes it shared, so it cannot create a lead while the mode is being switched; the switch takes it exclusive.
 */
export const lockMode = (ctx: Context, mode: 'shared' | 'exclusive') => advisoryLocks(ctx.db, ctx.dialect, ['crm-mode'], mode);
