import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { documentedTypes } from '../catalog/catalog.ts';
import { searchColumns } from '../search/search.repository.ts';
import { backupFormat, backupVersion, encodeValue, searchIndexColumns, type BackupFooter, type BackupHeader, type Progress, type TableEnd } from './backup-format.ts';
import { carried, listTables, searchIndexTable, type TableInfo } from './backup-schema.ts';

// Tables whose shape changes at run time (custom fields) cannot be typed statically.
type AnyDb = Kysely<any>;

export interface BackupOptions {
  progress?: (progress: Progress) => void;
  /**
   * Called once the snapshot is taken, before any row is written, with the snapshot's connection: what it reads is
   * what the backup holds (tests compare it with the restored database).
   */
  onSnapshot?: (db: AnyDb) => Promise<void>;
  /** Rows read per query (tables holding bytes read 1/100 of it). */
  batchRows?: number;
}

export interface BackupSummary {
  tables: Record<string, number>;
  rows: number;
  bytes: number;
  seconds: number;
}

/**
 * Writes a backup of the whole database to `output` while the server goes on serving and writing: every table is read
 * in one snapshot (PostgreSQL: a REPEATABLE READ, READ ONLY transaction; SQLite: one read transaction, which WAL mode
 * keeps apart from the writers), in pages by primary key, so memory holds one page at a time. The file is written
 * beside `output` and renamed onto it once complete, so a failed backup never leaves a file that looks like one.
 */
