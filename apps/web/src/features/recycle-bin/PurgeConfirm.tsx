import { Button, Group, Modal, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BinEntry } from './bin-entry';

interface Props {
  /** What would be deleted for good; null when nothing is being asked. */
  entries: BinEntry[] | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Deleting for good cannot be undone: ask first, naming the item (or how many). */
export function PurgeConfirm({ entries, onConfirm, onCancel }: Props) {
  const { t } = useTranslation('recycleBin');
  const one = entries?.length === 1 ? entries[0] : null;
  return (
    <Modal opened={entries !== null} onClose={onCancel} closeButtonProps={{ 'aria-label': t('common:actions.close') }} title={one ? t('confirm.titleOne', { title: one.title }) : t('confirm.titleMany', { count: entries?.length ?? 0 })}>
      <Text size="sm">{one ? t('confirm.body') : t('confirm.bodyMany')}</Text>
      <Group justify="flex-end" mt="lg" gap="sm">
        <Button variant="default" onClick={onCancel} data-autofocus>
          {t('common:actions.cancel')}
        </Button>
        <Button color="red.9" onClick={onConfirm}>
          {t('purge')}
        </Button>
      </Group>
    </Modal>
  );
}
