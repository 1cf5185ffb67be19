import { ActionIcon, Anchor, CloseButton, Group, Loader, Popover, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Locale } from '../../api/types';
import { formatCount, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { jobEnded } from '../items/bulk/jobs';
import { downloadFile, fileUrl, forgetExport, markDelivered, useTrackedExports, type ExportJob } from './exports';

/**
 * In the header, while the user has recent exports: their progress, wherever the user is in the app, and their files.
 * When one finishes its file downloads (once) and a notice says so; a failure is told the same way.
 */
export function ExportIndicator() {
  const { t, i18n } = useTranslation('export');
  const locale = i18n.language as Locale;
  const exports = useTrackedExports();
  const jobs = useQueries({
    queries: exports.map((entry) => ({
      queryKey: ['job', entry.jobId],
      queryFn: () => api.get<ExportJob>(`/jobs/${entry.jobId}`),
      refetchInterval: (query: { state: { data?: ExportJob } }) => (query.state.data && jobEnded(query.state.data) ? false : 1000),
      refetchIntervalInBackground: true,
      retry: 1,
    })),
  });

  useEffect(() => {
    exports.forEach((entry, index) => {
      const job = jobs[index]?.data;
      if (entry.delivered || !job || !jobEnded(job)) return;
      markDelivered(entry.jobId);
      const type = t(`types.${entry.plural}`);
      if (job.status === 'done' && job.fileId !== null) {
        downloadFile(job.fileId);
        notifySuccess(t('notifyDone', { type, shown: formatCount(job.succeeded, locale) }));
      } else if (job.status === 'failed') {
        notifyError(t('notifyFailed', { type }), job.error?.message ?? '');
      }
    });
    // A job that no longer exists for this user (another account in this browser) is dropped from the list.
    exports.forEach((entry, index) => {
      if (jobs[index]?.isError) forgetExport(entry.jobId);
    });
  }, [exports, jobs, t, locale]);

  if (exports.length === 0) return null;
  const running = exports.some((_, index) => {
    const job = jobs[index]?.data;
    return !job || !jobEnded(job);
  });

  return (
    <Popover position="bottom-end" width={320} shadow="md" withArrow>
      <Popover.Target>
        <Tooltip label={running ? t('indicatorRunning') : t('indicator')}>
          <ActionIcon variant="subtle" size="lg" aria-label={running ? t('indicatorRunning') : t('indicator')} data-testid="export-indicator">
            {running ? <Loader size={18} /> : <IconDownload size={20} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Text fw={600} size="sm">
            {t('recent')}
          </Text>
          {exports.map((entry, index) => {
            const job = jobs[index]?.data;
            const ended = job ? jobEnded(job) : false;
            const type = t(`types.${entry.plural}`);
            return (
              <Stack key={entry.jobId} gap={4}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" truncate>
                    {type} · {entry.format.toUpperCase()} · {formatDateTime(entry.startedAt, locale)}
                  </Text>
                  <CloseButton size="sm" aria-label={t('forget')} onClick={() => forgetExport(entry.jobId)} />
                </Group>
                {!job || !ended ? (
                  <>
                    <Text size="xs" c="dimmed">
                      {t('running', { done: formatCount(job?.succeeded ?? 0, locale), total: formatCount(job?.total ?? 0, locale) })}
                    </Text>
                    <Progress value={job && job.total > 0 ? (job.processed / job.total) * 100 : 0} size="sm" animated aria-label={t('progressLabel')} />
                  </>
                ) : job.status === 'done' && job.fileId !== null ? (
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {t('finished', { shown: formatCount(job.succeeded, locale) })}
                    </Text>
                    <Anchor size="xs" href={fileUrl(job.fileId)} download>
                      {t('download')}
                    </Anchor>
                  </Group>
                ) : (
                  <Text size="xs" c="red">
                    {job.status === 'failed' ? (job.error?.message ?? t('failed')) : t('cancelled')}
                  </Text>
                )}
              </Stack>
            );
          })}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
