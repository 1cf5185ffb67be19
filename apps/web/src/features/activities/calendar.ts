import type { Activity } from './api';
import { addDays, startOfDay } from './dates';

/**
 * Where activities go on a day or week calendar: each one from its start (a meeting's startAt, else its deadline) to
 * its end (a meeting's endAt, a call's duration, else half an hour), in the day column of its local date; what
 * overlaps shares the column side by side in lanes, as calendars do. Pure, so the placement is tested alone.
 */

export const minutesPerDay = 24 * 60;
/** What an activity without an end takes on the grid (and the least any takes, so a short call stays readable). */
export const defaultMinutes = 30;

export interface Placed {
  activity: Activity;
  /** The day column, 0 = the first day shown. */
  day: number;
  /** Minutes from that day's local midnight. */
  start: number;
  end: number;
  /** Its lane among the activities it overlaps, and how many lanes they need. */
  lane: number;
  lanes: number;
  /** It began on an earlier day, or goes on into the next (a meeting past midnight). */
  continuesBefore: boolean;
  continuesAfter: boolean;
}

export interface Placement {
  placed: Placed[];
  /** Activities with no deadline or start: listed beside the grid, not on it. */
  unscheduled: Activity[];
}

/** The moments an activity takes on a calendar, or null when it has no time at all. */
export function activitySpan(activity: Activity): { start: Date; end: Date } | null {
  const startText = activity.startAt ?? activity.deadline;
  if (!startText) return null;
  const start = new Date(startText);
  if (Number.isNaN(start.getTime())) return null;
  let end: Date | null = null;
  if (activity.endAt) end = new Date(activity.endAt);
  else if (activity.durationSeconds && activity.durationSeconds > 0) end = new Date(start.getTime() + activity.durationSeconds * 1000);
  const least = start.getTime() + defaultMinutes * 60_000;
  if (!end || Number.isNaN(end.getTime()) || end.getTime() < least) end = new Date(least);
  return { start, end };
}

/** Places the activities on `days` day columns starting at the local day of `first`. */
export function placeActivities(activities: Activity[], first: Date, days: number): Placement {
  const origin = startOfDay(first);
  const columns: Array<Array<Omit<Placed, 'lane' | 'lanes'>>> = Array.from({ length: days }, () => []);
  const unscheduled: Activity[] = [];
  for (const activity of activities) {
    const span = activitySpan(activity);
    if (!span) {
      unscheduled.push(activity);
      continue;
    }
    for (let day = 0; day < days; day++) {
      const dayStart = addDays(origin, day);
      const dayEnd = addDays(origin, day + 1);
      if (span.end.getTime() <= dayStart.getTime() || span.start.getTime() >= dayEnd.getTime()) continue;
      const from = Math.max(span.start.getTime(), dayStart.getTime());
      const to = Math.min(span.end.getTime(), dayEnd.getTime());
      // Minutes by the wall clock, so a day of a daylight-saving change still has its hours where they are written.
      const start = minutesOfDay(new Date(from), dayStart);
      const end = to === dayEnd.getTime() ? minutesPerDay : Math.max(minutesOfDay(new Date(to), dayStart), start + 1);
      columns[day].push({ activity, day, start, end, continuesBefore: span.start.getTime() < dayStart.getTime(), continuesAfter: span.end.getTime() > dayEnd.getTime() });
    }
  }
  return { placed: columns.flatMap(assignLanes), unscheduled };
}

function minutesOfDay(date: Date, dayStart: Date): number {
  if (date.getTime() <= dayStart.getTime()) return 0;
  return date.getHours() * 60 + date.getMinutes();
}

/** Side by side: each overlapping cluster gets as many lanes as it needs at once, each event the first free lane. */
function assignLanes(column: Array<Omit<Placed, 'lane' | 'lanes'>>): Placed[] {
  const sorted = [...column].sort((a, b) => a.start - b.start || b.end - a.end || a.activity.id - b.activity.id);
  const result: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const lanes = cluster.reduce((most, event) => Math.max(most, event.lane + 1), 0);
    for (const event of cluster) event.lanes = lanes;
    result.push(...cluster);
    cluster = [];
  };
  for (const event of sorted) {
    if (cluster.length > 0 && event.start >= clusterEnd) closeCluster();
    const laneEnds: number[] = [];
    for (const other of cluster) laneEnds[other.lane] = Math.max(laneEnds[other.lane] ?? -1, other.end);
    let lane = 0;
    while (laneEnds[lane] !== undefined && laneEnds[lane] > event.start) lane++;
    cluster.push({ ...event, lane, lanes: 1 });
    clusterEnd = Math.max(clusterEnd, event.end);
  }
  if (cluster.length > 0) closeCluster();
  return result;
}
