import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { useTypes } from './hooks';
import type { Item, TypeMeta } from './types';

/** An item's title from its title fields (a contact's first and last name; a deal's title), as the server builds it. */
export function itemTitle(type: Pick<TypeMeta, 'titleFields'>, item: Record<string, unknown>): string {
  const parts = type.titleFields.map((name) => item[name]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return parts.join(' ') || `#${String(item.id)}`;
}

/**
 * Titles of linked items (a deal's company, a contact's companies) for many cells at once: the ids asked for in the
 * same moment go out as one list request per type (`filter[id][in]=…`), and each answer is cached.
 */
const pending = new Map<string, { ids: Set<number>; waiters: Array<() => void> }>();
const known = new Map<string, Map<number, string | null>>();

async function flush(type: TypeMeta) {
  const batch = pending.get(type.plural);
  if (!batch) return;
  pending.delete(type.plural);
  const ids = [...batch.ids];
  const titles = known.get(type.plural) ?? new Map<number, string | null>();
  known.set(type.plural, titles);
  try {
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      const page = await api.get<{ items: Item[] }>(`/${type.plural}`, { 'filter[id][in]': chunk.join(','), fields: ['id', ...type.titleFields].join(','), limit: chunk.length, total: 'false' });
      // Only titles found are remembered: an item not found (not readable, or asked for a moment before it existed)
      // is asked for again next time.
      for (const item of page.items) titles.set(item.id, itemTitle(type, item));
    }
  } finally {
    for (const waiter of batch.waiters) waiter();
  }
}

function loadTitle(type: TypeMeta, id: number): Promise<string | null> {
  const cached = known.get(type.plural)?.get(id);
  if (cached !== undefined) return Promise.resolve(cached);
  return new Promise((resolve) => {
    let batch = pending.get(type.plural);
    if (!batch) {
      batch = { ids: new Set(), waiters: [] };
      pending.set(type.plural, batch);
      setTimeout(() => void flush(type), 10);
    }
    batch.ids.add(id);
    batch.waiters.push(() => resolve(known.get(type.plural)?.get(id) ?? null));
  });
}

/** The title of one linked item, or null when the caller may not read it (or it is gone). */
export function useItemTitle(typeName: string | null, id: number | null | undefined) {
  const types = useTypes().data;
  const type = types?.find((t) => t.name === typeName || t.plural === typeName);
  return useQuery({
    queryKey: ['item-title', type?.plural, id],
    queryFn: () => loadTitle(type!, id!),
    enabled: Boolean(type) && typeof id === 'number',
    staleTime: 60_000,
    // A title not found yet is looked for again shortly (the item may have been committed a moment after the ask).
    refetchInterval: (query) => (query.state.data === null && query.state.dataUpdateCount < 5 ? 2_000 : false),
  });
}

/** Forget cached titles (after an item was renamed). */
export function forgetTitles(plural?: string) {
  if (plural) known.delete(plural);
  else known.clear();
}
