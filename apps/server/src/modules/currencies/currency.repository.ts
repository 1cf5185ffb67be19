import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db, DialectName, SystemTables } from '../../db/types.ts';

/** Kysely queries on the currencies table and on the items that use a currency. No business rules here. */

export type CurrencyRow = Selectable<SystemTables['currencies']>;

export async function allCurrencies(db: Db): Promise<CurrencyRow[]> {
  return db.selectFrom('currencies').selectAll().orderBy('sort').orderBy('code').execute();
}

export async function findCurrency(db: Db, code: string): Promise<CurrencyRow | undefined> {
  return db.selectFrom('currencies').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Holds currency rows (one, the base, or all) until the transaction ends, so concurrent writers queue (PostgreSQL). */
export async function lockCurrencies(db: Db, dialect: DialectName, which: { code: string } | 'base' | 'all'): Promise<void> {
  // SQLite has one writer at a time already.
  if (dialect !== 'postgres') return;
  let query = db.selectFrom('currencies').select('code');
  if (which === 'base') query = query.where('is_base', '=', 1);
  else if (which !== 'all') query = query.where('code', '=', which.code);
  await query.forUpdate().execute();
}

export async function lastSort(db: Db): Promise<number> {
  const row = await db.selectFrom('currencies').select((eb) => eb.fn.max('sort').as('sort')).executeTakeFirst();
  return row?.sort == null ? 0 : Number(row.sort);
}

/** Inserts a currency unless its code exists; returns whether it was inserted. */
export async function insertCurrency(db: Db, row: Insertable<SystemTables['currencies']>): Promise<boolean> {
  const result = await db.insertInto('currencies').values(row).onConflict((conflict) => conflict.column('code').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function updateCurrency(db: Db, code: string, values: Updateable<SystemTables['currencies']>): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('currencies').set(values).where('code', '=', code).execute();
}

export async function deleteCurrency(db: Db, code: string): Promise<void> {
  await db.deleteFrom('currencies').where('code', '=', code).execute();
}
