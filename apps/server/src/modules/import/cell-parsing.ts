import { foldText, type FieldDef } from '@vinculo/shared';

/**
 * A cell's text as the value of one field, the way people write it in a spreadsheet: amounts as `1.234,56`,
 * `1,234.56` or `R$ 1.234,56`; dates as `29/11/2026`, `11/29/2026` or `2026-11-29`; yes/no in either language;
 * list values, currencies and users by name in either language (or by code, id or e-mail). What cannot be read is a
 * `CellRefusal` naming why, which rejects the row.
 */

export class CellRefusal extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

/** What resolving names needs, loaded once per import (see import-lookups.ts). */
export interface Lookups {
  /** Per list id: folded code or name (either language) → code. Deal stages are per pipeline: `DEAL_STAGE:<id>`. */
  lists: Map<string, Map<string, string>>;
  /** Folded name (either language) or code → pipeline id. */
  pipelines: Map<string, number>;
  defaultPipelineId: number;
  /** Folded code or name (either language) → code. */
  currencies: Map<string, string>;
  baseCurrency: string;
  /** Folded e-mail or full name → user id (a name two users share is left out: it names nobody). */
  users: Map<string, number>;
  userIds: Set<number>;
  /** Day before month in a date like 05/06/2026 (pt-BR files, and any file where some date has a day over 12). */
  dayFirst: boolean;
}

/** A neutralised formula (`'=SUM(…)` as an export writes it) back to its text. */
export function unneutralise(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

const yes = new Set(['y', 'yes', 's', 'sim', 'true', 'verdadeiro', '1', 'x', 'on']);
const no = new Set(['n', 'no', 'nao', 'false', 'falso', '0', 'off']);

export function parseBoolean(text: string): boolean {
  const key = foldText(text.trim());
  if (yes.has(key)) return true;
  if (no.has(key)) return false;
  throw new CellRefusal('boolean');
}

/**
 * A decimal number written the Brazilian or the English way, as a plain decimal string (`1234.56`). With both
 * separators the last one is the decimal mark (`1.234,56`, `1,234.56`); one that occurs several times groups
 * thousands (`1.234.567`); a single one is the decimal mark (`1234,56`, `12.5`).
 */
export function parseDecimalText(raw: string): string {
  let text = raw.trim().replace(/\s|\u00a0/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith('+')) text = text.slice(1);
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) throw new CellRefusal('number');
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let plain: string;
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    const [whole, fraction, ...more] = text.split(decimal);
    if (more.length > 0 || !groupedCorrectly(whole, group)) throw new CellRefusal('number');
    plain = `${whole.split(group).join('')}.${fraction}`;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const parts = text.split(mark);
    // `1,234,567` or `1.234.567`: groups. `1,5` / `1.5` / `1234,56`: a decimal mark.
    if (parts.length > 2) {
      if (!groupedCorrectly(text, mark)) throw new CellRefusal('number');
      plain = parts.join('');
    } else {
      plain = `${parts[0]}.${parts[1]}`;
    }
  } else {
    plain = text;
  }
  if (plain.startsWith('.')) plain = `0${plain}`;
  if (plain.endsWith('.')) plain = plain.slice(0, -1);
  if (!/^\d+(\.\d+)?$/.test(plain)) throw new CellRefusal('number');
  plain = plain.replace(/^0+(?=\d)/, '');
  return negative && !/^0(\.0+)?$/.test(plain) ? `-${plain}` : plain;
}

function groupedCorrectly(whole: string, group: string): boolean {
  const groups = whole.split(group);
  return groups.length === 1 || (groups[0].length >= 1 && groups[0].length <= 3 && groups.slice(1).every((g) => g.length === 3));
}

