import { Group, Loader, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../api/types';
import { formatCount } from '../../../lib/format';

interface Props {
  total: number | null;
  capped: boolean;
  loaded: number;
  /** New rows are on their way (another filter, sort or column). */
  refreshing: boolean;
}

/** Below the grid, as Bitrix24 shows it: the total ("10.000+" past the count's cap). */
export function ListFooter({ total, capped, loaded, refreshing }: Props) {
  const { t, i18n } = useTranslation('items');
  const locale = i18n.language as Locale;
  const totalText = total === null ? formatCount(loaded, locale) : formatCount(total, locale, capped);
  return (
    <Group px="md" py={6} gap="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)', background: 'var(--mantine-color-gray-0)' }}>
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('list.total')}: <Text span fw={600} c="var(--mantine-color-text)" size="sm" data-testid="list-total">{totalText}</Text>
      </Text>
      {refreshing && <Loader size={14} aria-label={t('common:state.loading')} />}
    </Group>
  );
}
