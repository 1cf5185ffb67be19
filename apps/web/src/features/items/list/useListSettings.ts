import { notifyError } from '../../../lib/notify';
import { useDebouncedCallback } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { ListView } from '../../../api/types';
import { errorMessage } from '../../../lib/errors';

export const listViewKey = (plural: string) => ['list-view', plural] as const;

/**
 * The user's list settings for a type (GET/PUT /api/v1/views/{type}): columns with widths, sort. A change shows at
 * once and is saved a moment later (several quick changes, one request); leaving the screen saves what is pending.
 */
export function useListSettings(plural: string) {
  const { t } = useTranslation('items');
  const client = useQueryClient();
  const key = listViewKey(plural);
  const query = useQuery({ queryKey: key, queryFn: () => api.get<ListView>(`/views/${plural}`), staleTime: 5 * 60_000, refetchOnWindowFocus: false });
  const save = useMutation({
    mutationFn: (view: ListView) => api.put<ListView>(`/views/${plural}`, view),
    onSuccess: (saved) => client.setQueryData(listViewKey(plural), saved),
    onError: (error) => {
      notifyError(t('list.settingsNotSaved'), errorMessage(error, t));
      void client.invalidateQueries({ queryKey: listViewKey(plural) });
    },
  });
  const saveLater = useDebouncedCallback((view: ListView) => save.mutate(view), { delay: 700, flushOnUnmount: true });

  const change = useCallback(
    (update: (view: ListView) => ListView) => {
      const current = client.getQueryData<ListView>(listViewKey(plural));
      if (!current) return;
      const next = update(current);
      client.setQueryData(listViewKey(plural), next);
      saveLater(next);
    },
    [client, plural, saveLater],
  );

  return { view: query.data, error: query.error, refetch: query.refetch, change };
}
