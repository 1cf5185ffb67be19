import { foldText, isCalendarDate, isStorableText, isTimestamp, maxInt32, normalizeMultifield, parseMoney, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { invalid } from '../../http/app-error.ts';

/**
 * A list filter as data: the one structure that the list API's `filter[…]` parameters, saved filters, search and the
 * Bitrix24 filter syntax all compile to. It names fields by their API name and knows nothing of SQL;
 * `checkFilter` types it against the caller's view of an item type and `filter-sql.ts` turns the result into SQL.
 */

export const operators = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'startsWith', 'empty'] as const;
export type Operator = (typeof operators)[number];

export interface FilterTerm {
  field: string;
  op: Operator;
  value: unknown;
}

export type FilterNode = { and: FilterNode[] } | { or: FilterNode[] } | { not: FilterNode } | FilterTerm;

/** A term whose field exists in the caller's view and whose operand has the field's column form. */
export interface CheckedTerm {
  field: FieldDef;
  op: Operator;
  value: unknown;
}

export type CheckedFilter = { and: CheckedFilter[] } | { or: CheckedFilter[] } | { not: CheckedFilter } | CheckedTerm;

export const isTerm = (node: FilterNode): node is FilterTerm => 'field' in node;
export const isCheckedTerm = (node: CheckedFilter): node is CheckedTerm => 'field' in node;

type Issue = { field: string; rule: string; params?: Record<string, unknown> };

/**
 * `filter[field]=v` and `filter[field][op]=v` as an AND of terms. A field or operator given twice is refused (which
 * one would count?); `in` takes a comma-separated list or repeated `filter[field][in][]=` values.
 */
export function filterFromQuery(query: Record<string, unknown> | undefined): FilterNode {
  const terms: FilterNode[] = [];
  const issues: Issue[] = [];
  for (const [field, raw] of Object.entries(query ?? {})) {
    if (Array.isArray(raw)) {
      issues.push({ field: `filter.${field}`, rule: 'duplicate' });
    } else if (raw !== null && typeof raw === 'object') {
      for (const [op, value] of Object.entries(raw)) {
        if (Array.isArray(value) && op !== 'in') issues.push({ field: `filter.${field}.${op}`, rule: 'duplicate' });
        else terms.push({ field, op: op as Operator, value });
      }
    } else {
      terms.push({ field, op: 'eq', value: raw });
    }
  }
  if (issues.length > 0) throw invalid(issues);
  return { and: terms };
}

const textOperators: Operator[] = ['eq', 'ne', 'in', 'contains', 'startsWith', 'empty'];
const rangeOperators: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'];

export function allowedOperators(field: FieldDef): Operator[] {
  if (field.custom?.multiple) return ['eq', 'in', 'empty'];
  switch (field.type) {
    case 'string':
    case 'text':
    case 'reference':
    case 'currency':
    case 'url':
    case 'address':
      return textOperators;
    case 'enumeration':
      return ['eq', 'ne', 'in', 'empty'];
    case 'file':
      return ['eq', 'in', 'empty'];
    case 'boolean':
      return ['eq', 'ne'];
    case 'multifield':
      return ['eq', 'in', 'contains', 'empty'];
    case 'links':
      return ['eq', 'in', 'empty'];
    default:
      return rangeOperators;
  }
}

/** Text people write (names, titles, notes): compared with case and accents folded. Codes and addresses of the web are not. */
export const isFoldedText = (field: FieldDef) => field.type === 'string' || field.type === 'text' || field.type === 'address';

const aliases: Record<string, string> = { phone: 'phones', email: 'emails', website: 'websites', messenger: 'messengers' };

/**
 * Checks a filter against the caller's view of a type: every field exists there and may be filtered on, every
 * operator suits its field, every operand parses. All problems are reported at once, each naming its path
 * (`filter.name.gt`). Undefined when the filter has no terms. `me` is the caller's user id: a user field compared
 * with `@me` means them, so a saved filter ("my deals") works for whoever uses it.
 */
