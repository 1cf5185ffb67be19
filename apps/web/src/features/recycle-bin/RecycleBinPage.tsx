import { Button, Container, EmptyState, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useTypes } from '../../api/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { binCapPerType, entryKey, retentionDays, type BinEntry, type BinTypeName } from './bin-entry';
import { BinCardList } from './BinCardList';
import { BinOutcomeNotice } from './BinOutcomeNotice';
import { BinSelectionBar } from './BinSelectionBar';
import { BinTable } from './BinTable';
import { BinTypeFilter, type BinFilter } from './BinTypeFilter';
import { PurgeConfirm } from './PurgeConfirm';
import { useBinAction, useRecycleBin, type BinAction, type BinOutcome } from './useRecycleBin';

const pageSize = 100;
const typeOrder: BinTypeName[] = ['lead', 'deal', 'contact', 'company'];

/**
 * The recycle bin: what was deleted, by whom and when it goes for good; restore it (with a link back to its card) or
 * delete it for good, one item or a selection at once.
 */
export function RecycleBinPage() {
  const { t } = useTranslation('recycleBin');
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const me = useMe().data;
  const types = useTypes().data;
  const bin = useRecycleBin();
  const action = useBinAction();
  const [filter, setFilter] = useState<BinFilter>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState(pageSize);
  const [confirming, setConfirming] = useState<BinEntry[] | null>(null);
  const [outcome, setOutcome] = useState<BinOutcome | null>(null);

  const readable = typeOrder.filter(
    (name) => (name !== 'lead' || me?.crmMode !== 'simple') && (types?.find((type) => type.name === name)?.rights.read ?? 'none') !== 'none',
  );
  const mayAct = (entry: BinEntry) => (types?.find((type) => type.name === entry.type)?.rights.delete ?? 'none') !== 'none';
  const all = bin.data ?? [];
  const counts: Record<BinFilter, number> = { all: all.length, lead: 0, deal: 0, contact: 0, company: 0 };
  for (const entry of all) counts[entry.type] += 1;
  const entries = filter === 'all' ? all : all.filter((entry) => entry.type === filter);
  const chosen = all.filter((entry) => selected.has(entryKey(entry)));
  const selectable = entries.filter(mayAct);
  const chosenHere = selectable.filter((entry) => selected.has(entryKey(entry))).length;
  const allSelected = chosenHere === 0 ? false : chosenHere === selectable.length ? true : 'some';
  const capped = typeOrder.some((name) => counts[name] >= binCapPerType);

  const changeFilter = (next: BinFilter) => {
    setFilter(next);
    setSelected(new Set());
    setShown(pageSize);
  };
  const toggle = (entry: BinEntry) => {
    const next = new Set(selected);
    const key = entryKey(entry);
    if (!next.delete(key)) next.add(key);
    setSelected(next);
  };
  const toggleAll = () => setSelected(allSelected === true ? new Set() : new Set(selectable.map(entryKey)));
  const run = async (kind: BinAction, targets: BinEntry[]) => {
    setConfirming(null);
    const result = await action.mutateAsync({ action: kind, entries: targets });
    setOutcome(result);
    const done = new Set(result.done.map(entryKey));
    setSelected((current) => new Set([...current].filter((key) => !done.has(key))));
  };

  const listProps = {
    entries: entries.slice(0, shown),
    selected,
    onToggle: toggle,
    allSelected,
    onToggleAll: toggleAll,
    busy: action.isPending,
    mayAct,
    onRestore: (entry: BinEntry) => void run('restore', [entry]),
    onPurge: (entry: BinEntry) => setConfirming([entry]),
  } as const;

  return (
    <Container fluid py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="md">
        <div>
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {all.length > 0 ? t('intro', { count: retentionDays(all[0]) }) : t('introNoDays')}
          </Text>
        </div>
        {readable.length > 1 && <BinTypeFilter value={filter} onChange={changeFilter} types={readable} counts={counts} />}
        {outcome && <BinOutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />}
        {chosen.length > 0 && (
          <BinSelectionBar count={chosen.length} busy={action.isPending} onRestore={() => void run('restore', chosen)} onPurge={() => setConfirming(chosen)} onClear={() => setSelected(new Set())} />
        )}
        {bin.isPending ? (
          <PageLoader />
        ) : bin.isError ? (
          <ErrorNotice error={bin.error} onRetry={() => void bin.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState
            icon={<IconTrash size={28} aria-hidden />}
            withIndicatorBackground
            title={all.length === 0 ? t('empty') : t('emptyType')}
            description={all.length === 0 ? t('emptyHint') : undefined}
            py="xl"
          />
        ) : (
          <>
            {phone ? <BinCardList {...listProps} /> : <BinTable {...listProps} />}
            {entries.length > shown && (
              <Button variant="default" onClick={() => setShown(shown + pageSize)} style={{ alignSelf: 'center' }}>
                {t('showMore', { count: entries.length - shown })}
              </Button>
            )}
            {capped && (
              <Text size="xs" c="dimmed" ta="center">
                {t('capped', { count: binCapPerType })}
              </Text>
            )}
          </>
        )}
      </Stack>
      <PurgeConfirm entries={confirming} onCancel={() => setConfirming(null)} onConfirm={() => confirming && void run('purge', confirming)} />
    </Container>
  );
}
