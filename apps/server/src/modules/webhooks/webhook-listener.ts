import type { FastifyBaseLogger } from 'fastify';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { idempotencyKey, type EventListener, type ListenerSource } from '../events/dispatcher.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure } from '../jobs/job-runner.ts';
import { deliveredKind } from './webhook-kinds.ts';
import { attemptDelivery, logDeliveries, skippedLog, type DeliveryLog } from './webhook-delivery.ts';
import { buildPayload, readItemsOf, unreadable } from './webhook-payload.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { outboundPolicy } from './outbound-settings.ts';
import * as repository from './webhook.repository.ts';
import { pauseAndTell } from './webhook-pause.ts';
import { seenAtStart } from './webhook-start.ts';

/**
 * The dispatcher's listeners for outgoing webhooks: one per active webhook, named `webhook:<id>`, each with its own
 * position in the outbox. A webhook gets the events of the kinds it subscribed to, in order, each at least once
 * (the same `Vinculo-Delivery-Id` on every attempt); a failed attempt stops the batch there, and the dispatcher hands
 * the events from that one on again after its back-off. After `maxFailures` failures in a row the webhook is paused
 * and the administrators are told; resuming it goes on from the event that failed.
 */

export const maxFailures = 8;

export const consumerName = (webhookId: number) => `webhook:${webhookId}`;

/** A delivery the receiver did not take: the dispatcher retries it after a back-off. */
export class DeliveryFailed extends Error {}

/** The owner was deactivated: the webhook pauses (nobody's view is left to send the items as). */
export class OwnerInactive extends Error {}

interface ActiveWebhook {
  id: number;
  url: string;
  kinds: string;
  secret: string;
  owner_id: number;
  failures: number;
  start_snapshot: string | null;
}

function listener(database: Database, webhook: ActiveWebhook, now: () => Date, log?: FastifyBaseLogger): EventListener {
  const name = consumerName(webhook.id);
  const subscribed = new Set(JSON.parse(webhook.kinds) as string[]);
  const { db } = database;
  // Whether the stored count of failures in a row may be above 0: a success writes 0 only then, not after every delivery.
  let hasFailures = webhook.failures > 0;
  const olderThanWebhook = seenAtStart(webhook.start_snapshot);

  const ownerContext = async (): Promise<Context> => {
    try {
      return await authorContext(database, webhook.owner_id, now);
    } catch (error) {
      if (error instanceof JobFailure) throw new OwnerInactive(`the owner of webhook ${webhook.id} is no longer active`);
      throw error;
    }
  };

  return {
    name,
    async handle(events, progress) {
      let owner: Context | undefined;
      let policy: Awaited<ReturnType<typeof outboundPolicy>> | undefined;
      const actorNames = new Map<number, string>();
      const actorName = async (id: number) => {
        if (!actorNames.has(id)) actorNames.set(id, (await db.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst())?.name ?? '');
        return actorNames.get(id)!;
      };
      // The batch's log goes in with the move of its position: one write per batch, not one per delivery.
      const logs: DeliveryLog[] = [];
      const kinds = events.map((event) => (olderThanWebhook(event) ? null : deliveredKind(event, subscribed)));
      // The owner, the policy and the items the batch sends: read once per batch, and only for a batch that sends something.
      let items: Map<string, ItemDto> | undefined;
      if (kinds.some((kind) => kind !== null)) {
        owner = await ownerContext();
        policy = await outboundPolicy(db);
        items = await readItemsOf(owner, events.filter((_, index) => kinds[index] !== null));
      }
      for (const [index, event] of events.entries()) {
        const kind = kinds[index];
        if (kind && owner && policy) {
          const payload = await buildPayload({ owner, event, kind, webhookId: webhook.id, actorName, items });
          if (payload === unreadable) logs.push(skippedLog(webhook.id, event.id, kind, now()));
          else {
            const attempt = index === 0 ? progress.attempt : 1;
            const { ok, log } = await attemptDelivery({ webhook, eventId: event.id, kind, deliveryId: idempotencyKey(name, event), attempt, body: JSON.stringify(payload), policy, now });
            logs.push(log);
            if (!ok) {
              hasFailures = true;
              await db.transaction().execute(async (trx) => {
                await logDeliveries(trx, logs);
                await repository.addFailure(trx, webhook.id);
              });
              throw new DeliveryFailed(log.error ?? 'delivery failed');
            }
          }
        }
        progress.handled = index + 1;
      }
      const reset = hasFailures;
      hasFailures = false;
      return async (trx) => {
        await logDeliveries(trx, logs);
        if (reset) await repository.resetFailures(trx, webhook.id);
      };
    },
    async failed(error) {
      if (error instanceof OwnerInactive) {
        if (await pauseAndTell(database, webhook.id, 'ownerInactive', now())) log?.warn({ webhook: webhook.id }, 'webhooks: paused, its owner is no longer active');
        return 'stop';
      }
      if (!(error instanceof DeliveryFailed)) return 'retry';
      const stored = await repository.findWebhook(db, webhook.id);
      if (!stored || Number(stored.failures) < maxFailures) return 'retry';
      if (await pauseAndTell(database, webhook.id, 'failures', now())) log?.warn({ webhook: webhook.id, failures: stored.failures }, 'webhooks: paused after failing too often');
      return 'stop';
    },
  };
}

/** One listener per active webhook, read in one small query every dispatcher round (so a webhook added, paused or changed through any process is seen at once). */
export function webhookListeners(database: Database, now: () => Date, log?: FastifyBaseLogger): ListenerSource {
  return async () => {
    const webhooks = await repository.activeWebhooks(database.db);
    return webhooks.map((webhook) => listener(database, { ...webhook, id: Number(webhook.id), owner_id: Number(webhook.owner_id), failures: Number(webhook.failures) }, now, log));
  };
}
