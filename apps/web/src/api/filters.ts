import type { Query } from './client';
import type { FilterTerm } from './types';

/**
 * A list filter (terms AND-ed, as saved presets keep it) as the list API's query parameters:
 * `filter[stageSemantic][eq]=P`, `filter[sourceId][in]=WEB,CALL`. `@me` stays as it is: the server reads it as the
 * signed-in user.
 */
export function filterQuery(terms: FilterTerm[]): Query {
  const query: Query = {};
  for (const term of terms) {
    const key = `filter[${term.field}][${term.op}]`;
    if (term.op === 'in') query[key] = (term.value as Array<string | number>).join(',');
    else query[key] = term.value === null || term.value === undefined ? '' : String(term.value);
  }
  return query;
}

/** The filter as one URL search parameter (the list and the board share it through the URL). */
export function encodeFilter(terms: FilterTerm[]): string | undefined {
  return terms.length === 0 ? undefined : JSON.stringify(terms.map((t) => [t.field, t.op, t.value]));
}

export function decodeFilter(text: unknown): FilterTerm[] {
  if (typeof text !== 'string' || text === '') return Array.isArray(text) ? decodeFilter(JSON.stringify(text)) : [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((t): t is [string, FilterTerm['op'], unknown] => Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string')
      .map(([field, op, value]) => ({ field, op, value }));
  } catch {
    return [];
  }
}
