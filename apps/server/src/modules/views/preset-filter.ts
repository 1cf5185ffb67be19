import type { FieldIssue, ItemTypeDef } from '@vinculo/shared';
import { AppError } from '../../http/app-error.ts';
import { checkFilter, type FilterTerm, type Operator } from '../items/filter.ts';

/**
 * The filter of a preset: a list of terms, AND-ed, each checked by the list endpoint's own `checkFilter` against the
 * caller's view of the type, so a preset never holds a filter the list would refuse. Problems are named by the
 * term's position: `filter.2.field` (unknown, notFilterable), `filter.2.op` (operator), `filter.2.value` (type),
 * `filter.2` (the same field and operator twice, which the list's `filter[field][op]` cannot say).
 */

export interface PresetTerm {
  field: string;
  op: string;
  value: unknown;
}

type Issue = { field: string; rule: string; params?: Record<string, unknown> };

const partOf: Record<string, keyof PresetTerm> = { unknown: 'field', notFilterable: 'field', operator: 'op', type: 'value' };

/** Every problem of the terms, at once; empty when the list would take them. */
export function presetFilterIssues(type: ItemTypeDef, terms: PresetTerm[], me: number): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  terms.forEach((term, index) => {
    const key = `${term.field}\u0000${term.op}`;
    if (seen.has(key)) issues.push({ field: `filter.${index}`, rule: 'duplicate' });
    seen.add(key);
    for (const issue of termIssues(type, term, me)) {
      issues.push({ field: `filter.${index}.${partOf[issue.rule] ?? 'value'}`, rule: issue.rule, ...(issue.params ? { params: issue.params } : {}) });
    }
  });
  return issues;
}

/** Whether the caller's view still has the term's field: terms on fields their roles hide are not shown to them. */
export const isTermVisible = (type: ItemTypeDef, term: PresetTerm, me: number) => !termIssues(type, term, me).some((issue) => issue.rule === 'unknown');

/** The value as `filter[field][op]=value` carries it: text, or a list of texts for `in[]`. */
const asQueryValue = (value: unknown) => (Array.isArray(value) ? value.map(String) : String(value));

function termIssues(type: ItemTypeDef, term: PresetTerm, me: number): Array<FieldIssue & { params?: Record<string, unknown> }> {
  try {
    checkFilter(type, { and: [{ field: term.field, op: term.op as Operator, value: asQueryValue(term.value) } satisfies FilterTerm] }, me);
    return [];
  } catch (error) {
    if (error instanceof AppError && Array.isArray(error.details)) return error.details;
    throw error;
  }
}
