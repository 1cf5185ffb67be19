import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from '../../db/database.ts';
import { migrations } from '../../db/migrations/index.ts';
import type { Db, DialectName } from '../../db/types.ts';
import { documentedTypes } from '../catalog/catalog.ts';
import { addFieldColumns } from '../custom-fields/custom-field.service.ts';
import { searchRowId } from '../search/search.repository.ts';
import { BackupError, backupFormat, backupVersion, decodeValue, searchIndexColumns, type BackupFooter, type BackupHeader, type Progress, type TableEnd } from './backup-format.ts';
import { databaseLocalColumns, listTables, postgresForeignKeys, searchIndexTable, secondaryIndexes, tableInfo, type ForeignKeyDef, type IndexDef, type TableInfo } from './backup-schema.ts';

// Tables whose shape changes at run time (custom fields) cannot be typed statically.
type AnyDb = Kysely<any>;

export interface RestoreOptions {
  progress?: (progress: Progress) => void;
}

export interface RestoreSummary {
  tables: Record<string, number>;
  rows: number;
  seconds: number;
}

/** Tables that must hold no row for a database to count as empty (migrations fill others: currencies, lists, roles…). */
const mustBeEmpty = ['users', 'leads', 'contacts', 'companies', 'deals', 'custom_fields', 'events', 'files'];

/**
 * Loads a backup into an empty database of either dialect, all or nothing, in one transaction: migrate the target to
 * the backup's migrations, give the custom fields their columns, drop the secondary indexes (and PostgreSQL's foreign
 * keys; SQLite checks them off), load every table in multi-row inserts, check each table's row count and digest and
 * the footer's digest of the whole file, set the id counters, rebuild the indexes and check the foreign keys, migrate
 * to this version's latest, and only then commit. A truncated, corrupted or foreign file, or a target that is not
 * empty, is refused with a BackupError and the target is left as it was.
 */
export async function restoreBackup(database: Database, path: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const started = performance.now();
  if (!existsSync(path)) throw new BackupError('missingFile', { file: path });
  const lines = readLines(path);
  const first = await lines.next();
  const headerLine = first.done ? undefined : first.value;
  const header = parseHeader(headerLine);

  // Kysely applies migrations in the order of their names.
  const known = Object.keys(migrations).sort();
  const unknown = header.migrations.find((name, index) => known[index] !== name);
  if (unknown !== undefined) throw new BackupError('unknownMigration', { migration: unknown });
  if (header.migrations.length === 0) throw new BackupError('notBackup');

  const dialect = database.dialect;
  // SQLite cannot turn foreign keys off inside a transaction: off for the load, checked in full before the commit.
  if (dialect === 'sqlite') await sql`pragma foreign_keys = off`.execute(database.db);
  try {
    const summary = await database.db.transaction().execute(async (trx) => {
      const db = trx as AnyDb;
      await checkEmpty(db, dialect);
      await migrateTo(trx, header.migrations[header.migrations.length - 1], header.migrations);
      const loader = new Loader(db, dialect, header, headerLine!, options);
      await loader.begin();
      const footer = await loader.load(lines);
      await loader.finish(footer);
      await migrateTo(trx, undefined, header.migrations);
      return loader.summary();
    });
    if (dialect === 'postgres') await sql`analyze`.execute(database.db);
    return { ...summary, seconds: (performance.now() - started) / 1000 };
  } finally {
    await lines.return(undefined);
    if (dialect === 'sqlite') await sql`pragma foreign_keys = on`.execute(database.db);
  }
}

/** The file's lines, through gunzip; a gzip or read error becomes the refusal it means. */
async function* readLines(path: string): AsyncGenerator<string, void, undefined> {
  const input = createReadStream(path);
  const gunzip = createGunzip();
  let failure: (Error & { code?: string }) | undefined;
  input.on('error', (error) => {
    failure ??= error;
    gunzip.destroy();
  });
  gunzip.on('error', (error) => {
    failure ??= error;
  });
  const reader = createInterface({ input: input.pipe(gunzip), crlfDelay: Infinity });
  let count = 0;
  try {
    for await (const line of reader) {
      count++;
      yield line;
    }
  } catch (error) {
    failure ??= error as Error;
  } finally {
    reader.close();
    input.destroy();
  }
  if (failure) {
    if (failure.code === 'Z_BUF_ERROR') throw new BackupError('truncated');
    if (failure.code === 'Z_DATA_ERROR') throw new BackupError(count === 0 ? 'notBackup' : 'corrupt', { reason: failure.message });
    throw failure;
  }
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: BackupHeader;
  try {
    header = JSON.parse(line ?? '') as BackupHeader;
  } catch {
    throw new BackupError('notBackup');
  }
  if (header?.format !== backupFormat || !Array.isArray(header.tables) || !Array.isArray(header.migrations)) throw new BackupError('notBackup');
  if (typeof header.version !== 'number' || header.version > backupVersion) throw new BackupError('newerFormat', { version: String(header.version), supported: backupVersion });
  return header;
}

