import { Alert, Anchor, Button, Container, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconDownload, IconList, IconPlus } from '@tabler/icons-react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { ApiError } from '../../api/client';
import { ConfirmActionModal } from '../../components/ConfirmActionModal';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ButtonLink } from '../../components/links';
import { PageLoader } from '../../components/PageLoader';
import { formatCount } from '../../lib/format';
import { jobEnded, useJob } from '../items/bulk/jobs';
import { ImportSteps } from './ImportSteps';
import { rejectedUrl, summaryKey, undoImport, useImportSummary, type ImportSummary } from './imports';

const pluralOf: Record<string, 'leads' | 'contacts' | 'companies' | 'deals'> = { lead: 'leads', contact: 'contacts', company: 'companies', deal: 'deals' };

/**
 * Step 3, at /import/{jobId}: the import's progress (the user may leave and come back), then what became of the rows,
 * the refused rows to download, the imported list, and undoing the import with its own progress.
 */
export function ImportJobPage() {
  const { t } = useTranslation('imports');
  const { jobId } = useParams({ from: '/app/import/$jobId' });
  const summary = useImportSummary(jobId);

  if (summary.isPending) return <PageLoader />;
  if (summary.isError) {
    const gone = summary.error instanceof ApiError && summary.error.status === 404;
    return (
      <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
        <Stack gap="md" align="flex-start">
          {gone ? <Alert color="yellow">{t('job.notFound')}</Alert> : <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />}
          <ButtonLink to="/import" variant="default">
            {t('job.another')}
          </ButtonLink>
        </Stack>
      </Container>
    );
  }
  return <ImportJob summary={summary.data} />;
}

