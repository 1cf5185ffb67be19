import { Box, Group, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { readableTextColor } from '../../components/Board/colors';
import { formatCount, formatMoney } from '../../lib/format';
import type { BoardStage } from './types';

export interface ColumnHeaderProps {
  column: BoardStage;
  baseCurrency: string;
  /** The stage's settings menu, for those who may configure the CRM. */
  menu?: React.ReactNode;
}

/** A column's head as in Bitrix24: the stage in its colour with the number of cards, and below it their total. */
export function ColumnHeader({ column, baseCurrency, menu }: ColumnHeaderProps) {
  const { t, i18n } = useTranslation('kanban');
  const locale = i18n.language as Locale;
  const background = column.color ?? '#dee2e6';
  const color = readableTextColor(background);
  return (
    <Box px={8} pt={8} pb={6}>
      <Group gap={4} wrap="nowrap" justify="space-between" px={10} py={6} style={{ background, color, borderRadius: 6, minHeight: 36 }}>
        <Text component="h2" size="sm" fw={600} truncate c={color} title={column.name} style={{ margin: 0 }}>
          {column.name}
        </Text>
        <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
          <Text span size="sm" fw={600} c={color}>
            <span aria-hidden>{formatCount(column.count, locale)}</span>
            <VisuallyHidden>{t('cardCount', { count: column.count })}</VisuallyHidden>
          </Text>
          {menu}
        </Group>
      </Group>
      <Text size="md" fw={600} mt={6} px={2} style={{ whiteSpace: 'nowrap' }}>
        {column.total === null ? (
          <>
            <span aria-hidden>—</span>
            <VisuallyHidden>{t('totalHidden')}</VisuallyHidden>
          </>
        ) : (
          formatMoney(column.total, baseCurrency, locale)
        )}
      </Text>
    </Box>
  );
}
