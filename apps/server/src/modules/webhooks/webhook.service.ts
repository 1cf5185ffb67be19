import { translate, type MessageKey } from '@vinculo/shared';
import { isoTimestamp } from '../../db/timestamps.ts';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import { deleteConsumer, ensureConsumer } from '../events/event-consumer.repository.ts';
import { checkUrl, OutboundRefused } from '../outbound/outbound-guard.ts';
import { decodePageCursor, encodePageCursor } from '../timeline/page-cursor.ts';
import { isWebhookKind, kindLabel, webhookKinds } from './webhook-kinds.ts';
import { newSecret, sendAttempt } from './webhook-delivery.ts';
import { consumerName } from './webhook-listener.ts';
import { startPosition } from './webhook-start.ts';
import { outboundPolicy } from './outbound-settings.ts';
import * as repository from './webhook.repository.ts';
import type { DeliveryRow, WebhookRow } from './webhook.repository.ts';

/**
 * Outgoing webhooks, managed by administrators: a URL, the event kinds it gets, a secret that signs each delivery.
 * Delivery itself is the dispatcher's (webhook-listener.ts); this is registering, changing, pausing and resuming,
 * the delivery log and a test ping.
 */

export interface DeliveryDto {
  id: number;
  eventId: number;
  kind: string;
  attempt: number;
  status: 'delivered' | 'failed' | 'skipped';
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

export interface WebhookDto {
  id: number;
  url: string;
  description: string;
  kinds: string[];
  status: 'active' | 'paused';
  pausedReason: string | null;
  failures: number;
  owner: { id: number; name: string };
  createdAt: string;
  updatedAt: string;
  lastDelivery: { status: DeliveryDto['status']; responseCode: number | null; createdAt: string } | null;
}

export interface WebhookInput {
  url?: string;
  description?: string;
  kinds?: string[];
  status?: 'active' | 'paused';
}


const requireAdmin = (ctx: Context) => {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
};

const presentDelivery = (row: DeliveryRow): DeliveryDto => ({
  id: Number(row.id),
  eventId: Number(row.event_id),
  kind: row.kind,
  attempt: Number(row.attempt),
  status: row.status,
  responseCode: row.response_code === null ? null : Number(row.response_code),
  error: row.error,
  durationMs: Number(row.duration_ms),
  createdAt: isoTimestamp(row.created_at),
});

const present = (row: WebhookRow, last: DeliveryRow | undefined): WebhookDto => ({
  id: Number(row.id),
  url: row.url,
  description: row.description,
  kinds: JSON.parse(row.kinds) as string[],
  status: row.status,
  pausedReason: row.paused_reason,
  failures: Number(row.failures),
  owner: { id: Number(row.owner_id), name: row.owner_name },
  createdAt: isoTimestamp(row.created_at),
  updatedAt: isoTimestamp(row.updated_at),
  lastDelivery: last ? { status: last.status, responseCode: last.response_code === null ? null : Number(last.response_code), createdAt: isoTimestamp(last.created_at) } : null,
});

/** Every kind a webhook may subscribe to, labelled in the caller's language. */
export function listKinds(ctx: Context): { kinds: Array<{ kind: string; label: string }> } {
  requireAdmin(ctx);
  return { kinds: webhookKinds.map((kind) => ({ kind, label: kindLabel(kind, ctx.locale) })) };
}

export async function listWebhooks(ctx: Context): Promise<{ items: WebhookDto[] }> {
  requireAdmin(ctx);
  const rows = await repository.allWebhooks(ctx.db);
  const last = await repository.lastDeliveries(ctx.db, rows.map((row) => Number(row.id)));
  return { items: rows.map((row) => present(row, last.get(Number(row.id)))) };
}

async function stored(ctx: Context, id: number): Promise<WebhookRow> {
  const row = await repository.findWebhook(ctx.db, id);
  if (!row) throw notFound();
  return row;
}

export async function getWebhook(ctx: Context, id: number): Promise<WebhookDto> {
  requireAdmin(ctx);
  const row = await stored(ctx, id);
  return present(row, (await repository.lastDeliveries(ctx.db, [id])).get(id));
}

/** Refuses (400 on `url`, with the reason) an address R8 forbids, unless an administrator allowed its host. */
async function checkTarget(ctx: Context, url: string): Promise<void> {
  const issue = (rule: string, params: Record<string, string> = {}) =>
    invalid([{ field: 'url', rule, message: `URL ${translate(ctx.locale, `webhook.url.${rule}` as MessageKey, params)}`, params }]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw issue('format');
  }
  try {
    await checkUrl(parsed, await outboundPolicy(ctx.db));
  } catch (error) {
    if (error instanceof OutboundRefused) throw issue(error.reason, { detail: error.message.replace(/^.*refused: /, ''), host: error.host });
    throw error;
  }
}

function checkKinds(kinds: string[]): string[] {
  const unknown = kinds.flatMap((kind, index) => (isWebhookKind(kind) ? [] : [{ field: `kinds.${index}`, rule: 'unknown', params: { kind } }]));
  if (unknown.length > 0) throw invalid(unknown);
  return [...new Set(kinds)];
}

const audited = (dto: WebhookDto) => ({ url: dto.url, description: dto.description, kinds: dto.kinds, status: dto.status });

/** Registers a webhook owned by the caller; it gets the events written from now on. Answers it with its secret (shown only here and on rotation). */
export async function createWebhook(ctx: Context, input: Required<Pick<WebhookInput, 'url' | 'kinds'>> & { description?: string }): Promise<WebhookDto & { secret: string }> {
  requireAdmin(ctx);
  const kinds = checkKinds(input.kinds);
  await checkTarget(ctx, input.url);
  const secret = newSecret();
  return inTransaction(ctx, async (tx) => {
    const now = tx.now().toISOString();
    const start = await startPosition(tx.db, tx.dialect);
    const id = await repository.insertWebhook(tx.db, { url: input.url, description: input.description ?? '', kinds: JSON.stringify(kinds), secret, owner_id: tx.actor.id, start_snapshot: start.snapshot, created_at: now, updated_at: now });
    await ensureConsumer(tx.db, consumerName(id), start.position, now);
    const created = await getWebhook(tx, id);
    await recordAudit(tx, { kind: 'settings.webhook.created', target: { type: 'webhook', id }, details: { name: created.url, changes: changedValues(null, audited(created)) } });
    return { ...created, secret };
  });
}

/** Changes a webhook; resuming a paused one clears its failures and its back-off: it goes on from where it stopped. */
export async function updateWebhook(ctx: Context, id: number, input: WebhookInput): Promise<WebhookDto> {
  requireAdmin(ctx);
  const kinds = input.kinds && checkKinds(input.kinds);
  if (input.url !== undefined) await checkTarget(ctx, input.url);
  return inTransaction(ctx, async (tx) => {
    const before = await getWebhook(tx, id);
    const resumed = input.status === 'active' && before.status === 'paused';
    const paused = input.status === 'paused' && before.status === 'active';
    await repository.updateWebhook(tx.db, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(kinds ? { kinds: JSON.stringify(kinds) } : {}),
      ...(resumed ? { status: 'active', failures: 0, paused_reason: null } : {}),
      ...(paused ? { status: 'paused', paused_reason: 'manual' } : {}),
      updated_at: tx.now().toISOString(),
    });
    if (resumed) await repository.clearConsumerBackoff(tx.db, consumerName(id));
    const after = await getWebhook(tx, id);
    const changes = changedValues(audited(before), audited(after));
    if (Object.keys(changes).length > 0) await recordAudit(tx, { kind: 'settings.webhook.updated', target: { type: 'webhook', id }, details: { name: after.url, changes } });
    return after;
  });
}

