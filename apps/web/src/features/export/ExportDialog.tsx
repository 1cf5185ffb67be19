import { Alert, Button, Group, Modal, Progress, Radio, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Locale, TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../lib/format';
import { jobEnded, useJob } from '../items/bulk/jobs';
import { useListSettings } from '../items/list/useListSettings';
import { useItemsUrl } from '../items/useItemsUrl';
import { downloadFile, startExport, type ExportFormat, type ExportJob } from './exports';
import { useListSelection } from './selection';

interface Props {
  type: TypeMeta;
  onClose: () => void;
}

/**
 * "Exportar": CSV or XLSX, the list's columns or every field, the current filter or the ticked rows; then the job's
 * progress. The user may close it at any time: the header's export indicator follows the job and downloads the file.
 */
export function ExportDialog({ type, onClose }: Props) {
  const { t, i18n } = useTranslation('export');
  const locale = i18n.language as Locale;
  const url = useItemsUrl();
  const settings = useListSettings(type.plural);
  const selection = useListSelection(type.plural);
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [columns, setColumns] = useState<'visible' | 'all'>('visible');
  const [rows, setRows] = useState<'filter' | 'selected'>(selection.ids.length > 0 && !selection.all ? 'selected' : 'filter');
  const [jobId, setJobId] = useState<number | null>(null);
  const job = useJob(jobId);
  const client = useQueryClient();

  const view = settings.view;
  const visible = view?.columns.map((column) => column.field) ?? [];
  const sort = view?.sort ? `${view.sort.direction === 'desc' ? '-' : ''}${view.sort.field}` : undefined;
  const filtered = url.filter.length > 0 || Boolean(url.query);
  const typeName = t(`types.${type.plural}`);

  const start = useMutation({
    mutationFn: () =>
      startExport(type.plural, {
        format,
        columns: columns === 'visible' && visible.length > 0 ? visible : undefined,
        ...(rows === 'selected' && !selection.all ? { ids: selection.ids } : { filter: url.filter, search: url.query, sort }),
      }),
    onSuccess: (started) => setJobId(started.jobId),
  });
  const cancel = useMutation({ mutationFn: () => api.post<ExportJob>(`/jobs/${jobId}/cancel`), onSuccess: (answer) => client.setQueryData(['job', jobId], answer) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };

  const data = job.data as ExportJob | undefined;
  const ended = data ? jobEnded(data) : false;
  const percent = data && data.total > 0 ? Math.round((data.processed / data.total) * 100) : ended ? 100 : 0;
  const selectedLabel = selection.all ? t('selectedAll') : selection.ids.length > 0 ? t('selected', { shown: formatCount(selection.ids.length, locale) }) : t('noneSelected');

  return (
    <Modal opened onClose={onClose} title={t('title', { type: typeName })} size="md" closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
      {jobId === null ? (
        <form onSubmit={submit}>
          <Stack gap="md">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="export-format">
                {t('format')}
              </Text>
              <SegmentedControl
                aria-labelledby="export-format"
                value={format}
                onChange={(value) => setFormat(value as ExportFormat)}
                data={[
                  { value: 'xlsx', label: t('xlsx') },
                  { value: 'csv', label: t('csv') },
                ]}
              />
            </Stack>
            <Radio.Group label={t('columns')} value={columns} onChange={(value) => setColumns(value as 'visible' | 'all')}>
              <Stack gap={6} mt={6}>
                <Radio value="visible" label={t('visibleColumns', { count: visible.length })} disabled={visible.length === 0} />
                <Radio value="all" label={t('allFields')} />
              </Stack>
            </Radio.Group>
            <Radio.Group label={t('rows')} value={rows} onChange={(value) => setRows(value as 'filter' | 'selected')}>
              <Stack gap={6} mt={6}>
                <Radio value="filter" label={filtered ? t('filtered') : t('everything', { type: typeName })} />
                <Radio value="selected" label={selectedLabel} disabled={selection.ids.length === 0 && !selection.all} />
              </Stack>
            </Radio.Group>
            {type.fields.some((field) => field.name === 'export') && (
              <Text size="sm" c="dimmed">
                {t('onlyIncluded')}
              </Text>
            )}
            {start.error && <ErrorNotice error={start.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common:actions.cancel')}
              </Button>
              <Button type="submit" loading={start.isPending} leftSection={<IconDownload size={16} aria-hidden />} data-autofocus>
                {t('start')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          {job.isError && !data && <ErrorNotice error={job.error} onRetry={() => void job.refetch()} />}
          <Text size="sm" aria-live="polite" data-testid="export-progress">
            {t('progress', { done: formatCount(data?.succeeded ?? 0, locale), total: formatCount(data?.total ?? 0, locale) })}
          </Text>
          <Progress value={percent} size="lg" radius="sm" animated={!ended} aria-label={t('progressLabel')} color={data?.status === 'failed' ? 'red' : undefined} />
          {!ended && (
            <>
              <Text size="sm" c="dimmed">
                {t('leave')}
              </Text>
              <Group justify="flex-end">
                <Button variant="default" color="red" loading={cancel.isPending} onClick={() => cancel.mutate()}>
                  {t('cancel')}
                </Button>
                <Button onClick={onClose}>{t('common:actions.close')}</Button>
              </Group>
            </>
          )}
          {data && ended && (
            <Stack gap="sm" role="status">
              {data.status === 'done' ? (
                <Alert color="green" icon={<IconCircleCheck aria-hidden />} title={t('done', { shown: formatCount(data.succeeded, locale) })} styles={{ title: { color: 'var(--mantine-color-text)' } }}>
                  {null}
                </Alert>
              ) : data.status === 'failed' ? (
                <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('failed')}>
                  {data.error?.message}
                </Alert>
              ) : (
                <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title={t('cancelled')}>
                  {null}
                </Alert>
              )}
              <Group justify="flex-end">
                {data.fileId !== null && (
                  <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => downloadFile(data.fileId!)}>
                    {t('downloadAgain')}
                  </Button>
                )}
                <Button onClick={onClose} data-autofocus>
                  {t('common:actions.close')}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Modal>
  );
}
