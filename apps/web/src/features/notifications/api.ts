import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ItemTypeName } from '../activities/api';

/** The notifications endpoints (docs/api.md, "Notifications"): the bell's count, the list, marking read. */

export type NotificationKind = 'mention' | 'activityAssigned' | 'activityDue' | 'itemAssigned' | 'taskAssigned' | 'webhookPaused';

export interface AppNotification {
  id: number;
  kind: NotificationKind | string;
  createdAt: string;
  readAt: string | null;
  actor: { id: number; name: string } | null;
  item: { type: ItemTypeName; id: number; title: string } | null;
  activity: { id: number; subject: string } | null;
  task: { id: number; title: string } | null;
  comment: { id: number; excerpt: string } | null;
  /** `webhookPaused`: the webhook that was paused. */
  webhook?: { id: number; url: string } | null;
}

export interface NotificationPage {
  items: AppNotification[];
  unread: number;
  nextCursor: string | null;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
  unread: ['notifications', 'unread-count'] as const,
};

/** How many are unread: cheap, polled every 30 s for the bell. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: async ({ signal }) => (await api.get<{ unread: number }>('/notifications/unread-count', undefined, signal)).unread,
    refetchInterval: 30_000,
    staleTime: 10_000,
    retry: false,
  });
}

export function useNotifications(unreadOnly: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    queryFn: ({ pageParam, signal }) => api.get<NotificationPage>('/notifications', { unread: unreadOnly ? 'true' : undefined, limit: 20, cursor: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled,
    staleTime: 0,
  });
}

/** Marks some (or all) read; the bell and the lists show it at once, before the server's answer comes back. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: number[] } | { all: true }) => api.post<{ unread: number }>('/notifications/read', which),
    onMutate: (which) => {
      const readAt = new Date().toISOString();
      const marks = (n: AppNotification) => n.readAt === null && ('all' in which || which.ids.includes(n.id));
      let marked = 0;
      for (const unreadOnly of [false, true]) {
        client.setQueryData<InfiniteData<NotificationPage>>(notificationKeys.list(unreadOnly), (data) => {
          if (!data) return data;
          return {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((n) => {
                if (!marks(n)) return n;
                if (!unreadOnly) marked += 1;
                return { ...n, readAt };
              }),
            })),
          };
        });
      }
      client.setQueryData<number>(notificationKeys.unread, (count) => ('all' in which ? 0 : count === undefined ? count : Math.max(0, count - (marked || which.ids.length))));
    },
    onSuccess: (answer) => client.setQueryData(notificationKeys.unread, answer.unread),
    onSettled: () => void client.invalidateQueries({ queryKey: notificationKeys.list(true) }),
  });
}
