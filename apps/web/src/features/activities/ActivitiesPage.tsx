import { ActionIcon, Alert, Button, Container, EmptyState, Group, SegmentedControl, Stack, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarCheck, IconCalendarMonth, IconChevronLeft, IconChevronRight, IconList, IconPlus } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe, useTypes } from '../../api/hooks';
import type { Locale } from '../../api/types';
import { useUserName } from '../../components/fields/lookups';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageLoader } from '../../components/PageLoader';
import { rangeCap, useActivities, useActivityCounters, useActivityRange, type Activity, type ActivityKind, type ActivityQuery } from './api';
import { ActivityCalendar } from './ActivityCalendar';
import { ActivityDrawer } from './ActivityDrawer';
import { ActivityFilters } from './ActivityFilters';
import { ActivityRow } from './ActivityRow';
import { ActivityList } from './ActivityList';
import { PlanActivityDrawer } from './PlanActivityDrawer';
import { activitySpan } from './calendar';
import { addDays, dayKey, parseDayKey, periodRange, startOfDay, startOfWeek, todayColor } from './dates';
import { formatDayTitle, formatWeekTitle } from './format';
import type { ActivitiesSearch } from './search';
import { useActivityActions } from './useActivityActions';

/** The time the page reads "overdue" and "today" against, moved on every minute. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * "Minhas atividades": the salesperson's calls, meetings, e-mails and to-dos across every item, as a list under
 * headings by when they are due (one click completes or reschedules) or as a day or week calendar.
 */
