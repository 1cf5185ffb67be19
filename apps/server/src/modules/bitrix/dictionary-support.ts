import { translate, type Localized, type MessageKey } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import type { BitrixAnswer } from './bitrix-envelope.ts';
import { invalidArgument } from './bitrix-errors.ts';
import { intParam, objectParam, param, type Params } from './bitrix-params.ts';

/**
 * What the dictionary methods (crm.status, crm.category, crm.dealcategory, crm.currency, crm.enum) share: pages of
 * 50 over a short list, Bitrix24's simple `filter`/`order` on the answered fields, `*.fields` descriptions, and the
 * engine's errors told with Bitrix24's field names.
 */

export const pageSize = 50;

/** Rows as one page of a Bitrix24 list (`start` an offset, `start=-1` without counting). */
export function pageOf<T>(rows: T[], params: Params, wrap: (page: T[]) => unknown = (page) => page): BitrixAnswer {
  const start = intParam(params, 'start') ?? 0;
  if (start < 0) return { result: wrap(rows.slice(0, pageSize)), total: 0 };
  const page = rows.slice(start, start + pageSize);
  return { result: wrap(page), total: rows.length, ...(start + pageSize < rows.length ? { next: start + pageSize } : {}) };
}

/**
 * The `filter` of a dictionary list: equality on the answered fields (`=`, `!`/`!=`, an array as IN), compared as
 * text, field names in any case as Bitrix24's dictionaries take them. Other prefixes are refused by name.
 */
export function filtered<T extends Record<string, unknown>>(rows: T[], params: Params): T[] {
  const conditions = Object.entries(objectParam(params, 'filter')).map(([key, wanted]) => {
    const match = /^(=|!=|!)?(.*)$/.exec(key)!;
    const negate = match[1] === '!' || match[1] === '!=';
    const field = match[2]!;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw invalidArgument(`The filter ${key} is not supported`);
    const values = (Array.isArray(wanted) ? wanted : wanted && typeof wanted === 'object' ? Object.values(wanted) : [wanted]).map((v) => textOf(v));
    return (row: T) => values.includes(textOf(fieldOf(row, field))) !== negate;
  });
  return rows.filter((row) => conditions.every((condition) => condition(row)));
}

/** The `order` of a dictionary list: `{FIELD: 'ASC'|'DESC'}`, numbers compared as numbers; stable otherwise. */
export function ordered<T extends Record<string, unknown>>(rows: T[], params: Params): T[] {
  const order = Object.entries(objectParam(params, 'order')).map(([field, direction]) => ({ field, sign: String(direction).toUpperCase() === 'DESC' ? -1 : 1 }));
  if (order.length === 0) return rows;
  return [...rows].sort((a, b) => {
    for (const { field, sign } of order) {
      const [x, y] = [fieldOf(a, field), fieldOf(b, field)];
      const compared = isNumeric(x) && isNumeric(y) ? Number(x) - Number(y) : textOf(x).localeCompare(textOf(y));
      if (compared !== 0) return compared * sign;
    }
    return 0;
  });
}

const fieldOf = (row: Record<string, unknown>, field: string) => (field in row ? row[field] : row[Object.keys(row).find((key) => key.toLowerCase() === field.toLowerCase()) ?? field]);
const isNumeric = (value: unknown) => (typeof value === 'number' || typeof value === 'string') && value !== '' && Number.isFinite(Number(value));
const textOf = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'Y' : 'N') : String(value));

export interface FieldSpec {
  type: string;
  /** A message key, or the title in both languages. */
  title: MessageKey | Localized;
  isRequired?: boolean;
  isReadOnly?: boolean;
  isImmutable?: boolean;
  statusType?: string;
}

/** A `*.fields` answer: each field with its type and flags, the title in the caller's language. */
export function describeFields(ctx: Context, fields: Record<string, FieldSpec>) {
  return Object.fromEntries(
    Object.entries(fields).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        isRequired: spec.isRequired ?? false,
        isReadOnly: spec.isReadOnly ?? false,
        isImmutable: spec.isImmutable ?? false,
        isMultiple: false,
        isDynamic: false,
        title: typeof spec.title === 'string' ? translate(ctx.locale, spec.title) : spec.title[ctx.locale],
        ...(spec.statusType ? { statusType: spec.statusType } : {}),
      },
    ]),
  );
}

/** A required parameter or field, or Bitrix24's "The field X is required." */
export function required<T>(value: T | undefined | null | '', name: string): T {
  if (value === undefined || value === null || value === '') throw invalidArgument(`The field ${name} is required.`);
  return value;
}

/** The `id` parameter as a whole number, or Bitrix24's "ID is not defined or invalid." */
export function idParam(params: Params): number {
  const id = optionalIdParam(params);
  if (id === undefined) throw invalidArgument('ID is not defined or invalid.');
  return id;
}

/** `id` when given: an integer from 0 to the largest id a table holds; else Bitrix24's error. */
export function optionalIdParam(params: Params): number | undefined {
  const id = intParam(params, 'id');
  if (id !== undefined && (id < 0 || id > 2_147_483_647)) throw invalidArgument('ID is not defined or invalid.');
  return id;
}

/** A text field (`NAME`, `name`), trimmed; undefined when absent. */
export function textField(fields: Params, name: string): string | undefined {
  const value = param(fields, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') throw invalidArgument(`The field ${name} must be a text`);
  return String(value).trim();
}

/** An integer field (`SORT`) from a number or a string of digits; undefined when absent or empty. */
export function intField(fields: Params, name: string): number | undefined {
  const value = param(fields, name);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 0 || number > 1_000_000) throw invalidArgument(`The field ${name} must be a whole number from 0 to 1000000`);
  return number;
}

/** A Y/N flag as clients send it: `Y`, `true`, `1`, true. */
export function flagField(fields: Params, name: string): boolean | undefined {
  const value = param(fields, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return ['y', 'true', '1'].includes(String(value).trim().toLowerCase());
}

/**
 * Runs an engine call and tells its validation errors with Bitrix24's field names (`code` → `STATUS_ID`), in the
 * caller's language: the engine's own error says which field and which rule, and the Bitrix24 envelope has only a
 * text for it.
 */
export async function withFieldNames<T>(ctx: Context, names: Record<string, string>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
      const described = error.details.map((issue) => `${names[issue.field] ?? issue.field} ${translate(ctx.locale, `rule.${issue.rule}` as MessageKey, stringParams(issue))}`);
      throw invalidArgument(described.join('; '));
    }
    if (error instanceof AppError && error.code === 'CONFLICT' && error.message === 'CONFLICT') {
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      throw invalidArgument(reason ? `${translate(ctx.locale, 'error.CONFLICT')} (${reason})` : translate(ctx.locale, 'error.CONFLICT'));
    }
    throw error;
  }
}

function stringParams(issue: unknown): Record<string, string | number> {
  const params = (issue as { params?: Record<string, unknown> }).params ?? {};
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'number' ? value : String(value)]));
}

export const yesNo = (flag: boolean) => (flag ? 'Y' : 'N');
