import { Button, Group, Paper, Text } from '@mantine/core';
import { IconRestore, IconTrashX, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  count: number;
  busy: boolean;
  onRestore: () => void;
  onPurge: () => void;
  onClear: () => void;
}

/** What to do with the items ticked: restore them all, or delete them all for good. */
export function BinSelectionBar({ count, busy, onRestore, onPurge, onClear }: Props) {
  const { t } = useTranslation('recycleBin');
  return (
    <Paper withBorder radius="md" p="xs" bg="brand.0" role="region" aria-label={t('selected', { count })}>
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text size="sm" fw={600} px="xs">
          {t('selected', { count })}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button size="xs" leftSection={<IconRestore size={14} aria-hidden />} onClick={onRestore} loading={busy}>
            {t('restore')}
          </Button>
          <Button size="xs" color="red" variant="light" c="red.9" leftSection={<IconTrashX size={14} aria-hidden />} onClick={onPurge} disabled={busy}>
            {t('purge')}
          </Button>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} aria-hidden />} onClick={onClear} disabled={busy}>
            {t('clearSelection')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
