import { Alert, Loader, NativeSelect, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/hooks';
import { errorMessage } from '../../../lib/errors';
import { ValueListEditor } from './ValueListEditor';

/** Lead statuses keep these: a lead is converted, or junk. */
const statusSystemCodes = ['CONVERTED', 'JUNK'];

/** /settings/lists: pick one of the editable lists (statuses, sources, types…) and edit its values. */
export function ListsPage() {
  const { t } = useTranslation('settingsLists');
  const navigate = useNavigate();
  const search = useSearch({ from: '/app/settings/lists' });
  const lists = useQuery({ queryKey: ['reference-lists'], queryFn: async () => (await api.get<{ lists: Array<{ id: string; name: string }> }>('/reference-lists')).lists, staleTime: 5 * 60_000 });
  const current = lists.data?.find((list) => list.id === search.list) ?? lists.data?.[0];

  return (
    <Stack gap="md" maw={760}>
      <Title order={2} size="h3">
        {t('settings:sections.lists')}
      </Title>
      {lists.isPending && <Loader size="sm" />}
      {lists.isError && <Alert color="red">{errorMessage(lists.error, t)}</Alert>}
      {current && (
        <>
          <NativeSelect
            label={t('list')}
            value={current.id}
            data={lists.data!.map((list) => ({ value: list.id, label: list.name }))}
            onChange={(event) => void navigate({ to: '/settings/lists', search: { list: event.currentTarget.value } })}
            maw={360}
          />
          <Title order={3} size="h4">
            {current.name}
          </Title>
          <ValueListEditor
            key={current.id}
            path={`/reference-lists/${current.id}`}
            queryKey={queryKeys.referenceList(current.id)}
            listName={current.name}
            hasSemantic={current.id === 'STATUS'}
            systemCodes={current.id === 'STATUS' ? statusSystemCodes : []}
          />
        </>
      )}
    </Stack>
  );
}
