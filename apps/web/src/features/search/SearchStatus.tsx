import { Stack, Text } from '@mantine/core';
import { IconSearch, IconMoodEmpty } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { minimumQueryLength } from './useGlobalSearch';

/** What the dialog says instead of results: how to search, type a little more, or that nothing matched. */
export function SearchStatus({ state, query }: { state: 'hint' | 'tooShort' | 'empty'; query: string }) {
  const { t } = useTranslation('search');
  const Icon = state === 'empty' ? IconMoodEmpty : IconSearch;
  return (
    <Stack align="center" gap={4} py="xl" px="md">
      <Icon size={32} stroke={1.5} color="var(--mantine-color-gray-5)" aria-hidden />
      {state === 'hint' && (
        <Text size="sm" c="dimmed" ta="center">
          {t('hint')}
        </Text>
      )}
      {state === 'tooShort' && (
        <Text size="sm" c="dimmed" ta="center">
          {t('tooShort', { count: minimumQueryLength })}
        </Text>
      )}
      {state === 'empty' && (
        <>
          <Text size="sm" fw={500} ta="center">
            {t('noResults', { query })}
          </Text>
          <Text size="xs" c="dimmed" ta="center">
            {t('noResultsHint')}
          </Text>
        </>
      )}
    </Stack>
  );
}
