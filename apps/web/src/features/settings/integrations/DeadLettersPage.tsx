import { Alert, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../api/types';
import { errorMessage } from '../../../lib/errors';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useDeadLetters, useRetryJob, type DeadJob } from './integrations-api';

/** /settings/jobs: background jobs that failed too often, with their last error, each retryable. */
export function DeadLettersPage() {
  const { t, i18n } = useTranslation('settingsIntegrations');
  const locale = i18n.language as Locale;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const jobs = useDeadLetters();
  const retry = useRetryJob();
  const items = jobs.data ?? [];

  const kind = (job: DeadJob) => t(`jobs.kinds.${job.kind}`, { defaultValue: job.kind });
  const type = (job: DeadJob) => t(`common:types.${job.type}`, { defaultValue: job.type });
  const deadAt = (job: DeadJob) => job.deadAt ?? job.createdAt;
  const lastError = (job: DeadJob) => {
    const text = job.lastError ?? job.error?.message ?? null;
    return text ? (
      <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
        {text}
      </Text>
    ) : (
      <Text size="xs" c="dimmed">
        {t('jobs.noError')}
      </Text>
    );
  };
  const retryButton = (job: DeadJob) => (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRefresh size={14} aria-hidden />}
      aria-label={t('jobs.retryLabel', { id: job.id })}
      loading={retry.isPending && retry.variables === job.id}
      style={{ flexShrink: 0 }}
      onClick={() =>
        retry.mutate(job.id, {
          onSuccess: () => notifySuccess(t('jobs.retried')),
          onError: (error) => notifyError(t('jobs.retryFailed'), errorMessage(error, t)),
        })
      }
    >
      {t('jobs.retry')}
    </Button>
  );

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('settings:sections.jobs')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('jobs.intro')}
      </Text>
      {jobs.isPending && <Loader size="sm" aria-label={t('common:state.loading')} />}
      {jobs.isError && <Alert color="red">{errorMessage(jobs.error, t)}</Alert>}
      {jobs.isSuccess && items.length === 0 && (
        <Card withBorder padding="lg" data-testid="dead-letters-empty">
          <Text size="sm" c="dimmed" ta="center">
            {t('jobs.empty')}
          </Text>
        </Card>
      )}
      {items.length > 0 &&
        (phone ? (
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('jobs.table')}>
            {items.map((job) => (
              <Card component="li" key={job.id} withBorder padding="sm" data-testid="dead-job">
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {kind(job)} · {type(job)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {job.createdBy.name} · {t('jobs.attempts', { count: job.attempts })}
                    </Text>
                    <Text size="xs" c="dimmed" title={formatDateTime(deadAt(job), locale)}>
                      {t('jobs.deadSince', { when: formatRelative(deadAt(job), locale) })}
                    </Text>
                  </Stack>
                  {retryButton(job)}
                </Group>
                <Stack mt="xs">{lastError(job)}</Stack>
              </Card>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" aria-label={t('jobs.table')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.columns.kind')}</Table.Th>
                  <Table.Th>{t('jobs.columns.type')}</Table.Th>
                  <Table.Th>{t('jobs.columns.author')}</Table.Th>
                  <Table.Th>{t('jobs.columns.attempts')}</Table.Th>
                  <Table.Th>{t('jobs.columns.lastError')}</Table.Th>
                  <Table.Th>{t('jobs.columns.deadAt')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((job) => (
                  <Table.Tr key={job.id} data-testid="dead-job">
                    <Table.Td>{kind(job)}</Table.Td>
                    <Table.Td>{type(job)}</Table.Td>
                    <Table.Td>{job.createdBy.name}</Table.Td>
                    <Table.Td>{job.attempts}</Table.Td>
                    <Table.Td maw={380}>{lastError(job)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(deadAt(job), locale)}</Table.Td>
                    <Table.Td ta="right">{retryButton(job)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Stack>
  );
}
