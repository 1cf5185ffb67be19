import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Lets Kysely's SqliteDialect drive Node's built-in `node:sqlite` (no native add-on to build).
 * Kysely asks for a better-sqlite3-like surface: prepare() returning all/run/iterate and `reader`.
 */
export function openSqlite(path: string, options: { synchronous: string }): SqliteDatabase & { raw: DatabaseSync } {
  const raw = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: 5000 });
  raw.exec('PRAGMA journal_mode = WAL');
  raw.exec(`PRAGMA synchronous = ${options.synchronous}`);
  raw.exec('PRAGMA cache_size = -65536');
  raw.exec('PRAGMA temp_store = MEMORY');
  // Kysely sends the same few hundred SQL texts again and again; preparing each once saves most of a query's cost.
  // SQLite re-prepares a cached statement by itself after a schema change (a custom field's new column).
  const cache = new Map<string, SqliteStatement>();
  const bind = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
  return {
    raw,
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      if (cached) return cached;
      const statement = raw.prepare(sqlText);
      const prepared: SqliteStatement = {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...bind(parameters)),
        run: (parameters) => statement.run(...bind(parameters)),
        iterate: (parameters) => statement.iterate(...bind(parameters)),
      };
      if (cache.size >= statementCacheSize) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, prepared);
      return prepared;
    },
  };
}

const statementCacheSize = 1000;

function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as SQLInputValue;
}
