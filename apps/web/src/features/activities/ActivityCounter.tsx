import { ActionIcon, Badge, Indicator, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconCalendarCheck } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useActivityCounters, type ActivityCounters } from './api';
import { todayColor } from './dates';

/** What the counter shows: today's and overdue open activities; red when something is late. */
export function counterState(counters: ActivityCounters | undefined): { count: number; color: 'red' | 'orange' } | null {
  if (!counters) return null;
  const count = counters.today + counters.overdue;
  return count > 0 ? { count, color: counters.overdue > 0 ? 'red' : 'orange' } : null;
}

/** White small text on them stays AA: Mantine's red 9, and the timeline's dark orange. */
const badgeColors = { red: 'red.9', orange: todayColor } as const;

const shown = (count: number) => (count > 99 ? '99+' : String(count));

/** In the header: a calendar button to "Minhas atividades" with the number due today or overdue. */
export function ActivityCounter() {
  const { t } = useTranslation('activities');
  const state = counterState(useActivityCounters().data);
  const label = state ? t('counter.label', { count: state.count }) : t('counter.none');
  return (
    <Tooltip label={label}>
      <Indicator label={state ? shown(state.count) : undefined} disabled={!state} color={state ? badgeColors[state.color] : undefined} size={16} offset={4} inline data-testid="activity-counter">
        <ActionIcon component={Link} to="/activities" variant="subtle" color="gray" size="lg" aria-label={label}>
          <IconCalendarCheck size={20} aria-hidden />
        </ActionIcon>
      </Indicator>
    </Tooltip>
  );
}

/** Beside "Minhas atividades" in the navigation. */
export function ActivityNavBadge() {
  const { t } = useTranslation('activities');
  const state = counterState(useActivityCounters().data);
  if (!state) return null;
  return (
    <>
      <Badge size="sm" color={badgeColors[state.color]} variant="filled" circle={state.count < 10} aria-hidden data-testid="activity-nav-badge">
        {shown(state.count)}
      </Badge>
      <VisuallyHidden>{t('counter.short', { count: state.count })}</VisuallyHidden>
    </>
  );
}
