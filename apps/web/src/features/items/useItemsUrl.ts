import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import { decodeFilter, encodeFilter } from '../../api/filters';
import type { FilterPreset, FilterTerm } from '../../api/types';

/**
 * The items screen's state in the URL (router.tsx): the filter, the quick search and the preset applied. The list and
 * the board read the same parameters, so switching views keeps them; a reload or a shared link restores them.
 */
export function useItemsUrl() {
  const search = useSearch({ from: '/app/$type/' });
  const navigate = useNavigate({ from: '/$type/' });
  const filter = useMemo(() => decodeFilter(search.filter), [search.filter]);
  const actions = useMemo(
    () => ({
      setFilter: (terms: FilterTerm[]) => void navigate({ search: (prev) => ({ ...prev, filter: encodeFilter(terms) }) }),
      setQuery: (q: string) => void navigate({ search: (prev) => ({ ...prev, q: q.trim() === '' ? undefined : q }), replace: true }),
      applyPreset: (preset: FilterPreset, replace = false) =>
        void navigate({ search: (prev) => ({ ...prev, filter: encodeFilter(preset.filter), q: preset.search ?? undefined, preset: preset.id }), replace }),
      markPreset: (id: number | undefined) => void navigate({ search: (prev) => ({ ...prev, preset: id }), replace: true }),
      clear: () => void navigate({ search: (prev) => ({ ...prev, filter: undefined, q: undefined, preset: undefined }) }),
    }),
    [navigate],
  );

  return {
    filter,
    query: search.q,
    presetId: search.preset,
    /** Whether the URL names any filter at all (else the default preset may apply). */
    hasFilter: search.filter !== undefined || search.q !== undefined || search.preset !== undefined,
    ...actions,
  };
}
