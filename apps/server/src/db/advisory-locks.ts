import { sql } from 'kysely';
import type { Db, DialectName } from './types.ts';

/**
 * PostgreSQL advisory locks held until the transaction ends, for rules no row lock expresses (SQLite needs none:
 * a write transaction holds the whole database). Keys are names, hashed into the two-integer form.
 */

// Any constant: the first half of every key the application takes.
const namespace = 0x766b;

/** Takes every named lock in one round trip, in name order (so two transactions never wait on each other in a cycle). */
export async function advisoryLocks(db: Db, dialect: DialectName, names: string[], mode: 'shared' | 'exclusive'): Promise<void> {
  if (dialect !== 'postgres' || names.length === 0) return;
  const fn = sql.raw(mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock');
  const calls = [...new Set(names)].sort().map((name) => sql`${fn}(${sql.lit(namespace)}, ${sql.lit(keyOf(name))})`);
  await sql`select ${sql.join(calls)}`.execute(db);
}

/** A name as a 32-bit key (FNV-1a). */
function keyOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}