const currencySymbols: Array<[RegExp, string]> = [
  [/R\$/i, 'BRL'],
  [/US\$|U\$/i, 'USD'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
];

/** An amount with or without its currency (`R$ 1.234,56`, `1234.56 USD`): the exact decimal and the code, if any. */
export function parseAmount(raw: string, lookups: Pick<Lookups, 'currencies'>): { amount: string; currency?: string } {
  let text = raw.trim();
  let currency: string | undefined;
  for (const [symbol, code] of currencySymbols) {
    if (symbol.test(text)) {
      currency = code;
      text = text.replace(symbol, '');
    }
  }
  const code = /\b([A-Za-z]{3})\b/.exec(text);
  if (code) {
    const known = lookups.currencies.get(code[1].toLowerCase());
    if (!known) throw new CellRefusal('currency');
    currency = known;
    text = text.replace(code[0], '');
  }
  text = text.replace(/\$/g, '').trim();
  // `1.234` or `1,234` as an amount: thousands (an amount has at most two decimals).
  const amount = /^-?\d{1,3}([.,])\d{3}$/.test(text) ? parseDecimalText(text.replace(/[.,]/, '')) : parseDecimalText(text);
  if (!/^-?\d{1,16}(\.\d{1,2})?$/.test(amount)) throw new CellRefusal('money');
  return { amount, ...(currency ? { currency } : {}) };
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const slashDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;

/** A calendar date: ISO, or day/month/year (month/day/year when the file writes months first). */
export function parseDate(raw: string, dayFirst: boolean): string {
  const text = raw.trim();
  const iso = isoDate.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})T00:00:00(?:\.000)?Z$/.exec(text);
  if (iso) return checkedDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const slash = slashDate.exec(text);
  if (!slash) throw new CellRefusal('date');
  const [a, b] = [Number(slash[1]), Number(slash[2])];
  const year = slash[3].length === 2 ? 2000 + Number(slash[3]) : Number(slash[3]);
  const [day, month] = a > 12 ? [a, b] : b > 12 ? [b, a] : dayFirst ? [a, b] : [b, a];
  return checkedDate(year, month, day);
}

function checkedDate(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new CellRefusal('date');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A moment: ISO 8601 with its offset, or a date with an optional time (`29/11/2026 14:30`, `11/29/2026 2:30:00 pm`), read as UTC. */
export function parseDateTime(raw: string, dayFirst: boolean): string {
  const text = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const time = Date.parse(text);
    if (Number.isNaN(time) || !/(Z|[+-]\d{2}:?\d{2})$/.test(text)) throw new CellRefusal('datetime');
    return new Date(time).toISOString();
  }
  const match = /^(\S+)(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i.exec(text);
  if (!match) throw new CellRefusal('datetime');
  const date = parseDate(match[1], dayFirst);
  let hours = Number(match[2] ?? 0);
  const minutes = Number(match[3] ?? 0);
  const seconds = Number(match[4] ?? 0);
  const half = match[5]?.toLowerCase();
  if (half) {
    if (hours < 1 || hours > 12) throw new CellRefusal('datetime');
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) throw new CellRefusal('datetime');
  return `${date}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.000Z`;
}

/** A whole number (`1.234` in pt-BR is a thousand two hundred thirty-four). */
export function parseInteger(raw: string, field: FieldDef): number {
  const plain = parseDecimalText(raw.trim().replace(/^(\d{1,3}(?:\.\d{3})+)$/, (whole) => whole.replaceAll('.', '')));
  if (!/^-?\d+$/.test(plain)) throw new CellRefusal('integer');
  const value = Number(plain);
  if (!Number.isSafeInteger(value) || (field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) throw new CellRefusal('range');
  return value;
}

/** A list value (a status, a source, a stage…) by its code or by its name in either language. */
export function parseReference(raw: string, values: Map<string, string> | undefined): string {
  const code = values?.get(foldText(raw.trim()));
  if (code === undefined) throw new CellRefusal('listValue');
  return code;
}

/** A person by e-mail, by full name, by id, or as Bitrix24 writes it: `Name [ID]`. */
export function parseUser(raw: string, lookups: Pick<Lookups, 'users' | 'userIds'>): number {
  const text = raw.trim();
  const bracket = /\[(\d+)\]\s*$/.exec(text);
  const asId = bracket ? Number(bracket[1]) : /^\d+$/.test(text) ? Number(text) : undefined;
  if (asId !== undefined && lookups.userIds.has(asId)) return asId;
  const id = lookups.users.get(foldText(text.replace(/<([^>]+)>/, ' $1 ').replace(/\[\d+\]\s*$/, '').trim())) ?? emailIn(text, lookups);
  if (id === undefined) throw new CellRefusal('user');
  return id;
}

const emailIn = (text: string, lookups: Pick<Lookups, 'users'>) => {
  const email = /[^\s<>]+@[^\s<>]+/.exec(text)?.[0];
  return email ? lookups.users.get(foldText(email)) : undefined;
};

/** An enumeration's value by its text (either case, with or without accents). */
export function parseOption(raw: string, field: FieldDef): number {
  const key = foldText(raw.trim());
  const option = field.custom?.options?.find((o) => foldText(o.value) === key) ?? field.custom?.options?.find((o) => String(o.id) === raw.trim());
  if (!option) throw new CellRefusal('option');
  return option.id;
}

/** The values of a multiple-value cell: one per line (the export's form), else separated by `;` or `, `. */
export function splitMultiple(text: string): string[] {
  const separator = text.includes('\n') ? /\r?\n/ : text.includes(';') ? /;/ : /,\s/;
  return text
    .split(separator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
