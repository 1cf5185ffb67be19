import { useQueries } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys, usePipelines, useReferenceList, useUsers } from '../../api/hooks';
import type { FieldMeta, ReferenceValue } from '../../api/types';

/**
 * The values a `reference` field may take. Deal stages belong to pipelines: with the deal's pipeline, its stages;
 * without (a filter over all deals), the stages of every pipeline.
 */
export function useReferenceValues(field: Pick<FieldMeta, 'list'>, pipelineId?: number | null): { values: ReferenceValue[]; loading: boolean } {
  const isStage = field.list === 'DEAL_STAGE';
  const list = useReferenceList(isStage ? null : field.list);
  const pipelines = usePipelines();
  const ids = isStage ? (pipelineId !== undefined && pipelineId !== null ? [pipelineId] : (pipelines.data?.map((p) => p.id) ?? [])) : [];
  const stages = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.stages(id),
      queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/pipelines/${id}/stages`)).values,
      staleTime: 300_000,
    })),
  });
  if (!isStage) return { values: list.data ?? [], loading: list.isPending && Boolean(field.list) };
  return { values: stages.flatMap((q) => q.data ?? []), loading: pipelines.isPending || stages.some((q) => q.isPending) };
}

export function useUserName(id: number | null | undefined): string | undefined {
  const users = useUsers().data;
  if (id === null || id === undefined) return undefined;
  return users?.find((u) => u.id === id)?.name ?? `#${id}`;
}
