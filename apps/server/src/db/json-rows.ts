import { PostgresAdapter, sql } from 'kysely';
import type { Db } from './types.ts';

/**
 * Inserts many rows of one table at once. On PostgreSQL in one statement with a single parameter, the rows as JSON
 * unpacked by `json_populate_recordset` (each value typed by its column): thousands of rows cost one short statement
 * to send, parse and plan, where a multi-row VALUES list sends and parses a parameter per value. On SQLite a VALUES
 * list per chunk of rows, built without Kysely's query builder. `columns` are the ones written; the others
 * keep their defaults. With `returning`, the new rows' ids in the order of `rows`: both databases number a
 * statement's rows in the order it reads them, so the ids sorted are in that order whatever order RETURNING gives.
 */
export async function insertJsonRows(db: Db, table: string, columns: string[], rows: ReadonlyArray<Record<string, unknown>>, options: { returning?: boolean } = {}): Promise<number[]> {
  if (rows.length === 0) return [];
  const names = sql.join(columns.map((column) => sql.ref(column)));
  const returning = options.returning ? sql` returning id` : sql``;
  const ids: number[] = [];
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const json = jsonParameter(rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null]))));
    const result = await sql<{ id: number }>`insert into ${sql.table(table)} (${names}) select ${names} from json_populate_recordset(null::${sql.table(table)}, cast(${json} as json))${returning}`.execute(db);
    ids.push(...result.rows.map((row) => Number(row.id)));
  } else {
    // SQLite binds parameters cheaply, and reading JSON back costs it a parse per value: a VALUES list per chunk.
    const perStatement = Math.min(sqliteRowsPerStatement, Math.floor(sqliteMaxParameters / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const values = rows.slice(start, start + perStatement).map((row) => sql`(${sql.join(columns.map((column) => row[column] ?? null))})`);
      const result = await sql<{ id: number }>`insert into ${sql.table(table)} (${names}) values ${sql.join(values)}${returning}`.execute(db);
      ids.push(...result.rows.map((row) => Number(row.id)));
    }
  }
  return options.returning ? ids.sort((a, b) => a - b) : [];
}

/** Parameters per statement on SQLite, under its limit of 32,766; and rows, past which a longer statement is no faster. */
const sqliteMaxParameters = 30_000;
const sqliteRowsPerStatement = 250;

/**
 * A value as the text of a JSON parameter. A lone UTF-16 surrogate (a broken character a client or a file can send)
 * becomes U+FFFD, as it does when a string is sent as text: JSON.stringify would write it as `\ud800`, which
 * PostgreSQL's JSON parser refuses.
 */
export const jsonParameter = (value: unknown): string => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.toWellFormed() : item));
