import { IconAlertCircle, IconClock, IconClockOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { dueState } from './due';
import classes from './ActivityFlag.module.css';
import { formatTime, formatWhen } from './format';

interface Props {
  /** The item's `nextActivityAt`: the earliest deadline of its open activities, null when nothing is planned. */
  value: unknown;
  /** `card`: a Kanban card's small flag; `cell`: a list cell, with the deadline written out. */
  variant: 'card' | 'cell';
  /** Nothing planned is no news here (a won or lost item): no flag then. */
  quietWhenNone?: boolean;
}

/**
 * Where an item stands with its next activity: red "Atrasada" when it is overdue, orange "Hoje" when it is due
 * later today, grey "Nada planejado" when nothing is planned; a coming one shows its date (a clock on a card).
 */
export function ActivityFlag({ value, variant, quietWhenNone = false }: Props) {
  const { t, i18n } = useTranslation('card');
  const locale = i18n.language as Locale;
  const deadline = typeof value === 'string' && value ? value : null;
  const now = new Date();
  const state = dueState(deadline, now);

  if (state === 'none' || !deadline) {
    if (quietWhenNone) return null;
    return (
      <span className={`${classes.flag} ${classes.none}`} title={t('timeline.flag.noneTitle')} data-activity="none">
        <IconClockOff size={12} aria-hidden />
        {t('timeline.flag.none')}
      </span>
    );
  }
  const date = new Date(deadline);
  const when = formatWhen(date, locale, t, now);
  const title =
    state === 'overdue'
      ? t('timeline.flag.overdueTitle', { date: formatDateTime(deadline, locale) })
      : state === 'today'
        ? t('timeline.flag.todayTitle', { time: formatTime(date, locale) })
        : t('timeline.flag.upcomingTitle', { date: when });

  if (state === 'upcoming' && variant === 'cell') {
    return (
      <span className={classes.cell} title={title} data-activity="upcoming">
        <IconClock size={14} aria-hidden />
        <span className={classes.when}>{when}</span>
      </span>
    );
  }
  if (state === 'upcoming') {
    return (
      <span className={`${classes.flag} ${classes.upcoming}`} title={title} data-activity="upcoming">
        <IconClock size={12} aria-hidden />
        <span className={classes.when}>{when}</span>
      </span>
    );
  }
  const flag = (
    <span className={`${classes.flag} ${classes[state]}`} title={title} data-activity={state}>
      {state === 'overdue' ? <IconAlertCircle size={12} aria-hidden /> : <IconClock size={12} aria-hidden />}
      {t(`timeline.flag.${state}`)}
    </span>
  );
  if (variant === 'card') return flag;
  return (
    <span className={classes.cell}>
      {flag}
      <span className={`${classes.when} ${state === 'overdue' ? classes.whenOverdue : classes.whenToday}`}>{state === 'today' ? formatTime(date, locale) : when}</span>
    </span>
  );
}
