import { Alert, Button, Group, Loader, Progress, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Locale, TypeMeta } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ItemLink } from '../../../components/fields/FieldValue';
import { formatCount } from '../../../lib/format';
import { jobEnded, useJob, type Job } from './jobs';

interface Props {
  type: TypeMeta;
  jobId: number;
  onClose: () => void;
}

/** A running group action: processed of total as a bar, a way to stop it, then what was done and what was refused, and why. */
export function JobProgress({ type, jobId, onClose }: Props) {
  const { t, i18n } = useTranslation('items');
  const locale = i18n.language as Locale;
  const client = useQueryClient();
  const job = useJob(jobId);
  const cancel = useMutation({ mutationFn: () => api.post<Job>(`/jobs/${jobId}/cancel`), onSuccess: (answer) => client.setQueryData(['job', jobId], answer) });
  const count = (n: number) => formatCount(n, locale);

  if (job.isError && !job.data) return <ErrorNotice error={job.error} onRetry={() => void job.refetch()} />;
  if (!job.data) return <Loader size="sm" aria-label={t('bulk.starting')} />;
  const data = job.data;
  const ended = jobEnded(data);
  const percent = data.total > 0 ? Math.round((data.processed / data.total) * 100) : ended ? 100 : 0;

  return (
    <Stack gap="sm">
      <Stack gap={6}>
        <Text size="sm" aria-live="polite" data-testid="job-progress">
          {t('bulk.progress', { processed: count(data.processed), total: count(data.total) })}
        </Text>
        <Progress value={percent} size="lg" radius="sm" animated={!ended} aria-label={t('bulk.progressLabel')} color={data.status === 'failed' ? 'red' : undefined} />
      </Stack>
      {!ended && (
        <Group justify="flex-end">
          <Button variant="default" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
            {t('bulk.cancelJob')}
          </Button>
        </Group>
      )}
      {cancel.error && <ErrorNotice error={cancel.error} />}
      {ended && (
        <Stack gap="sm" role="status">
          {data.status === 'failed' ? (
            <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('bulk.failed')}>
              {data.error?.message}
            </Alert>
          ) : (
            <Alert color={data.refused > 0 ? 'yellow' : 'green'} styles={{ title: { color: 'var(--mantine-color-text)' } }} icon={data.refused > 0 ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />} title={data.status === 'cancelled' ? t('bulk.cancelled') : t('bulk.finished')}>
              <Text size="sm">{t('bulk.done', { shown: count(data.succeeded) })}</Text>
              {data.refused > 0 && <Text size="sm">{t('bulk.refused', { shown: count(data.refused) })}</Text>}
            </Alert>
          )}
          {data.refusals.length > 0 && (
            <ScrollArea.Autosize mah={260} type="auto">
              <Table striped withTableBorder verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('bulk.item')}</Table.Th>
                    <Table.Th>{t('bulk.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.refusals.map((refusal) => (
                    <Table.Tr key={refusal.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {refusal.code === 'NOT_FOUND' ? `#${refusal.id}` : <ItemLink typeName={type.name} id={refusal.id} />}
                      </Table.Td>
                      <Table.Td>{refusal.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {data.refused > data.refusals.length && (
                <Text size="xs" c="dimmed" mt={4}>
                  {t('bulk.moreRefused', { shown: count(data.refused - data.refusals.length) })}
                </Text>
              )}
            </ScrollArea.Autosize>
          )}
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('common:actions.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
