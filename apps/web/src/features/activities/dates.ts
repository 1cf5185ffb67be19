/**
 * Days and weeks in the browser's time zone, the way a salesperson reads them: "today" is the local calendar day, a
 * week starts on Sunday (as the app's date pickers do), and a deadline is overdue once its moment has passed.
 */

export type Period = 'all' | 'today' | 'week' | 'overdue' | 'custom';
export const periods: Period[] = ['all', 'today', 'week', 'overdue', 'custom'];

export function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds());
}

/** The Sunday that starts the week of `date`, at midnight. */
export function startOfWeek(date: Date): Date {
  const day = startOfDay(date);
  return addDays(day, -day.getDay());
}

export function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** `2026-12-01` for the local day of a date (what the URL keeps). */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local midnight of a `YYYY-MM-DD`, or null when it is not one. */
export function parseDayKey(value: string | undefined | null): Date | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) || dayKey(date) !== value ? null : date;
}

export interface Range {
  from?: string;
  to?: string;
}

/** The deadline range (ISO, UTC) a period asks the API for: from `from` (included) up to `to` (left out). */
export function periodRange(period: Period, now: Date, custom?: { from?: string; to?: string }): Range {
  const today = startOfDay(now);
  const endOf = (day: Date) => addDays(day, 1);
  switch (period) {
    case 'today':
      return { from: today.toISOString(), to: endOf(today).toISOString() };
    case 'week': {
      const start = startOfWeek(now);
      return { from: start.toISOString(), to: endOf(addDays(start, 6)).toISOString() };
    }
    case 'overdue':
      return { to: now.toISOString() };
    case 'custom': {
      const from = parseDayKey(custom?.from);
      const to = parseDayKey(custom?.to);
      return { from: from?.toISOString(), to: to ? endOf(to).toISOString() : undefined };
    }
    default:
      return {};
  }
}

export type DeadlineTone = 'overdue' | 'today' | 'later' | 'none';

/** Red when the deadline has passed, orange when it is later today; done things are never late. */
export function deadlineTone(deadline: string | null | undefined, now: Date, done = false): DeadlineTone {
  if (!deadline) return 'none';
  if (done) return 'later';
  const date = new Date(deadline);
  if (date.getTime() < now.getTime()) return 'overdue';
  if (sameDay(date, now)) return 'today';
  return 'later';
}

/** Mantine's orange 9 is under 4.5:1 on white: a darker orange keeps small text AA, as the card's timeline does. */
export const todayColor = '#a8400a';
export const toneColor: Record<DeadlineTone, string | undefined> = { overdue: 'red.9', today: todayColor, later: undefined, none: 'dimmed' };

/** The day groups of the list, in the order an open list runs (by deadline, earliest first). */
export type DayGroup = 'overdue' | 'today' | 'tomorrow' | 'thisWeek' | 'later' | 'noDeadline' | 'done';

export function dayGroup(deadline: string | null, completed: boolean, now: Date): DayGroup {
  if (completed) return 'done';
  if (!deadline) return 'noDeadline';
  const date = new Date(deadline);
  if (date.getTime() < now.getTime()) return 'overdue';
  const today = startOfDay(now);
  if (sameDay(date, today)) return 'today';
  if (sameDay(date, addDays(today, 1))) return 'tomorrow';
  if (date.getTime() < addDays(startOfWeek(now), 7).getTime()) return 'thisWeek';
  return 'later';
}
