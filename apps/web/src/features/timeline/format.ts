import type { TFunction } from 'i18next';
import type { Locale } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { dayOffset } from './due';

const timeFormats = new Map<Locale, Intl.DateTimeFormat>();
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** `18:00` in pt-BR, `6:00 PM` in English. */
export function formatTime(value: Date, locale: Locale): string {
  let format = timeFormats.get(locale);
  if (!format) timeFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })));
  return format.format(value);
}

/** `qua., 17/06, 10:00`: a day of this year with its weekday. */
function formatDay(value: Date, locale: Locale): string {
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { weekday: 'short', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' })));
  return format.format(value);
}

/**
 * A moment as a salesperson reads a deadline: "Hoje, 18:00", "Amanhã, 10:00", "Ontem, 15:30", a weekday and date
 * this year, else the full date.
 */
export function formatWhen(value: string | Date, locale: Locale, t: TFunction, now: Date = new Date()): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const offset = dayOffset(date, now);
  const time = formatTime(date, locale);
  if (offset === 0) return t('card:timeline.date.today', { time });
  if (offset === 1) return t('card:timeline.date.tomorrow', { time });
  if (offset === -1) return t('card:timeline.date.yesterday', { time });
  if (date.getFullYear() === now.getFullYear()) return formatDay(date, locale);
  return formatDateTime(date.toISOString(), locale);
}

/** A call's length: `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}
