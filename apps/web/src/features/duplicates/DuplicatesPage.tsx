import { Button, Container, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useTypeMeta, useTypes } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { formatDateTime } from '../../lib/format';
import { duplicateKeys, duplicatePlurals, useGroups, useStartScan, type DuplicatePlural } from './api';
import { GroupCard } from './GroupCard';
import { MergeDialog } from './MergeDialog';
import { ScanProgress } from './ScanProgress';

/**
 * The duplicates screen: per item type, the groups the last scan found (those with at least two items the user may
 * read), a way to look again (a background job with its progress), and per group a merge or "not duplicates".
 */
export function DuplicatesPage() {
  const { t, i18n } = useTranslation('duplicates');
  const locale = i18n.language as Locale;
  const search = useSearch({ from: '/app/duplicates' });
  const navigate = useNavigate();
  const types = useTypes().data;
  const me = useMe().data;
  // In simple CRM mode there are no leads to review (the navigation hides them too).
  const readable = duplicatePlurals.filter(
    (plural) => (plural !== 'leads' || me?.crmMode !== 'simple') && (types?.find((type) => type.plural === plural)?.rights.read ?? 'none') !== 'none',
  );
  const plural: DuplicatePlural = search.type ?? readable[0] ?? 'contacts';
  const type = useTypeMeta(plural);
  const groups = useGroups(plural);
  const start = useStartScan(plural);
  const client = useQueryClient();
  // The scan this page started, per type (another type's scan goes on in the background).
  const [started, setStarted] = useState<{ plural: DuplicatePlural; jobId: number } | null>(null);
  const [merging, setMerging] = useState<number | null>(null);

  const first = groups.data?.pages[0];
  const running = (started?.plural === plural ? started.jobId : null) ?? first?.scan.runningJobId ?? null;

  const scan = async () => setStarted({ plural, jobId: (await start.mutateAsync()).jobId });
  const scanEnded = () => {
    setStarted(null);
    void client.invalidateQueries({ queryKey: duplicateKeys.groups(plural) });
  };
  const all = groups.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Container size="lg" py="md">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={1} size="h3">
            {t('title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </Stack>
        <Group justify="space-between" gap="sm">
          <SegmentedControl
            aria-label={t('typeLabel')}
            value={plural}
            onChange={(value) => void navigate({ to: '/duplicates', search: { type: value as DuplicatePlural } })}
            data={readable.map((value) => ({ value, label: t(`types.${value}`) }))}
          />
          <Button leftSection={<IconSearch size={16} aria-hidden />} onClick={() => void scan()} loading={start.isPending} disabled={running !== null}>
            {first?.scan.finishedAt ? t('scan.again') : t('scan.start')}
          </Button>
        </Group>
        {start.error && <ErrorNotice error={start.error} />}
        {running !== null && <ScanProgress key={running} jobId={running} onEnded={scanEnded} />}
        {groups.isPending || !type ? (
          <PageLoader />
        ) : groups.isError ? (
          <ErrorNotice error={groups.error} onRetry={() => void groups.refetch()} />
        ) : (
          <>
            <Text size="sm" c="dimmed" data-testid="scan-date">
              {first?.scan.finishedAt ? t('scan.last', { date: formatDateTime(first.scan.finishedAt, locale) }) : t('scan.never')}
            </Text>
            {first?.scan.finishedAt && all.length === 0 && <Text>{t('empty')}</Text>}
            {all.map((group) => (
              <GroupCard key={group.id} type={type} plural={plural} group={group} onMerge={() => setMerging(group.id)} />
            ))}
            {groups.hasNextPage && (
              <Group justify="center">
                <Button variant="default" loading={groups.isFetchingNextPage} onClick={() => void groups.fetchNextPage()}>
                  {t('more')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
      {merging !== null && type && <MergeDialog type={type} plural={plural} groupId={merging} onClose={() => setMerging(null)} />}
    </Container>
  );
}
