import { sql, type Kysely } from 'kysely';
import type { Context } from '../../context.ts';
import { readSetting } from '../../db/app-settings.ts';
import type { Db } from '../../db/types.ts';

/** Kysely queries of the CRM mode: its `app_settings` row, the open leads, the mode lock. No rules here. */

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

// Any constant: the id of the PostgreSQL advisory lock that guards the mode.
const modeLockId = 0x76_69_6e_63;

/**
 * Holds the mode until the transaction ends (PostgreSQL; SQLite has one writer at a time already). An inquiry
 * takes it shared, so it cannot create a lead while a switch to simple mode is converting the open ones; the
 * switch takes it exclusive.
 */
export async function lockMode(ctx: Context, mode: 'shared' | 'exclusive'): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared(${sql.lit(modeLockId)})` : sql`pg_advisory_xact_lock(${sql.lit(modeLockId)})`;
  await sql`select ${lock}`.execute(ctx.db);
}

// Leads are described by metadata, not by the static SystemTables type.
const openLeads = (db: Db) =>
  (db as unknown as Kysely<any>)
    .selectFrom('leads')
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('status_semantic', '=', 'P'), eb('status_semantic', 'is', null)]));

/** Live leads still in progress (status group P), oldest first. */
export async function openLeadIds(db: Db): Promise<number[]> {
  const rows = await openLeads(db).select('id').orderBy('id').execute();
  return rows.map((row) => Number(row.id));
}

export async function countOpenLeads(db: Db): Promise<number> {
  const row = await openLeads(db).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
