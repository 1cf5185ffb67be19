import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { isStorableText, type ItemTypeName } from '@vinculo/shared';
import type { Database } from '../../db/database.ts';
import { ensureConsumer, deleteConsumer } from '../events/event-consumer.repository.ts';
import { feedEnd, type StoredEvent } from '../events/event-feed.ts';
import type { EventListener, ListenerSource } from '../events/dispatcher.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure } from '../jobs/job-runner.ts';
import type { Context } from '../../context.ts';
import { visibleActivities } from '../activities/activity.service.ts';
import { visibleComments } from '../comments/comment.service.ts';
import { timelineDb } from '../timeline/timeline.tables.ts';
import { checkUrl, guardedRequest, OutboundRefused } from '../outbound/outbound-guard.ts';
import { outboundPolicy } from '../webhooks/outbound-settings.ts';
import { readItemsOf } from '../webhooks/webhook-payload.ts';
import { BitrixError, invalidArgument } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { param } from './bitrix-params.ts';

/**
 * Bitrix24's events (bitrix24-rest.md §14): `event.bind` a handler URL to `ONCRMDEALADD` and the like, and the
 * outbox dispatcher (issue 15) POSTs each matching change to it in Bitrix24's form-encoded shape —
 * `event=ONCRMDEALADD&event_handler_id=7&data[FIELDS][ID]=42&ts=…&auth[domain]=…&auth[application_token]=…` — after
 * the change committed, in order, retried with back-off, every URL through the outbound guard (R8). A handler is sent
 * only the items its webhook's user may read. Bitrix24 lets only applications bind events; Vínculo lets a webhook's
 * user do it (an extension: there are no applications here).
 */

const itemTypes: Record<string, ItemTypeName> = { LEAD: 'lead', DEAL: 'deal', CONTACT: 'contact', COMPANY: 'company' };
const itemActions = { ADD: 'item.created', UPDATE: 'item.updated', DELETE: 'item.deleted' } as const;
const activityActions: Record<string, string[]> = { ADD: ['activity.created'], UPDATE: ['activity.updated', 'activity.completed', 'activity.rescheduled'], DELETE: ['activity.deleted'] };
const commentActions: Record<string, string[]> = { ADD: ['comment.added'], UPDATE: ['comment.edited'], DELETE: ['comment.deleted'] };

const valueOf = (event: StoredEvent, field: string) => event.changes[field]?.[1];

/**
 * Every event a handler may be bound to: which outbox events it is, and what `data` it carries. Item events carry
 * `data[FIELDS][ID]` (the receiver calls `*.get`); a deal moved to another pipeline also `CATEGORY_ID` and `STAGE_ID`;
 * timeline comments `data[ID]`, as Bitrix24's documentation shows them, and `data[FIELDS][ID]` too.
 */
const bitrixEvents: Record<string, { matches(event: StoredEvent): boolean; data(event: StoredEvent): Array<[string, string]> }> = {
  ...Object.fromEntries(
    Object.entries(itemTypes).flatMap(([type, name]) =>
      Object.entries(itemActions).map(([action, stored]) => [`ONCRM${type}${action}`, { matches: (event: StoredEvent) => event.entityType === name && event.type === stored, data: (event: StoredEvent) => [['data[FIELDS][ID]', String(event.entityId)]] as Array<[string, string]> }]),
    ),
  ),
  ONCRMDEALMOVETOCATEGORY: {
    matches: (event) => event.entityType === 'deal' && event.type === 'item.updated' && 'categoryId' in event.changes,
    data: (event) => [
      ['data[FIELDS][ID]', String(event.entityId)],
      ['data[FIELDS][CATEGORY_ID]', String(valueOf(event, 'categoryId') ?? '')],
      ['data[FIELDS][STAGE_ID]', String(valueOf(event, 'stageId') ?? '')],
    ],
  },
  ...Object.fromEntries(Object.entries(activityActions).map(([action, stored]) => [`ONCRMACTIVITY${action}`, { matches: (event: StoredEvent) => stored.includes(event.type), data: (event: StoredEvent) => [['data[FIELDS][ID]', String(event.entityId)]] as Array<[string, string]> }])),
  ...Object.fromEntries(
    Object.entries(commentActions).map(([action, stored]) => [
      `ONCRMTIMELINECOMMENT${action}`,
      {
        matches: (event: StoredEvent) => stored.includes(event.type),
        data: (event: StoredEvent) => [
          ['data[ID]', String(event.entityId)],
          ['data[FIELDS][ID]', String(event.entityId)],
        ] as Array<[string, string]>,
      },
    ]),
  ),
};