/** Refuses a database that holds anything a person or the CLI put there (what migrations write does not count). */
async function checkEmpty(db: AnyDb, dialect: DialectName): Promise<void> {
  const found: string[] = [];
  for (const table of mustBeEmpty) {
    if (!(await tableInfo(db, dialect, table))) continue;
    const n = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
    if (n > 0) found.push(`${table} (${n})`);
  }
  if (found.length > 0) throw new BackupError('notEmpty', { tables: found.join(', ') });
}

/**
 * Migrates inside the restore's transaction: to the backup's last migration (so its rows fit the tables as they were),
 * or to this version's latest (`target` undefined). A target migrated past the backup cannot go back: refused.
 */
async function migrateTo(db: Db, target: string | undefined, backupMigrations: string[]): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  if (target !== undefined) {
    const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
    const ahead = applied.find((name) => !backupMigrations.includes(name));
    if (ahead !== undefined) throw new BackupError('targetNewer', { migration: ahead });
    if (applied.length === backupMigrations.length) return;
  }
  const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error;
}

interface Section {
  name: string;
  columns: string[];
  rows: number;
  hash: Hash;
  insert: (rows: unknown[][]) => Promise<void>;
  batch: number;
  pending: unknown[][];
}

class Loader {
  readonly #db: AnyDb;
  readonly #dialect: DialectName;
  readonly #header: BackupHeader;
  readonly #options: RestoreOptions;
  readonly #all = createHash('sha256');
  readonly #counts: Record<string, number> = {};
  readonly #indexes: IndexDef[] = [];
  #foreignKeys: ForeignKeyDef[] = [];
  #tables: TableInfo[] = [];
  #customFields: Array<Record<string, unknown>> = [];
  #totalRows = 0;
  readonly #allRows: number;

  constructor(db: AnyDb, dialect: DialectName, header: BackupHeader, headerLine: string, options: RestoreOptions) {
    this.#db = db;
    this.#dialect = dialect;
    this.#header = header;
    this.#options = options;
    this.#all.update(`${headerLine}\n`);
    this.#allRows = header.tables.reduce((sum, t) => sum + (Number(t.rows) || 0), 0);
  }

