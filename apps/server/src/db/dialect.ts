import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './types.ts';

/** The few places where SQLite and PostgreSQL need different SQL. */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern (escape character `\`) for "contains" or "starts with" `text`. */
export const likePattern = (text: string, mode: 'contains' | 'startsWith') => `${mode === 'contains' ? '%' : ''}${escapeLike(text)}%`;

/**
 * A text folded for comparison and sorting (case and accents, as `foldText` of @vinculo/shared does), by the
 * `vk_fold` function: registered on every SQLite connection (sqlite-adapter.ts), created by a migration on
 * PostgreSQL. PostgreSQL compares it byte by byte (collation "C"), as SQLite does, so orders agree.
 */
export function foldedColumn(dialect: DialectName, column: Expression<unknown>): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`(vk_fold(${column}) collate "C")` : sql<string>`vk_fold(${column})`;
}

/**
 * Rows whose folded key starts with `prefix`, as a range: the form an index on the key serves on both databases
 * (keys compare byte by byte, and every text that starts with the prefix lies below prefix + U+10FFFF).
 */
export function prefixRange(key: Expression<unknown>, prefix: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${key} >= ${prefix} and ${key} < ${`${prefix}\u{10FFFF}`})`;
}

/**
 * ORDER BY with one null ordering on both databases: nulls sort as the smallest value
 * (SQLite's own rule; PostgreSQL needs it spelled out).
 */
export function orderTerm(dialect: DialectName, column: Expression<unknown>, descending: boolean, nullable = true): RawBuilder<unknown> {
  // Nulls sort as the smallest value on both databases: SQLite's own order. PostgreSQL needs it spelled out,
  // and its indexes on nullable sort columns are built NULLS FIRST to serve it; never-null columns (ids, dates)
  // leave the clause out so their plain indexes serve both directions.
  if (dialect === 'sqlite' || !nullable) return descending ? sql`${column} desc` : sql`${column} asc`;
  return descending ? sql`${column} desc nulls last` : sql`${column} asc nulls first`;
}
