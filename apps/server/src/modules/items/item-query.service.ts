import { itemTypeList, itemTypes, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { eventsOf } from '../events/event.repository.ts';
import { readScope } from './item-access.ts';
import { decodeCursor, encodeCursor, parseFilter, parseSort } from './list-query.ts';
import { itemTitle, presentItems, type ItemDto } from './item.presenter.ts';
import * as repository from './item.repository.ts';
import type { ListQuery } from './item.schemas.ts';

/** Reading many items: lists, history and dependencies. */

export interface ItemPage {
  items: Array<Partial<ItemDto>>;
  nextCursor: string | null;
  total: number | null;
  totalCapped: boolean;
}

/** Where a default count stops: past it a list says "10,000+" instead of scanning every match. */
export const countCap = 10_000;

export async function listItems(ctx: Context, type: ItemTypeDef, query: ListQuery): Promise<ItemPage> {
  const conditions = parseFilter(type, query.filter);
  const sort = parseSort(type, query.sort);
  const fields = selectedFields(type, query.fields);
  const after = query.cursor ? decodeCursor(sort, query.cursor) : undefined;
  const columns = [...new Set(['id', 'version', ...repository.columnsOf(fields), ...sort.map((k) => k.column)])];

  // One row more than asked tells whether another page exists.
  const restrict = readScope(ctx, type);
  const rows = await repository.listRows(ctx.db, ctx.dialect, type, { restrict, conditions, sort, after, limit: query.limit + 1, columns });
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const items = await presentItems(ctx.db, type, page, fields);
  const cap = query.total === 'exact' ? undefined : countCap + 1;
  const counted = query.total === 'false' ? null : await repository.countRows(ctx.db, ctx.dialect, type, conditions, restrict, cap);
  const totalCapped = counted !== null && cap !== undefined && counted >= cap;
  return { items, nextCursor: hasMore ? encodeCursor(sort, page[page.length - 1]) : null, total: totalCapped ? countCap : counted, totalCapped };
}

export function selectedFields(type: ItemTypeDef, fields: string | undefined): FieldDef[] {
  if (!fields) return type.fields;
  const names = fields.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !type.fields.some((f) => f.name === name));
  if (unknown.length > 0) throw invalid(unknown.map((name) => ({ field: `fields.${name}`, rule: 'unknown' })));
  return type.fields.filter((f) => f.name === 'id' || f.name === 'version' || names.includes(f.name));
}

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

/** The item's change history, oldest first: one entry per changed field of every write. */
export async function itemHistory(ctx: Context, type: ItemTypeDef, id: number, cursor: string | undefined, limit: number) {
  if (!(await repository.findItem(ctx.db, type, id, { restrict: readScope(ctx, type) }))) throw notFound();
  const afterId = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isSafeInteger(afterId) || afterId < 0 || afterId > 2_147_483_647) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const events = await eventsOf(ctx.db, type.name, id, afterId, limit + 1);
  const page = events.slice(0, limit);
  const items = page.flatMap((event): HistoryEntry[] => {
    const base = {
      eventId: Number(event.id),
      date: event.occurred_at,
      type: event.type.replace(/^item\./, ''),
      author: event.actor_id === null ? null : { id: Number(event.actor_id), name: event.actor_name ?? '' },
    };
    const all = Object.entries(JSON.parse(event.changes) as Record<string, [unknown, unknown]>);
    // Fields the caller's roles hide stay hidden in history too.
    const hidden = ctx.access.fields[type.name];
    const changes = all.filter(([name]) => hidden.get(name) !== 'hidden');
    if (event.type === 'item.updated' && all.length > 0 && changes.length === 0) return [];
    if (event.type !== 'item.updated' || changes.length === 0) {
      // A created event lists the item's values; a converted one what the lead became ({ contactId, companyId, dealId }).
      const summary = { field: null, fieldLabel: null, oldValue: null, newValue: event.type === 'item.created' || event.type === 'item.converted' ? Object.fromEntries(changes.map(([k, [, v]]) => [k, v])) : null };
      return [{ ...base, ...summary }];
    }
    return changes.map(([name, [oldValue, newValue]]) => ({
      ...base,
      field: name,
      fieldLabel: type.fields.find((f) => f.name === name)?.label[ctx.locale] ?? name,
      oldValue,
      newValue,
    }));
  });
  return { items, nextCursor: events.length > limit ? String(page[page.length - 1].id) : null };
}

export interface Dependency {
  type: string;
  id: number;
  title: string;
  relation: string;
}

/**
 * Every live item linked to this one, in either direction: what it points at (a deal's company),
 * what points at it (a company's deals) and many-to-many links (a contact's companies).
 */
export async function itemDependencies(ctx: Context, type: ItemTypeDef, id: number): Promise<Dependency[]> {
  const item = await repository.findItem(ctx.db, type, id, { restrict: readScope(ctx, type) });
  if (!item) throw notFound();
  const found: Array<{ type: ItemTypeDef; id: number; relation: string }> = [];

  for (const field of type.fields) {
    if (field.type === 'item' && item[field.column!] != null) {
      found.push({ type: itemTypes[field.itemType!], id: Number(item[field.column!]), relation: field.name });
    }
    if (field.type === 'links') {
      for (const link of await repository.loadLinks(ctx.db, field, [id])) found.push({ type: itemTypes[field.itemType!], id: link.other, relation: field.name });
    }
  }
  for (const other of Object.values(ctx.types)) {
    for (const field of other.fields) {
      if (field.itemType !== type.name) continue;
      if (field.type === 'item') {
        for (const otherId of await repository.idsPointingAt(ctx.db, other, field.column!, id)) found.push({ type: other, id: otherId, relation: `${other.name}.${field.name}` });
      }
      // A link table seen from the other side; skip the ones this type already lists as its own field.
      if (field.type === 'links' && !type.fields.some((own) => own.link?.table === field.link!.table)) {
        const reverse = { ...field, link: { ...field.link!, selfColumn: field.link!.otherColumn, otherColumn: field.link!.selfColumn } };
        for (const link of await repository.loadLinks(ctx.db, reverse, [id])) found.push({ type: other, id: link.other, relation: `${other.name}.${field.name}` });
      }
    }
  }

  const result: Dependency[] = [];
  for (const target of itemTypeList) {
    const ofType = found.filter((f) => f.type === target);
    // Only what the caller may read is listed.
    const rows = await repository.titlesOf(ctx.db, target, [...new Set(ofType.map((f) => f.id))], readScope(ctx, target));
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    const seen = new Set<string>();
    for (const entry of ofType) {
      const row = byId.get(entry.id);
      const key = `${entry.id}:${entry.relation}`;
      if (!row || seen.has(key)) continue;
      seen.add(key);
      result.push({ type: target.name, id: entry.id, title: itemTitle(target, row), relation: entry.relation });
    }
  }
  return result;
}