/** Every event name a handler may be bound to. */
export const bitrixEventNames = Object.keys(bitrixEvents);

/**
 * Which of a batch's events the handler's user may know of: an item, activity or comment they may read now. What is
 * gone — deleted since, or by this very event — goes out as its id alone, as Bitrix24 sends it: nothing of it is left
 * to hide (a deleted comment still only when they may read its item). A few queries per batch, not per event.
 */
async function readableEvents(owner: Context, events: StoredEvent[]): Promise<Set<StoredEvent>> {
  const ids = (kind: string) => [...new Set(events.filter((e) => e.entityType === kind).map((e) => e.entityId))];
  const idsOf = async (query: { execute(): Promise<Array<{ id: number | bigint }>> }) => new Set((await query.execute()).map((row) => Number(row.id)));
  const [activityIds, commentIds] = [ids('activity'), ids('comment')];
  const none = new Set<number>();
  const tables = timelineDb(owner.db);
  const visibleActivityIds = activityIds.length === 0 ? none : await idsOf(visibleActivities(owner).select('activities.id as id').where('activities.id', 'in', activityIds));
  const existingActivityIds = activityIds.length === 0 ? none : await idsOf(tables.selectFrom('activities').select('id').where('id', 'in', activityIds));
  const visibleCommentIds = commentIds.length === 0 ? none : await idsOf(visibleComments(owner).clearSelect().select('comments.id as id').where('comments.id', 'in', commentIds));
  const existingCommentIds = commentIds.length === 0 ? none : await idsOf(tables.selectFrom('comments').select('id').where('id', 'in', commentIds));
  // A comment gone: judged by its item, read for the whole batch with the items the events are about.
  const itemOfComment = (event: StoredEvent) => (event.changes.item?.[1] ?? event.changes.item?.[0]) as { type: ItemTypeName; id: number } | undefined;
  const goneComments = events.filter((e) => e.entityType === 'comment' && !existingCommentIds.has(e.entityId));
  const standIns = goneComments.flatMap((e) => {
    const item = itemOfComment(e);
    return item ? [{ ...e, entityType: item.type, entityId: item.id, type: 'item.updated' }] : [];
  });
  const items = await readItemsOf(owner, [...events, ...standIns]);
  const readable = new Set<StoredEvent>();
  for (const event of events) {
    const item = itemOfComment(event);
    const known =
      event.entityType in itemNames
        ? event.type === 'item.deleted' || items.has(`${event.entityType}:${event.entityId}`)
        : event.entityType === 'activity'
          ? visibleActivityIds.has(event.entityId) || !existingActivityIds.has(event.entityId)
          : visibleCommentIds.has(event.entityId) || (!existingCommentIds.has(event.entityId) && item !== undefined && items.has(`${item.type}:${item.id}`));
    if (known) readable.add(event);
  }
  return readable;
}

const itemNames = Object.fromEntries(Object.values(itemTypes).map((name) => [name, true]));

const consumerName = (id: number) => `bitrix-event:${id}`;
/** A failing handler gets each event this many times, then that event is given up (Bitrix24 also drops them). */
const attemptsPerEvent = 5;

const form = (pairs: Array<[string, string]>) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');

interface HandlerRow {
  id: number;
  user_id: number;
  event: string;
  handler: string;
  application_token: string;
}

