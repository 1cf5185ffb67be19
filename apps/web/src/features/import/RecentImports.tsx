import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { AnchorLink } from '../../components/links';
import { formatCount, formatDateTime } from '../../lib/format';
import { pluralOf, type SearchTypeName } from '../search/search-options';
import { useRecentImports } from './imports';

const statusColor: Record<string, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red', cancelled: 'orange', undone: 'gray' };

/** The user's latest imports, newest first, each with where it stands and a link back to it. */
export function RecentImports() {
  const { t, i18n } = useTranslation('imports');
  const locale = i18n.language as Locale;
  const { data: recent = [] } = useRecentImports();

  if (recent.length === 0) return null;
  return (
    <Stack gap="xs">
      <div>
        <Title order={2} size="h4">
          {t('recent.heading')}
        </Title>
        <Text size="xs" c="dimmed">
          {t('recent.hint')}
        </Text>
      </div>
      {recent.map((entry) => {
        const status = entry.undoJob?.status === 'done' ? 'undone' : entry.status;
        return (
          <Paper key={entry.jobId} withBorder p="sm" radius="md">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Stack gap={0} style={{ minWidth: 0, flex: '1 1 220px' }}>
                <AnchorLink to="/import/$jobId" params={{ jobId: entry.jobId }} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {entry.fileName}
                </AnchorLink>
                <Text size="xs" c="dimmed">
                  {t(`types.${pluralOf[entry.type as SearchTypeName]}`)} · {formatDateTime(entry.startedAt, locale)} ·{' '}
                  {t('recent.counts', { created: formatCount(entry.created, locale), rejected: formatCount(entry.rejected, locale) })}
                </Text>
              </Stack>
              <Badge variant="light" color={statusColor[status]} style={{ textTransform: 'none' }}>
                {t(`recent.status.${status}`)}
              </Badge>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
