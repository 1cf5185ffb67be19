import { Button, Center, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FieldMeta, HistoryEntry, Item, TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { useItemHistory } from './card-api';
import { HistoryEvent } from './HistoryEvent';

interface Props {
  type: TypeMeta;
  item: Item;
  fields: FieldMeta[];
}

/** One save is one event: its field changes share the event id, date and author, and show together. */
function groupByEvent(entries: HistoryEntry[]): HistoryEntry[][] {
  const events: HistoryEntry[][] = [];
  for (const entry of entries) {
    const last = events[events.length - 1];
    if (last && last[0].eventId === entry.eventId) last.push(entry);
    else events.push([entry]);
  }
  return events;
}

/** The History tab: every change of the item, oldest first, paged ("Load more"), in the user's language. */
export function HistoryTab({ type, item, fields }: Props) {
  const { t } = useTranslation('card');
  const history = useItemHistory(type.plural, item.id);
  if (history.isPending) return <PageLoader />;
  if (history.isError) return <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />;

  const events = groupByEvent(history.data.pages.flatMap((page) => page.items));
  if (events.length === 0) {
    return (
      <Center p="xl">
        <Text c="dimmed">{t('history.empty')}</Text>
      </Center>
    );
  }
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" p={0}>
        <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {events.map((entries) => (
            <HistoryEvent key={entries[0].eventId} type={type} item={item} fields={fields} entries={entries} />
          ))}
        </ol>
      </Paper>
      {history.hasNextPage && (
        <Button variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common:actions.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
