/** The SQL floor: direct SQL on the benchmark database, node:sqlite or a pg pool. */
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';

// ---------------------------------------------------------------------------------------------- the SQL floor

/** Direct SQL on the benchmark database: node:sqlite, or a pg pool of the server's size. */
export interface Floor {
  dialect: 'sqlite' | 'postgres';
  all(text: string, params?: unknown[]): Promise<any[]>;
  /** Runs `work` in one transaction on one connection. */
  transaction(work: (run: (text: string, params?: unknown[]) => Promise<any[]>) => Promise<void>): Promise<void>;
  version(): Promise<string>;
  close(): Promise<void>;
}

export function sqliteFloor(path: string): Floor {
  const db = new DatabaseSync(path, { timeout: 10_000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA cache_size = -65536');
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const prepared = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const all = async (text: string, params: unknown[] = []) => prepared(text).all(...(params as any[]));
  return {
    dialect: 'sqlite',
    all,
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work(all);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async version() {
      return String((db.prepare('select sqlite_version() as v').get() as { v: string }).v);
    },
    async close() {
      db.close();
    },
  };
}

export function postgresFloor(url: string): Floor {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const toPg = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    dialect: 'postgres',
    all: async (text, params = []) => (await pool.query(toPg(text), params)).rows,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await work(async (text, params = []) => (await client.query(toPg(text), params)).rows);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async version() {
      return String((await pool.query('show server_version')).rows[0].server_version);
    },
    close: () => pool.end(),
  };
}
