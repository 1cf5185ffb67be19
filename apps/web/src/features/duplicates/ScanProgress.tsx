import { Alert, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { jobEnded, useJob } from '../items/bulk/jobs';

/** The scan's job has four steps (phones, e-mails, names, groups), each a batch of this many units. */
const unitsPerStep = 500;

interface Props {
  jobId: number;
  onEnded: () => void;
}

/** A running scan: its step as a bar; when it ends the groups refresh. A scan someone else started is only announced. */
export function ScanProgress({ jobId, onEnded }: Props) {
  const { t } = useTranslation('duplicates');
  const job = useJob(jobId);
  const ended = job.data !== undefined && jobEnded(job.data);
  // Once per job: the groups refresh when it has ended well.
  const told = useRef(false);
  const status = job.data?.status;
  useEffect(() => {
    if (!ended || told.current) return;
    told.current = true;
    if (status !== 'failed') onEnded();
  }, [ended, status, onEnded]);

  if (job.isError) return <Text size="sm">{t('scan.othersRunning')}</Text>;
  if (job.data?.status === 'failed') return <Alert color="red">{t('scan.failed', { message: job.data.error?.message ?? '' })}</Alert>;
  const data = job.data;
  const steps = data ? Math.max(1, Math.round(data.total / unitsPerStep)) : 4;
  const step = data ? Math.min(steps, Math.floor(data.processed / unitsPerStep) + 1) : 1;
  return (
    <Stack gap={6} role="status">
      <Text size="sm" aria-live="polite" data-testid="scan-progress">
        {t('scan.running')} {t('scan.progress', { step, steps })}
      </Text>
      <Progress value={data && data.total > 0 ? (data.processed / data.total) * 100 : 0} size="lg" radius="sm" animated aria-label={t('scan.progressLabel')} />
    </Stack>
  );
}
