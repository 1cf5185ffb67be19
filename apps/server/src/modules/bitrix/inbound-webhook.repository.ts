import type { Selectable } from 'kysely';
import { versionColumns } from '../access/access.repository.ts';
import type { Db, SystemTables } from '../../db/types.ts';

/** Kysely queries of `inbound_webhooks`. */

export type InboundWebhookRow = Selectable<SystemTables['inbound_webhooks']>;

export async function insertInboundWebhook(db: Db, values: { userId: number; name: string; codeHash: string; codeHint: string; scopes: string[]; createdById: number | null; now: string }): Promise<number> {
  const row = await db
    .insertInto('inbound_webhooks')
    .values({ user_id: values.userId, name: values.name, code_hash: values.codeHash, code_hint: values.codeHint, scopes: JSON.stringify(values.scopes), created_by_id: values.createdById, created_at: values.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The live webhook with this code for this user, and whether its user is active. */
export async function webhookByCode(db: Db, userId: number, codeHash: string) {
  return db
    .selectFrom('inbound_webhooks')
    .innerJoin('users', 'users.id', 'inbound_webhooks.user_id')
    .select(['inbound_webhooks.id', 'inbound_webhooks.scopes', 'inbound_webhooks.last_used_at', 'users.id as user_id', 'users.name', 'users.is_admin', 'users.is_active', 'users.locale'])
    .select(versionColumns)
    .where('inbound_webhooks.code_hash', '=', codeHash)
    .where('inbound_webhooks.user_id', '=', userId)
    .where('inbound_webhooks.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchInboundWebhook(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('inbound_webhooks').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Live webhooks, newest first: one user's, or everyone's. */
export async function listInboundWebhooks(db: Db, userId: number | null) {
  let query = db
    .selectFrom('inbound_webhooks')
    .innerJoin('users', 'users.id', 'inbound_webhooks.user_id')
    .select(['inbound_webhooks.id', 'inbound_webhooks.name', 'inbound_webhooks.code_hint', 'inbound_webhooks.scopes', 'inbound_webhooks.created_at', 'inbound_webhooks.last_used_at', 'users.id as user_id', 'users.name as user_name'])
    .where('inbound_webhooks.revoked_at', 'is', null)
    .orderBy('inbound_webhooks.id', 'desc');
  if (userId !== null) query = query.where('inbound_webhooks.user_id', '=', userId);
  return query.execute();
}

export const findInboundWebhook = (db: Db, id: number) => db.selectFrom('inbound_webhooks').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();

export async function revokeInboundWebhook(db: Db, id: number, now: string): Promise<void> {
  await db.updateTable('inbound_webhooks').set({ revoked_at: now }).where('id', '=', id).execute();
}
