import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../api/client';
import { filterQuery } from '../../../api/filters';
import { queryKeys } from '../../../api/hooks';
import type { FilterTerm, Item, ListPage } from '../../../api/types';

export const pageSize = 100;

export interface ItemPagesRequest {
  plural: string;
  fields: readonly string[];
  /** `field` or `-field`; undefined is the list's own order (newest first). */
  sort: string | undefined;
  filter: readonly FilterTerm[];
  search: string | undefined;
}

/** The key of every list query of a type: reset after a group action, invalidated when an item changes. */
export const listQueryKey = (plural: string) => [...queryKeys.items(plural), 'list'] as const;

/**
 * The list's rows, a page of 100 at a time by cursor as the grid scrolls (GET /api/v1/{type}); the total is counted
 * on the first page only. Not refetched on window focus: that would walk every loaded page again.
 */
export function useItemPages({ plural, fields, sort, filter, search }: ItemPagesRequest) {
  const query = useInfiniteQuery({
    queryKey: [...listQueryKey(plural), { fields, sort, filter, search }],
    queryFn: ({ pageParam, signal }) =>
      api.get<ListPage>(
        `/${plural}`,
        { fields: fields.join(','), sort, limit: pageSize, cursor: pageParam ?? undefined, total: pageParam ? 'false' : 'true', search: search?.trim() || undefined, ...filterQuery([...filter]) },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchOnWindowFocus: false,
    staleTime: 30_000,
    // Pages are only ever added: comparing 100,000 rows with the previous answer on every page would be wasted work.
    structuralSharing: false,
    // A new filter, sort or column keeps the rows on screen until the new ones come.
    placeholderData: keepPreviousData,
  });
  const rows = useMemo<Item[]>(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const first = query.data?.pages[0];
  return { query, rows, total: first?.total ?? null, totalCapped: first?.totalCapped ?? false };
}
