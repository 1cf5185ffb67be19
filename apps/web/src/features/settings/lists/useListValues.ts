import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../../api/client';
import type { ReferenceValue } from '../../../api/types';

export interface ValueChanges {
  name?: string;
  color?: string | null;
  semantic?: 'P' | 'S' | 'F';
}

/**
 * The values of one list and its writes: `path` is `/reference-lists/SOURCE` or `/pipelines/3/stages`, `queryKey` the
 * key every screen caches the list under (badges and selects name the values from it). After a write the list is
 * loaded again, and so are the items (a delete moves them to the replacement) and the boards.
 */
export function useListValues(path: string, queryKey: readonly unknown[]) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey, queryFn: async () => (await api.get<{ values: ReferenceValue[] }>(path)).values });

  const reload = useCallback(
    async (itemsToo: boolean) => {
      await queryClient.invalidateQueries({ queryKey });
      if (itemsToo) await Promise.all([queryClient.invalidateQueries({ queryKey: ['items'] }), queryClient.invalidateQueries({ queryKey: ['item'] })]);
    },
    [queryClient, queryKey],
  );
  const valuePath = useCallback((code: string) => `${path}/${encodeURIComponent(code)}`, [path]);

  const actions = useMemo(
    () => ({
      async add(input: ValueChanges & { name: string }) {
        const created = await api.post<ReferenceValue>(path, { name: input.name, ...(input.color ? { color: input.color } : {}), ...(input.semantic ? { semantic: input.semantic } : {}) });
        await reload(true);
        return created;
      },
      async update(value: ReferenceValue, input: ValueChanges) {
        // The name is written in both languages only when they were the same: a translated name keeps its translation.
        const names = value.namePt === value.nameEn ? { nameEn: input.name, namePt: input.name } : { name: input.name };
        await api.patch<ReferenceValue>(valuePath(value.code), {
          ...(input.name !== undefined && input.name !== value.name ? names : {}),
          ...(input.color !== undefined && input.color !== value.color ? { color: input.color } : {}),
          ...(input.semantic !== undefined && input.semantic !== value.semantic ? { semantic: input.semantic } : {}),
        });
        await reload(true);
      },
      async reorder(codes: string[]) {
        // Shown at once; the server's order replaces it when it answers (or the old one, when it refuses).
        queryClient.setQueryData<ReferenceValue[]>(queryKey, (values) => values && codes.map((code) => values.find((v) => v.code === code)!).filter(Boolean));
        try {
          await api.put(`${path}/order`, { codes });
        } finally {
          await reload(true);
        }
      },
      async remove(code: string, replaceWith?: string) {
        await api.delete(valuePath(code), replaceWith ? { replaceWith } : undefined);
        await reload(true);
      },
    }),
    [path, valuePath, reload, queryClient, queryKey],
  );
  return { ...query, ...actions };
}
