import { Select } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { queryKeys, usePipelines, useReferenceList } from '../../../api/hooks';
import type { ReferenceValue, TypeMeta } from '../../../api/types';

interface Props {
  type: TypeMeta;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
}

/**
 * The stage to move items to: for deals, the stages of every pipeline, grouped by pipeline (a deal of another
 * pipeline is refused by the server, item by item); for leads, the statuses.
 */
export function StageSelect({ type, label, value, onChange, error }: Props) {
  const byPipeline = type.stages?.pipelineField !== null && type.stages?.pipelineField !== undefined;
  const pipelines = usePipelines();
  const statuses = useReferenceList(byPipeline ? null : type.stages?.list);
  const stages = useQueries({
    queries: (byPipeline ? (pipelines.data ?? []) : []).map((pipeline) => ({
      queryKey: queryKeys.stages(pipeline.id),
      queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(`/pipelines/${pipeline.id}/stages`)).values,
      staleTime: 300_000,
    })),
  });

  const data = byPipeline
    ? (pipelines.data ?? []).map((pipeline, index) => ({ group: pipeline.name, items: (stages[index]?.data ?? []).map((stage) => ({ value: stage.code, label: stage.name })) }))
    : (statuses.data ?? []).map((status) => ({ value: status.code, label: status.name }));

  return <Select label={label} data={data} value={value} onChange={onChange} searchable required error={error} comboboxProps={{ withinPortal: true }} data-autofocus />;
}
