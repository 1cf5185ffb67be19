import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Item } from '../../api/types';

/** The duplicate control endpoints (POST …/duplicates/check, …/duplicates/scan, GET …/duplicates, …/merge). */

export type DuplicatePlural = 'leads' | 'contacts' | 'companies';
export const duplicatePlurals: DuplicatePlural[] = ['contacts', 'companies', 'leads'];
export const isDuplicatePlural = (value: string): value is DuplicatePlural => (duplicatePlurals as string[]).includes(value);

export type Criterion = 'email' | 'phone' | 'name' | 'company';

export interface DuplicateMatch {
  item: Item;
  matched: Criterion[];
}

export interface DuplicateGroup {
  id: number;
  /** What the items share first (phone, then e-mail, then name), and everything they share. */
  criterion: 'email' | 'phone' | 'name';
  criteria: Array<'email' | 'phone' | 'name'>;
  value: string | null;
  items: Item[];
}

export interface GroupPage {
  scan: { finishedAt: string | null; runningJobId: number | null };
  items: DuplicateGroup[];
  nextCursor: string | null;
}

export const duplicateKeys = {
  groups: (plural: string) => ['duplicate-groups', plural] as const,
  group: (plural: string, id: number) => ['duplicate-group', plural, id] as const,
  check: (plural: string, body: string) => ['duplicate-check', plural, body] as const,
};

/** Likely duplicates of what the create form holds (`body` null: nothing worth checking yet). */
export function useDuplicateCheck(plural: string, body: Record<string, unknown> | null) {
  const key = JSON.stringify(body);
  return useQuery({
    queryKey: duplicateKeys.check(plural, key),
    queryFn: async () => (await api.post<{ items: DuplicateMatch[] }>(`/${plural}/duplicates/check`, body)).items,
    enabled: body !== null && isDuplicatePlural(plural),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useGroups(plural: DuplicatePlural) {
  return useInfiniteQuery({
    queryKey: duplicateKeys.groups(plural),
    queryFn: ({ pageParam }) => api.get<GroupPage>(`/${plural}/duplicates`, { limit: 50, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useGroup(plural: DuplicatePlural, id: number | null) {
  return useQuery({ queryKey: duplicateKeys.group(plural, id ?? 0), queryFn: () => api.get<DuplicateGroup>(`/${plural}/duplicates/groups/${id}`), enabled: id !== null, gcTime: 0 });
}

export function useStartScan(plural: DuplicatePlural) {
  return useMutation({ mutationFn: () => api.post<{ jobId: number }>(`/${plural}/duplicates/scan`) });
}

export function useDismiss(plural: DuplicatePlural) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<void>(`/${plural}/duplicates/groups/${id}/dismiss`),
    onSuccess: () => client.invalidateQueries({ queryKey: duplicateKeys.groups(plural) }),
  });
}

export interface MergeBody {
  ids: number[];
  survivorId: number;
  values: Record<string, number>;
}

export function useMerge(plural: DuplicatePlural) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeBody) => api.post<{ item: Item; mergedIds: number[] }>(`/${plural}/merge`, body),
    onSuccess: (answer) => {
      void client.invalidateQueries({ queryKey: duplicateKeys.groups(plural) });
      void client.invalidateQueries({ queryKey: ['items', plural] });
      client.setQueryData(['item', plural, answer.item.id], answer.item);
    },
  });
}
