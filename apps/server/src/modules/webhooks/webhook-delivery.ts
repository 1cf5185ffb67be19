import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../db/types.ts';
import { guardedRequest, type OutboundPolicy } from '../outbound/outbound-guard.ts';
import * as repository from './webhook.repository.ts';
import type { DeliveryRow } from './webhook.repository.ts';

/**
 * One HTTP attempt of a webhook delivery, signed and logged. The body is signed with the webhook's secret over
 * `<unix seconds>.<body>` (HMAC-SHA256, hex), so a receiver can check both who sent it and when (docs/webhooks.md).
 */

/** How many deliveries each webhook's log keeps. */
export const keptDeliveries = 1000;

/** A new webhook secret: 32 random bytes, shown to the administrator once. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** The `Vinculo-Signature` header of `body` sent at `timestamp` (unix seconds). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface Attempt {
  webhook: { id: number; url: string; secret: string };
  eventId: number;
  kind: string;
  /** The same on every attempt of one event (the dispatcher's idempotency key). */
  deliveryId: string;
  attempt: number;
  body: string;
  policy: OutboundPolicy;
  now: () => Date;
  timeoutMs?: number;
}

export type DeliveryLog = Omit<DeliveryRow, 'id' | 'created_at'> & { created_at: string };

/**
 * Sends one attempt and answers what to log of it; `ok` when the receiver answered 2xx. Never throws for the
 * receiver's failures. The listener logs a batch's deliveries together (one write per batch, not per delivery).
 */
export async function attemptDelivery(attempt: Attempt): Promise<{ ok: boolean; log: DeliveryLog }> {
  const started = performance.now();
  const timestamp = Math.floor(attempt.now().getTime() / 1000);
  let responseCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await guardedRequest(
      attempt.webhook.url,
      {
        method: 'POST',
        body: attempt.body,
        timeoutMs: attempt.timeoutMs ?? 10_000,
        maxBodyBytes: 1024,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vinculo-Webhooks/1',
          'vinculo-event-id': String(attempt.eventId),
          'vinculo-delivery-id': attempt.deliveryId,
          'vinculo-attempt': String(attempt.attempt),
          'vinculo-signature': signature(attempt.webhook.secret, timestamp, attempt.body),
        },
      },
      attempt.policy,
    );
    responseCode = response.status;
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}${response.body ? `: ${response.body.slice(0, 200)}` : ''}`;
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const ok = error === null;
  const log: DeliveryLog = {
    webhook_id: attempt.webhook.id,
    event_id: attempt.eventId,
    kind: attempt.kind,
    attempt: attempt.attempt,
    status: ok ? 'delivered' : 'failed',
    response_code: responseCode,
    error: error?.slice(0, 1000) ?? null,
    duration_ms: Math.round(performance.now() - started),
    created_at: attempt.now().toISOString(),
  };
  return { ok, log };
}

/** Sends one attempt and logs it at once (a test ping). */
export async function sendAttempt(db: Db, attempt: Attempt): Promise<{ ok: boolean; delivery: DeliveryRow }> {
  const { ok, log } = await attemptDelivery(attempt);
  const delivery = await repository.insertDelivery(db, log);
  await pruneNow(db, delivery);
  return { ok, delivery };
}

/** What to log of a delivery that was not sent (the owner may not read the event's item). */
export const skippedLog = (webhookId: number, eventId: number, kind: string, now: Date): DeliveryLog => ({
  webhook_id: webhookId,
  event_id: eventId,
  kind,
  attempt: 1,
  status: 'skipped',
  response_code: null,
  error: null,
  duration_ms: 0,
  created_at: now.toISOString(),
});

/** Logs a batch's deliveries in one statement, and now and then prunes the webhook's log. */
export async function logDeliveries(db: Db, logs: DeliveryLog[]): Promise<void> {
  if (logs.length === 0) return;
  const rows = await repository.insertDeliveries(db, logs);
  for (const row of rows) await pruneNow(db, row);
}

// About one insert in a hundred prunes its webhook's log: the log stays near its size at the cost of one indexed
// look-up now and then, decided by the id alone, so any number of processes share the work without keeping count.
async function pruneNow(db: Db, delivery: Pick<DeliveryRow, 'id' | 'webhook_id'>) {
  if (Number(delivery.id) % 100 === 0) await repository.pruneDeliveries(db, Number(delivery.webhook_id), keptDeliveries);
}
