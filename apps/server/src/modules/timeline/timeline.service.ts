import type { ItemTypeName } from '@vinculo/shared';
import type { SelectQueryBuilder } from 'kysely';
import type { Context } from '../../context.ts';
import { notFound } from '../../http/app-error.ts';
import { activityDtos, visibleActivities } from '../activities/activity.service.ts';
import type { ActivityDto } from '../activities/activity.schemas.ts';
import { commentDtos, visibleComments, type CommentDto } from '../comments/comment.service.ts';
import { eventPresenter, type EventEntry, type StoredEvent } from '../items/item-history.service.ts';
import { existingIds, scopedReader } from '../items/item-reader.ts';
import { taskDtos, visibleTasks } from '../tasks/task.service.ts';
import type { TaskDto } from '../tasks/task.schemas.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';
import { timelineDb } from './timeline.tables.ts';

/**
 * The timeline of an item: its open activities pinned on top, then, newest first, what happened — done activities,
 * comments, tasks linked to it, and its history (field changes, stage moves, conversion, merges, deletion and
 * restoring). Each kind is read from its own table, a page of each after the cursor, and the pages merged: the
 * cursor is the last entry's (date, kind, id), so the next page continues exactly there in every kind.
 */

export const timelineKinds = ['activity', 'comment', 'task', 'history'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export type TimelineEntry =
  | { kind: 'activity'; date: string; activity: ActivityDto }
  | { kind: 'comment'; date: string; comment: CommentDto }
  | { kind: 'task'; date: string; task: TaskDto }
  | { kind: 'history'; date: string; event: EventEntry };

/** Where each kind sorts among entries of the same instant (newest first: higher first). */
const rank: Record<TimelineKind, number> = { history: 0, task: 1, comment: 2, activity: 3 };

interface Candidate {
  kind: TimelineKind;
  date: string;
  id: number;
  load: () => Promise<TimelineEntry | null>;
}

export async function itemTimeline(ctx: Context, type: ItemTypeName, id: number, query: { kinds?: TimelineKind[]; cursor?: string; limit: number }) {
  if (!(await existingIds(scopedReader(ctx), type, [id])).has(id)) throw notFound();
  const kinds = new Set(query.kinds ?? timelineKinds);
  const after = decodePageCursor(query.cursor, ['string', 'number', 'number']) as [string, number, number] | undefined;
  const take = query.limit + 1;

  /** Rows of one kind after the cursor: `dateColumn` desc, `idColumn` desc. */
  const afterCursor = <Q extends SelectQueryBuilder<any, any, any>>(select: Q, kind: TimelineKind, dateColumn: string, idColumn: string): Q => {
    if (!after) return select;
    const [date, afterRank, afterId] = after;
    const mine = rank[kind];
    return select.where((eb: any) =>
      mine < afterRank ? eb(dateColumn, '<=', date) : mine > afterRank ? eb(dateColumn, '<', date) : eb.or([eb(dateColumn, '<', date), eb.and([eb(dateColumn, '=', date), eb(idColumn, '<', afterId)])]),
    ) as Q;
  };

  const candidates: Candidate[] = [];
  if (kinds.has('activity')) {
    const rows = await afterCursor(bound(visibleActivities(ctx), type, id).selectAll('activities').where('activities.completed', '=', 1), 'activity', 'activities.completed_at', 'activities.id')
      .orderBy('activities.completed_at', 'desc')
      .orderBy('activities.id', 'desc')
      .limit(take)
      .execute();
    const dtos = new Map((await activityDtos(ctx, rows as any)).map((dto) => [dto.id, dto]));
    for (const row of rows) candidates.push({ kind: 'activity', date: row.completed_at!, id: Number(row.id), load: async () => ({ kind: 'activity', date: row.completed_at!, activity: dtos.get(Number(row.id))! }) });
  }
  if (kinds.has('comment')) {
    const rows = await afterCursor(visibleComments(ctx).where('comments.entity_type', '=', type).where('comments.entity_id', '=', id), 'comment', 'comments.created_at', 'comments.id')
      .orderBy('comments.created_at', 'desc')
      .orderBy('comments.id', 'desc')
      .limit(take)
      .execute();
    const dtos = new Map((await commentDtos(ctx, rows as any)).map((dto) => [dto.id, dto]));
    for (const row of rows) candidates.push({ kind: 'comment', date: row.created_at, id: Number(row.id), load: async () => ({ kind: 'comment', date: row.created_at, comment: dtos.get(Number(row.id))! }) });
  }
  if (kinds.has('task')) {
    // `in (…)` rather than `exists`: the item's links drive the query through their index, whatever the visibility test.
    const linked = visibleTasks(ctx).where('tasks.id', 'in', (eb) => eb.selectFrom('task_items').select('task_items.task_id').where('task_items.entity_type', '=', type).where('task_items.entity_id', '=', id));
    const rows = await afterCursor(linked.selectAll('tasks'), 'task', 'tasks.created_at', 'tasks.id').orderBy('tasks.created_at', 'desc').orderBy('tasks.id', 'desc').limit(take).execute();
    const dtos = new Map((await taskDtos(ctx, rows as any)).map((dto) => [dto.id, dto]));
    for (const row of rows) candidates.push({ kind: 'task', date: row.created_at, id: Number(row.id), load: async () => ({ kind: 'task', date: row.created_at, task: dtos.get(Number(row.id))! }) });
  }
  if (kinds.has('history')) {
    const present = eventPresenter(ctx, type);
    const events = timelineDb(ctx.db)
      .selectFrom('events')
      .leftJoin('users', 'users.id', 'events.actor_id')
      .select(['events.id', 'events.occurred_at', 'events.type', 'events.actor_id', 'events.changes', 'users.name as actor_name'])
      .where('events.entity_type', '=', type)
      .where('events.entity_id', '=', id)
      .where('events.type', '!=', 'item.purged');
    // An update that changed only fields the caller may not see shows nothing, but still moves the cursor past it.
    const rows = await afterCursor(events, 'history', 'events.occurred_at', 'events.id').orderBy('events.occurred_at', 'desc').orderBy('events.id', 'desc').limit(take).execute();
    for (const row of rows as StoredEvent[]) {
      const entry = present(row);
      candidates.push({ kind: 'history', date: row.occurred_at, id: Number(row.id), load: async () => (entry ? { kind: 'history', date: row.occurred_at, event: entry } : null) });
    }
  }

  candidates.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : rank[b.kind] - rank[a.kind] || b.id - a.id));
  const page = candidates.slice(0, query.limit);
  const items = (await Promise.all(page.map((c) => c.load()))).filter((entry): entry is TimelineEntry => entry !== null);
  const last = page[page.length - 1];
  const planned = after || !kinds.has('activity') ? [] : await plannedActivities(ctx, type, id);
  return { planned, items, nextCursor: candidates.length > query.limit && last ? encodePageCursor([last.date, rank[last.kind], last.id]) : null };
}

/** The item's open activities, earliest deadline first. */
async function plannedActivities(ctx: Context, type: ItemTypeName, id: number): Promise<ActivityDto[]> {
  const rows = await bound(visibleActivities(ctx), type, id).selectAll('activities').where('activities.completed', '=', 0).orderBy('activities.deadline').orderBy('activities.id').limit(100).execute();
  return activityDtos(ctx, rows as any);
}

/** Activities concerning the item: its links drive the query through their index (`in`, not a correlated `exists`). */
function bound<Q extends SelectQueryBuilder<any, any, any>>(select: Q, type: ItemTypeName, id: number): Q {
  return select.where('activities.id', 'in', (eb: any) => eb.selectFrom('activity_items').select('activity_items.activity_id').where('activity_items.entity_type', '=', type).where('activity_items.entity_id', '=', id)) as Q;
}
