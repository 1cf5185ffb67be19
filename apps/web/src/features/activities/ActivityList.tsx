import { Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Activity } from './api';
import { ActivityRow } from './ActivityRow';
import { dayGroup, type DayGroup } from './dates';
import classes from './Activities.module.css';

interface Props {
  activities: Activity[];
  now: Date;
  showResponsible: boolean;
  busyId: number | undefined;
  onOpen: (activity: Activity) => void;
  onComplete: (activity: Activity) => void;
  onReopen: (activity: Activity) => void;
  onReschedule: (activity: Activity, when: Date) => void;
}

/** Runs of consecutive activities of one day group, in the order the API gave them (by deadline, then the done ones). */
export function groupActivities(activities: Activity[], now: Date): Array<{ group: DayGroup; items: Activity[] }> {
  const runs: Array<{ group: DayGroup; items: Activity[] }> = [];
  for (const activity of activities) {
    const group = dayGroup(activity.deadline, activity.completed, now);
    const last = runs[runs.length - 1];
    if (last?.group === group) last.items.push(activity);
    else runs.push({ group, items: [activity] });
  }
  return runs;
}

/** The list view: activities under headings by when they are due (overdue, today, tomorrow, …, done). */
export function ActivityList({ activities, now, busyId, ...rowProps }: Props) {
  const { t } = useTranslation('activities');
  return (
    <Paper withBorder radius="sm" style={{ overflow: 'hidden' }}>
      {groupActivities(activities, now).map((run, index) => (
        <section key={`${run.group}-${index}`} aria-labelledby={`activity-group-${index}`}>
          <h2 id={`activity-group-${index}`} className={classes.groupTitle} data-tone={run.group} style={{ margin: 0 }}>
            {t(`groups.${run.group}`)}
          </h2>
          {run.items.map((activity) => (
            <ActivityRow key={activity.id} activity={activity} now={now} busy={busyId === activity.id} {...rowProps} />
          ))}
        </section>
      ))}
    </Paper>
  );
}
