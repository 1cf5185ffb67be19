import type { FieldMeta, FilterTerm, Operator } from '../../api/types';

/** An operator as a person picks it: "is empty" and "is not empty" are both the API's `empty` (true or false). */
export type ConditionOperator = Operator | 'notEmpty';

/** A value a field may be compared with, named (a stage group, a pipeline): the filter offers a select of these. */
export interface FilterChoice {
  value: string;
  label: string;
}
export type FilterChoices = Readonly<Record<string, readonly FilterChoice[]>>;

const textOperators: ConditionOperator[] = ['contains', 'eq', 'ne', 'startsWith', 'in', 'empty', 'notEmpty'];
const longTextOperators: ConditionOperator[] = ['contains', 'startsWith', 'eq', 'empty', 'notEmpty'];
const rangeOperators: ConditionOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'notEmpty'];
const pickOperators: ConditionOperator[] = ['eq', 'ne', 'in', 'empty', 'notEmpty'];

/** What makes sense to ask of each field type, in the order people reach for it. */
const byType: Record<string, ConditionOperator[]> = {
  string: textOperators,
  url: textOperators,
  text: longTextOperators,
  address: longTextOperators,
  multifield: ['contains', 'eq', 'empty', 'notEmpty'],
  integer: rangeOperators,
  number: rangeOperators,
  money: rangeOperators,
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'empty', 'notEmpty'],
  // A moment compared with a calendar day: from the day's start, up to its end.
  datetime: ['gte', 'lte', 'empty', 'notEmpty'],
  boolean: ['eq'],
  reference: pickOperators,
  currency: pickOperators,
  user: pickOperators,
  item: pickOperators,
  enumeration: pickOperators,
  links: ['eq', 'in', 'empty', 'notEmpty'],
  file: ['empty', 'notEmpty'],
};

const apiOperator = (op: ConditionOperator): Operator => (op === 'notEmpty' ? 'empty' : op);

/** The operators offered for a field: those of its type that the server allows on it (its `operators`). */
export function operatorsFor(field: Pick<FieldMeta, 'type' | 'operators'>, hasChoices = false): ConditionOperator[] {
  const wanted = hasChoices ? pickOperators : (byType[field.type] ?? []);
  const allowed = wanted.filter((op) => field.operators.includes(apiOperator(op)));
  if (allowed.length > 0) return allowed;
  // A type this list does not know yet: whatever the server allows.
  return field.operators.flatMap((op): ConditionOperator[] => (op === 'empty' ? ['empty', 'notEmpty'] : [op]));
}

/** The operator a saved term shows as. */
export function conditionOperator(term: Pick<FilterTerm, 'op' | 'value'>): ConditionOperator {
  return term.op === 'empty' && (term.value === false || term.value === 'false') ? 'notEmpty' : term.op;
}

export const takesValue = (op: ConditionOperator) => op !== 'empty' && op !== 'notEmpty';

/** A condition as the API's term; undefined while its value is missing. */
export function toTerm(field: string, op: ConditionOperator, value: unknown): FilterTerm | undefined {
  if (op === 'empty') return { field, op: 'empty', value: true };
  if (op === 'notEmpty') return { field, op: 'empty', value: false };
  if (value === null || value === undefined || value === '') return undefined;
  if (op === 'in') {
    const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== null && v !== undefined && v !== '');
    return list.length > 0 ? { field, op, value: list } : undefined;
  }
  if (Array.isArray(value)) return value.length > 0 ? { field, op, value: value[0] } : undefined;
  return { field, op, value };
}

/** A term replaces one on the same field and operator (the server refuses both at once); others add up. */
export function withTerm(terms: readonly FilterTerm[], term: FilterTerm, replacing?: number): FilterTerm[] {
  const next = terms.filter((other, index) => index !== replacing && !(other.field === term.field && other.op === term.op));
  if (replacing === undefined || replacing >= terms.length) return [...next, term];
  const at = terms.slice(0, replacing).filter((other) => !(other.field === term.field && other.op === term.op)).length;
  return [...next.slice(0, at), term, ...next.slice(at)];
}

/** The value a new condition starts with: "yes" for a yes/no field, nothing otherwise. */
export function initialValue(field: Pick<FieldMeta, 'type'>, op: ConditionOperator): unknown {
  if (field.type === 'boolean') return true;
  return op === 'in' ? [] : null;
}

/** A value carried over when the operator changes: one value or a list, as the new operator takes it. */
export function adaptValue(value: unknown, op: ConditionOperator): unknown {
  if (!takesValue(op)) return null;
  if (op === 'in') return Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value];
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