export async function writeBackup(database: Database, output: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const started = performance.now();
  const partial = `${output}.partial-${process.pid}`;
  const gzip = createGzip({ level: 3 });
  const file = createWriteStream(partial);
  const written = pipeline(gzip, file);
  // A write error surfaces when the pipeline is awaited; until then writes must not hang on a drain that never comes.
  written.catch(() => {});
  try {
    const summary = await database.db.connection().execute(async (conn) => {
      const db = conn as AnyDb;
      await sql.raw(database.dialect === 'postgres' ? 'begin transaction isolation level repeatable read, read only' : 'begin').execute(db);
      try {
        return await writeSnapshot(db, database.dialect, gzip, options);
      } finally {
        await sql`rollback`.execute(db).catch(() => {});
      }
    });
    gzip.end();
    await written;
    renameSync(partial, output);
    return { ...summary, bytes: file.bytesWritten, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    rmSync(partial, { force: true });
    throw error;
  }
}

async function writeSnapshot(db: AnyDb, dialect: Database['dialect'], out: NodeJS.WritableStream, options: BackupOptions): Promise<Omit<BackupSummary, 'bytes' | 'seconds'>> {
  // The first read takes the snapshot (SQLite begins its read transaction there; PostgreSQL at the first statement).
  const migrations = (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db)).rows.map((r) => r.name);
  const tables = (await listTables(db, dialect)).map(carried);
  const hasSearchIndex = await tableExists(db, dialect, searchIndexTable);
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table.name] = await countRows(db, table.name);
  if (hasSearchIndex) counts[searchIndexTable] = await countRows(db, searchIndexTable);
  const sequences = await readSequences(db, dialect, tables);
  await options.onSnapshot?.(db);

  const sections = [...tables.map((t) => ({ name: t.name, columns: t.columns })), ...(hasSearchIndex ? [{ name: searchIndexTable, columns: searchIndexColumns }] : [])];
  const header: BackupHeader = {
    format: backupFormat,
    version: backupVersion,
    createdAt: new Date().toISOString(),
    source: dialect,
    migrations,
    tables: sections.map((s) => ({ name: s.name, columns: s.columns, rows: counts[s.name] })),
  };
  const all = createHash('sha256');
  const writeText = async (text: string, hash?: Hash) => {
    all.update(text);
    hash?.update(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const write = (line: string) => writeText(`${line}\n`);
  await write(JSON.stringify(header));

  const allRows = Object.values(counts).reduce((a, b) => a + b, 0);
  let totalRows = 0;
  const batch = options.batchRows ?? 2000;
  for (const [index, section] of sections.entries()) {
    const hash = createHash('sha256');
    let rows = 0;
    await write(JSON.stringify({ table: section.name }));
    const report = () =>
      options.progress?.({ table: section.name, rows, tableRows: counts[section.name], tableNumber: index + 1, tables: sections.length, totalRows, allRows, phase: 'rows' });
    report();
    const pages = section.name === searchIndexTable ? searchIndexPages(db, dialect, batch) : tablePages(db, tables.find((t) => t.name === section.name)!, batch);
    for await (const page of pages) {
      // One write per page: the digests of the lines one by one and of the page's text are the same.
      let text = '';
      for (const row of page) text += `${JSON.stringify(row.map(encodeValue))}\n`;
      await writeText(text, hash);
      rows += page.length;
      totalRows += page.length;
      report();
    }
    const end: TableEnd = { end: section.name, rows, sha256: hash.digest('hex') };
    await write(JSON.stringify(end));
    counts[section.name] = rows;
  }
  const footer: BackupFooter = { footer: true, tables: counts, sequences, sha256: all.digest('hex') };
  out.write(`${JSON.stringify(footer)}\n`);
  options.progress?.({ table: '', rows: 0, tableRows: 0, tableNumber: sections.length, tables: sections.length, totalRows, allRows: totalRows, phase: 'done' });
  return { tables: counts, rows: totalRows };
}

/** A table's rows in pages by primary key (keyset: `(k1, k2) > (last)`), each row its values in column order. */
async function* tablePages(db: AnyDb, table: TableInfo, batch: number): AsyncGenerator<unknown[][]> {
  const size = table.binary.length > 0 ? Math.max(1, Math.floor(batch / 100)) : batch;
  const keyOutside = table.key.filter((k) => !table.columns.includes(k));
  const selected = [...table.columns, ...keyOutside];
  const keyIndexes = table.key.map((k) => selected.indexOf(k));
  const keyRow = sql.join(table.key.map((k) => sql.ref(k)));
  let last: unknown[] | undefined;
  for (;;) {
    const after = last ? sql`where (${keyRow}) > (${sql.join(last.map((v) => sql.val(v)))})` : sql``;
    const { rows } = await sql<Record<string, unknown>>`select ${sql.join(selected.map((c) => sql.ref(c)))} from ${sql.table(table.name)} ${after} order by ${keyRow} limit ${sql.lit(size)}`.execute(db);
    if (rows.length === 0) return;
    const values = rows.map((row) => selected.map((c) => row[c]));
    last = keyIndexes.map((i) => values[values.length - 1][i]);
    yield keyOutside.length > 0 ? values.map((v) => v.slice(0, table.columns.length)) : values;
    if (rows.length < size) return;
  }
}

const typeRange = 2 ** 32;
const typeNameById = new Map(Object.values(documentedTypes).map((t) => [t.entityTypeId, t.name]));

/** The search index in its neutral form (`searchIndexColumns`): SQLite's rowid turned back into the item's type and id. */
async function* searchIndexPages(db: AnyDb, dialect: Database['dialect'], batch: number): AsyncGenerator<unknown[][]> {
  const texts = sql.join(searchColumns.map((c) => sql.ref(c)));
  if (dialect === 'postgres') {
    yield* tablePages(db, { name: searchIndexTable, columns: searchIndexColumns, key: ['entity_type', 'entity_id'], types: {}, binary: [] }, batch);
    return;
  }
  let last = -1;
  for (;;) {
    const { rows } = await sql<Record<string, unknown>>`select rowid as id, ${texts} from search_index where rowid > ${last} order by rowid limit ${sql.lit(batch)}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map((row) => {
      const rowid = Number(row.id);
      const typeId = Math.floor(rowid / typeRange);
      return [typeNameById.get(typeId) ?? String(typeId), rowid - typeId * typeRange, ...searchColumns.map((c) => row[c])];
    });
    last = Number(rows[rows.length - 1].id);
    if (rows.length < batch) return;
  }
}

async function tableExists(db: AnyDb, dialect: Database['dialect'], name: string): Promise<boolean> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(db)
      : await sql<{ n: number }>`select count(*) as n from sqlite_master where name = ${name}`.execute(db);
  return Number(rows[0].n) > 0;
}

const countRows = async (db: AnyDb, table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);

/** The highest id each table has given (SQLite's AUTOINCREMENT counter, PostgreSQL's identity sequence). */
async function readSequences(db: AnyDb, dialect: Database['dialect'], tables: TableInfo[]): Promise<Record<string, number>> {
  const sequences: Record<string, number> = {};
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; seq: number }>`select name, seq from sqlite_sequence`.execute(db);
    for (const row of rows) if (tables.some((t) => t.name === row.name)) sequences[row.name] = Number(row.seq);
    return sequences;
  }
  for (const table of tables) {
    if (!table.columns.includes('id')) continue;
    const { rows } = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${table.name}, 'id') as seq`.execute(db);
    const sequence = rows[0].seq;
    if (!sequence) continue;
    const state = (await sql<{ last_value: number; is_called: boolean }>`select last_value, is_called from ${sql.raw(sequence)}`.execute(db)).rows[0];
    sequences[table.name] = state.is_called ? Number(state.last_value) : 0;
  }
  return sequences;
}
