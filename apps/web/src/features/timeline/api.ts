import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { afterItemChange } from '../card/card-api';
import type { Activity, ActivityInput, Comment, TimelineKind, TimelinePage } from './types';

/** The timeline of one item (`/deals/12/timeline`), paged as it scrolls, and the writes that change it. */
export const timelineKeys = {
  all: ['timeline'] as const,
  item: (plural: string, id: number) => ['timeline', plural, id] as const,
  page: (plural: string, id: number, kinds: readonly TimelineKind[]) => ['timeline', plural, id, [...kinds].sort().join(',')] as const,
};

const pageSize = 20;

export function useTimeline(plural: string, id: number, kinds: readonly TimelineKind[]) {
  return useInfiniteQuery({
    queryKey: timelineKeys.page(plural, id, kinds),
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(`/${plural}/${id}/timeline`, { kinds: kinds.length > 0 ? [...kinds].sort().join(',') : undefined, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Another filter keeps the entries on screen until its own arrive.
    placeholderData: keepPreviousData,
  });
}

/**
 * After an activity or a comment changed: every timeline it may show on and every item it may concern (an activity
 * links several; their `nextActivityAt` moves), their lists and boards, the item's history, and whatever lists
 * activities or notifications. Only the queries on screen load again; the others are marked stale.
 */
export function afterTimelineChange(client: QueryClient, plural: string, id: number) {
  afterItemChange(client, plural, id);
  for (const key of [timelineKeys.all, ['item'], ['items'], ['activities'], ['activity-counters'], ['notifications']]) void client.invalidateQueries({ queryKey: key });
}

/** Writes on the timeline of the item `plural`/`id` (the card it is done from). */
function useTimelineMutation<Variables, Answer>(plural: string, id: number, write: (variables: Variables) => Promise<Answer>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: write, onSuccess: () => afterTimelineChange(client, plural, id) });
}

export function useCreateActivity(plural: string, id: number) {
  return useTimelineMutation(plural, id, (input: ActivityInput) => api.post<Activity>('/activities', input));
}

export function useUpdateActivity(plural: string, id: number) {
  return useTimelineMutation(plural, id, ({ activityId, values }: { activityId: number; values: ActivityInput }) => api.patch<Activity>(`/activities/${activityId}`, values));
}

export function useDeleteActivity(plural: string, id: number) {
  return useTimelineMutation(plural, id, (activityId: number) => api.delete(`/activities/${activityId}`));
}

export function useCreateComment(plural: string, id: number) {
  return useTimelineMutation(plural, id, (input: { text: string; mentionIds: number[] }) => api.post<Comment>(`/${plural}/${id}/comments`, input));
}

export function useUpdateComment(plural: string, id: number) {
  return useTimelineMutation(plural, id, ({ commentId, text }: { commentId: number; text: string }) => api.patch<Comment>(`/comments/${commentId}`, { text }));
}

export function useDeleteComment(plural: string, id: number) {
  return useTimelineMutation(plural, id, (commentId: number) => api.delete(`/comments/${commentId}`));
}
