import { Text } from '@mantine/core';
import { useLayoutEffect, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../api/types';
import type { Activity } from './api';
import { placeActivities, minutesPerDay, type Placed } from './calendar';
import { addDays, sameDay } from './dates';
import { formatColumnDay, formatHour, formatTime } from './format';
import { KindGlyph, kindColors } from './KindIcon';
import classes from './Calendar.module.css';

interface Props {
  activities: Activity[];
  /** The first day shown (local midnight) and how many: 1 (day) or 7 (week). */
  first: Date;
  days: number;
  now: Date;
  /** Names the grid for screen readers ("Calendário de 29 de nov. – 5 de dez."). */
  label: string;
  onOpen: (activity: Activity) => void;
}

const hours = Array.from({ length: 24 }, (_, hour) => hour);
/** The hour the grid opens scrolled to: the working day, not midnight. */
const firstWorkingHour = 7;

/** A day or week of activities in hour slots: a CSS grid of day columns, each activity a block from start to end. */
export function ActivityCalendar({ activities, first, days, now, label, onOpen }: Props) {
  const { i18n } = useTranslation('activities');
  const locale = i18n.language as Locale;
  const scroller = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const { placed } = placeActivities(activities, first, days);
  const columns = Array.from({ length: days }, (_, day) => addDays(first, day));

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const hourHeight = element.scrollHeight / 24 || 48;
    element.scrollTop = hourHeight * firstWorkingHour;
    root.current?.style.setProperty('--scrollbar', `${element.offsetWidth - element.clientWidth}px`);
  }, [days]);

  return (
    <div ref={root} className={classes.calendar} style={{ '--days': days } as CSSProperties} role="region" aria-label={label} data-testid="activity-calendar">
      <div className={classes.head}>
        <div />
        {columns.map((date) => {
          const { weekday, day } = formatColumnDay(date, locale);
          return (
            <div key={date.toISOString()} className={classes.dayHead} data-today={sameDay(date, now) || undefined}>
              <span className={classes.weekday}>{weekday}</span>
              <span className={classes.dayNumber}>{day}</span>
            </div>
          );
        })}
      </div>
      <div ref={scroller} className={classes.scroller}>
        <div className={classes.body}>
          {hours.map((hour) => (
            <div key={hour} className={classes.hour} style={{ gridRow: hour + 1 }} aria-hidden>
              <span>{formatHour(hour, locale)}</span>
            </div>
          ))}
          {columns.map((date, day) => (
            <div key={date.toISOString()} className={classes.column} style={{ gridColumn: day + 2 }} data-today={sameDay(date, now) || undefined} role="group" aria-label={date.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' })}>
              {sameDay(date, now) && <div className={classes.now} style={{ top: `${((now.getHours() * 60 + now.getMinutes()) / minutesPerDay) * 100}%` }} aria-hidden />}
              {placed
                .filter((event) => event.day === day)
                .map((event) => (
                  <CalendarEvent key={`${event.activity.id}-${event.day}`} event={event} now={now} locale={locale} onOpen={onOpen} />
                ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function CalendarEvent({ event, now, locale, onOpen }: { event: Placed; now: Date; locale: Locale; onOpen: (activity: Activity) => void }) {
  const { activity } = event;
  const color = kindColors[activity.kind];
  const startText = activity.startAt ?? activity.deadline!;
  const time = formatTime(startText, locale);
  const overdue = !activity.completed && activity.deadline !== null && new Date(activity.deadline).getTime() < now.getTime();
  const style = {
    top: `${(event.start / minutesPerDay) * 100}%`,
    height: `calc(${((event.end - event.start) / minutesPerDay) * 100}% - 2px)`,
    left: `calc(${(event.lane / event.lanes) * 100}% + 2px)`,
    width: `calc(${100 / event.lanes}% - 4px)`,
    '--event-background': `var(--mantine-color-${color}-0)`,
    '--event-border': `var(--mantine-color-${color}-4)`,
  } as CSSProperties;
  return (
    <button
      type="button"
      className={classes.event}
      style={style}
      data-overdue={overdue || undefined}
      data-done={activity.completed || undefined}
      data-compact={event.end - event.start < 45 || undefined}
      onClick={() => onOpen(activity)}
      title={`${time} ${activity.subject}`}
      data-testid="calendar-event"
    >
      <span className={classes.eventTime}>
        <KindGlyph activity={activity} size={12} />
        {time}
      </span>{' '}
      <Text span inherit className={classes.eventSubject}>
        {activity.subject}
      </Text>
    </button>
  );
}
