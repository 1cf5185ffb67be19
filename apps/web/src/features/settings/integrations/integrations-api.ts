import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

/** The webhooks, outbound and dead-letter endpoints (docs/api.md, "Webhooks" and "Jobs"): administrators only. */

export type DeliveryStatus = 'delivered' | 'failed' | 'skipped';

export interface WebhookKind {
  kind: string;
  /** Already in the user's language. */
  label: string;
}

export interface Webhook {
  id: number;
  url: string;
  description: string;
  kinds: string[];
  status: 'active' | 'paused';
  /** `failures`, `ownerInactive`, `manual`; null when active. */
  pausedReason: string | null;
  failures: number;
  owner: { id: number; name: string };
  createdAt: string;
  updatedAt: string;
  lastDelivery: { status: DeliveryStatus; responseCode: number | null; createdAt: string } | null;
}

export interface WebhookInput {
  url: string;
  description: string;
  kinds: string[];
}

export interface Delivery {
  id: number;
  /** 0 for a test ping. */
  eventId: number;
  kind: string;
  attempt: number;
  status: DeliveryStatus;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

export interface DeadJob {
  id: number;
  kind: string;
  type: string;
  action: string;
  status: string;
  total: number;
  processed: number;
  attempts: number;
  deadAt: string | null;
  createdAt: string;
  error: { code: string; message: string } | null;
  lastError: string | null;
  createdBy: { id: number; name: string };
}

export const integrationKeys = {
  kinds: ['webhooks', 'kinds'] as const,
  webhooks: ['webhooks', 'list'] as const,
  webhook: (id: number) => ['webhooks', 'one', id] as const,
  deliveries: (id: number) => ['webhooks', 'deliveries', id] as const,
  outbound: ['settings', 'outbound'] as const,
  deadLetters: ['jobs', 'dead-letters'] as const,
};

/** The event kinds a webhook may ask for, labelled by the server in the user's language. */
export function useWebhookKinds() {
  return useQuery({
    queryKey: integrationKeys.kinds,
    queryFn: async ({ signal }) => (await api.get<{ kinds: WebhookKind[] }>('/webhooks/kinds', undefined, signal)).kinds,
    staleTime: 5 * 60_000,
  });
}

export function useWebhooks() {
  return useQuery({ queryKey: integrationKeys.webhooks, queryFn: async ({ signal }) => (await api.get<{ items: Webhook[] }>('/webhooks', undefined, signal)).items });
}

/** Deliveries happen while the page is open: its webhook and log are asked again this often. */
const liveInterval = 10_000;

export function useWebhook(id: number) {
  return useQuery({ queryKey: integrationKeys.webhook(id), queryFn: ({ signal }) => api.get<Webhook>(`/webhooks/${id}`, undefined, signal), refetchInterval: liveInterval });
}

/** A webhook's deliveries, newest first, a page at a time as the admin asks for more. */
export function useDeliveries(id: number) {
  return useInfiniteQuery({
    queryKey: integrationKeys.deliveries(id),
    queryFn: ({ pageParam, signal }) => api.get<{ items: Delivery[]; nextCursor: string | null }>(`/webhooks/${id}/deliveries`, { limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: liveInterval,
  });
}

/** Every write to a webhook: each reloads the list and the webhook's page, since both show its state. */
export function useWebhookActions() {
  const client = useQueryClient();
  const reload = () => client.invalidateQueries({ queryKey: ['webhooks'], predicate: (query) => query.queryKey[1] !== 'kinds' });
  return {
    create: async (input: WebhookInput) => {
      const created = await api.post<Webhook & { secret: string }>('/webhooks', input);
      await reload();
      return created;
    },
    update: async (id: number, changes: Partial<WebhookInput> & { status?: Webhook['status'] }) => {
      const updated = await api.patch<Webhook>(`/webhooks/${id}`, changes);
      await reload();
      return updated;
    },
    rotateSecret: async (id: number) => (await api.post<{ secret: string }>(`/webhooks/${id}/secret`)).secret,
    remove: async (id: number) => {
      await api.delete(`/webhooks/${id}`);
      client.removeQueries({ queryKey: integrationKeys.webhook(id) });
      await reload();
    },
    test: async (id: number) => {
      const delivery = await api.post<Delivery>(`/webhooks/${id}/test`);
      await reload();
      return delivery;
    },
  };
}

export function useOutboundSettings() {
  return useQuery({ queryKey: integrationKeys.outbound, queryFn: ({ signal }) => api.get<{ allowedHosts: string[] }>('/settings/outbound', undefined, signal) });
}

export function useSaveOutboundSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (allowedHosts: string[]) => api.put<{ allowedHosts: string[] }>('/settings/outbound', { allowedHosts }),
    onSuccess: (saved) => client.setQueryData(integrationKeys.outbound, saved),
  });
}

export function useDeadLetters() {
  return useQuery({ queryKey: integrationKeys.deadLetters, queryFn: async ({ signal }) => (await api.get<{ items: DeadJob[] }>('/jobs/dead-letters', undefined, signal)).items });
}

/** Queues a dead job again; the list is asked again, so the job leaves it. */
export function useRetryJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post(`/jobs/${id}/retry`),
    onSettled: () => client.invalidateQueries({ queryKey: integrationKeys.deadLetters }),
  });
}
