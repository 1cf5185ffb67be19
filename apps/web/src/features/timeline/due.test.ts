import { describe, expect, it } from 'vitest';
import { dueState, quickDeadline, quickDeadlines, rescheduled } from './due';
import { rescheduleValues } from './PlannedActivity';
import type { Activity } from './types';

// Wednesday 17 June 2026, in the test's time zone.
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 5, day, hours, minutes);
const morning = at(17, 9);

describe('when an activity is due', () => {
  it('is overdue once its moment passed, today until midnight, upcoming after, none without a deadline', () => {
    expect(dueState(at(17, 8, 59).toISOString(), morning)).toBe('overdue');
    expect(dueState(at(16, 23).toISOString(), morning)).toBe('overdue');
    expect(dueState(at(17, 9, 1).toISOString(), morning)).toBe('today');
    expect(dueState(at(17, 23, 59).toISOString(), morning)).toBe('today');
    expect(dueState(at(18, 0).toISOString(), morning)).toBe('upcoming');
    expect(dueState(null, morning)).toBe('none');
    expect(dueState('not a date', morning)).toBe('none');
  });
});

describe('quick deadlines', () => {
  it('offer today 18h while the day has it, else in an hour', () => {
    expect(quickDeadlines(morning)).toEqual(['today18', 'tomorrow10', 'inThreeDays', 'nextWeek']);
    expect(quickDeadlines(at(17, 17, 45))[0]).toBe('inOneHour');
  });

  it('name their moments', () => {
    expect(quickDeadline('today18', morning)).toEqual(at(17, 18));
    expect(quickDeadline('tomorrow10', morning)).toEqual(at(18, 10));
    expect(quickDeadline('inThreeDays', morning)).toEqual(at(20, 10));
    expect(quickDeadline('nextWeek', morning)).toEqual(at(22, 10));
    expect(quickDeadline('inOneHour', at(17, 17, 50))).toEqual(at(17, 19));
  });
});

describe('rescheduling', () => {
  it('+1 h counts from the deadline, or from now once it passed; tomorrow and next week keep the time of day', () => {
    expect(rescheduled('plusHour', at(17, 15).toISOString(), morning)).toEqual(at(17, 16));
    expect(rescheduled('plusHour', at(10, 15).toISOString(), morning)).toEqual(at(17, 10));
    expect(rescheduled('plusHour', at(10, 15).toISOString(), at(17, 9, 52))).toEqual(at(17, 11));
    expect(rescheduled('tomorrow', at(10, 15, 30).toISOString(), morning)).toEqual(at(18, 15, 30));
    expect(rescheduled('nextWeek', at(17, 15).toISOString(), morning)).toEqual(at(22, 15));
    expect(rescheduled('tomorrow', null, morning)).toEqual(at(18, 10));
  });

  it('moves a meeting with its length and its reminder as far ahead', () => {
    const meeting = { kind: 'meeting', deadline: at(17, 14).toISOString(), startAt: at(17, 14).toISOString(), endAt: at(17, 15, 30).toISOString(), remindAt: at(17, 13, 45).toISOString() } as Activity;
    expect(rescheduleValues(meeting, at(18, 10))).toEqual({
      deadline: at(18, 10).toISOString(),
      startAt: at(18, 10).toISOString(),
      endAt: at(18, 11, 30).toISOString(),
      remindAt: at(18, 9, 45).toISOString(),
    });
  });
});
