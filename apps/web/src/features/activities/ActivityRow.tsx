import { Badge, Button, Text } from '@mantine/core';
import { IconArrowBackUp, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import { useUserName } from '../../components/fields/lookups';
import type { Activity } from './api';
import { deadlineTone, toneColor } from './dates';
import { formatDeadline } from './format';
import { FirstItemAndMore } from './ItemLink';
import { KindIcon } from './KindIcon';
import { ReschedulePopover } from './ReschedulePopover';
import classes from './Activities.module.css';

interface Props {
  activity: Activity;
  now: Date;
  showResponsible: boolean;
  busy: boolean;
  onOpen: (activity: Activity) => void;
  onComplete: (activity: Activity) => void;
  onReopen: (activity: Activity) => void;
  onReschedule: (activity: Activity, when: Date) => void;
}

/** One activity in the list: its kind, subject, deadline in red or orange when due, what it concerns, one-click done. */
export function ActivityRow({ activity, now, showResponsible, busy, onOpen, onComplete, onReopen, onReschedule }: Props) {
  const { t, i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const responsible = useUserName(showResponsible ? activity.responsibleId : null);
  const tone = deadlineTone(activity.deadline, now, activity.completed);
  return (
    <div className={classes.row} data-done={activity.completed || undefined} data-testid="activity-row">
      <KindIcon activity={activity} />
      <div className={classes.main}>
        <button type="button" className={classes.subject} onClick={() => onOpen(activity)}>
          {activity.subject}
        </button>
        {activity.priority === 'high' && !activity.completed && (
          <Badge color="red" variant="light" size="xs" ml={6} styles={{ label: { color: 'var(--mantine-color-red-9)' } }}>
            {t('priority.highBadge')}
          </Badge>
        )}
        <div className={classes.meta}>
          {activity.completed ? (
            <Text size="xs" c="dimmed">
              {t('row.completedAt', { date: activity.completedAt ? formatDeadline(activity.completedAt, locale, now) : '' })}
            </Text>
          ) : (
            <Text size="xs" c={toneColor[tone]} fw={tone === 'overdue' || tone === 'today' ? 700 : undefined} data-tone={tone}>
              {activity.deadline ? formatDeadline(activity.deadline, locale, now) : t('row.noDeadline')}
            </Text>
          )}
          <FirstItemAndMore items={activity.items.length > 0 ? activity.items : [activity.owner]} more={(count) => t('row.more', { count })} />
          {responsible && (
            <Text size="xs" c="dimmed">
              {t('row.responsible', { name: responsible })}
            </Text>
          )}
        </div>
      </div>
      <div className={classes.actions}>
        {activity.completed ? (
          <Button variant="subtle" color="gray" size="xs" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => onReopen(activity)} loading={busy}>
            {t('row.reopen')}
          </Button>
        ) : (
          <>
            <ReschedulePopover activity={activity} onPick={(when) => onReschedule(activity, when)} disabled={busy} />
            <Button variant="default" size="xs" leftSection={<IconCheck size={14} color="var(--mantine-color-green-8)" aria-hidden />} onClick={() => onComplete(activity)} loading={busy} aria-label={t('row.completeNamed', { subject: activity.subject })}>
              {t('row.complete')}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
