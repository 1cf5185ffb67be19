import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../api/client';
import { queryKeys, usePipelines } from '../../../api/hooks';
import type { Pipeline } from '../../../api/types';

/** The pipelines and their writes; every write reloads them (switchers, selects and boards read the same cache). */
export function usePipelineEditing() {
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const actions = useMemo(() => {
    const reload = () => queryClient.invalidateQueries({ queryKey: queryKeys.pipelines });
    return {
      async create(name: string) {
        const created = await api.post<Pipeline>('/pipelines', { name });
        await reload();
        return created;
      },
      async rename(id: number, name: string) {
        await api.patch<Pipeline>(`/pipelines/${id}`, { name });
        await reload();
      },
      async makeDefault(id: number) {
        await api.patch<Pipeline>(`/pipelines/${id}`, { isDefault: true });
        await reload();
      },
      /** The whole order in one request: the server writes it in one transaction, so it is never half done. */
      async reorder(current: Pipeline[], ids: number[]) {
        queryClient.setQueryData<Pipeline[]>(queryKeys.pipelines, ids.map((id, index) => ({ ...current.find((p) => p.id === id)!, sort: (index + 1) * 10 })));
        try {
          await api.put<{ pipelines: Pipeline[] }>('/pipelines/order', { ids });
        } finally {
          await reload();
        }
      },
      async remove(id: number) {
        await api.delete(`/pipelines/${id}`);
        queryClient.removeQueries({ queryKey: queryKeys.stages(id) });
        await reload();
      },
    };
  }, [queryClient]);
  return { pipelines, ...actions };
}
