import type { Locale } from '@vinculo/shared';
import type { Db, DialectName } from './db/types.ts';
import type { Access } from './modules/access/access.service.ts';
import type { ItemTypes } from './modules/custom-fields/field-registry.ts';

export interface Actor {
  id: number;
  name: string;
  isAdmin: boolean;
}

/** What every service function gets: the database (or the open transaction), who acts, and their language. */
export interface Context {
  db: Db;
  dialect: DialectName;
  actor: Actor;
  locale: Locale;
  now: () => Date;
  /** The item types with the custom fields they have now (loaded per request), as the actor may see them. */
  types: ItemTypes;
  /** What the actor may do: scopes per type and action, field visibility (compiled from their roles). */
  access: Access;
}

/** Runs `work` in one transaction, with a context whose `db` is that transaction. */
export async function inTransaction<T>(ctx: Context, work: (tx: Context) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}
