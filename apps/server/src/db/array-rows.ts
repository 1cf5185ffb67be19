import type { CompiledQuery } from 'kysely';
import type { Db } from './types.ts';

/**
 * Runs a compiled Kysely query and answers its rows as arrays, with the column names once: for reading many rows of
 * many columns (an export's pages), where building an object per row costs more than reading the row. SQLite answers
 * from a statement of its own prepared with `setReturnArrays(true)`, PostgreSQL with pg's `rowMode: 'array'`; values
 * are the same as the object rows would hold. A `Db` this module does not know (a transaction, a test's own
 * instance) runs the query the usual way and its rows are turned into arrays.
 */

export interface ArrayRows {
  columns: string[];
  rows: unknown[][];
}

export type ArrayRunner = (query: CompiledQuery) => Promise<ArrayRows>;

const runners = new WeakMap<Db, ArrayRunner>();

/** Lets `executeArrays` read `db`'s rows as arrays (database.ts, when it opens a database). */
export function registerArrayRunner(db: Db, runner: ArrayRunner): void {
  runners.set(db, runner);
}

export async function executeArrays(db: Db, query: CompiledQuery): Promise<ArrayRows> {
  const runner = runners.get(db);
  if (runner) return runner(query);
  const result = await db.executeQuery<Record<string, unknown>>(query);
  const columns = result.rows.length > 0 ? Object.keys(result.rows[0]) : [];
  return { columns, rows: result.rows.map((row) => columns.map((column) => row[column])) };
}

/** The index of each of `names` in `columns` (-1: absent). */
export const columnIndex = (columns: string[]) => {
  const index = new Map(columns.map((column, position) => [column, position]));
  return (name: string) => index.get(name) ?? -1;
};
