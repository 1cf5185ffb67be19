import { Alert, Button, FileButton, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemPlural } from '../../app/router';
import type { TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { importable, uploadFile, type UploadedFile } from './imports';
import classes from './Import.module.css';

interface Props {
  types: TypeMeta[];
  type: TypeMeta | undefined;
  onType: (plural: ItemPlural) => void;
  onUploaded: (file: UploadedFile) => void;
}

/** Step 1: the item type to import into and the file, dropped on the area or picked; it is sent at once. */
export function FileStep({ types, type, onType, onUploaded }: Props) {
  const { t } = useTranslation('imports');
  // A phone has nothing to drag a file from: it only picks one.
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [dragging, setDragging] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const upload = useMutation({ mutationFn: uploadFile, onSuccess: (file) => onUploaded(file) });

  if (!type) return <Alert color="yellow">{t('file.noRight')}</Alert>;

  const take = (file: File | null | undefined) => {
    if (!file) return;
    setRefused(importable(file) ? null : t('file.wrongKind', { name: file.name }));
    if (importable(file)) upload.mutate(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  };

  return (
    <Stack gap="md">
      <Select
        label={t('file.type')}
        value={type.plural}
        onChange={(value) => value && onType(value as ItemPlural)}
        data={types.map((candidate) => ({ value: candidate.plural, label: t(`types.${candidate.plural}`) }))}
        allowDeselect={false}
        maw={320}
      />
      <Paper
        withBorder
        radius="md"
        p="xl"
        className={classes.dropzone}
        data-testid="import-dropzone"
        data-dragging={dragging || undefined}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Stack align="center" gap="sm">
          {upload.isPending ? <Loader size="md" /> : <IconFileSpreadsheet size={44} stroke={1.3} color="var(--mantine-color-blue-6)" aria-hidden />}
          {upload.isPending && upload.variables ? (
            <Text fw={600} aria-live="polite">
              {t('file.uploading', { name: upload.variables.name })}
            </Text>
          ) : (
            <>
              {!phone && (
                <>
                  <Text fw={600} ta="center">
                    {t('file.drop')}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('file.or')}
                  </Text>
                </>
              )}
              <FileButton onChange={take} accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
                {(props) => (
                  <Button {...props} leftSection={<IconUpload size={16} aria-hidden />}>
                    {t('file.pick')}
                  </Button>
                )}
              </FileButton>
            </>
          )}
          <Text size="xs" c="dimmed" ta="center" maw={520}>
            {t('file.hint')}
          </Text>
        </Stack>
      </Paper>
      {refused && (
        <Alert color="red" role="alert">
          {refused}
        </Alert>
      )}
      {upload.error && <ErrorNotice error={upload.error} />}
    </Stack>
  );
}
