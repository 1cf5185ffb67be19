import { invalid } from '../../http/app-error.ts';
import { isCursorValue, sortAlias, type SortKey } from './sort.ts';

/**
 * The cursor of a list page: the sort it belongs to and the sort values of the page's last row, as opaque
 * base64url text. A cursor is client input: one that does not belong to the sort, or holds a value its key cannot
 * compare with, is a 400 (`cursor`), never a database error.
 */

/** What a cursor says it belongs to: the sort's fields and directions. */
export const sortSignature = (keys: SortKey[]) => keys.map((k) => `${k.descending ? '-' : ''}${k.field.name}`).join(',');

/** The cursor after `row`, a row of a list query that selected each key's value under `sortAlias(i)`. */
export function encodeCursor(keys: SortKey[], row: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ s: sortSignature(keys), v: keys.map((_, index) => row[sortAlias(index)] ?? null) })).toString('base64url');
}

export function decodeCursor(keys: SortKey[], cursor: string): unknown[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown };
    const values = parsed.v;
    const valid =
      parsed.s === sortSignature(keys) &&
      Array.isArray(values) &&
      values.length === keys.length &&
      values.every((value, index) => isCursorValue(keys[index].field, value));
    if (valid) return values as unknown[];
  } catch {
    // fall through to the 400 below
  }
  throw invalid([{ field: 'cursor', rule: 'cursor' }]);
}
