import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import { foldText } from '@vinculo/shared';
import type { ArrayRows } from './array-rows.ts';

/**
 * Lets Kysely's SqliteDialect drive Node's built-in `node:sqlite` (no native add-on to build).
 * Kysely asks for a better-sqlite3-like surface: prepare() returning all/run/iterate and `reader`.
 */
export function openSqlite(path: string, options: { synchronous: string }): SqliteDatabase & { raw: DatabaseSync; allArrays: (sqlText: string, parameters: ReadonlyArray<unknown>) => ArrayRows } {
  const raw = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: busyTimeoutMs });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec(`PRAGMA synchronous = ${options.synchronous}`);
  raw.exec('PRAGMA cache_size = -65536');
  raw.exec('PRAGMA temp_store = MEMORY');
  // The WAL is copied back into the database every 10,000 pages (40 MB) instead of 1,000: big writes (an import's
  // batches) then copy each page once per many commits, not once per commit.
  raw.exec('PRAGMA wal_autocheckpoint = 10000');
  // Text folded for sorting and matching, as @vinculo/shared folds it (PostgreSQL has the same function from a migration).
  raw.function('vk_fold', { deterministic: true }, (value) => (typeof value === 'string' ? foldText(value) : value));
  // Kysely sends the same few hundred SQL texts again and again; preparing each once saves most of a query's cost.
  // SQLite re-prepares a cached statement by itself after a schema change (a custom field's new column).
  const shortCache = new Map<string, SqliteStatement>();
  const longCache = new Map<string, SqliteStatement>();
  const bind = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
  // Statements that answer rows as arrays (db/array-rows.ts), prepared apart from Kysely's: a few SQL texts, each
  // read many times (an export's page query).
  const arrayCache = new Map<string, { statement: StatementSync; columns: string[] }>();
  return {
    raw,
    allArrays(sqlText, parameters) {
      let cached = arrayCache.get(sqlText);
      if (!cached) {
        const statement = raw.prepare(sqlText);
        statement.setReturnArrays(true);
        cached = { statement, columns: statement.columns().map((column) => column.name) };
        if (arrayCache.size >= arrayCacheSize) arrayCache.delete(arrayCache.keys().next().value!);
        arrayCache.set(sqlText, cached);
      }
      return { columns: cached.columns, rows: cached.statement.all(...bind(parameters)) as unknown as unknown[][] };
    },
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      // A long statement (a multi-row insert, a long IN list) goes in a small cache of its own: its compiled program
      // can take a megabyte, and a thousand of them (one per count of rows) held hundreds of megabytes.
      const cache = sqlText.length > longStatement ? longCache : shortCache;
      const cached = cache.get(sqlText);
      if (cached) return cached;
      const statement = raw.prepare(sqlText);
      const prepared: SqliteStatement = {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...bind(parameters)),
        run: (parameters) => statement.run(...bind(parameters)),
        iterate: (parameters) => statement.iterate(...bind(parameters)),
      };
      if (cache.size >= (cache === longCache ? longCacheSize : statementCacheSize)) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, prepared);
      return prepared;
    },
  };
}

/** How long a write waits for another process's write to finish before it fails with "database is locked". */
export const busyTimeoutMs = 5000;

const statementCacheSize = 1000;
const longStatement = 4096;
const longCacheSize = 32;
const arrayCacheSize = 64;

function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as SQLInputValue;
}

/**
 * Kysely's SQLite dialect, with two changes for several processes on one file (a server and the CLI, or two servers):
 * - transactions start with BEGIN IMMEDIATE, taking the write lock at once. A deferred transaction that reads and
 *   then writes cannot wait for another writer (SQLite answers "database is locked" at once, whatever the busy
 *   timeout), so about a third of concurrent writes failed; an immediate one waits up to the busy timeout.
 * - migrations run in one transaction (SQLite's DDL is transactional), which that write lock makes the migration
 *   lock too: a second process waits, then finds them applied; a crash midway leaves nothing half done.
 */
export class VinculoSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  get supportsTransactionalDdl(): boolean {
    return true;
  }
}
