import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { CardLayout, Currency, Item, Me, Pipeline, ReferenceValue, TypeMeta, UserSummary } from './types';

/**
 * The queries every screen shares. Metadata (types, lists, pipelines, currencies, users) changes rarely: it is kept
 * for minutes and refreshed in the background; items are refetched when a screen opens them.
 */

const minutes = (n: number) => n * 60_000;

export const queryKeys = {
  me: ['me'] as const,
  types: ['types'] as const,
  layout: (plural: string) => ['card-layout', plural] as const,
  item: (plural: string, id: number) => ['item', plural, id] as const,
  items: (plural: string) => ['items', plural] as const,
  referenceList: (listId: string) => ['reference-list', listId] as const,
  pipelines: ['pipelines'] as const,
  stages: (pipelineId: number) => ['stages', pipelineId] as const,
  currencies: ['currencies'] as const,
  users: ['users'] as const,
};

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: () => api.get<Me>('/auth/me'), staleTime: minutes(5), retry: false });
}

export function useTypes() {
  return useQuery({ queryKey: queryKeys.types, queryFn: async () => (await api.get<{ items: TypeMeta[] }>('/types')).items, staleTime: minutes(5) });
}

/** One type's metadata by its URL segment (`deals`), once the types are loaded. */
export function useTypeMeta(plural: string): TypeMeta | undefined {
  return useTypes().data?.find((type) => type.plural === plural);
}

export function useCardLayout(plural: string) {
  return useQuery({ queryKey: queryKeys.layout(plural), queryFn: () => api.get<CardLayout>(`/card-layouts/${plural}`), staleTime: minutes(5) });
}

export function useItem(plural: string, id: number) {
  return useQuery({ queryKey: queryKeys.item(plural, id), queryFn: () => api.get<Item>(`/${plural}/${id}`), placeholderData: keepPreviousData });
}

/** The values of a reference list (STATUS, SOURCE…); deal stages come from usePipelineStages. */
export function useReferenceList(listId: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.referenceList(listId ?? ''),
    queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/reference-lists/${listId}`)).values,
    enabled: Boolean(listId),
    staleTime: minutes(5),
  });
}

export function usePipelines() {
  return useQuery({ queryKey: queryKeys.pipelines, queryFn: async () => (await api.get<{ pipelines: Pipeline[] }>('/pipelines')).pipelines, staleTime: minutes(5) });
}

export function usePipelineStages(pipelineId: number | null | undefined) {
  return useQuery({
    queryKey: queryKeys.stages(pipelineId ?? -1),
    queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/pipelines/${pipelineId}/stages`)).values,
    enabled: pipelineId !== null && pipelineId !== undefined,
    staleTime: minutes(5),
  });
}

export function useCurrencies() {
  return useQuery({ queryKey: queryKeys.currencies, queryFn: async () => (await api.get<{ items: Currency[] }>('/currencies')).items, staleTime: minutes(10) });
}

/** Every user (pickers offer the active ones; lists name the inactive ones too). */
export function useUsers() {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: async () => (await api.get<{ users: UserSummary[] }>('/users')).users,
    staleTime: minutes(5),
  });
}

/** Forget everything cached (sign-out, another user). */
export function useResetCache() {
  const client = useQueryClient();
  return () => client.clear();
}
