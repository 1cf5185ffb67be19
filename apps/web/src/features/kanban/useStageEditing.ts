import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { queryKeys } from '../../api/hooks';
import type { ReferenceValue, TypeMeta } from '../../api/types';
import type { ValueInput } from '../../components/ValueEditing/ValueFormModal';
import type { BoardStage } from './types';

export type StageInput = ValueInput;

/**
 * Editing the stages of the board in place (settings right): deal stages belong to their pipeline
 * (/pipelines/{id}/stages), lead statuses are the STATUS list (/reference-lists/STATUS). After each change the
 * board and every cached copy of the list (badges, selects) are loaded again.
 */
export function useStageEditing(type: TypeMeta, pipelineId: number | null) {
  const queryClient = useQueryClient();
  const list = type.stages?.list ?? '';
  const path = list === 'DEAL_STAGE' ? `/pipelines/${pipelineId ?? 0}/stages` : `/reference-lists/${list}`;
  const valuePath = useCallback((code: string) => `${path}/${encodeURIComponent(code)}`, [path]);

  const reload = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: [...queryKeys.items(type.plural), 'kanban'] }),
      queryClient.invalidateQueries({ queryKey: list === 'DEAL_STAGE' ? queryKeys.stages(pipelineId ?? 0) : queryKeys.referenceList(list) }),
    ]);
  }, [queryClient, type.plural, list, pipelineId]);

  return useMemo(
    () => ({
      async update(code: string, input: StageInput) {
        await api.patch<ReferenceValue>(valuePath(code), { name: input.name, color: input.color });
        await reload();
      },
      /** A new stage right after `after`, in the same group (a failure stage after a failure stage). */
      async addAfter(after: BoardStage, order: string[], input: StageInput) {
        const semantic = after.semantic === 'F' ? 'F' : 'P';
        const created = await api.post<ReferenceValue>(path, { name: input.name, ...(input.color ? { color: input.color } : {}), semantic });
        const codes = order.filter((code) => code !== created.code);
        codes.splice(codes.indexOf(after.id) + 1, 0, created.code);
        try {
          await api.put(`${path}/order`, { codes });
        } finally {
          await reload();
        }
      },
      async reorder(codes: string[]) {
        try {
          await api.put(`${path}/order`, { codes });
        } finally {
          await reload();
        }
      },
      async remove(code: string, replaceWith?: string) {
        await api.delete(valuePath(code), replaceWith ? { replaceWith } : undefined);
        await reload();
      },
    }),
    [path, valuePath, reload],
  );
}
