import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Locale } from '../../api/types';
import { AnchorLink } from '../../components/links';
import { formatCount, formatDateTime } from '../../lib/format';
import { forgetImport, summaryKey, useRecentImports, type ImportSummary } from './imports';

const statusColor: Record<string, string> = { queued: 'gray', running: 'blue', done: 'green', failed: 'red', cancelled: 'orange', undone: 'gray' };

/** The imports started in this browser, newest first, each with where it stands and a link back to it. */
export function RecentImports() {
  const { t, i18n } = useTranslation('imports');
  const locale = i18n.language as Locale;
  const recent = useRecentImports();
  const summaries = useQueries({
    queries: recent.map((entry) => ({ queryKey: summaryKey(entry.jobId), queryFn: () => api.get<ImportSummary>(`/imports/${entry.jobId}`), retry: false })),
  });

  // An import this user cannot see (another account used this browser, or it is gone) leaves the list.
  useEffect(() => {
    recent.forEach((entry, index) => {
      const error = summaries[index]?.error;
      if (error instanceof ApiError && error.status === 404) forgetImport(entry.jobId);
    });
  }, [recent, summaries]);

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
      {recent.map((entry, index) => {
        const summary = summaries[index]?.data;
        const status = summary ? (summary.undoJob?.status === 'done' ? 'undone' : summary.status) : null;
        return (
          <Paper key={entry.jobId} withBorder p="sm" radius="md">
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Stack gap={0} style={{ minWidth: 0, flex: '1 1 220px' }}>
                <AnchorLink to="/import/$jobId" params={{ jobId: entry.jobId }} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {entry.fileName}
                </AnchorLink>
                <Text size="xs" c="dimmed">
                  {t(`types.${entry.plural}`)} · {formatDateTime(entry.startedAt, locale)}
                  {summary && ` · ${t('recent.counts', { created: formatCount(summary.created, locale), rejected: formatCount(summary.rejected, locale) })}`}
                </Text>
              </Stack>
              {status && (
                <Badge variant="light" color={statusColor[status]} style={{ textTransform: 'none' }}>
                  {t(`recent.status.${status}`)}
                </Badge>
              )}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
