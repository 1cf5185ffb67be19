import type { Locale } from '@vinculo/shared';
import type { Db, DialectName } from './db/types.ts';
import { fullAccess, type Access } from './modules/access/access.service.ts';
import { unrestrictedCatalog, type Catalog } from './modules/catalog/catalog.ts';

export interface Actor {
  id: number;
  name: string;
  isAdmin: boolean;
  /** The language the user chose (users.locale); answers use it when the request names none. */
  locale: Locale;
}

/** What every service function gets: the database (or the open transaction), who acts, and their language. */
export interface Context {
  db: Db;
  dialect: DialectName;
  actor: Actor;
  locale: Locale;
  now: () => Date;
  /** The item types: every field (`full`, for rules and storage) and the caller's view (`visible`, for answers). */
  catalog: Catalog;
  /** What the actor may do: scopes per type and action, field visibility (compiled from their roles). */
  access: Access;
  /** The request's address (absent for work no request asked for): the audit log records it. */
  address?: string;
}

/** Runs `work` in one transaction, with a context whose `db` is that transaction. */
export async function inTransaction<T>(ctx: Context, work: (tx: Context) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}

/**
 * The author of work nobody in particular asked for (the hourly purge of the recycle bin): the authorship columns
 * and history it writes say null, "the system".
 */
export const systemActor: Actor = { id: null as unknown as number, name: 'system', isAdmin: true, locale: 'en' };

/**
 * The same actor, with every right and every field: for work the system does on their behalf that must reach every
 * item (moving all items off a deleted list value, converting every open lead when the CRM mode changes, purging
 * the recycle bin). The actor stays the author of the history it writes. Callers say why, next to the call.
 */
export function systemContext(ctx: Context): Context {
  return { ...ctx, access: fullAccess(ctx.actor.id), catalog: unrestrictedCatalog(ctx.catalog.full) };
}
