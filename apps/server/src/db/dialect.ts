import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DialectName } from './types.ts';

/** The few places where SQLite and PostgreSQL need different SQL. */

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Case-insensitive "contains" (or "starts with") on a text column. */
export function textMatch(dialect: DialectName, column: Expression<unknown>, text: string, mode: 'contains' | 'startsWith'): RawBuilder<SqlBool> {
  const pattern = `${mode === 'contains' ? '%' : ''}${escapeLike(text)}%`;
  return dialect === 'postgres'
    ? sql<SqlBool>`${column} ilike ${pattern} escape '\\'`
    : sql<SqlBool>`${column} like ${pattern} escape '\\'`;
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
