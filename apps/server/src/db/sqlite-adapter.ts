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
  return {
    raw,
    close: () => raw.close(),
    prepare(sqlText: string): SqliteStatement {
      const statement = raw.prepare(sqlText);
      const bind = (parameters: ReadonlyArray<unknown>) => parameters.map(toSqliteValue);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...bind(parameters)),
        run: (parameters) => statement.run(...bind(parameters)),
        iterate: (parameters) => statement.iterate(...bind(parameters)),
      };
    },
  };
}

function toSqliteValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as SQLInputValue;
}
