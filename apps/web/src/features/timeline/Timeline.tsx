import { Button, Center, Chip, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/hooks';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useTimeline } from './api';
import { Composer } from './Composer';
import { PlannedActivity } from './PlannedActivity';
import { StreamEntry } from './StreamEntry';
import classes from './Timeline.module.css';
import type { TimelineEntry, TimelineKind } from './types';

interface Props {
  type: TypeMeta;
  item: Item;
  /** The card layout's fields: history entries show values as the card does. */
  fields: FieldMeta[];
}

const kinds: TimelineKind[] = ['activity', 'comment', 'task', 'history'];

const entryKey = (entry: TimelineEntry) => {
  switch (entry.kind) {
    case 'activity':
      return `activity-${entry.activity.id}`;
    case 'comment':
      return `comment-${entry.comment.id}`;
    case 'task':
      return `task-${entry.task.id}`;
    default:
      return `history-${entry.event.eventId}`;
  }
};

/**
 * The card's timeline, as in Bitrix24: the composer on top, the open activities pinned under it (earliest first, red
 * when overdue, orange when due today), then everything that happened, newest first, filtered by kind and loaded
 * page by page as it scrolls.
 */
export function Timeline({ type, item, fields }: Props) {
  const { t } = useTranslation('card');
  const me = useMe().data;
  const [shown, setShown] = useState<TimelineKind[]>([]);
  const timeline = useTimeline(type.plural, item.id, shown);
  const mayPlan = type.rights.update !== 'none';
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  // The next page comes as the end of the stream nears the screen ("Carregar mais" stays for the keyboard).
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const pages = timeline.data?.pages ?? [];
  const planned = shown.length === 0 || shown.includes('activity') ? (pages[0]?.planned ?? []) : [];
  const entries = pages.flatMap((page) => page.items);

  return (
    <Stack gap="md" component="section" aria-labelledby="timeline-title">
      <Title order={2} size="h5" id="timeline-title">
        {t('timeline.title')}
      </Title>
      <Composer type={type} item={item} meId={me?.id} mayPlan={mayPlan} />
      {timeline.isPending ? (
        <Center p="lg">
          <Loader size="sm" aria-label={t('common:state.loading')} />
        </Center>
      ) : timeline.isError ? (
        <ErrorNotice error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : (
        <>
          {(shown.length === 0 || shown.includes('activity')) && (
            <section aria-labelledby="timeline-planned-title">
              <Title order={3} size="h6" id="timeline-planned-title" mb="xs">
                {t('timeline.planned.title')} {planned.length > 0 && <Text span c="gray.7" size="sm">({planned.length})</Text>}
              </Title>
              {planned.length === 0 ? (
                <Text size="sm" c="gray.7" data-testid="nothing-planned">
                  {t('timeline.planned.empty')}
                </Text>
              ) : (
                <ul className={classes.planned} aria-labelledby="timeline-planned-title">
                  {planned.map((activity) => (
                    <PlannedActivity key={activity.id} type={type} item={item} activity={activity} meId={me?.id} />
                  ))}
                </ul>
              )}
            </section>
          )}
          <Chip.Group multiple value={shown} onChange={(value) => setShown(kinds.filter((kind) => value.includes(kind)))}>
            <Group gap={6} role="group" aria-label={t('timeline.filter.label')}>
              {kinds.map((kind) => (
                <Chip key={kind} value={kind} size="xs" variant="outline">
                  {t(`timeline.filter.${kind}`)}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          {entries.length === 0 ? (
            <Text size="sm" c="gray.7">
              {shown.length === 0 ? t('timeline.stream.empty') : t('timeline.stream.emptyFiltered')}
            </Text>
          ) : (
            <ol className={classes.stream} aria-label={t('timeline.stream.label')}>
              {entries.map((entry) => (
                <StreamEntry key={entryKey(entry)} type={type} item={item} fields={fields} me={me} entry={entry} />
              ))}
            </ol>
          )}
          <div ref={sentinel} className={classes.sentinel} />
          {hasNextPage && (
            <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage} style={{ alignSelf: 'center' }}>
              {t('common:actions.loadMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