  /** Empties what the migrations wrote and takes PostgreSQL's foreign keys off for the load. */
  async begin(): Promise<void> {
    const db = this.#db;
    this.#tables = await listTables(db, this.#dialect);
    if (this.#dialect === 'postgres') {
      this.#foreignKeys = await postgresForeignKeys(db);
      for (const fk of this.#foreignKeys) await sql`alter table ${sql.table(fk.table)} drop constraint ${sql.ref(fk.name)}`.execute(db);
    }
    for (const table of this.#tables) await sql`delete from ${sql.table(table.name)}`.execute(db);
    if (await tableInfo(db, this.#dialect, searchIndexTable)) await sql`delete from ${sql.table(searchIndexTable)}`.execute(db);
  }

  /** Reads every section and the footer (checking counts and digests as it goes); returns the footer. */
  async load(lines: AsyncGenerator<string, void, undefined>): Promise<BackupFooter> {
    const expected = this.#header.tables;
    let next = 0;
    let section: Section | undefined;
    let footer: BackupFooter | undefined;
    for await (const line of lines) {
      if (footer) throw new BackupError('corrupt', { reason: 'after the footer' });
      if (line.startsWith('[')) {
        if (!section) throw new BackupError('corrupt', { reason: 'row outside a table' });
        this.#all.update(`${line}\n`);
        section.hash.update(`${line}\n`);
        section.pending.push(parseRow(line, section.columns.length));
        section.rows++;
        if (section.pending.length >= section.batch) await this.#flush(section, next);
        continue;
      }
      const control = parseControl(line);
      if ('footer' in control) {
        if (section || next !== expected.length) throw new BackupError('truncated');
        footer = control as unknown as BackupFooter;
        continue;
      }
      this.#all.update(`${line}\n`);
      if ('table' in control) {
        if (section || expected[next]?.name !== control.table) throw new BackupError('corrupt', { reason: `unexpected table ${String(control.table)}` });
        section = await this.#open(expected[next], next + 1);
        next++;
      } else if ('end' in control) {
        const end = control as unknown as TableEnd;
        if (!section || end.end !== section.name) throw new BackupError('corrupt', { reason: 'unexpected end' });
        await this.#flush(section, next);
        if (end.rows !== section.rows || end.sha256 !== section.hash.digest('hex')) throw new BackupError('checksum', { table: section.name });
        this.#counts[section.name] = section.rows;
        if (section.name === 'custom_fields') await this.#addCustomColumns();
        section = undefined;
      } else {
        throw new BackupError('corrupt', { reason: 'unknown line' });
      }
    }
    if (!footer) throw new BackupError('truncated');
    if (footer.sha256 !== this.#all.digest('hex')) throw new BackupError('checksum', { table: '*' });
    for (const { name } of expected) if (footer.tables?.[name] !== this.#counts[name]) throw new BackupError('checksum', { table: name });
    return footer;
  }

  /** Id counters, indexes, foreign keys and planner statistics, once every row is in. */
  async finish(footer: BackupFooter): Promise<void> {
    const db = this.#db;
    this.#report('', 'indexes');
    for (const table of this.#tables) {
      if (!table.columns.includes('id')) continue;
      const max = Number((await sql<{ n: number | null }>`select max(id) as n from ${sql.table(table.name)}`.execute(db)).rows[0].n ?? 0);
      const value = Math.max(max, Number(footer.sequences?.[table.name] ?? 0));
      if (this.#dialect === 'postgres') {
        const sequence = (await sql<{ seq: string | null }>`select pg_get_serial_sequence(${table.name}, 'id') as seq`.execute(db)).rows[0].seq;
        if (sequence) await sql`select setval(${sequence}, ${Math.max(value, 1)}, ${value >= 1})`.execute(db);
      } else if (value > 0 && (await sql<{ n: number }>`select count(*) as n from sqlite_sequence where name = ${table.name}`.execute(db)).rows[0].n > 0) {
        await sql`update sqlite_sequence set seq = ${value} where name = ${table.name}`.execute(db);
      } else if (value > 0 && (await isAutoincrement(db, table.name))) {
        await sql`insert into sqlite_sequence (name, seq) values (${table.name}, ${value})`.execute(db);
      }
    }
    for (const index of this.#indexes) await sql.raw(index.sql).execute(db);
    if (this.#dialect === 'postgres') {
      for (const fk of this.#foreignKeys) await sql`alter table ${sql.table(fk.table)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(db);
    } else {
      const { rows } = await sql<{ table: string; parent: string }>`select "table", parent from pragma_foreign_key_check`.execute(db);
      if (rows.length > 0) throw new BackupError('corrupt', { reason: `foreign keys: ${rows[0].table} → ${rows[0].parent}` });
      await sql`analyze`.execute(db);
    }
    this.#report('', 'done');
  }

  summary(): Omit<RestoreSummary, 'seconds'> {
    return { tables: this.#counts, rows: this.#totalRows };
  }

  async #open(entry: BackupHeader['tables'][number], tableNumber: number): Promise<Section> {
    const db = this.#db;
    const columns = entry.columns;
    const base = { name: entry.name, columns, rows: 0, hash: createHash('sha256'), pending: [] as unknown[][] };
    this.#report(entry.name, 'rows', 0, Number(entry.rows) || 0, tableNumber);
    const target = await tableInfo(db, this.#dialect, entry.name);
    if (!target) throw new BackupError('unknownTable', { table: entry.name });
    for (const index of await secondaryIndexes(db, this.#dialect, [entry.name])) {
      await sql`drop index ${sql.ref(index.name)}`.execute(db);
      this.#indexes.push(index);
    }
    if (entry.name === searchIndexTable) {
      if (JSON.stringify(columns) !== JSON.stringify(searchIndexColumns)) throw new BackupError('unknownColumn', { table: entry.name, column: columns.join(',') });
      if (this.#dialect === 'sqlite') {
        const insert = this.#inserter({ ...target, columns: ['rowid', ...searchIndexColumns.slice(2)] }, ['rowid', ...searchIndexColumns.slice(2)]);
        const typeIds = new Map(Object.values(documentedTypes).map((t) => [t.name as string, t.entityTypeId]));
        return {
          ...base,
          batch: 500,
          insert: (rows) =>
            insert(
              rows.map(([type, id, ...texts]) => {
                const typeId = typeIds.get(String(type));
                if (typeId === undefined || typeof id !== 'number') throw new BackupError('corrupt', { reason: 'search index row' });
                return [searchRowId(typeId, id), ...texts];
              }),
            ),
        };
      }
    }
    const missing = columns.find((c) => !target.columns.includes(c));
    if (missing !== undefined) throw new BackupError('unknownColumn', { table: entry.name, column: missing });
    const binary = columns.some((c) => target.binary.includes(c));
    const perStatement = this.#dialect === 'sqlite' ? Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length))) : 2000;
    // Written empty, not left to their defaults (a restored event is not a new one: backup-schema.ts).
    const local = (databaseLocalColumns[entry.name] ?? []).filter((c) => target.columns.includes(c) && !columns.includes(c));
    if (local.length === 0) return { ...base, batch: binary ? 10 : perStatement, insert: this.#inserter(target, columns) };
    const insert = this.#inserter(target, [...columns, ...local]);
    const empty = local.map(() => null);
    return { ...base, batch: binary ? 10 : perStatement, insert: (rows) => insert(rows.map((row) => [...row, ...empty])) };
  }

  /** A multi-row insert: SQLite `values (…), (…)`; PostgreSQL `select * from unnest($1::type[], …)`, one array per column. */
  #inserter(target: TableInfo, columns: string[]): (rows: unknown[][]) => Promise<void> {
    const db = this.#db;
    const names = columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    const table = `"${target.name.replace(/"/g, '""')}"`;
    if (this.#dialect === 'postgres') {
      const arrays = columns.map((c, i) => `$${i + 1}::${target.types[c]}[]`).join(', ');
      const text = `insert into ${table} (${names}) select * from unnest(${arrays})`;
      return async (rows) => {
        await db.executeQuery(CompiledQuery.raw(text, columns.map((_, i) => rows.map((row) => row[i]))));
      };
    }
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    return async (rows) => {
      await db.executeQuery(CompiledQuery.raw(`insert into ${table} (${names}) values ${Array(rows.length).fill(placeholders).join(', ')}`, rows.flat()));
    };
  }

  async #flush(section: Section, tableNumber: number): Promise<void> {
    if (section.pending.length === 0) return;
    const rows = section.pending;
    section.pending = [];
    if (section.name === 'custom_fields') this.#customFields.push(...rows.map((row) => Object.fromEntries(section.columns.map((c, i) => [c, row[i]]))));
    await section.insert(rows);
    this.#totalRows += rows.length;
    const entry = this.#header.tables[tableNumber - 1];
    this.#report(section.name, 'rows', section.rows, Number(entry?.rows) || 0, tableNumber);
  }

  /** The columns (and indexes) of the restored single-value custom fields, in the order they were made. */
  async #addCustomColumns(): Promise<void> {
    const byId = [...this.#customFields].sort((a, b) => Number(a.id) - Number(b.id));
    for (const field of byId) {
      if (Number(field.is_multiple) === 1) continue;
      const type = documentedTypes[field.entity_type as keyof typeof documentedTypes];
      if (!type) throw new BackupError('corrupt', { reason: `custom field of ${String(field.entity_type)}` });
      await addFieldColumns(this.#db as unknown as Db, this.#dialect, type.table, field as never);
    }
  }

  #report(table: string, phase: Progress['phase'], rows = 0, tableRows = 0, tableNumber = 0): void {
    this.#options.progress?.({ table, rows, tableRows, tableNumber, tables: this.#header.tables.length, totalRows: this.#totalRows, allRows: this.#allRows, phase });
  }
}

function parseRow(line: string, columns: number): unknown[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new BackupError('corrupt', { reason: 'row' });
  }
  if (!Array.isArray(row) || row.length !== columns) throw new BackupError('corrupt', { reason: 'row' });
  return row.map(decodeValue);
}

function parseControl(line: string): Record<string, unknown> {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // refused below
  }
  throw new BackupError('corrupt', { reason: 'line' });
}

async function isAutoincrement(db: AnyDb, table: string): Promise<boolean> {
  const { rows } = await sql<{ sql: string | null }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  return /autoincrement/i.test(rows[0]?.sql ?? '');
}
