import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { eventsOf } from '../events/event.repository.ts';
import { existingIds, scopedReader, viewOf } from './item-reader.ts';

/** The change history of one item, as the caller may see it. */

export interface HistoryEntry {
  eventId: number;
  date: string;
  type: string;
  author: { id: number; name: string } | null;
  field: string | null;
  fieldLabel: string | null;
  oldValue: unknown;
  newValue: unknown;
}

/** Oldest first: one entry per changed field of every write; fields the caller's roles hide stay out. */
export async function itemHistory(ctx: Context, name: ItemTypeName, id: number, cursor: string | undefined, limit: number) {
  const reader = scopedReader(ctx);
  if (!(await existingIds(reader, name, [id])).has(id)) throw notFound();
  const afterId = cursor === undefined ? 0 : Number(cursor);
  if (!/^\d{1,10}$/.test(cursor ?? '0') || afterId > 2_147_483_647) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const events = await eventsOf(ctx.db, name, id, afterId, limit + 1);
  const page = events.slice(0, limit);
  const present = eventPresenter(ctx, name);
  const items = page.flatMap((event): HistoryEntry[] => {
    const entry = present(event);
    if (!entry) return [];
    const base = { eventId: entry.eventId, date: entry.date, type: entry.type, author: entry.author };
    if (entry.summary !== undefined || entry.changes.length === 0) return [{ ...base, field: null, fieldLabel: null, oldValue: null, newValue: entry.summary ?? null }];
    return entry.changes.map((change) => ({ ...base, ...change }));
  });
  return { items, nextCursor: events.length > limit ? String(page[page.length - 1].id) : null };
}

/** One event of an item as the caller may see it: its changes of fields they may see, or what it says as a whole. */
export interface EventEntry {
  eventId: number;
  date: string;
  type: string;
  author: { id: number; name: string } | null;
  changes: Array<{ field: string; fieldLabel: string; oldValue: unknown; newValue: unknown }>;
  /** What a creation, conversion, merge or deletion says as a whole (`{ mergedIds }`, `{ mergedInto }`, the values created). */
  summary?: Record<string, unknown> | null;
}

export interface StoredEvent {
  id: number;
  occurred_at: string;
  type: string;
  actor_id: number | null;
  actor_name: string | null;
  changes: string;
}

/**
 * How the events of items of type `name` show to the caller: fields their roles hide are left out (an update that
 * changed only those is not shown at all: null); a field deleted since keeps its entries, labelled by its name.
 */
export function eventPresenter(ctx: Context, name: ItemTypeName): (event: StoredEvent) => EventEntry | null {
  const type = viewOf(scopedReader(ctx), name);
  const visible = new Map(type.fields.map((f) => [f.name, f]));
  const hidden = new Set(ctx.catalog.full[name].fields.filter((f) => !visible.has(f.name)).map((f) => f.name));
  return (event) => {
    const base = {
      eventId: Number(event.id),
      date: event.occurred_at,
      type: event.type.replace(/^item\./, ''),
      author: event.actor_id === null ? null : { id: Number(event.actor_id), name: event.actor_name ?? '' },
    };
    const all = Object.entries(JSON.parse(event.changes) as Record<string, [unknown, unknown]>);
    const changes = all.filter(([field]) => !hidden.has(field));
    if (event.type === 'item.updated' && all.length > 0 && changes.length === 0) return null;
    if (event.type !== 'item.updated' || changes.length === 0) {
      // A merge says what it merged (the survivor) or where to (a merged item's deletion): `{ mergedIds }`, `{ mergedInto }`.
      const told = event.type === 'item.created' || event.type === 'item.converted' || (changes.length > 0 && (event.type === 'item.merged' || event.type === 'item.deleted'));
      return { ...base, changes: [], summary: told ? Object.fromEntries(changes.map(([k, [, v]]) => [k, v])) : null };
    }
    return { ...base, changes: changes.map(([field, [oldValue, newValue]]) => ({ field, fieldLabel: visible.get(field)?.label[ctx.locale] ?? field, oldValue, newValue })) };
  };
}
