import { invalid } from '../../http/app-error.ts';

/**
 * The cursor of the pages of activities, tasks, notifications and timelines: the last entry's sort values as opaque
 * base64url JSON. A cursor is client input: one that is not what this list writes is a 400 (`cursor`).
 */
export const encodePageCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodePageCursor(cursor: string | undefined, shape: Array<'string' | 'number' | 'nullable-string'>): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const fits =
    Array.isArray(values) &&
    values.length === shape.length &&
    shape.every((kind, index) => {
      const value = values[index];
      if (kind === 'number') return Number.isInteger(value) && value >= 0 && value <= 2_147_483_647;
      if (kind === 'nullable-string') return value === null || (typeof value === 'string' && value.length <= 64);
      return typeof value === 'string' && value.length <= 64;
    });
  if (!fits) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  return values as unknown[];
}
