import type { Locale } from '../../api/types';
import { addDays, sameDay, startOfDay } from './dates';

/**
 * Deadlines as a person says them: "Hoje, 14:00", "Amanhã, 09:30", "seg., 7 de dez., 10:00" (the year only when it is
 * not this one), in the browser's time zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, made);
  }
  return made;
}

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

export function formatTime(value: string | Date, locale: Locale): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

/** "Hoje", "Amanhã", "Ontem", or null for another day. */
export function nearDayWord(date: Date, locale: Locale, now: Date): string | null {
  const today = startOfDay(now);
  const offset = sameDay(date, today) ? 0 : sameDay(date, addDays(today, 1)) ? 1 : sameDay(date, addDays(today, -1)) ? -1 : null;
  if (offset === null) return null;
  return capitalize(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day'));
}

export function formatDeadline(value: string, locale: Locale, now: Date = new Date()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const word = nearDayWord(date, locale, now);
  const time = formatTime(date, locale);
  if (word) return `${word}, ${time}`;
  const sameYear = date.getFullYear() === now.getFullYear();
  const day = formatter(locale, { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
  return `${day}, ${time}`;
}

/** A day's name in a heading: "terça-feira, 1 de dezembro". */
export function formatDayTitle(date: Date, locale: Locale): string {
  return capitalize(
    formatter(locale, { weekday: 'long', day: 'numeric', month: 'long', year: date.getFullYear() === new Date().getFullYear() ? undefined : 'numeric' }).format(date),
  );
}

/** A week's range: "29 de nov. – 5 de dez. de 2026". */
export function formatWeekTitle(first: Date, locale: Locale): string {
  const last = addDays(first, 6);
  return formatter(locale, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(first, last);
}

/** A day column's heading: "dom. 29". */
export function formatColumnDay(date: Date, locale: Locale): { weekday: string; day: string } {
  return { weekday: formatter(locale, { weekday: 'short' }).format(date), day: String(date.getDate()) };
}

/** An hour label on the calendar's side: "09:00" / "09 AM". */
export function formatHour(hour: number, locale: Locale): string {
  return formatter(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(2000, 0, 1, hour));
}
