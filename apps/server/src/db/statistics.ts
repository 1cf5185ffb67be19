import { sql } from 'kysely';
import type { Db, DialectName } from './types.ts';

/**
 * Brings PostgreSQL's planner statistics of `tables` up to date when a bulk write (an import) has changed a fifth of
 * a table since they were taken, or they were never taken. The planner picks an index by them: without them an
 * import's look-up of 1,000 names took the index on the last name alone and read every contact of that last name for
 * each row (seconds a batch), where the index on last and first name reads one. Autovacuum may be off, or behind
 * during a long import. A no-op on SQLite.
 */
export async function analyzeIfStale(db: Db, dialect: DialectName, tables: string[]): Promise<void> {
  if (dialect !== 'postgres') return;
  const { rows } = await sql<{ relname: string; live: string; changed: string }>`select relname, n_live_tup as live, n_mod_since_analyze as changed
    from pg_stat_user_tables where schemaname = current_schema() and relname in (${sql.join(tables)})`.execute(db);
  for (const row of rows) {
    if (Number(row.changed) >= minChanged && Number(row.changed) >= staleShare * Number(row.live)) await sql`analyze ${sql.table(row.relname)}`.execute(db);
  }
}

/** Fewer changes than this never call for new statistics: a small table is read whole at little cost anyway. */
const minChanged = 5000;
const staleShare = 0.2;