export function ActivitiesPage() {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const search = useSearch({ from: '/app/activities' });
  const navigate = useNavigate({ from: '/activities' });
  const me = useMe().data!;
  const types = useTypes().data;
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const now = useMinuteClock();
  const [open, setOpen] = useState<Activity | null>(null);
  const [planning, setPlanning] = useState(false);
  const actions = useActivityActions();
  const counters = useActivityCounters();

  const change = (changes: Partial<ActivitiesSearch>) => void navigate({ to: '/activities', search: (previous) => ({ ...previous, ...changes }), replace: true });
  // A manager (someone who reads more than their own items) may look at a colleague's day.
  const isManager = me.isAdmin || (types ?? []).some((type) => !['none', 'own'].includes(type.rights.read));
  const responsibleId = search.responsible && search.responsible !== me.id ? search.responsible : undefined;
  const otherName = useUserName(responsibleId);

  const calendar = search.view === 'calendar';
  const span = phone || search.span === 'day' ? 'day' : 'week';
  const anchor = parseDayKey(search.date) ?? startOfDay(now);
  const first = span === 'day' ? startOfDay(anchor) : startOfWeek(anchor);
  const days = span === 'day' ? 1 : 7;

  const base: ActivityQuery = {
    responsibleId: responsibleId ?? 'me',
    kind: search.kind ? (search.kind.split(',') as ActivityKind[]) : undefined,
    completed: search.status === 'done' ? true : search.status === 'all' ? undefined : false,
    itemType: search.itemType,
    itemId: search.itemId,
  };
  // "Overdue" moves with the clock; the other periods only when the day changes.
  const range = periodRange(search.period ?? 'all', search.period === 'overdue' ? now : startOfDay(now), { from: search.from, to: search.to });
  const list = useActivities({ ...base, ...range });
  const inRange = useActivityRange({ ...base, from: first.toISOString(), to: addDays(first, days).toISOString() }, calendar);

  const title = otherName ? t('titleOf', { name: otherName }) : t('title');
  const rangeTitle = span === 'day' ? formatDayTitle(first, locale) : formatWeekTitle(first, locale);
  const move = (direction: -1 | 1) => change({ date: dayKey(addDays(first, direction * days)) });

  const rowProps = {
    now,
    showResponsible: false,
    onOpen: setOpen,
    onComplete: (activity: Activity) => void actions.complete(activity),
    onReopen: (activity: Activity) => void actions.reopen(activity),
    onReschedule: (activity: Activity, when: Date) => void actions.reschedule(activity, when),
  };
  const all = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Container fluid py="md" px={{ base: 'sm', sm: 'md' }}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm">
          <div>
            <Title order={1} size="h2">
              {title}
            </Title>
            {!responsibleId && counters.data ? (
              <Group gap="md" mt={4} data-testid="activity-summary">
                {counters.data.overdue > 0 && (
                  <UnstyledButton onClick={() => change({ view: undefined, period: 'overdue', status: undefined })}>
                    <Text size="sm" c="red.9" fw={700}>
                      {t('summary.overdue', { count: counters.data.overdue })}
                    </Text>
                  </UnstyledButton>
                )}
                {counters.data.today > 0 && (
                  <UnstyledButton onClick={() => change({ view: undefined, period: 'today', status: undefined })}>
                    <Text size="sm" c={todayColor} fw={700}>
                      {t('summary.today', { count: counters.data.today })}
                    </Text>
                  </UnstyledButton>
                )}
                {counters.data.upcoming > 0 && (
                  <Text size="sm" c="dimmed">
                    {t('summary.upcoming', { count: counters.data.upcoming })}
                  </Text>
                )}
                {counters.data.overdue + counters.data.today + counters.data.upcoming === 0 && (
                  <Text size="sm" c="dimmed">
                    {t('intro')}
                  </Text>
                )}
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                {t('intro')}
              </Text>
            )}
          </div>
          <Group gap="sm">
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setPlanning(true)}>
              {t('plan.button')}
            </Button>
            <SegmentedControl
              aria-label={t('views.label')}
              value={calendar ? 'calendar' : 'list'}
              onChange={(value) => change({ view: value === 'calendar' ? 'calendar' : undefined })}
              data={[
                { value: 'list', label: <ViewLabel icon={<IconList size={16} aria-hidden />} text={t('views.list')} /> },
                { value: 'calendar', label: <ViewLabel icon={<IconCalendarMonth size={16} aria-hidden />} text={t('views.calendar')} /> },
              ]}
            />
          </Group>
        </Group>

        <ActivityFilters search={search} onChange={change} withPeriod={!calendar} withResponsible={isManager} meId={me.id} />

        {calendar ? (
          <Stack gap="sm">
            <Group justify="space-between" gap="xs">
              <Group gap={4} wrap="nowrap">
                <Tooltip label={span === 'day' ? t('calendar.previousDay') : t('calendar.previousWeek')}>
                  <ActionIcon variant="default" size="lg" onClick={() => move(-1)} aria-label={span === 'day' ? t('calendar.previousDay') : t('calendar.previousWeek')}>
                    <IconChevronLeft size={18} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                <Button variant="default" onClick={() => change({ date: undefined })} style={{ flexShrink: 0 }}>
                  {t('calendar.today')}
                </Button>
                <Tooltip label={span === 'day' ? t('calendar.nextDay') : t('calendar.nextWeek')}>
                  <ActionIcon variant="default" size="lg" onClick={() => move(1)} aria-label={span === 'day' ? t('calendar.nextDay') : t('calendar.nextWeek')}>
                    <IconChevronRight size={18} aria-hidden />
                  </ActionIcon>
                </Tooltip>
                {!phone && (
                  <Title order={2} size="h4" ml="xs" aria-live="polite">
                    {rangeTitle}
                  </Title>
                )}
              </Group>
              {!phone && (
                <SegmentedControl
                  aria-label={t('calendar.span')}
                  value={span}
                  onChange={(value) => change({ span: value === 'day' ? 'day' : undefined })}
                  data={[
                    { value: 'day', label: t('calendar.day') },
                    { value: 'week', label: t('calendar.week') },
                  ]}
                />
              )}
            </Group>
            {phone && (
              <Title order={2} size="h5" aria-live="polite">
                {rangeTitle}
              </Title>
            )}
            {inRange.isPending ? (
              <PageLoader />
            ) : inRange.isError ? (
              <ErrorNotice error={inRange.error} onRetry={() => void inRange.refetch()} />
            ) : (
              <>
                {inRange.data.capped && (
                  <Alert color="yellow" role="status">
                    {t('calendar.capped', { count: rangeCap })}
                  </Alert>
                )}
                {phone ? (
                  <DayAgenda activities={inRange.data.items} rowProps={rowProps} busyId={actions.busyId} />
                ) : (
                  <ActivityCalendar activities={inRange.data.items} first={first} days={days} now={now} label={t('calendar.label', { range: rangeTitle })} onOpen={setOpen} />
                )}
              </>
            )}
          </Stack>
        ) : list.isPending ? (
          <PageLoader />
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
        ) : all.length === 0 ? (
          <EmptyState icon={<IconCalendarCheck size={28} aria-hidden />} withIndicatorBackground title={t('empty.title')} description={search.status ? t('empty.hint') : `${t('empty.open')} ${t('empty.hint')}`} py="xl" />
        ) : (
          <>
            <ActivityList activities={all} busyId={actions.busyId} {...rowProps} />
            {list.hasNextPage && (
              <Group justify="center">
                <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  {t('more')}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
      <ActivityDrawer activity={open} onClose={() => setOpen(null)} />
      <PlanActivityDrawer opened={planning} onClose={() => setPlanning(false)} />
    </Container>
  );
}

function ViewLabel({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <Group gap={6} wrap="nowrap" justify="center">
      {icon}
      <span>{text}</span>
    </Group>
  );
}

/** A day on a phone: its activities as a list, by the time they start. */
function DayAgenda({ activities, rowProps, busyId }: { activities: Activity[]; busyId: number | undefined; rowProps: Omit<Parameters<typeof ActivityRow>[0], 'activity' | 'busy'> }) {
  const { t } = useTranslation('activities');
  const sorted = [...activities].sort((a, b) => (activitySpan(a)?.start.getTime() ?? 0) - (activitySpan(b)?.start.getTime() ?? 0));
  if (sorted.length === 0) return <EmptyState icon={<IconCalendarCheck size={28} aria-hidden />} withIndicatorBackground title={t('calendar.emptyDay')} py="xl" />;
  return (
    <div data-testid="day-agenda" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', overflow: 'hidden' }}>
      {sorted.map((activity) => (
        <ActivityRow key={activity.id} activity={activity} busy={busyId === activity.id} {...rowProps} />
      ))}
    </div>
  );
}
