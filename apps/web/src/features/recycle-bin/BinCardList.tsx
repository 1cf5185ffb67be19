import { Badge, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { entryKey, purgeSoon } from './bin-entry';
import { BinRowActions } from './BinRowActions';
import type { BinListProps } from './BinTable';
import { useBinLabels } from './useBinLabels';

/** The bin on a phone: one card per item, everything readable without scrolling sideways. */
export function BinCardList({ entries, selected, onToggle, allSelected, onToggleAll, busy, mayAct, onRestore, onPurge }: BinListProps) {
  const { t } = useTranslation('recycleBin');
  const labels = useBinLabels();
  return (
    <Stack gap="xs">
      <Checkbox label={t('selectAll')} checked={allSelected === true} indeterminate={allSelected === 'some'} onChange={onToggleAll} px="xs" />
      {entries.map((entry) => {
        const key = entryKey(entry);
        const by = labels.deletedBy(entry);
        return (
          <Paper key={key} withBorder radius="md" p="sm" bg={selected.has(key) ? 'var(--mantine-color-brand-0)' : undefined}>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox aria-label={t('select', { title: entry.title })} checked={selected.has(key)} disabled={!mayAct(entry)} onChange={() => onToggle(entry)} mt={2} />
              <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
                  <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {entry.title}
                  </Text>
                  <Badge variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }}>
                    {labels.type(entry)}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {by ? t('deletedOnBy', { date: labels.deletedAt(entry), name: by }) : t('deletedOn', { date: labels.deletedAt(entry) })}
                </Text>
                <Text size="xs" c={purgeSoon(entry) ? 'orange.9' : 'dimmed'} fw={purgeSoon(entry) ? 600 : undefined}>
                  {t('purgeOn', { date: labels.purgeDate(entry) })}
                </Text>
                {mayAct(entry) && <BinRowActions entry={entry} disabled={busy} onRestore={onRestore} onPurge={onPurge} wide />}
              </Stack>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
