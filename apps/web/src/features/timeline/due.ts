/**
 * When an activity is due, in the browser's time zone: overdue (its deadline passed), today (later today), upcoming,
 * or nothing planned. The quick choices of the composer and the reschedule menu are computed here too, so the
 * component tests can pin "now".
 */

export type DueState = 'overdue' | 'today' | 'upcoming' | 'none';

const hour = 3_600_000;

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

function atTime(day: Date, hours: number, minutes = 0): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours, minutes);
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, date.getHours(), date.getMinutes());
}

export function dueState(deadline: string | null | undefined, now: Date = new Date()): DueState {
  if (!deadline) return 'none';
  const at = new Date(deadline);
  if (Number.isNaN(at.getTime())) return 'none';
  if (at.getTime() < now.getTime()) return 'overdue';
  return startOfDay(at).getTime() === startOfDay(now).getTime() ? 'today' : 'upcoming';
}

/** Whether `value` falls on the day after `now`'s (for "Amanhã, 10:00"). */
export function dayOffset(value: Date, now: Date = new Date()): number {
  return Math.round((startOfDay(value).getTime() - startOfDay(now).getTime()) / (24 * hour));
}

export type QuickDeadline = 'inOneHour' | 'today18' | 'tomorrow10' | 'inThreeDays' | 'nextWeek';

/** The composer's deadline chips: "today 18h" while the day still has it, else "in an hour". */
export function quickDeadlines(now: Date = new Date()): QuickDeadline[] {
  const today18 = atTime(now, 18);
  return [now.getTime() < today18.getTime() - hour / 2 ? 'today18' : 'inOneHour', 'tomorrow10', 'inThreeDays', 'nextWeek'];
}

/** The moment a quick choice names; minutes of "in an hour" are rounded up to the next quarter. */
export function quickDeadline(choice: QuickDeadline, now: Date = new Date()): Date {
  switch (choice) {
    case 'inOneHour': {
      const later = new Date(now.getTime() + hour);
      const quarter = 15 * 60_000;
      return new Date(Math.ceil(later.getTime() / quarter) * quarter);
    }
    case 'today18':
      return atTime(now, 18);
    case 'tomorrow10':
      return atTime(addDays(now, 1), 10);
    case 'inThreeDays':
      return atTime(addDays(now, 3), 10);
    case 'nextWeek':
      return atTime(nextMonday(now), 10);
  }
}

function nextMonday(now: Date): Date {
  const days = ((8 - now.getDay()) % 7) || 7;
  return addDays(startOfDay(now), days);
}

export type Reschedule = 'plusHour' | 'tomorrow' | 'nextWeek';

/**
 * A new deadline from a reschedule choice. "+1 h" counts from the deadline, or from now when it already passed (an
 * hour after a deadline of last week would still be late); "tomorrow" and "next week" (Monday) keep its time of day.
 */
export function rescheduled(choice: Reschedule, deadline: string | null, now: Date = new Date()): Date {
  const current = deadline ? new Date(deadline) : null;
  const base = current && current.getTime() > now.getTime() ? current : now;
  const hours = current ? current.getHours() : 10;
  const minutes = current ? current.getMinutes() : 0;
  switch (choice) {
    case 'plusHour':
      // From now, on the next quarter hour: 15:00 rather than 14:53.
      return base === now ? quickDeadline('inOneHour', now) : new Date(base.getTime() + hour);
    case 'tomorrow':
      return atTime(addDays(now, 1), hours, minutes);
    case 'nextWeek':
      return atTime(nextMonday(now), hours, minutes);
  }
}
