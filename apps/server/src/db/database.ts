import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { registerArrayRunner } from './array-rows.ts';
import { migrations } from './migrations/index.ts';
import { busyTimeoutMs, openSqlite, VinculoSqliteDialect } from './sqlite-adapter.ts';
import type { Db, DialectName } from './types.ts';

export interface Database {
  db: Db;
  dialect: DialectName;
  /** Where it lives, for logs: the SQLite file path or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** SQLite's `synchronous` pragma: NORMAL keeps every commit through a process crash; FULL also through power loss. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  poolSize?: number;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** The file a SQLite DATABASE_URL names (undefined for PostgreSQL). */
export const sqliteFile = (url: string) => (isPostgresUrl(url) ? undefined : resolve(url.replace(/^(sqlite|file):(\/\/)?/, '')));

/** Opens the database a DATABASE_URL names: a `postgres://` URL, or else a SQLite file path. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types: { getTypeParser } });
    // An idle client that loses its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    const db: Db = new Kysely({ dialect: new PostgresDialect({ pool }) });
    registerArrayRunner(db, async (query) => {
      const result = await pool.query<unknown[]>({ text: query.sql, values: [...query.parameters], rowMode: 'array' });
      return { columns: result.fields.map((field) => field.name), rows: result.rows };
    });
    return { db, dialect: 'postgres', location: url.replace(/:[^:@/]*@/, ':***@'), close: () => db.destroy() };
  }
  const path = sqliteFile(url)!;
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = openSqlite(path, { synchronous: options.sqliteSynchronous ?? 'NORMAL' });
  const db: Db = new Kysely({ dialect: new VinculoSqliteDialect({ database: sqlite }) });
  // Through Kysely's connection, so the read waits for a transaction in progress as Kysely's own queries do.
  registerArrayRunner(db, (query) => db.connection().execute(async () => sqlite.allArrays(query.sql, query.parameters)));
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}

const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

// Values come back the same from both dialects: counts and ids as numbers, dates as ISO text.
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  switch (oid) {
    case INT8:
      return (value) => {
        const number = Number(value);
        return Number.isSafeInteger(number) ? number : value;
      };
    case DATE:
      return (value) => value;
    case TIMESTAMPTZ:
    case TIMESTAMP:
      return (value) => (pg.types.getTypeParser(oid, 'text')(value) as Date).toISOString();
    default:
      return pg.types.getTypeParser(oid, format);
  }
}

/**
 * Applies every pending migration, all in one transaction under a lock (PostgreSQL: an advisory lock; SQLite: the
 * write lock of BEGIN IMMEDIATE), so two processes starting at once apply them once and a crash midway leaves the
 * database as it was, to be migrated again. Returns the names applied; throws with the failing migration's error.
 */
export async function migrate(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  // Another process may be migrating a large database: wait for it as long as it takes, not the usual busy timeout.
  if (database.dialect === 'sqlite') await sql`pragma busy_timeout = ${sql.lit(migrationWaitMs)}`.execute(database.db);
  try {
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  } finally {
    if (database.dialect === 'sqlite') await sql`pragma busy_timeout = ${sql.lit(busyTimeoutMs)}`.execute(database.db);
  }
}

const migrationWaitMs = 600_000;

/** True when a trivial query answers. */
export async function isReachable(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
