import type { ItemTypeName, Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import type { StoredEvent } from '../events/event-feed.ts';
import { itemsQuery, scopedReader, viewOf } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import type { Row } from '../items/item.repository.ts';
import { refKey, type ItemRef } from '../timeline/item-refs.ts';
import { timelineDb } from '../timeline/timeline.tables.ts';

/**
 * What the live stream tells each user about a batch of the outbox: one change per item an event concerns, only for
 * items the user may read now, with the names of the changed fields they may see (never a value, save the new stage
 * and pipeline when those are visible). The batch is resolved once for everyone (`resolveBatch`: which items an
 * activity, comment or task concerns, who acted), then filtered per user with one scoped query per item type
 * (`changesFor`), so a hundred users on a busy outbox cost a hundred small queries per batch, not one per event.
 */

export interface LiveChange {
  eventId: number;
  type: string;
  entityType: ItemTypeName;
  entityId: number;
  actor: { id: number; name: string } | null;
  title: string | null;
  fields: string[];
  stageId?: unknown;
  categoryId?: unknown;
  /** The activity, comment or task the event is about, when it is not the item itself. */
  source?: { type: 'activity' | 'comment' | 'task'; id: number };
}

/** One item an event concerns, with what decides whether a user is told. */
interface Concern {
  event: StoredEvent;
  item: ItemRef;
  source?: LiveChange['source'];
  /** An activity shows on an item's timeline to whoever may read its owner item or is its responsible. */
  activity?: { owner: ItemRef; responsibleId: number };
}

export interface ResolvedBatch {
  concerns: Concern[];
  actors: Map<number, string>;
}

const isItemType = (name: string): name is ItemTypeName => (itemTypeNames as string[]).includes(name);

/**
 * The items each event of the batch concerns, read once for all users (unscoped: the filtering is per user next).
 * An activity or task that was deleted has no links left to read: its deletion is told to nobody (the timeline that
 * showed it is refreshed by the next change of the item, or on the next visit).
 */
export async function resolveBatch(db: Context['db'], events: StoredEvent[]): Promise<ResolvedBatch> {
  const tables = timelineDb(db);
  const ids = (kind: string) => [...new Set(events.filter((e) => e.entityType === kind && !e.type.endsWith('.deleted')).map((e) => e.entityId))];
  const activityIds = ids('activity');
  const taskIds = ids('task');
  const activities = activityIds.length === 0 ? [] : await tables.selectFrom('activities').select(['id', 'owner_type', 'owner_id', 'responsible_id']).where('id', 'in', activityIds).execute();
  const activityLinks = activityIds.length === 0 ? [] : await tables.selectFrom('activity_items').select(['activity_id', 'entity_type', 'entity_id']).where('activity_id', 'in', activityIds).execute();
  const taskLinks = taskIds.length === 0 ? [] : await tables.selectFrom('task_items').select(['task_id', 'entity_type', 'entity_id']).where('task_id', 'in', taskIds).execute();
  const actorIds = [...new Set(events.flatMap((e) => (e.actorId === null ? [] : [e.actorId])))];
  const users = actorIds.length === 0 ? [] : await tables.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute();

  const activityById = new Map(activities.map((a) => [Number(a.id), a]));
  const concerns: Concern[] = [];
  for (const event of events) {
    if (isItemType(event.entityType) && event.type.startsWith('item.') && event.type !== 'item.purged') {
      concerns.push({ event, item: { type: event.entityType, id: event.entityId } });
    } else if (event.entityType === 'comment') {
      // A deleted comment's item is its old value.
      const item = (event.changes.item?.[1] ?? event.changes.item?.[0]) as { type?: string; id?: number } | undefined;
      if (item?.type && isItemType(item.type) && typeof item.id === 'number') concerns.push({ event, item: { type: item.type, id: item.id }, source: { type: 'comment', id: event.entityId } });
    } else if (event.entityType === 'activity') {
      const activity = activityById.get(event.entityId);
      if (!activity || !isItemType(activity.owner_type)) continue;
      const owner = { type: activity.owner_type, id: Number(activity.owner_id) };
      for (const link of activityLinks.filter((l) => Number(l.activity_id) === event.entityId && isItemType(l.entity_type))) {
        concerns.push({ event, item: { type: link.entity_type as ItemTypeName, id: Number(link.entity_id) }, source: { type: 'activity', id: event.entityId }, activity: { owner, responsibleId: Number(activity.responsible_id) } });
      }
    } else if (event.entityType === 'task') {
      for (const link of taskLinks.filter((l) => Number(l.task_id) === event.entityId && isItemType(l.entity_type))) {
        concerns.push({ event, item: { type: link.entity_type as ItemTypeName, id: Number(link.entity_id) }, source: { type: 'task', id: event.entityId } });
      }
    }
  }
  return { concerns, actors: new Map(users.map((u) => [Number(u.id), u.name])) };
}

interface Seen {
  title: string;
  isLive: boolean;
}

/**
 * The items of `refs` the user may read, live or in the recycle bin, titled as they see them: one query per type.
 * A deleted item is still told about (its deletion takes it off their screens), a purged one no longer exists.
 */
async function readableItems(ctx: Context, refs: ItemRef[]): Promise<Map<string, Seen>> {
  const seen = new Map<string, Seen>();
  const reader = scopedReader(ctx);
  for (const name of itemTypeNames) {
    const ids = [...new Set(refs.filter((ref) => ref.type === name).map((ref) => ref.id))];
    if (ids.length === 0) continue;
    const view = viewOf(reader, name);
    const rows = (await itemsQuery(reader, name, 'any')
      .select([...new Set(['id', 'deleted_at', ...titleColumns(view)])].map((column) => `${view.table}.${column}`))
      .where(`${view.table}.id`, 'in', ids)
      .execute()) as Row[];
    for (const row of rows) seen.set(refKey({ type: name, id: Number(row.id) }), { title: itemTitle(view, row, ctx.locale as Locale), isLive: row.deleted_at === null });
  }
  return seen;
}

/** The changes of the batch that `ctx`'s user may see, in the batch's order. */
export async function changesFor(ctx: Context, batch: ResolvedBatch): Promise<Array<{ event: StoredEvent; change: LiveChange }>> {
  if (batch.concerns.length === 0) return [];
  const seen = await readableItems(ctx, batch.concerns.flatMap((c) => (c.activity ? [c.item, c.activity.owner] : [c.item])));
  const visibleFields = new Map(itemTypeNames.map((name) => [name, new Set(ctx.catalog.visible[name].fields.map((f) => f.name))]));
  const out: Array<{ event: StoredEvent; change: LiveChange }> = [];
  for (const concern of batch.concerns) {
    const { event, item } = concern;
    const found = seen.get(refKey(item));
    if (!found) continue;
    // Activities, comments and tasks show on the timeline of a live item only; an activity also needs its owner item
    // to be readable, or the user to be its responsible (as the timeline decides).
    if (concern.source && !found.isLive) continue;
    if (concern.activity && concern.activity.responsibleId !== ctx.actor.id && !seen.get(refKey(concern.activity.owner))?.isLive) continue;
    const change: LiveChange = {
      eventId: event.id,
      type: event.type,
      entityType: item.type,
      entityId: item.id,
      actor: event.actorId === null ? null : { id: event.actorId, name: batch.actors.get(event.actorId) ?? '' },
      title: found.title,
      fields: [],
      ...(concern.source ? { source: concern.source } : {}),
    };
    if (!concern.source) {
      const visible = visibleFields.get(item.type)!;
      const changed = Object.keys(event.changes);
      change.fields = changed.filter((field) => visible.has(field));
      // An update of fields the user may not see changes nothing on their screen: nothing to tell.
      if (event.type === 'item.updated' && changed.length > 0 && change.fields.length === 0) continue;
      const stages = ctx.catalog.full[item.type].stages;
      if (stages && change.fields.includes(stages.field)) change.stageId = event.changes[stages.field][1];
      if (stages?.pipelineField && change.fields.includes(stages.pipelineField)) change.categoryId = event.changes[stages.pipelineField][1];
    }
    out.push({ event, change });
  }
  return out;
}
