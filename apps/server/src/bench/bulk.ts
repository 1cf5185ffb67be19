import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import pg from 'pg';

/**
 * Bulk loading for the benchmark generator, below Kysely: multi-row INSERTs in big transactions on SQLite
 * (node:sqlite, one prepared statement per batch size), `INSERT … SELECT FROM unnest($1::int4[], …)` on
 * PostgreSQL (one array per column: a few parameters per statement whatever the batch size), with two
 * statements in flight so generating the next batch overlaps the database's work. The secondary indexes of the
 * loaded tables are dropped first and rebuilt at the end (sorting once is much faster than growing a dozen
 * B-trees row by row), and foreign key checks are off during the load: the generator writes consistent ids.
 */

export type ColumnType = 'int' | 'bigint' | 'text' | 'ts' | 'date';

export interface TableShape {
  name: string;
  columns: Array<[name: string, type: ColumnType]>;
}

export type Value = string | number | null;

export interface BulkLoader {
  /** Drops the secondary indexes of `tables` (remembering them) and turns foreign key checks off. */
  prepare(tables: string[]): Promise<void>;
  /** Queues rows (each an array in the order of `table.columns`). */
  insert(table: TableShape, rows: Value[][]): Promise<void>;
  /** Waits for every queued insert and commits. */
  flush(): Promise<void>;
  /** Rebuilds the dropped indexes; then (PostgreSQL) moves identity sequences past the ids written and runs VACUUM ANALYZE. */
  finish(tables: string[], phase: (name: string) => void): Promise<void>;
  close(): Promise<void>;
}

interface IndexDef {
  name: string;
  sql: string;
}

/** SQLite: a connection of its own to the database file, with durability relaxed for the load only. */
export function sqliteLoader(path: string): BulkLoader {
  const db = new DatabaseSync(path, { timeout: 10_000 });
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('PRAGMA synchronous = OFF');
  db.exec('PRAGMA cache_size = -65536');
  db.exec('PRAGMA temp_store = MEMORY');
  const statements = new Map<string, StatementSync>();
  let dropped: IndexDef[] = [];
  let inTransaction = false;
  let sinceCommit = 0;
  const maxVariables = 32_000;

  const statement = (table: TableShape, count: number) => {
    const key = `${table.name}:${count}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const row = `(${table.columns.map(() => '?').join(',')})`;
      prepared = db.prepare(`insert into ${table.name} (${table.columns.map(([name]) => name).join(',')}) values ${Array(count).fill(row).join(',')}`);
      statements.set(key, prepared);
    }
    return prepared;
  };
  const begin = () => {
    if (!inTransaction) {
      db.exec('BEGIN');
      inTransaction = true;
    }
  };
  const commit = () => {
    if (inTransaction) {
      db.exec('COMMIT');
      inTransaction = false;
    }
    sinceCommit = 0;
  };

  return {
    async prepare(tables) {
      const list = tables.map((t) => `'${t}'`).join(',');
      dropped = (db.prepare(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${list})`).all() as unknown as IndexDef[]).map((r) => ({ name: r.name, sql: r.sql }));
      for (const index of dropped) db.exec(`drop index ${index.name}`);
    },
    async insert(table, rows) {
      begin();
      const perStatement = Math.max(1, Math.min(500, Math.floor(maxVariables / table.columns.length)));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const flat: SQLInputValue[] = [];
        for (const row of chunk) for (const value of row) flat.push(value);
        statement(table, chunk.length).run(...flat);
      }
      sinceCommit += rows.length;
      // Big transactions, but not one of ten million rows: the WAL is checkpointed between them.
      if (sinceCommit >= 1_000_000) commit();
    },
    async flush() {
      commit();
    },
    async finish(_tables, phase) {
      commit();
      phase('indexes');
      // Sorting in small runs that fit the CPU caches, merged from temporary files by two threads, builds the
      // indexes about three times faster than one big in-memory sort (measured at 3.5M rows: 1.8 s against 5.7 s).
      db.exec('PRAGMA cache_size = -2048');
      db.exec('PRAGMA temp_store = FILE');
      db.exec('PRAGMA threads = 2');
      db.exec('BEGIN');
      for (const index of dropped) db.exec(index.sql);
      db.exec('COMMIT');
      dropped = [];
      // Planner statistics, as PostgreSQL's VACUUM ANALYZE below: without them SQLite takes `deleted_at is null` for a
      // selective equality and answers `… order by last_name limit 51` by sorting the whole table through
      // contacts_deleted_at_idx (seconds at 1M rows). A sample per index (analysis_limit) is enough and fast.
      phase('analyze');
      db.exec('PRAGMA cache_size = -65536');
      db.exec('PRAGMA analysis_limit = 1000');
      db.exec('ANALYZE');
      phase('checkpoint');
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    },
    async close() {
      commit();
      db.exec('PRAGMA foreign_keys = ON');
      db.close();
    },
  };
}

