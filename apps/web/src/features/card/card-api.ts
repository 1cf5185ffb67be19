import { useInfiniteQuery, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import { forgetTitles } from '../../api/titles';
import type { Dependency, HistoryEntry, Item, Page } from '../../api/types';

/** The card's own queries: the item's history and dependencies, paged by cursor. */
export const cardKeys = {
  history: (plural: string, id: number) => ['item-history', plural, id] as const,
  dependencies: (plural: string, id: number) => ['item-dependencies', plural, id] as const,
};

const pageSize = 50;

export function useItemHistory(plural: string, id: number) {
  return useInfiniteQuery({
    queryKey: cardKeys.history(plural, id),
    queryFn: ({ pageParam, signal }) => api.get<Page<HistoryEntry>>(`/${plural}/${id}/history`, { limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useItemDependencies(plural: string, id: number) {
  return useInfiniteQuery({
    queryKey: cardKeys.dependencies(plural, id),
    queryFn: ({ pageParam, signal }) => api.get<Page<Dependency>>(`/${plural}/${id}/dependencies`, { limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** What else shows an item once it changed: its history and links, the lists and boards, the titles of linked items. */
export function afterItemChange(client: QueryClient, plural: string, id: number) {
  forgetTitles(plural);
  void client.invalidateQueries({ queryKey: cardKeys.history(plural, id) });
  void client.invalidateQueries({ queryKey: cardKeys.dependencies(plural, id) });
  void client.invalidateQueries({ queryKey: queryKeys.items(plural) });
  void client.invalidateQueries({ queryKey: ['item-title', plural, id] });
}

/** PATCH /{type}/{id} with the version the user read: the server refuses it (409) when someone changed the item meanwhile. */
export function useUpdateItem(plural: string, id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ values, version }: { values: Record<string, unknown>; version: number }) => api.patch<Item>(`/${plural}/${id}`, { ...values, version }),
    onSuccess: (item) => {
      client.setQueryData(queryKeys.item(plural, id), item);
      afterItemChange(client, plural, id);
    },
  });
}

/** Reads the item again from the server (after a conflict); resolves once the fresh copy is in the cache. */
export function useReloadItem(plural: string, id: number) {
  const client = useQueryClient();
  return () => client.refetchQueries({ queryKey: queryKeys.item(plural, id), exact: true, type: 'all' });
}

export function useDeleteItem(plural: string, id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => request<void>('DELETE', `/${plural}/${id}`, { headers: { 'if-match': `"${version}"` } }),
    onSuccess: () => {
      client.removeQueries({ queryKey: queryKeys.item(plural, id), exact: true });
      afterItemChange(client, plural, id);
    },
  });
}
