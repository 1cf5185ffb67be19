import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/** Kysely queries of `webhooks` and `webhook_deliveries`. */

export interface WebhookRow {
  id: number;
  url: string;
  description: string;
  kinds: string;
  secret: string;
  owner_id: number;
  owner_name: string;
  status: 'active' | 'paused';
  failures: number;
  paused_reason: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const withOwner = (db: Db) =>
  db
    .selectFrom('webhooks')
    .innerJoin('users', 'users.id', 'webhooks.owner_id')
    .select([
      'webhooks.id',
      'webhooks.url',
      'webhooks.description',
      'webhooks.kinds',
      'webhooks.secret',
      'webhooks.owner_id',
      'users.name as owner_name',
      'webhooks.status',
      'webhooks.failures',
      'webhooks.paused_reason',
      'webhooks.created_at',
      'webhooks.updated_at',
    ]);

export async function allWebhooks(db: Db): Promise<WebhookRow[]> {
  return (await withOwner(db).orderBy('webhooks.id').execute()) as WebhookRow[];
}

export async function findWebhook(db: Db, id: number): Promise<WebhookRow | undefined> {
  return (await withOwner(db).where('webhooks.id', '=', id).executeTakeFirst()) as WebhookRow | undefined;
}

/** What the dispatcher needs of the active webhooks, every round: one small query. */
export async function activeWebhooks(db: Db): Promise<Array<{ id: number; url: string; kinds: string; secret: string; owner_id: number; failures: number; start_snapshot: string | null }>> {
  return db.selectFrom('webhooks').select(['id', 'url', 'kinds', 'secret', 'owner_id', 'failures', 'start_snapshot']).where('status', '=', 'active').orderBy('id').execute();
}

export async function insertWebhook(db: Db, values: { url: string; description: string; kinds: string; secret: string; owner_id: number; start_snapshot: string | null; created_at: string; updated_at: string }): Promise<number> {
  const row = await db.insertInto('webhooks').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateWebhook(db: Db, id: number, values: Partial<{ url: string; description: string; kinds: string; secret: string; status: 'active' | 'paused'; failures: number; paused_reason: string | null; updated_at: string }>): Promise<void> {
  await db.updateTable('webhooks').set(values).where('id', '=', id).execute();
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** Counts one more failure in a row; answers the count (0 when the webhook is gone). */
export async function addFailure(db: Db, id: number): Promise<number> {
  const row = await db.updateTable('webhooks').set({ failures: sql`failures + 1` }).where('id', '=', id).returning('failures').executeTakeFirst();
  return row ? Number(row.failures) : 0;
}

export async function resetFailures(db: Db, id: number): Promise<void> {
  await db.updateTable('webhooks').set({ failures: 0 }).where('id', '=', id).execute();
}

/** Pauses an active webhook; false when it was already paused (or gone): whoever paused it told the administrators. */
export async function pauseWebhook(db: Db, id: number, reason: string, now: string): Promise<boolean> {
  const result = await db.updateTable('webhooks').set({ status: 'paused', paused_reason: reason, updated_at: now }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: number;
  kind: string;
  attempt: number;
  status: 'delivered' | 'failed' | 'skipped';
  response_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string | Date;
}

export async function insertDelivery(db: Db, values: Omit<DeliveryRow, 'id' | 'created_at'> & { created_at: string }): Promise<DeliveryRow> {
  return (await db.insertInto('webhook_deliveries').values(values).returningAll().executeTakeFirstOrThrow()) as DeliveryRow;
}

/** Many log rows at once (a batch of deliveries), answered with their ids. */
export async function insertDeliveries(db: Db, values: Array<Omit<DeliveryRow, 'id' | 'created_at'> & { created_at: string }>): Promise<Array<Pick<DeliveryRow, 'id' | 'webhook_id'>>> {
  return (await db.insertInto('webhook_deliveries').values(values).returning(['id', 'webhook_id']).execute()) as Array<Pick<DeliveryRow, 'id' | 'webhook_id'>>;
}

/** A page of a webhook's deliveries, newest first, before `beforeId`. */
export async function deliveries(db: Db, webhookId: number, beforeId: number | undefined, limit: number): Promise<DeliveryRow[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit);
  if (beforeId !== undefined) query = query.where('id', '<', beforeId);
  return (await query.execute()) as DeliveryRow[];
}

/** The newest delivery of each of `ids` (for the list). */
export async function lastDeliveries(db: Db, ids: number[]): Promise<Map<number, DeliveryRow>> {
  if (ids.length === 0) return new Map();
  const newest = db.selectFrom('webhook_deliveries').select((eb) => [eb.fn.max('id').as('id')]).where('webhook_id', 'in', ids).groupBy('webhook_id');
  const rows = (await db.selectFrom('webhook_deliveries').selectAll().where('id', 'in', newest).execute()) as DeliveryRow[];
  return new Map(rows.map((row) => [Number(row.webhook_id), row]));
}

/** Deletes a webhook's deliveries older than its newest `keep` (the index on (webhook_id, id) finds the cut). */
export async function pruneDeliveries(db: Db, webhookId: number, keep: number): Promise<void> {
  const cut = await db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', webhookId).orderBy('id', 'desc').offset(keep - 1).limit(1).executeTakeFirst();
  if (cut) await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhookId).where('id', '<', cut.id).execute();
}

/**
 * Clears the back-off of a webhook's listener (resumed by an administrator): it is served at the next round, from
 * the position it had, so nothing written while it was paused is lost.
 */
export async function clearConsumerBackoff(db: Db, name: string): Promise<void> {
  await db.updateTable('event_consumers').set({ attempts: 0, retry_at: null, last_error: null }).where('name', '=', name).execute();
}
