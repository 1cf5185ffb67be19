import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The inbound webhooks of the Bitrix24-compatible API (GET/POST/DELETE /inbound-webhooks; docs/bitrix24-api.md). */

export type InboundScope = 'crm' | 'user';
export const inboundScopes: InboundScope[] = ['crm', 'user'];

export interface InboundWebhook {
  id: number;
  name: string;
  /** Whose rights and hidden fields the calls have. */
  user: { id: number; name: string };
  scopes: string[];
  /** The last four characters of the code. */
  codeHint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewInboundWebhook {
  name: string;
  userId?: number;
  scopes: InboundScope[];
}

/** The base URL `…/rest/{userId}/{code}/`: in this answer only. */
export type CreatedInboundWebhook = InboundWebhook & { url: string };

const key = ['inbound-webhooks'] as const;

/** The caller's webhooks; an administrator's answer holds everyone's. */
export function useInboundWebhooks() {
  return useQuery({ queryKey: key, queryFn: async () => (await api.get<{ items: InboundWebhook[] }>('/inbound-webhooks')).items });
}

export function useCreateInboundWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewInboundWebhook) => api.post<CreatedInboundWebhook>('/inbound-webhooks', input),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeInboundWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/inbound-webhooks/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}
