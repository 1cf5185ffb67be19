import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The signed-in user's API tokens and sessions (GET/POST/DELETE /tokens, /auth/sessions). */

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewApiToken {
  id: number;
  name: string;
  /** The secret: in this answer only. */
  token: string;
}

export interface UserSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

const tokensKey = ['tokens'] as const;
const sessionsKey = ['sessions'] as const;

/** Tokens in use (revoked ones are of no more use and are left out), the newest first. */
export function useApiTokens() {
  return useQuery({
    queryKey: tokensKey,
    queryFn: async () => (await api.get<{ items: ApiToken[] }>('/tokens')).items.filter((token) => token.revokedAt === null).reverse(),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<NewApiToken>('/tokens', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/tokens/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** This device first, then the others by when they were last seen. */
export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: async () => (await api.get<{ items: UserSession[] }>('/auth/sessions')).items });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/auth/sessions/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
}

export function useEndOtherSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ended: number }>('/auth/sessions/end-others'),
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
}
