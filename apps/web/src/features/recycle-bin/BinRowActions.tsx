import { ActionIcon, Button, Group, Tooltip } from '@mantine/core';
import { IconRestore, IconTrashX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BinEntry } from './bin-entry';

interface Props {
  entry: BinEntry;
  disabled: boolean;
  onRestore: (entry: BinEntry) => void;
  onPurge: (entry: BinEntry) => void;
  /** Phones: both as labelled buttons. */
  wide?: boolean;
}

/** Restore, or delete for good, one binned item. */
export function BinRowActions({ entry, disabled, onRestore, onPurge, wide }: Props) {
  const { t } = useTranslation('recycleBin');
  return (
    <Group gap="xs" wrap={wide ? 'wrap' : 'nowrap'} justify={wide ? 'flex-start' : 'flex-end'}>
      <Button size="xs" variant="light" leftSection={<IconRestore size={14} aria-hidden />} disabled={disabled} onClick={() => onRestore(entry)} aria-label={t('restoreItem', { title: entry.title })}>
        {t('restore')}
      </Button>
      {wide ? (
        <Button size="xs" variant="subtle" color="red" c="red.9" leftSection={<IconTrashX size={14} aria-hidden />} disabled={disabled} onClick={() => onPurge(entry)} aria-label={t('purgeItem', { title: entry.title })}>
          {t('purge')}
        </Button>
      ) : (
        <Tooltip label={t('purge')}>
          <ActionIcon variant="subtle" color="red" c="red.9" disabled={disabled} onClick={() => onPurge(entry)} aria-label={t('purgeItem', { title: entry.title })}>
            <IconTrashX size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