const pgTypes: Record<ColumnType, string> = { int: 'int4', bigint: 'int8', text: 'text', ts: 'timestamptz', date: 'date' };

/** PostgreSQL: two connections of its own; each batch commits on its own (synchronous_commit off for the load). */
export async function postgresLoader(url: string): Promise<BulkLoader> {
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  for (const client of clients) {
    await client.connect();
    await client.query('set synchronous_commit = off');
    await client.query(`set maintenance_work_mem = '512MB'`);
    // Replica mode skips foreign key triggers (as pg_restore --disable-triggers does); it needs a superuser,
    // so a role without that right loads with the checks on, only slower.
    await client.query('set session_replication_role = replica').catch(() => {});
  }
  const inFlight: Array<Promise<unknown>> = [];
  let turn = 0;
  let dropped: IndexDef[] = [];
  let failure: unknown;

  const drain = async (keep: number) => {
    while (inFlight.length > keep) await inFlight.shift();
    if (failure) throw failure;
  };

  return {
    async prepare(tables) {
      const { rows } = await clients[0].query(
        `select i.indexname as name, i.indexdef as sql from pg_indexes i
          where i.schemaname = current_schema() and i.tablename = any($1)
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
        [tables],
      );
      dropped = rows as IndexDef[];
      for (const index of dropped) await clients[0].query(`drop index ${index.name}`);
    },
    async insert(table, rows) {
      await drain(1);
      const columns = table.columns.map((_, index) => rows.map((row) => row[index]));
      const text = `insert into ${table.name} (${table.columns.map(([name]) => name).join(',')})
        select * from unnest(${table.columns.map(([, type], index) => `$${index + 1}::${pgTypes[type]}[]`).join(',')})`;
      const client = clients[turn++ % clients.length];
      const promise = client.query(text, columns).catch((error: unknown) => {
        failure ??= error;
      });
      inFlight.push(promise);
    },
    async flush() {
      await drain(0);
    },
    async finish(tables, phase) {
      await drain(0);
      phase('indexes');
      // Two builds at a time, one per connection.
      const queue = [...dropped];
      await Promise.all(
        clients.map(async (client) => {
          for (let index = queue.shift(); index; index = queue.shift()) await client.query(index.sql);
        }),
      );
      dropped = [];
      const { rows: withIds } = await clients[0].query(
        `select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'id' and table_name = any($1)`,
        [tables],
      );
      for (const { table_name: table } of withIds as Array<{ table_name: string }>) {
        await clients[0].query(
          `select setval(pg_get_serial_sequence($1, 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)
            where pg_get_serial_sequence($1, 'id') is not null`,
          [table],
        );
      }
      phase('vacuum analyze');
      // What autovacuum would do soon after such a load: statistics for the planner, a visibility map for index-only scans.
      const vacuumQueue = [...tables];
      await Promise.all(
        clients.map(async (client) => {
          for (let table = vacuumQueue.shift(); table; table = vacuumQueue.shift()) await client.query(`vacuum (analyze) ${table}`);
        }),
      );
    },
    async close() {
      await drain(0).catch(() => {});
      for (const client of clients) await client.end().catch(() => {});
    },
  };
}
