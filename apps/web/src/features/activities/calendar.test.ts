import { describe, expect, it } from 'vitest';
import type { Activity } from './api';
import { activitySpan, placeActivities } from './calendar';
import { dayGroup, deadlineTone, periodRange, startOfWeek } from './dates';

/** Local times: the calendar places activities by the browser's clock, whatever zone the test runs in. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 11, day, hour, minute).toISOString();

let ids = 0;
function activity(changes: Partial<Activity>): Activity {
  ids += 1;
  return {
    id: ids,
    kind: 'call',
    direction: 'outgoing',
    subject: `Activity ${ids}`,
    description: null,
    deadline: null,
    startAt: null,
    endAt: null,
    durationSeconds: null,
    result: null,
    place: null,
    responsibleId: 1,
    priority: 'normal',
    completed: false,
    completedAt: null,
    remindAt: null,
    owner: { type: 'deal', id: 1, title: 'Renovação anual' },
    items: [],
    createdById: 1,
    createdAt: at(1, 8),
    updatedAt: at(1, 8),
    version: 1,
    ...changes,
  };
}

// The week of Sunday 6 to Saturday 12 December 2026.
const sunday = new Date(2026, 11, 6);

describe('calendar placement', () => {
  it('puts a meeting from its start to its end in the column of its day', () => {
    const meeting = activity({ kind: 'meeting', startAt: at(8, 9), endAt: at(8, 10, 30), deadline: at(8, 9) });
    const { placed, unscheduled } = placeActivities([meeting], sunday, 7);
    expect(unscheduled).toEqual([]);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ day: 2, start: 9 * 60, end: 10 * 60 + 30, lane: 0, lanes: 1, continuesBefore: false, continuesAfter: false });
  });

  it('gives a call with only a deadline half an hour, and a call with a duration its length (at least half an hour)', () => {
    const due = activity({ deadline: at(7, 14) });
    const long = activity({ deadline: at(7, 16), durationSeconds: 50 * 60 });
    const short = activity({ deadline: at(7, 17), durationSeconds: 120 });
    const { placed } = placeActivities([due, long, short], sunday, 7);
    const of = (a: Activity) => placed.find((p) => p.activity.id === a.id)!;
    expect(of(due)).toMatchObject({ day: 1, start: 14 * 60, end: 14 * 60 + 30 });
    expect(of(long)).toMatchObject({ day: 1, start: 16 * 60, end: 16 * 60 + 50 });
    expect(of(short)).toMatchObject({ day: 1, start: 17 * 60, end: 17 * 60 + 30 });
  });

  it('sets overlapping activities side by side, each in the first free lane, and leaves the others full width', () => {
    const a = activity({ kind: 'meeting', startAt: at(9, 9), endAt: at(9, 10) });
    const b = activity({ kind: 'meeting', startAt: at(9, 9, 30), endAt: at(9, 10, 30) });
    const c = activity({ kind: 'meeting', startAt: at(9, 10), endAt: at(9, 11) });
    const alone = activity({ deadline: at(9, 15) });
    const { placed } = placeActivities([c, alone, b, a], sunday, 7);
    const of = (x: Activity) => placed.find((p) => p.activity.id === x.id)!;
    expect(of(a)).toMatchObject({ lane: 0, lanes: 2 });
    expect(of(b)).toMatchObject({ lane: 1, lanes: 2 });
    // c starts when a ends: it takes a's lane back.
    expect(of(c)).toMatchObject({ lane: 0, lanes: 2 });
    expect(of(alone)).toMatchObject({ lane: 0, lanes: 1 });
  });

  it('splits a meeting past midnight over both days', () => {
    const night = activity({ kind: 'meeting', startAt: at(10, 23), endAt: at(11, 1) });
    const { placed } = placeActivities([night], sunday, 7);
    expect(placed.map((p) => [p.day, p.start, p.end, p.continuesBefore, p.continuesAfter])).toEqual([
      [4, 23 * 60, 24 * 60, false, true],
      [5, 0, 60, true, false],
    ]);
  });

  it('leaves out what falls outside the days shown and lists what has no time', () => {
    const before = activity({ deadline: at(5, 10) });
    const after = activity({ deadline: at(13, 10) });
    const undated = activity({ deadline: null });
    const { placed, unscheduled } = placeActivities([before, after, undated], sunday, 7);
    expect(placed).toEqual([]);
    expect(unscheduled).toEqual([undated]);
  });

  it('places on a single day column for the day view', () => {
    const today = activity({ deadline: at(8, 8, 15) });
    const tomorrow = activity({ deadline: at(9, 8, 15) });
    const { placed } = placeActivities([today, tomorrow], new Date(2026, 11, 8, 17), 1);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ day: 0, start: 8 * 60 + 15 });
  });

  it('reads a meeting without an end as half an hour from its start', () => {
    expect(activitySpan(activity({ kind: 'meeting', startAt: at(8, 9) }))).toEqual({ start: new Date(at(8, 9)), end: new Date(at(8, 9, 30)) });
  });
});

describe('periods and deadlines', () => {
  const now = new Date(2026, 11, 8, 14, 30);

  it('asks for today, this week (Sunday to Saturday), overdue and a custom range in local days, the end left out as the API does', () => {
    expect(periodRange('today', now)).toEqual({ from: new Date(2026, 11, 8).toISOString(), to: new Date(2026, 11, 9).toISOString() });
    expect(startOfWeek(now)).toEqual(sunday);
    expect(periodRange('week', now)).toEqual({ from: sunday.toISOString(), to: new Date(2026, 11, 13).toISOString() });
    expect(periodRange('overdue', now)).toEqual({ to: now.toISOString() });
    expect(periodRange('custom', now, { from: '2026-12-01', to: '2026-12-02' })).toEqual({ from: new Date(2026, 11, 1).toISOString(), to: new Date(2026, 11, 3).toISOString() });
    expect(periodRange('all', now)).toEqual({});
  });

  it('colors a past deadline red and a later one today orange; done ones never', () => {
    expect(deadlineTone(new Date(2026, 11, 8, 9).toISOString(), now)).toBe('overdue');
    expect(deadlineTone(new Date(2026, 11, 7, 18).toISOString(), now)).toBe('overdue');
    expect(deadlineTone(new Date(2026, 11, 8, 18).toISOString(), now)).toBe('today');
    expect(deadlineTone(new Date(2026, 11, 9, 9).toISOString(), now)).toBe('later');
    expect(deadlineTone(new Date(2026, 11, 8, 9).toISOString(), now, true)).toBe('later');
    expect(deadlineTone(null, now)).toBe('none');
  });

  it('heads the list by when things are due', () => {
    expect(dayGroup(new Date(2026, 11, 8, 9).toISOString(), false, now)).toBe('overdue');
    expect(dayGroup(new Date(2026, 11, 8, 16).toISOString(), false, now)).toBe('today');
    expect(dayGroup(new Date(2026, 11, 9, 9).toISOString(), false, now)).toBe('tomorrow');
    expect(dayGroup(new Date(2026, 11, 11, 9).toISOString(), false, now)).toBe('thisWeek');
    expect(dayGroup(new Date(2026, 11, 14, 9).toISOString(), false, now)).toBe('later');
    expect(dayGroup(null, false, now)).toBe('noDeadline');
    expect(dayGroup(new Date(2026, 11, 8, 9).toISOString(), true, now)).toBe('done');
  });
});
