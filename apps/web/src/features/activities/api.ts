import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../api/client';
import type { Activity, ActivityKind, ItemRef, ItemTypeName } from '../timeline/types';

/** The activities endpoints (docs/api.md, "Activities"): the caller's list, the counters, completing and rescheduling. */

export type { Activity, ActivityKind, ItemRef, ItemTypeName };
export const activityKinds: ActivityKind[] = ['call', 'meeting', 'email', 'todo'];

export interface ActivityPage {
  items: Activity[];
  nextCursor: string | null;
}

export interface ActivityCounters {
  overdue: number;
  today: number;
  upcoming: number;
}

/** What GET /activities is asked: the page's filters as the API names them. */
export interface ActivityQuery {
  responsibleId?: number | 'me';
  kind?: ActivityKind[];
  completed?: boolean;
  from?: string;
  to?: string;
  itemType?: ItemTypeName;
  itemId?: number;
}

/** Everything about activities starts with 'activities', so one invalidation refreshes lists and counters alike. */
export const activityKeys = {
  all: ['activities'] as const,
  list: (query: ActivityQuery) => ['activities', 'list', query] as const,
  range: (query: ActivityQuery) => ['activities', 'range', query] as const,
  counters: ['activities', 'counters'] as const,
};

export function toParams(query: ActivityQuery): Record<string, string | number | undefined> {
  return {
    responsibleId: query.responsibleId,
    kind: query.kind && query.kind.length > 0 ? query.kind.join(',') : undefined,
    completed: query.completed === undefined ? undefined : String(query.completed),
    from: query.from,
    to: query.to,
    itemType: query.itemId ? query.itemType : undefined,
    itemId: query.itemId,
  };
}

/** The list, 50 a page, paged by nextCursor. */
export function useActivities(query: ActivityQuery) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(query),
    queryFn: ({ pageParam, signal }) => api.get<ActivityPage>('/activities', { ...toParams(query), limit: 50, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The most a calendar range loads: a week of a busy salesperson is far below it. */
export const rangeCap = 1000;

/** Every activity of a range (a calendar's day or week), all pages, up to rangeCap. */
export function useActivityRange(query: ActivityQuery, enabled = true) {
  return useQuery({
    queryKey: activityKeys.range(query),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }) => {
      const all: Activity[] = [];
      let cursor: string | null = null;
      do {
        const page: ActivityPage = await api.get<ActivityPage>('/activities', { ...toParams(query), limit: 200, cursor: cursor ?? undefined }, signal);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < rangeCap);
      return { items: all, capped: cursor !== null };
    },
  });
}

/** The browser's IANA time zone ("America/Sao_Paulo"): what "today" means to the user. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Sao_Paulo';
  } catch {
    return 'America/Sao_Paulo';
  }
}

/** Today's and overdue open activities, for the shell's counter: refreshed every minute and after writes. */
export function useActivityCounters() {
  return useQuery({
    queryKey: activityKeys.counters,
    queryFn: ({ signal }) => api.get<ActivityCounters>('/activities/counters', { timeZone: browserTimeZone() }, signal),
    refetchInterval: 60_000,
    staleTime: 30_000,
    retry: false,
  });
}

export interface ActivityPatch {
  completed?: boolean;
  deadline?: string | null;
  startAt?: string | null;
  endAt?: string | null;
  version?: number;
}

/** Completing (or reopening) and rescheduling: one PATCH; every list and the counters follow. */
export function useUpdateActivity() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: ActivityPatch }) => api.patch<Activity>(`/activities/${id}`, patch),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: activityKeys.all });
      // The card's timeline shows it too (another screen's cache; refetched when it opens).
      void client.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}

/** The patch that moves an activity to a new moment: a meeting keeps its length. */
export function reschedulePatch(activity: Pick<Activity, 'kind' | 'startAt' | 'endAt' | 'version'>, when: Date): ActivityPatch {
  const iso = when.toISOString();
  if (activity.kind === 'meeting' && activity.startAt) {
    const length = activity.endAt ? new Date(activity.endAt).getTime() - new Date(activity.startAt).getTime() : 0;
    return { startAt: iso, deadline: iso, endAt: length > 0 ? new Date(when.getTime() + length).toISOString() : activity.endAt, version: activity.version };
  }
  return { deadline: iso, version: activity.version };
}

/**
 * Any write anywhere in the app (planning an activity on a card, completing it on the Kanban, moving a deal) may change
 * what is due today: the counters are fetched again after each successful one.
 */
export function useCountersFollowWrites() {
  const client = useQueryClient();
  useEffect(
    () =>
      client.getMutationCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'success') void client.invalidateQueries({ queryKey: activityKeys.counters });
      }),
    [client],
  );
}