function listener(database: Database, row: HandlerRow, publicUrl: string, now: () => Date, log?: FastifyBaseLogger): EventListener {
  const name = consumerName(row.id);
  return {
    name,
    async handle(events, progress) {
      const bound = bitrixEvents[row.event];
      if (!bound) return;
      const matching = events.filter((event) => bound.matches(event));
      if (matching.length === 0) return;
      let owner;
      try {
        owner = await authorContext(database, row.user_id, now);
      } catch (error) {
        // The webhook's user was deactivated: nothing goes out any more.
        if (error instanceof JobFailure) return;
        throw error;
      }
      const readable = await readableEvents(owner, matching);
      const policy = await outboundPolicy(database.db);
      const host = new URL(publicUrl).host;
      for (const [index, event] of events.entries()) {
        // Only what the user may read (a deleted item: only its id, as Bitrix24 sends).
        if (!bound.matches(event) || !readable.has(event)) {
          progress.handled = index + 1;
          continue;
        }
        const body = form([
          ['event', row.event],
          ['event_handler_id', String(row.id)],
          ...bound.data(event),
          ['ts', String(Math.floor(new Date(event.occurredAt).getTime() / 1000))],
          ['auth[domain]', host],
          ['auth[client_endpoint]', `${publicUrl}/rest/`],
          ['auth[server_endpoint]', `${publicUrl}/rest/`],
          ['auth[member_id]', 'vinculo'],
          ['auth[application_token]', row.application_token],
        ]);
        try {
          const response = await guardedRequest(row.handler, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Vinculo-Bitrix24-Events/1' }, timeoutMs: 10_000, maxBodyBytes: 256 }, policy);
          if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
        } catch (error) {
          if (index === progress.handled && progress.attempt >= attemptsPerEvent) {
            log?.warn({ handler: row.id, event: event.id, err: error }, 'bitrix events: a handler kept failing; the event is given up');
            progress.handled = index + 1;
            continue;
          }
          throw error;
        }
        progress.handled = index + 1;
      }
    },
  };
}

/** One listener per bound handler whose webhook is live. */
export function bitrixEventListeners(database: Database, publicUrl: string, now: () => Date, log?: FastifyBaseLogger): ListenerSource {
  return async () => {
    const rows = await database.db
      .selectFrom('bitrix_event_handlers as h')
      .innerJoin('inbound_webhooks as w', 'w.id', 'h.inbound_webhook_id')
      .select(['h.id', 'h.user_id', 'h.event', 'h.handler', 'h.application_token'])
      .where('w.revoked_at', 'is', null)
      .execute();
    return rows.map((row) => listener(database, { ...row, id: Number(row.id), user_id: Number(row.user_id) }, publicUrl, now, log));
  };
}

export const bitrixEventMethods: MethodTable = {
  events: { scope: null, run: async () => ({ result: bitrixEventNames }) },
  'event.bind': {
    scope: 'crm',
    run: async ({ caller, params, database }) => {
      const event = String(param(params, 'event') ?? '').toUpperCase();
      if (!bitrixEventNames.includes(event)) throw new BitrixError(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
      const handler = String(param(params, 'handler') ?? '');
      if (!isStorableText(handler) || handler.length > 2048) throw new BitrixError(400, 'ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
      try {
        await checkUrl(handler, await outboundPolicy(database.db));
      } catch (error) {
        if (error instanceof OutboundRefused || error instanceof TypeError) throw new BitrixError(400, 'ERROR_WRONG_HANDLER_URL', `Wrong handler URL: ${error.message}`);
        throw error;
      }
      const { db } = caller.ctx;
      const exists = await db.selectFrom('bitrix_event_handlers').select('id').where('inbound_webhook_id', '=', caller.webhookId).where('event', '=', event).where('handler', '=', handler).executeTakeFirst();
      if (exists) throw new BitrixError(400, 'ERROR_EVENT_HANDLER_ALREADY_BOUND', 'Handler already bound');
      const now = caller.ctx.now().toISOString();
      // The handler gets what is written from now on.
      const start = await feedEnd(db, database.dialect);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('bitrix_event_handlers')
          .values({ inbound_webhook_id: caller.webhookId, user_id: caller.ctx.actor.id, event, handler, application_token: randomBytes(16).toString('hex'), created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await ensureConsumer(trx, consumerName(Number(row.id)), start, now);
      });
      return { result: true };
    },
  },
  'event.unbind': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const event = String(param(params, 'event') ?? '').toUpperCase();
      const handler = param(params, 'handler');
      if (!event) throw invalidArgument('The field event is required.');
      // Nothing else can be bound, so nothing else need be looked for (and text PostgreSQL refuses never reaches it).
      if (!bitrixEventNames.includes(event)) return { result: { count: 0 } };
      let query = caller.ctx.db.selectFrom('bitrix_event_handlers').select('id').where('inbound_webhook_id', '=', caller.webhookId).where('event', '=', event);
      if (handler !== undefined && handler !== '') {
        if (!isStorableText(String(handler))) return { result: { count: 0 } };
        query = query.where('handler', '=', String(handler));
      }
      const ids = (await query.execute()).map((row) => Number(row.id));
      if (ids.length > 0) {
        await caller.ctx.db.transaction().execute(async (trx) => {
          await trx.deleteFrom('bitrix_event_handlers').where('id', 'in', ids).execute();
          for (const id of ids) await deleteConsumer(trx, consumerName(id));
        });
      }
      return { result: { count: ids.length } };
    },
  },
  'event.get': {
    scope: 'crm',
    run: async ({ caller }) => {
      const rows = await caller.ctx.db.selectFrom('bitrix_event_handlers').select(['id', 'event', 'handler', 'user_id', 'application_token']).where('inbound_webhook_id', '=', caller.webhookId).orderBy('id').execute();
      // `application_token` (an extension) is what the handler receives as auth[application_token], to check it.
      return { result: rows.map((row) => ({ event: row.event, handler: row.handler, auth_type: String(row.user_id), offline: 0, application_token: row.application_token })) };
    },
  },
};
