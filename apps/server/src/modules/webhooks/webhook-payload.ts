import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { getActivity } from '../activities/activity.service.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { getComment } from '../comments/comment.service.ts';
import type { StoredEvent } from '../events/event-feed.ts';
import { readStored, readStoredMany, scopedReader, showItem, unscopedReader } from '../items/item-reader.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { getTask } from '../tasks/task.service.ts';

/**
 * What a delivery carries: the event, with the item as the webhook's owner may see it now (R5: their roles' hidden
 * fields stay out of `item` and `changes`). An item the owner may not read is not described at all: the delivery is
 * skipped.
 */

export interface WebhookPayload {
  id: string;
  kind: string;
  occurredAt: string;
  webhookId: number;
  actor: { id: number; name: string } | null;
  item: Record<string, unknown> | null;
  changes: Record<string, { old: unknown; new: unknown }>;
}

/** Why a delivery was skipped: the owner may not read what the event is about. */
export const unreadable = Symbol('unreadable');

const isItemType = (type: string): type is ItemTypeName => itemTypeNames.includes(type as ItemTypeName);

const isNotFound = (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND';

/** `read`'s answer, or null when there is nothing to read (404). */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The live items a batch's events are about, as `owner` may read them, in one query per type: `type:id` → item. */
export async function readItemsOf(owner: Context, events: StoredEvent[]): Promise<Map<string, ItemDto>> {
  const found = new Map<string, ItemDto>();
  const reader = scopedReader(owner);
  for (const name of itemTypeNames) {
    const ids = [...new Set(events.filter((event) => event.entityType === name && event.type !== 'item.deleted').map((event) => event.entityId))];
    if (ids.length === 0) continue;
    for (const item of await readStoredMany(reader, name, ids)) found.set(`${name}:${item.id}`, item);
  }
  return found;
}

/** The item (or activity, comment, task) of `event` as `owner` sees it now; `unreadable` when they may not read it. */
async function subjectOf(owner: Context, event: StoredEvent, items?: Map<string, ItemDto>): Promise<Record<string, unknown> | null | typeof unreadable> {
  const ref = { type: event.entityType, id: event.entityId };
  if (isItemType(event.entityType)) {
    const name = event.entityType;
    const reader = scopedReader(owner);
    const live = items?.get(`${name}:${event.entityId}`) ?? (await readStored(reader, name, event.entityId));
    if (live && event.type !== 'item.deleted') return { type: name, ...showItem(reader, name, live) };
    // Deleted (or binned since): only its type and id.
    if (live || (await readStored(reader, name, event.entityId, 'binned'))) return ref;
    // Gone for good (purged): nothing of it is left to hide.
    const exists = await readStored(unscopedReader(owner, 'whether an item the owner cannot read still exists at all (purged: only its id is sent)'), name, event.entityId, 'any');
    return exists ? unreadable : ref;
  }
  const readers: Record<string, (ctx: Context, id: number) => Promise<object>> = { activity: getActivity, task: getTask, comment: getComment };
  const read = readers[event.entityType];
  if (!read) return null;
  const found = await orNull(read(owner, event.entityId));
  if (found) return { type: event.entityType, ...found };
  // A deleted activity or task has no row left to check against: only its id goes out.
  return event.type.endsWith('.deleted') ? ref : unreadable;
}

/** `changes` without the fields the owner may not see, as `{ field: { old, new } }`. */
function visibleChanges(owner: Context, event: StoredEvent): WebhookPayload['changes'] {
  const hidden = new Set<string>();
  if (isItemType(event.entityType)) {
    const visible = new Set(owner.catalog.visible[event.entityType].fields.map((field) => field.name));
    for (const field of owner.catalog.full[event.entityType].fields) if (!visible.has(field.name)) hidden.add(field.name);
  }
  const changes: WebhookPayload['changes'] = {};
  for (const [field, [old, value]] of Object.entries(event.changes)) if (!hidden.has(field)) changes[field] = { old, new: value };
  return changes;
}

export interface PayloadInput {
  owner: Context;
  event: StoredEvent;
  kind: string;
  webhookId: number;
  actorName: (id: number) => Promise<string>;
  /** The batch's items read ahead (`readItemsOf`); an item not in it is read on its own. */
  items?: Map<string, ItemDto>;
}

/** The payload of `event` for a webhook, or `unreadable` when its owner may not read what the event is about. */
export async function buildPayload({ owner, event, kind, webhookId, actorName, items }: PayloadInput): Promise<WebhookPayload | typeof unreadable> {
  const item = await subjectOf(owner, event, items);
  if (item === unreadable) return unreadable;
  return {
    id: String(event.id),
    kind,
    occurredAt: new Date(event.occurredAt).toISOString(),
    webhookId,
    actor: event.actorId === null ? null : { id: event.actorId, name: await actorName(event.actorId) },
    item,
    changes: visibleChanges(owner, event),
  };
}
