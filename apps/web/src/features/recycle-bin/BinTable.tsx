import { Badge, Checkbox, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { entryKey, purgeSoon, type BinEntry } from './bin-entry';
import { BinRowActions } from './BinRowActions';
import { useBinLabels } from './useBinLabels';

export interface BinListProps {
  entries: BinEntry[];
  selected: ReadonlySet<string>;
  onToggle: (entry: BinEntry) => void;
  /** The header's box: every entry of the filter, or none. */
  allSelected: boolean | 'some';
  onToggleAll: () => void;
  busy: boolean;
  /** Whether the user's roles let them restore or purge the entry (the delete right over its type). */
  mayAct: (entry: BinEntry) => boolean;
  onRestore: (entry: BinEntry) => void;
  onPurge: (entry: BinEntry) => void;
}

/** The bin on a wide screen: one row per item, newest deletion first. */
export function BinTable({ entries, selected, onToggle, allSelected, onToggleAll, busy, mayAct, onRestore, onPurge }: BinListProps) {
  const { t } = useTranslation('recycleBin');
  const labels = useBinLabels();
  return (
    <Paper withBorder radius="md">
      <Table highlightOnHover verticalSpacing="xs" stickyHeader stickyHeaderOffset={56}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox aria-label={t('selectAll')} checked={allSelected === true} indeterminate={allSelected === 'some'} onChange={onToggleAll} />
            </Table.Th>
            <Table.Th>{t('columns.title')}</Table.Th>
            <Table.Th>{t('columns.type')}</Table.Th>
            <Table.Th>{t('columns.deletedAt')}</Table.Th>
            <Table.Th>{t('columns.deletedBy')}</Table.Th>
            <Table.Th>{t('columns.purgeAfter')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('columns.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const key = entryKey(entry);
            return (
              <Table.Tr key={key} bg={selected.has(key) ? 'var(--mantine-color-brand-0)' : undefined}>
                <Table.Td>
                  <Checkbox aria-label={t('select', { title: entry.title })} checked={selected.has(key)} disabled={!mayAct(entry)} onChange={() => onToggle(entry)} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {entry.title}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray" radius="sm">
                    {labels.type(entry)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{labels.deletedAt(entry)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{labels.deletedBy(entry) ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={purgeSoon(entry) ? 'orange.9' : undefined} fw={purgeSoon(entry) ? 600 : undefined}>
                    {labels.purgeDate(entry)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {mayAct(entry) && <BinRowActions entry={entry} disabled={busy} onRestore={onRestore} onPurge={onPurge} />}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
