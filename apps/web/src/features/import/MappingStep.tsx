import { Alert, Button, Checkbox, Group, Loader, Radio, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPlayerPlay } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../lib/errors';
import { startImport, usePreview, type DuplicateMode, type Preview, type Target } from './imports';
import { MappingTable } from './MappingTable';
import { PreviewTable } from './PreviewTable';

interface Props {
  type: TypeMeta;
  fileId: number;
  onBack: () => void;
  onStarted: (jobId: number) => void;
}

/**
 * Step 2: how the file was read, the field each column fills (saved or proposed by the server, changed here), the
 * first rows as they will be imported (asked again at each change), what to do with a duplicate, and the start.
 */
export function MappingStep({ type, fileId, onBack, onStarted }: Props) {
  const { t } = useTranslation('imports');
  // Undefined until the user changes a column: the server then offers the saved or the proposed mapping.
  const [edited, setEdited] = useState<Array<Target | null> | undefined>(undefined);
  const [onDuplicate, setOnDuplicate] = useState<DuplicateMode>('skip');
  const [saveMapping, setSaveMapping] = useState(true);
  const preview = usePreview(type.plural, fileId, edited);
  const start = useMutation({
    mutationFn: (mapping: Array<Target | null>) => startImport(type.plural, { fileId, mapping, onDuplicate, saveMapping }),
    onSuccess: (started) => onStarted(started.jobId),
  });

  if (preview.isPending) return <Loader aria-label={t('preview.refreshing')} />;
  if (preview.isError && !preview.data) {
    return (
      <Stack gap="sm" align="flex-start">
        <ErrorNotice error={preview.error} />
        <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
          {t('file.another')}
        </Button>
      </Stack>
    );
  }
  const data = preview.data;
  const mapping = edited ?? data.mapping;
  const nothingMapped = mapping.every((target) => target === null);
  const issues = fieldErrors(start.error ?? preview.error);

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {t('mapping.heading', { name: data.file.name })}
          </Title>
          <Button variant="subtle" size="xs" leftSection={<IconArrowLeft size={14} aria-hidden />} onClick={onBack}>
            {t('file.another')}
          </Button>
        </Group>
        <Group gap="xs">
          <Text size="sm" c="dimmed" data-testid="import-shape">
            {shapeText(data, t)}
          </Text>
          {/* Text, not a badge: it wraps on a phone instead of being cut. */}
          <Text size="sm" fw={600} c={data.mappingSource === 'proposed' ? 'blue.8' : data.mappingSource === 'saved' ? 'teal.9' : 'dimmed'}>
            {t(`mapping.source.${data.mappingSource}`)}
          </Text>
        </Group>
      </Stack>

      <MappingTable preview={data} mapping={mapping} issues={issues} onChange={setEdited} />
      {readsDates(type, mapping) && (
        <Text size="xs" c="dimmed">
          {t('mapping.dates', { example: t(data.dayFirst ? 'mapping.dayFirst' : 'mapping.monthFirst') })}
        </Text>
      )}
      <Checkbox label={t('mapping.save')} checked={saveMapping} onChange={(event) => setSaveMapping(event.currentTarget.checked)} />

      <PreviewTable type={type} preview={data} mapping={mapping} refreshing={preview.isFetching} />
      {preview.isError && <ErrorNotice error={preview.error} onRetry={() => void preview.refetch()} />}

      <Radio.Group
        value={onDuplicate}
        onChange={(value) => setOnDuplicate(value as DuplicateMode)}
        label={t('duplicates.heading', { type: type.label.toLocaleLowerCase() })}
        description={t('duplicates.explain')}
      >
        <Stack gap="xs" mt="xs">
          {(['skip', 'update', 'create'] as const).map((mode) => (
            <Radio key={mode} value={mode} label={t(`duplicates.${mode}`)} description={t(`duplicates.${mode}Hint`)} />
          ))}
        </Stack>
      </Radio.Group>

      {nothingMapped && <Alert color="yellow">{t('mapping.nothingMapped')}</Alert>}
      {start.error && <ErrorNotice error={start.error} />}
      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
          {t('back')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} aria-hidden />}
          disabled={nothingMapped || preview.isFetching}
          loading={start.isPending}
          onClick={() => start.mutate(mapping)}
        >
          {t('startFile')}
        </Button>
      </Group>
    </Stack>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

const delimiterNames: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

/** "Lido como CSV, UTF-8, separado por ponto e vírgula". */
function shapeText(preview: Preview, t: T): string {
  const { format, encoding, delimiter } = preview.shape;
  const read = t('mapping.read', { format: format.toUpperCase(), encoding: (encoding ?? '').toUpperCase() }).replace(/,\s*$/, '');
  if (!delimiter) return read;
  const name = delimiterNames[delimiter];
  return `${read}, ${t('mapping.delimiter', { delimiter: name ? t(`mapping.delimiters.${name}`) : t('mapping.delimiters.other', { char: delimiter }) })}`;
}

/** Whether a column goes to a date field: only then does the order of day and month matter. */
const readsDates = (type: TypeMeta, mapping: Array<Target | null>) =>
  mapping.some((target) => target !== null && ['date', 'datetime'].includes(type.fields.find((field) => field.name === target)?.type ?? ''));
