/** Checks shared by request validation and list filters, so both databases accept exactly the same values. */

/** The largest id or integer a column holds (PostgreSQL `integer`). */
export const maxInt32 = 2_147_483_647;

/** A real calendar date `YYYY-MM-DD` between years 1 and 9999 (no February 30th, no year 0). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 timestamp whose date part is a real calendar date. */
export function isTimestamp(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && isCalendarDate(text.slice(0, 10)) && !Number.isNaN(Date.parse(text));
}

/** Text PostgreSQL can store: no NUL characters. */
export const isStorableText = (text: string) => !text.includes('\u0000');