function ImportJob({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation('imports');
  const locale = i18n.language as Locale;
  const job = useJob(summary.jobId);
  const plural = pluralOf[summary.type] ?? 'contacts';
  const ended = summary.status !== 'queued' && summary.status !== 'running';
  const count = (n: number) => formatCount(n, locale);
  // Finished when both the summary and the job say so (each is asked on its own).
  const finished = ended && job.data !== undefined && jobEnded(job.data);
  const client = useQueryClient();
  useEffect(() => {
    if (finished) forgetLists(client);
  }, [finished, client]);
  const percent = job.data && job.data.total > 0 ? Math.round((job.data.processed / job.data.total) * 100) : finished ? 100 : 0;

  return (
    <Container size="lg" py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="lg">
        <div>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {t('job.title', { name: summary.fileName })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('job.into', { type: t(`types.${plural}`) })}
          </Text>
        </div>
        <ImportSteps active={finished ? 3 : 2} />
        <Stack gap={6}>
          <Text size="sm" aria-live="polite" data-testid="import-progress">
            {job.data && job.data.total > 0 ? t('job.progress', { processed: count(job.data.processed), total: count(job.data.total) }) : finished ? null : t('job.reading')}
          </Text>
          <Progress value={percent} size="lg" radius="sm" animated={!finished} aria-label={t('job.progressLabel')} color={summary.status === 'failed' ? 'red' : undefined} />
          {!finished && (
            <Text size="xs" c="dimmed">
              {t('job.leave')}
            </Text>
          )}
        </Stack>
        {finished && <Outcome summary={summary} plural={plural} errorMessage={job.data?.error?.message} />}
      </Stack>
    </Container>
  );
}

function Outcome({ summary, plural, errorMessage }: { summary: ImportSummary; plural: 'leads' | 'contacts' | 'companies' | 'deals'; errorMessage: string | undefined }) {
  const { t, i18n } = useTranslation('imports');
  const locale = i18n.language as Locale;
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const count = (n: number) => formatCount(n, locale);
  const undoId = summary.undoJob?.id ?? null;
  const undoJob = useJob(undoId);
  // The summary says where the undo stands (it is asked again while the undo runs); the job gives its progress.
  const undoStatus = summary.undoJob?.status;
  const undoRunning = undoStatus === 'queued' || undoStatus === 'running';
  const undoStopped = undoStatus === 'failed' || undoStatus === 'cancelled';
  const mayUndo = (undoStatus === undefined || undoStopped) && summary.created + summary.updated > summary.undone;
  const undoEnded = undoStatus !== undefined && !undoRunning;
  useEffect(() => {
    if (undoEnded) forgetLists(client);
  }, [undoEnded, client]);

  const stats = [
    { key: 'created', value: summary.created },
    { key: 'updated', value: summary.updated },
    { key: 'skipped', value: summary.skipped },
    { key: 'rejected', value: summary.rejected },
  ] as const;

  return (
    <Stack gap="md">
      {summary.status === 'failed' ? (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('job.failed')} role="status">
          {errorMessage}
        </Alert>
      ) : (
        <Alert
          color={summary.rejected > 0 ? 'yellow' : 'green'}
          icon={summary.rejected > 0 ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
          title={summary.status === 'cancelled' ? t('job.cancelled') : t('job.done')}
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
          role="status"
        >
          {t('job.rows', { count: formatCount(summary.created + summary.updated + summary.skipped + summary.rejected + summary.undone, locale), name: summary.fileName })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {stats.map((stat) => (
          <Paper key={stat.key} withBorder p="sm" radius="md" data-testid={`import-${stat.key}`}>
            <Text size="xs" c="dimmed">
              {t(`job.${stat.key}`)}
            </Text>
            <Text fw={700} fz={26} c={stat.key === 'rejected' && stat.value > 0 ? 'red.9' : undefined}>
              {count(stat.value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {summary.rejected > 0 && (
        <Stack gap={2}>
          <Anchor href={rejectedUrl(summary.jobId)} download size="sm" fw={600}>
            <Group gap={6} wrap="nowrap" component="span">
              <IconDownload size={16} aria-hidden />
              {t('job.rejectedReport')}
            </Group>
          </Anchor>
          <Text size="xs" c="dimmed">
            {t('job.rejectedHint')}
          </Text>
        </Stack>
      )}

      {undoId !== null && (undoRunning ? (
        <Stack gap={6}>
          <Text size="sm" aria-live="polite" data-testid="undo-progress">
            {t('job.undoing')} {undoJob.data && undoJob.data.total > 0 ? t('job.undoProgress', { processed: count(undoJob.data.processed), total: count(undoJob.data.total) }) : ''}
          </Text>
          <Progress value={undoJob.data && undoJob.data.total > 0 ? Math.round((undoJob.data.processed / undoJob.data.total) * 100) : 0} size="md" radius="sm" animated aria-label={t('job.undoProgressLabel')} />
        </Stack>
      ) : undoStopped ? (
        <Alert color="red" title={t('job.undoFailed')} role="status">
          {undoJob.data?.error?.message}
        </Alert>
      ) : (
        <Alert color="gray" icon={<IconArrowBackUp aria-hidden />} role="status" data-testid="import-undone">
          {t('job.undone', { count: count(summary.undone) })}
        </Alert>
      ))}

      <Group gap="sm">
        <ButtonLink to="/$type" params={{ type: plural }} variant="default" leftSection={<IconList size={16} aria-hidden />}>
          {t('job.openList', { type: t(`types.${plural}`) })}
        </ButtonLink>
        <ButtonLink to="/import" search={{ type: plural }} variant="default" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('job.another')}
        </ButtonLink>
        {mayUndo && (
          <Button color="red" variant="light" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setConfirming(true)}>
            {t('job.undo')}
          </Button>
        )}
      </Group>
      {confirming && (
        <ConfirmActionModal
          title={t('job.undoTitle')}
          message={[
            summary.created > 0 ? t('job.undoCreated', { count: count(summary.created) }) : null,
            summary.updated > 0 ? t('job.undoUpdated', { count: count(summary.updated) }) : null,
            t('job.undoRest'),
          ]
            .filter(Boolean)
            .join(' ')}
          confirmLabel={t('job.undoConfirm')}
          danger
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const started = await undoImport(summary.jobId);
            client.setQueryData<ImportSummary>(summaryKey(summary.jobId), (current) => current && { ...current, undoJob: { id: started.jobId, status: 'queued' } });
            await client.invalidateQueries({ queryKey: summaryKey(summary.jobId) });
          }}
        />
      )}
    </Stack>
  );
}

/**
 * Lists and cards read before the import (or its undo) are out of date: an import adds to several types (a contact's
 * company, a deal's contact), so every list starts again from its first page when next shown.
 */
function forgetLists(client: QueryClient) {
  void client.resetQueries({ predicate: (query) => query.queryKey[0] === 'items' });
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'item' });
}
