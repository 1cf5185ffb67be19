import type { FieldDef, ItemTypeDef } from '@vinculo/shared';
import type { FilterNode, FilterTerm, Operator } from '../items/filter.ts';
import { invalidArgument } from './bitrix-errors.ts';
import { asList, fieldByBitrix, parseBitrixDate, parseBitrixDateTime, parseFlag } from './bitrix-values.ts';

/**
 * Bitrix24's list `filter` and `order` (bitrix24-rest.md §5.2, §5.3) in the engine's terms: the filter becomes the
 * dialect-neutral filter structure of modules/items/filter.ts (checked and compiled to SQL there, with the caller's
 * view of the fields), the order a native `sort`. Conditions are AND-ed; a bare array is IN. Fields are named as the
 * legacy methods name them (`TITLE`) unless the caller gives its own way of finding them (`crm.item.*`: `title`).
 */

/** Finds a field of the caller's view by the name a client used, or nothing for an unknown or hidden field. */
export type FieldNamed = (name: string) => FieldDef | undefined;

export interface FilterOptions {
  fieldNamed?: FieldNamed;
  /** Nested groups, `{"0": {logic: "OR", "0": {…}, "1": {…}}}` (crm.item.list); the legacy methods have none. */
  groups?: boolean;
}

// Longest first, so `!=%` is not read as `!=` followed by a field named `%…`.
const prefixes = ['!=%', '!%=', '=%', '%=', '!@', '!%', '!=', '>=', '<=', '@', '%', '!', '=', '>', '<'] as const;
type Prefix = (typeof prefixes)[number] | '';

const simple: Partial<Record<Prefix, Operator>> = { '': 'eq', '=': 'eq', '!': 'ne', '!=': 'ne', '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', '@': 'in', '!@': 'in', '%': 'contains', '!%': 'contains' };
const negated = new Set<Prefix>(['!@', '!%', '!=%', '!%=']);

/** A Bitrix24 filter object as the engine's filter structure, for the caller's view of `type`. */
export function filterFromBitrix(type: ItemTypeDef, filter: Record<string, unknown>, options: FilterOptions = {}): FilterNode {
  const fieldNamed = options.fieldNamed ?? ((name: string) => fieldByBitrix(type, name));
  const terms: FilterNode[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    if (options.groups && isGroup(key, raw)) {
      terms.push(groupOf(type, raw as Record<string, unknown>, options));
      continue;
    }
    const prefix = prefixes.find((p) => key.startsWith(p)) ?? '';
    const name = key.slice(prefix.length);
    const field = fieldNamed(name);
    // An unknown field and one the caller may not see answer alike.
    if (!field) throw invalidArgument(`Unknown filter field: ${name}`);
    terms.push(termOf(field, prefix, raw, key));
  }
  return { and: terms };
}

const logicKey = (group: Record<string, unknown>) => Object.keys(group).find((k) => k.toLowerCase() === 'logic');

/** A nested group: an object under a numeric key, or any object that says its `logic`. */
const isGroup = (key: string, raw: unknown) =>
  raw !== null && typeof raw === 'object' && !Array.isArray(raw) && (/^\d+$/.test(key) || logicKey(raw as Record<string, unknown>) !== undefined);

function groupOf(type: ItemTypeDef, group: Record<string, unknown>, options: FilterOptions): FilterNode {
  const logic = logicKey(group);
  const how = String(logic === undefined ? 'AND' : group[logic]).trim().toUpperCase();
  if (how !== 'AND' && how !== 'OR') throw invalidArgument(`Filter logic must be AND or OR, not ${how}`);
  const conditions = Object.fromEntries(Object.entries(group).filter(([k]) => k !== logic));
  // Each condition of an OR group is an alternative of its own; those of an AND group hold together.
  if (how === 'AND') return filterFromBitrix(type, conditions, options);
  return { or: Object.entries(conditions).map(([k, v]) => filterFromBitrix(type, { [k]: v }, options)) };
}

function termOf(field: FieldDef, prefix: Prefix, raw: unknown, key: string): FilterNode {
  const term = (op: Operator, value: unknown): FilterTerm => ({ field: field.name, op, value });
  const isNot = prefix.startsWith('!');
  if (prefix === '=%' || prefix === '%=' || prefix === '!=%' || prefix === '!%=') {
    const node = wildcardTerm(field, String(raw ?? ''), key);
    return negated.has(prefix) ? { not: node } : node;
  }
  // Empty means "has no value": `{COMPANY_ID: ''}`, `{'!TITLE': false}`.
  if ((raw === '' || raw === null || (raw === false && field.type !== 'boolean')) && (prefix === '' || prefix === '=' || isNot)) return term('empty', !isNot);
  const isArray = Array.isArray(raw) || (raw !== null && typeof raw === 'object');
  let op = simple[prefix]!;
  if (isArray && (op === 'eq' || op === 'ne')) op = 'in';
  const values = op === 'in' ? asList(raw).map((v) => operand(field, v)) : operand(field, raw);
  const node = term(op, values);
  return negated.has(prefix) || (op === 'in' && isNot) ? { not: node } : node;
}

/** `=%` with `%` wildcards: `mol%` starts with, `%mol%` contains, no wildcard is equal. */
function wildcardTerm(field: FieldDef, pattern: string, key: string): FilterTerm {
  const inner = pattern.replace(/^%/, '').replace(/%$/, '');
  if (inner.includes('%') || inner.includes('_') || (pattern.startsWith('%') && !pattern.endsWith('%'))) {
    throw invalidArgument(`Filter ${key}: only the patterns "text%", "%text%" and "text" are supported`);
  }
  const op: Operator = pattern.startsWith('%') ? 'contains' : pattern.endsWith('%') ? 'startsWith' : 'eq';
  return { field: field.name, op, value: inner };
}

/** One operand in the form the engine's filter parses: flags as booleans, dates as ISO text. */
function operand(field: FieldDef, raw: unknown): unknown {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return raw;
  switch (field.type) {
    case 'boolean':
      return parseFlag(raw) ?? raw;
    case 'datetime':
      return typeof raw === 'string' ? (parseBitrixDateTime(raw) ?? raw) : raw;
    case 'date':
      return typeof raw === 'string' ? (parseBitrixDate(raw) ?? raw) : raw;
    case 'money':
      return field.currencyColumn ? String(raw).split('|')[0] : raw;
    default:
      return raw;
  }
}

/** A Bitrix24 `order` object as a native sort (`title,-id`); unknown fields are refused, the id always breaks ties. */
export function sortFromBitrix(type: ItemTypeDef, order: Record<string, unknown>, fieldNamed: FieldNamed = (name) => fieldByBitrix(type, name)): string {
  const keys: string[] = [];
  for (const [name, direction] of Object.entries(order)) {
    const field = fieldNamed(name);
    if (!field) throw invalidArgument(`Unknown order field: ${name}`);
    const descending = String(direction).trim().toUpperCase() === 'DESC';
    keys.push(`${descending ? '-' : ''}${field.name}`);
  }
  if (!keys.some((key) => key.replace(/^-/, '') === 'id')) keys.push('id');
  return keys.join(',');
}