export function checkFilter(type: ItemTypeDef, node: FilterNode, me: number): CheckedFilter | undefined {
  const issues: Issue[] = [];
  const checked = check(type, node, me, issues);
  if (issues.length > 0) throw invalid(issues);
  return checked;
}

/** The operand that names the signed-in user in a filter on a user field. */
export const currentUserValue = '@me';

function check(type: ItemTypeDef, node: FilterNode, me: number, issues: Issue[]): CheckedFilter | undefined {
  if ('and' in node || 'or' in node) {
    const parts = ('and' in node ? node.and : node.or).map((child) => check(type, child, me, issues)).filter((c): c is CheckedFilter => c !== undefined);
    if (parts.length === 0) return undefined;
    return 'and' in node ? { and: parts } : { or: parts };
  }
  if ('not' in node) {
    const inner = check(type, node.not, me, issues);
    return inner && { not: inner };
  }
  const path = `filter.${node.field}`;
  const field = type.fields.find((f) => f.name === (aliases[node.field] ?? node.field));
  if (!field) {
    issues.push({ field: path, rule: 'unknown' });
    return undefined;
  }
  if (field.custom && !field.custom.filterable) {
    issues.push({ field: path, rule: 'notFilterable' });
    return undefined;
  }
  if (!(operators as readonly string[]).includes(node.op) || !allowedOperators(field).includes(node.op)) {
    issues.push({ field: `${path}.${node.op}`, rule: 'operator' });
    return undefined;
  }
  const value = parseOperand(field, node.op, node.value, me);
  if (value === undefined) {
    issues.push({ field: `${path}.${node.op}`, rule: 'type' });
    return undefined;
  }
  return { field, op: node.op, value };
}

function parseOperand(field: FieldDef, operator: Operator, raw: unknown, me: number): unknown {
  if (operator === 'empty') return parseBoolean(raw);
  if (operator === 'in') {
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
    if (!list || list.length === 0 || list.length > 500) return undefined;
    const values = list.map((item) => parseScalar(field, operator, item, me));
    return values.some((v) => v === undefined) ? undefined : values;
  }
  return parseScalar(field, operator, raw, me);
}

function parseBoolean(raw: unknown): boolean | undefined {
  if (raw === true || raw === 'true' || raw === '1' || raw === 'Y') return true;
  if (raw === false || raw === 'false' || raw === '0' || raw === 'N') return false;
  return undefined;
}

/** One operand in the form its column compares with (folded text, minor units, 0/1, ISO timestamps). */
function parseScalar(field: FieldDef, operator: Operator, raw: unknown, me: number): unknown {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return undefined;
  const text = String(raw).trim();
  if (text.length > 1000 || !isStorableText(text)) return undefined;
  if (field.type === 'user' && text === currentUserValue) return me;
  switch (field.type) {
    case 'string':
    case 'text':
    case 'address':
      return foldText(text);
    case 'reference':
    case 'currency':
    case 'url':
      return operator === 'contains' || operator === 'startsWith' ? foldText(text) : text;
    case 'number': {
      const value = Number(text);
      return text !== '' && Number.isFinite(value) && Math.abs(value) <= 1e15 ? value : undefined;
    }
    case 'boolean': {
      const value = parseBoolean(raw);
      return value === undefined ? undefined : value ? 1 : 0;
    }
    case 'integer':
    case 'user':
    case 'item':
    case 'links':
    case 'enumeration':
    case 'file':
      return /^-?\d{1,10}$/.test(text) && Math.abs(Number(text)) <= maxInt32 ? Number(text) : undefined;
    case 'money':
      return parseMoney(text) ?? undefined;
    case 'date':
      return isCalendarDate(text) ? text : undefined;
    case 'datetime':
      return isTimestamp(text) ? new Date(Date.parse(text)).toISOString() : undefined;
    case 'multifield':
      if (operator === 'contains') {
        const needle = field.multifieldKind === 'phone' ? text.replace(/\D/g, '') : text.toLowerCase();
        return needle.length > 0 ? needle : undefined;
      }
      return normalizeMultifield(field.multifieldKind!, text) ?? undefined;
  }
}
