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
  const type = viewOf(reader, name);
  const afterId = cursor === undefined ? 0 : Number(cursor);
  if (!/^\d{1,10}$/.test(cursor ?? '0') || afterId > 2_147_483_647) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const events = await eventsOf(ctx.db, name, id, afterId, limit + 1);
  const page = events.slice(0, limit);
  const visible = new Map(type.fields.map((f) => [f.name, f]));
  // Fields the caller's roles hide; a field deleted since keeps its entries (labelled by its name).
  const hidden = new Set(ctx.catalog.full[name].fields.filter((f) => !visible.has(f.name)).map((f) => f.name));
  const items = page.flatMap((event): HistoryEntry[] => {
    const base = {
      eventId: Number(event.id),
      date: event.occurred_at,
      type: event.type.replace(/^item\./, ''),
      author: event.actor_id === null ? null : { id: Number(event.actor_id), name: event.actor_name ?? '' },
    };
    const all = Object.entries(JSON.parse(event.changes) as Record<string, [unknown, unknown]>);
    const changes = all.filter(([field]) => !hidden.has(field));
    if (event.type === 'item.updated' && all.length > 0 && changes.length === 0) return [];
    if (event.type !== 'item.updated' || changes.length === 0) {
      // A merge says what it merged (the survivor) or where to (a merged item's deletion): `{ mergedIds }`, `{ mergedInto }`.
      const told = event.type === 'item.created' || event.type === 'item.converted' || (changes.length > 0 && (event.type === 'item.merged' || event.type === 'item.deleted'));
      const summary = { field: null, fieldLabel: null, oldValue: null, newValue: told ? Object.fromEntries(changes.map(([k, [, v]]) => [k, v])) : null };
      return [{ ...base, ...summary }];
    }
    return changes.map(([field, [oldValue, newValue]]) => ({ ...base, field, fieldLabel: visible.get(field)?.label[ctx.locale] ?? field, oldValue, newValue }));
  });
  return { items, nextCursor: events.length > limit ? String(page[page.length - 1].id) : null };
}
