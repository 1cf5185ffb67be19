import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { FilterPreset, FilterTerm } from '../../api/types';

/** The user's saved filters of one type (GET/POST/PATCH/DELETE /api/v1/filter-presets/{type}). */
export const presetsKey = (plural: string) => ['filter-presets', plural] as const;

export function usePresets(plural: string) {
  return useQuery({
    queryKey: presetsKey(plural),
    queryFn: async () => (await api.get<{ items: FilterPreset[] }>(`/filter-presets/${plural}`)).items,
    staleTime: 5 * 60_000,
  });
}

export interface PresetBody {
  name: string;
  filter: FilterTerm[];
  search: string | null;
  isDefault?: boolean;
}

export function usePresetMutations(plural: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: presetsKey(plural) });
  const create = useMutation({ mutationFn: (body: PresetBody) => api.post<FilterPreset>(`/filter-presets/${plural}`, body), onSuccess: refresh });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: Partial<PresetBody> & { id: number }) => api.patch<FilterPreset>(`/filter-presets/${plural}/${id}`, patch),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: (id: number) => api.delete(`/filter-presets/${plural}/${id}`), onSuccess: refresh });
  return { create, update, remove };
}

/** Whether the filter on screen is the preset's own (same terms, same quick search). */
export function sameFilter(preset: Pick<FilterPreset, 'filter' | 'search'>, filter: readonly FilterTerm[], search: string | undefined): boolean {
  const key = (terms: readonly FilterTerm[]) => JSON.stringify([...terms].map((t) => [t.field, t.op, t.value]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
  return key(preset.filter) === key(filter) && (preset.search ?? '') === (search ?? '');
}
