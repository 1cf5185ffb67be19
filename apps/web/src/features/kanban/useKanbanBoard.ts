import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { api, type Query } from '../../api/client';
import { filterQuery } from '../../api/filters';
import { queryKeys } from '../../api/hooks';
import type { FilterTerm, Item, TypeMeta } from '../../api/types';
import { appendCards, boardFromAnswer, withSummaries } from './boardCache';
import { cardFieldsOf, cardFieldsParam } from './cardFields';
import type { BoardData, KanbanAnswer } from './types';

/** Cards per column on the first load, and per further page as a column scrolls. */
const firstCards = 20;
const morePerPage = 100;

export interface BoardSource {
  type: TypeMeta;
  pipelineId: number | undefined;
  filter: FilterTerm[];
  search: string | undefined;
}

/**
 * The board's cache entry sits under the type's items (`['items', 'deals', 'kanban', …]`), so whatever refreshes
 * the type's lists after an edit refreshes the board too.
 */
export function boardKey({ type, pipelineId, filter, search }: BoardSource) {
  return [...queryKeys.items(type.plural), 'kanban', pipelineId ?? 'default', JSON.stringify(filter), search ?? ''] as const;
}

/** The query string every board request shares: the filter, the quick search, the pipeline and the card fields. */
function boardQuery({ type, pipelineId, filter, search }: BoardSource, fields: string): Query {
  return {
    ...filterQuery(filter),
    ...(search ? { search } : {}),
    ...(type.stages?.pipelineField && pipelineId !== undefined ? { pipelineId } : {}),
    fields,
  };
}

/**
 * The Kanban board of a type: columns with their first cards, more cards per column as it scrolls, and fresh
 * counts and totals after a change (without reloading the cards already in hand).
 */
export function useKanbanBoard(source: BoardSource) {
  const queryClient = useQueryClient();
  const { type, pipelineId, search } = source;
  const filterJson = JSON.stringify(source.filter);
  const fields = useMemo(() => cardFieldsParam(type, cardFieldsOf(type)), [type]);
  // Rebuilt when what they depend on changes, not on every render: the callbacks below stay stable.
  const key = useMemo(() => boardKey({ type, pipelineId, filter: JSON.parse(filterJson) as FilterTerm[], search }), [type, pipelineId, filterJson, search]);
  const params = useMemo(() => boardQuery({ type, pipelineId, filter: JSON.parse(filterJson) as FilterTerm[], search }, fields), [type, pipelineId, filterJson, search, fields]);

  const board = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => boardFromAnswer(await api.get<KanbanAnswer>(`/${type.plural}/kanban`, { ...params, limit: firstCards }, signal)),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    // Loading again gives each column its first cards only: coming back to the window must not take away the cards
    // someone scrolled to. Changes (moves, edits, stage settings) load it again or update it in place.
    refetchOnWindowFocus: false,
  });

  const [loadingColumns, setLoadingColumns] = useState<ReadonlySet<string>>(new Set());
  const loadMore = useCallback(
    async (columnId: string) => {
      const current = queryClient.getQueryData<BoardData>(key);
      const column = current?.columns.find((c) => c.id === columnId);
      if (!current || !column?.nextCursor) return;
      setLoadingColumns((set) => new Set(set).add(columnId));
      try {
        // The pipeline the board shows (the default one when the URL names none).
        const query = { ...params, ...(type.stages?.pipelineField && current.pipelineId !== null ? { pipelineId: current.pipelineId } : {}) };
        const page = await api.get<{ items: Item[]; nextCursor: string | null }>(`/${type.plural}/kanban/columns/${encodeURIComponent(columnId)}`, { ...query, cursor: column.nextCursor, limit: morePerPage });
        queryClient.setQueryData<BoardData>(key, (data) => (data ? appendCards(data, columnId, page.items, page.nextCursor) : data));
      } catch {
        // The column keeps its cursor; scrolling to its end again tries again.
      } finally {
        setLoadingColumns((set) => {
          const next = new Set(set);
          next.delete(columnId);
          return next;
        });
      }
    },
    [queryClient, key, params, type],
  );

  /** Counts and totals from the server (one card per column asked for), merged into the cards in hand. */
  const refreshSummaries = useCallback(async () => {
    try {
      const answer = await api.get<KanbanAnswer>(`/${type.plural}/kanban`, { ...params, limit: 1 });
      const current = queryClient.getQueryData<BoardData>(key);
      if (!current) return;
      const merged = withSummaries(current, answer.columns);
      if (merged) queryClient.setQueryData(key, merged);
      else await queryClient.invalidateQueries({ queryKey: key, exact: true });
    } catch {
      // The optimistic counts stay until the next load.
    }
  }, [queryClient, key, params, type]);

  return { board, key, loadMore, loadingColumns, refreshSummaries };
}
