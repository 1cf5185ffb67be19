import { sql } from 'kysely';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { readableItem, refKey, titlesOf, type ItemRef } from '../timeline/item-refs.ts';
import { decodePageCursor, encodePageCursor } from '../timeline/page-cursor.ts';
import { timelineDb, type TimelineDb } from '../timeline/timeline.tables.ts';

/**
 * Notifications: one row per user and thing to tell them, written in the transaction of what caused it (a mention, a
 * responsible set by someone else) or by the reminder sweep. What a user may no longer read (an item outside their
 * scope now, binned) is left out of their list and their count, in the query.
 */

export const notificationKinds = ['mention', 'activityAssigned', 'activityDue', 'itemAssigned', 'taskAssigned', 'webhookPaused'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NewNotification {
  userId: number;
  kind: NotificationKind;
  actorId: number | null;
  item?: ItemRef | null;
  activityId?: number | null;
  taskId?: number | null;
  commentId?: number | null;
  /** `webhookPaused`: the webhook that was paused. */
  webhookId?: number | null;
}

/** Writes notifications (call it inside the transaction of what caused them). Nobody is told of their own act. */
export async function notify(db: Context['db'], now: Date, notifications: NewNotification[]): Promise<void> {
  const rows = notifications
    .filter((n) => n.userId !== n.actorId)
    .map((n) => ({
      user_id: n.userId,
      kind: n.kind,
      actor_id: n.actorId,
      entity_type: n.item?.type ?? null,
      entity_id: n.item?.id ?? null,
      activity_id: n.activityId ?? null,
      task_id: n.taskId ?? null,
      comment_id: n.commentId ?? null,
      webhook_id: n.webhookId ?? null,
      created_at: now.toISOString(),
    }));
  if (rows.length > 0) await timelineDb(db).insertInto('notifications').values(rows).execute();
}

/** Notifications of the caller they may still see: about nothing in particular, an item they may read, or an activity of theirs. */
function visibleNotifications(ctx: Context) {
  const db = timelineDb(ctx.db);
  return db
    .selectFrom('notifications')
    .where('notifications.user_id', '=', ctx.actor.id)
    .where((eb) =>
      eb.or([
        eb('notifications.entity_type', 'is', null),
        readableItem(ctx, 'notifications.entity_type', 'notifications.entity_id', (inner) =>
          inner.exists(inner.selectFrom('activities').select(sql.lit(1).as('one')).whereRef('activities.id', '=', 'notifications.activity_id').where('activities.responsible_id', '=', ctx.actor.id)),
        )(eb),
      ]),
    );
}

export async function unreadCount(ctx: Context): Promise<number> {
  const row = await visibleNotifications(ctx)
    .where('notifications.read_at', 'is', null)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface NotificationDto {
  id: number;
  kind: string;
  createdAt: string;
  readAt: string | null;
  actor: { id: number; name: string } | null;
  item: { type: string; id: number; title: string } | null;
  activity: { id: number; subject: string } | null;
  task: { id: number; title: string } | null;
  comment: { id: number; excerpt: string } | null;
  webhook: { id: number; url: string } | null;
}

export async function listNotifications(ctx: Context, query: { unread?: boolean; cursor?: string; limit: number }) {
  const after = decodePageCursor(query.cursor, ['number']);
  let select = visibleNotifications(ctx)
    .leftJoin('users as actor', 'actor.id', 'notifications.actor_id')
    .leftJoin('activities', 'activities.id', 'notifications.activity_id')
    .leftJoin('tasks', 'tasks.id', 'notifications.task_id')
    .leftJoin('comments', 'comments.id', 'notifications.comment_id')
    .leftJoin('webhooks', 'webhooks.id', 'notifications.webhook_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.created_at',
      'notifications.read_at',
      'notifications.actor_id',
      'actor.name as actor_name',
      'notifications.entity_type',
      'notifications.entity_id',
      'notifications.activity_id',
      'activities.subject as activity_subject',
      'notifications.task_id',
      'tasks.title as task_title',
      'notifications.comment_id',
      'comments.text as comment_text',
      'notifications.webhook_id',
      'webhooks.url as webhook_url',
    ])
    .orderBy('notifications.id', 'desc')
    .limit(query.limit + 1);
  if (query.unread) select = select.where('notifications.read_at', 'is', null);
  if (after) select = select.where('notifications.id', '<', after[0] as number);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const refs = page.flatMap((row) => (row.entity_type ? [{ type: row.entity_type, id: Number(row.entity_id) } as ItemRef] : []));
  const titles = await titlesOf(ctx, refs);
  const items: NotificationDto[] = page.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    createdAt: row.created_at,
    readAt: row.read_at,
    actor: row.actor_id === null ? null : { id: Number(row.actor_id), name: row.actor_name ?? '' },
    item: row.entity_type ? { type: row.entity_type, id: Number(row.entity_id), title: titles.get(refKey({ type: row.entity_type, id: Number(row.entity_id) })) ?? '' } : null,
    activity: row.activity_id === null ? null : { id: Number(row.activity_id), subject: row.activity_subject ?? '' },
    task: row.task_id === null ? null : { id: Number(row.task_id), title: row.task_title ?? '' },
    comment: row.comment_id === null ? null : { id: Number(row.comment_id), excerpt: excerpt(row.comment_text ?? '') },
    webhook: row.webhook_id == null ? null : { id: Number(row.webhook_id), url: row.webhook_url ?? '' },
  }));
  return { items, unread: await unreadCount(ctx), nextCursor: rows.length > query.limit ? encodePageCursor([items[items.length - 1].id]) : null };
}

const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/** Marks the caller's notifications read (`ids`, or all); answers how many are left unread. */
export async function markRead(ctx: Context, which: { ids?: number[]; all?: boolean }): Promise<number> {
  let update = timelineDb(ctx.db).updateTable('notifications').set({ read_at: ctx.now().toISOString() }).where('user_id', '=', ctx.actor.id).where('read_at', 'is', null);
  if (!which.all) update = update.where('id', 'in', which.ids!.length > 0 ? which.ids! : [0]);
  await update.execute();
  return unreadCount(ctx);
}

/**
 * Sends the reminders whose time has come: one `activityDue` notification to the responsible of each open activity
 * with `remind_at` at or before `now`, marked sent in the same transaction. Servers sweep once a minute; on
 * PostgreSQL two servers sweeping at once each take other rows (`for update skip locked`), on SQLite the write lock
 * makes them take turns: a reminder is sent once.
 */
export async function sendDueReminders(database: Database, now: Date): Promise<number> {
  const db = timelineDb(database.db);
  return db.transaction().execute(async (trx: TimelineDb) => {
    let due = trx
      .selectFrom('activities')
      .select(['id', 'responsible_id', 'owner_type', 'owner_id'])
      .where('completed', '=', 0)
      .where('reminded_at', 'is', null)
      .where('remind_at', '<=', now.toISOString())
      .orderBy('remind_at')
      .limit(500);
    if (database.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await due.execute();
    if (rows.length === 0) return 0;
    await trx.updateTable('activities').set({ reminded_at: now.toISOString() }).where('id', 'in', rows.map((r) => r.id)).execute();
    await notify(trx as unknown as Context['db'], now, rows.map((row) => ({ userId: Number(row.responsible_id), kind: 'activityDue', actorId: null, item: { type: row.owner_type as ItemRef['type'], id: Number(row.owner_id) }, activityId: Number(row.id) })));
    return rows.length;
  });
}
