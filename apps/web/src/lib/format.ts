import type { Locale } from '../api/types';

/**
 * Money, numbers and dates in the user's locale, through Intl: `R$ 1.234,56` and `29/11/2026` in pt-BR,
 * `R$1,234.56` and `11/29/2026` in English. Formatters are cached: lists format thousands of cells.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** An amount as the API sends it ("1234.56", exact decimal string) in its currency. */
export function formatMoney(amount: string | number | null | undefined, currency: string | null | undefined, locale: Locale): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  if (!currency) return formatNumber(value, locale, 2);
  try {
    // Intl would round huge amounts through a double: fine for display up to 15 significant digits, which money here never passes.
    return cached(`money:${locale}:${currency}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' })).format(value);
  } catch {
    return `${formatNumber(value, locale, 2)} ${currency}`;
  }
}

export function formatNumber(value: number, locale: Locale, fractionDigits?: number): string {
  const key = `number:${locale}:${fractionDigits ?? 'auto'}`;
  return cached(key, () => new Intl.NumberFormat(locale, fractionDigits === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits })).format(value);
}

/** A count; `capped` (the API stopped counting) adds a "+": `10.000+`. */
export function formatCount(value: number, locale: Locale, capped = false): string {
  return `${formatNumber(value, locale, 0)}${capped ? '+' : ''}`;
}

/** A calendar date `YYYY-MM-DD`: no time zone, shown as it is. */
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })).format(date);
}

/** A moment (ISO 8601, UTC) in the browser's time zone: `29/11/2026 14:03`. */
export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return cached(`datetime:${locale}`, () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })).format(date);
}

/** "3 minutes ago", "yesterday", or the date when older than a week. */
export function formatRelative(value: string, locale: Locale, now = Date.now()): string {
  const date = new Date(value).getTime();
  const seconds = Math.round((date - now) / 1000);
  const rtf = cached(`relative:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }) as unknown as Intl.NumberFormat) as unknown as Intl.RelativeTimeFormat;
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), 'day');
  return formatDateTime(value, locale);
}

/** A phone in E.164 (`+5531998765432`) grouped for reading; national numbers of Brazil as `+55 31 99876-5432`. */
export function formatPhone(value: string): string {
  const br = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(value);
  if (br) return `+55 ${br[1]} ${br[2]}-${br[3]}`;
  return value;
}
