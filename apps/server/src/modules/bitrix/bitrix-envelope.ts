/**
 * Bitrix24's answer shapes. A success is `{result, time}` (plus `total` and `next` for lists, `next` only while more
 * rows remain); `time` is always there, since the JS SDK reads `time.operating` on every success.
 */

export interface BitrixAnswer {
  result: unknown;
  total?: number;
  next?: number;
}

/** `2026-11-30T12:00:00+00:00`: Bitrix24's ISO form, seconds and an offset. */
export const bitrixDateTime = (date: Date) => `${date.toISOString().slice(0, 19)}+00:00`;

export function timeOf(started: Date, finished: Date) {
  const start = started.getTime() / 1000;
  const finish = finished.getTime() / 1000;
  return {
    start,
    finish,
    duration: finish - start,
    processing: finish - start,
    date_start: bitrixDateTime(started),
    date_finish: bitrixDateTime(finished),
    operating_reset_at: Math.floor(finish) + 600,
    operating: 0,
  };
}

export function success(answer: BitrixAnswer, started: Date, finished: Date) {
  return {
    result: answer.result,
    ...(answer.next !== undefined ? { next: answer.next } : {}),
    ...(answer.total !== undefined ? { total: answer.total } : {}),
    time: timeOf(started, finished),
  };
}