/** A new secret; the old one stops signing at once. */
export async function rotateSecret(ctx: Context, id: number): Promise<{ secret: string }> {
  requireAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await stored(tx, id);
    const secret = newSecret();
    await repository.updateWebhook(tx.db, id, { secret, updated_at: tx.now().toISOString() });
    await recordAudit(tx, { kind: 'settings.webhook.secretRotated', target: { type: 'webhook', id }, details: { name: row.url } });
    return { secret };
  });
}

export async function deleteWebhook(ctx: Context, id: number): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await getWebhook(tx, id);
    await deleteConsumer(tx.db, consumerName(id));
    await repository.deleteWebhook(tx.db, id);
    await recordAudit(tx, { kind: 'settings.webhook.deleted', target: { type: 'webhook', id }, details: { name: before.url, changes: changedValues(audited(before), null) } });
  });
}

/** The delivery log, newest first. */
export async function listDeliveries(ctx: Context, id: number, query: { cursor?: string; limit: number }): Promise<{ items: DeliveryDto[]; nextCursor: string | null }> {
  requireAdmin(ctx);
  await stored(ctx, id);
  const after = decodePageCursor(query.cursor, ['number']);
  const rows = await repository.deliveries(ctx.db, id, after ? (after[0] as number) : undefined, query.limit + 1);
  const items = rows.slice(0, query.limit).map(presentDelivery);
  return { items, nextCursor: rows.length > query.limit ? encodePageCursor([items[items.length - 1].id]) : null };
}

/** Sends a `ping` now, whatever the webhook's status, and answers the delivery it logged. It does not count as a failure. */
export async function testWebhook(ctx: Context, id: number): Promise<DeliveryDto> {
  requireAdmin(ctx);
  const row = await stored(ctx, id);
  const webhookId = Number(row.id);
  const occurredAt = ctx.now().toISOString();
  const pingId = `ping-${Date.now().toString(36)}`;
  const body = JSON.stringify({ id: pingId, kind: 'ping', occurredAt, webhookId, actor: { id: ctx.actor.id, name: ctx.actor.name }, item: null, changes: {} });
  const { delivery } = await sendAttempt(ctx.db, {
    webhook: { id: webhookId, url: row.url, secret: row.secret },
    eventId: 0,
    kind: 'ping',
    deliveryId: `${consumerName(webhookId)}:${pingId}`,
    attempt: 1,
    body,
    policy: await outboundPolicy(ctx.db),
    now: ctx.now,
  });
  return presentDelivery(delivery);
}
