import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../../db/types.ts';

/**
 * What a backup and a restore read of the database's own catalogue: the tables, their columns and primary keys, the
 * secondary indexes and (PostgreSQL) the foreign keys. Read from the database, not from a list, so the tables a
 * later migration adds and the columns custom fields add at run time are carried without anyone updating this file.
 */

// Tables whose shape changes at run time (custom fields) cannot be typed statically.
type AnyDb = Kysely<any>;

export interface TableInfo {
  name: string;
  columns: string[];
  /** The primary key's columns in order (SQLite's rowid for a table without one). */
  key: string[];
  /** PostgreSQL: each column's type as `format_type` writes it (for typed arrays in a multi-row insert). */
  types: Record<string, string>;
  /** Columns holding bytes (blob / bytea). */
  binary: string[];
}

/** The migrations' own bookkeeping: a restore recreates it by migrating the target. */
const migrationTables = new Set(['schema_migrations', 'schema_migrations_lock']);

/**
 * Columns whose values mean something only in the database that wrote them: PostgreSQL transaction ids and snapshots
 * (`events.tx_id`, `webhooks.start_snapshot`) and positions in them (`event_consumers.position_tx`). A backup leaves
 * them out and a restore writes them empty: restored events are history, not news for the webhooks, and the
 * listeners go on from the events written after the restore (event-feed.ts).
 */
export const databaseLocalColumns: Readonly<Record<string, readonly string[]>> = {
  events: ['tx_id'],
  webhooks: ['start_snapshot'],
  event_consumers: ['position_tx'],
};

/** A table as a backup carries it: without its database-local columns. */
export const carried = (table: TableInfo): TableInfo => ({ ...table, columns: table.columns.filter((c) => !databaseLocalColumns[table.name]?.includes(c)) });

/** The search index is dialect-specific (an FTS5 table on SQLite); backups carry it in a neutral form (backup-format.ts). */
export const searchIndexTable = 'search_index';

/** Every table a backup carries, with its columns, in a fixed order (names, but `users` and the custom fields first). */
export async function listTables(db: AnyDb, dialect: DialectName): Promise<TableInfo[]> {
  const names = dialect === 'postgres' ? await postgresTableNames(db) : await sqliteTableNames(db);
  const tables: TableInfo[] = [];
  for (const name of names) {
    if (migrationTables.has(name) || name === searchIndexTable) continue;
    tables.push(dialect === 'postgres' ? await postgresTable(db, name) : await sqliteTable(db, name));
  }
  return tables.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The order tables are written in: the custom field definitions before the item tables, so a restore can add the
 * fields' columns before it meets their values; the rest by name.
 */
const firstTables = ['users', 'custom_fields', 'custom_field_enums'];
const rank = (name: string) => (firstTables.includes(name) ? firstTables.indexOf(name) : firstTables.length);

/** One table's columns and key, or undefined when it does not exist. */
export async function tableInfo(db: AnyDb, dialect: DialectName, name: string): Promise<TableInfo | undefined> {
  const names = dialect === 'postgres' ? await postgresTableNames(db) : await sqliteTableNames(db);
  if (!names.includes(name)) return undefined;
  return dialect === 'postgres' ? postgresTable(db, name) : sqliteTable(db, name);
}

async function sqliteTableNames(db: AnyDb): Promise<string[]> {
  // FTS5 keeps its data in shadow tables named after the virtual table (search_index_data, …): never carried.
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like ${`${searchIndexTable}\\_%`} escape '\\' order by name`.execute(db);
  const names = rows.map((r) => r.name);
  const hasIndex = (await sql<{ n: number }>`select count(*) as n from sqlite_master where name = ${searchIndexTable}`.execute(db)).rows[0].n > 0;
  return hasIndex ? [...names, searchIndexTable] : names;
}

async function postgresTableNames(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.map((r) => r.name);
}

async function sqliteTable(db: AnyDb, name: string): Promise<TableInfo> {
  const { rows } = await sql<{ name: string; type: string; pk: number; hidden: number }>`select name, type, pk, hidden from pragma_table_xinfo(${name}) order by cid`.execute(db);
  const visible = rows.filter((r) => Number(r.hidden) === 0);
  const key = visible.filter((r) => Number(r.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((r) => r.name);
  return {
    name,
    columns: visible.map((r) => r.name),
    key: key.length > 0 ? key : ['rowid'],
    types: Object.fromEntries(visible.map((r) => [r.name, r.type.toLowerCase()])),
    binary: visible.filter((r) => /blob/i.test(r.type)).map((r) => r.name),
  };
}

async function postgresTable(db: AnyDb, name: string): Promise<TableInfo> {
  const { rows } = await sql<{ name: string; type: string; generated: boolean }>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attgenerated <> '' as generated
      from pg_attribute a
     where a.attrelid = ${name}::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`.execute(db);
  const { rows: keyRows } = await sql<{ name: string }>`
    select a.attname as name
      from pg_index i
      join lateral unnest(i.indkey) with ordinality as k(attnum, position) on true
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
     where i.indrelid = ${name}::regclass and i.indisprimary
     order by k.position`.execute(db);
  // Generated columns (the search index's `document`) are computed again by the target.
  const stored = rows.filter((r) => !r.generated);
  return {
    name,
    columns: stored.map((r) => r.name),
    key: keyRows.map((r) => r.name),
    types: Object.fromEntries(stored.map((r) => [r.name, r.type])),
    binary: stored.filter((r) => r.type === 'bytea').map((r) => r.name),
  };
}

export interface IndexDef {
  name: string;
  table: string;
  sql: string;
}

/** The secondary indexes of `tables` (not those behind a primary key or a unique constraint), as SQL that recreates them. */
export async function secondaryIndexes(db: AnyDb, dialect: DialectName, tables: string[]): Promise<IndexDef[]> {
  if (tables.length === 0) return [];
  if (dialect === 'postgres') {
    const { rows } = await sql<IndexDef>`
      select i.indexname as name, i.tablename as "table", i.indexdef as sql
        from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = any(${tables})
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
    return rows;
  }
  const { rows } = await sql<IndexDef>`select name, tbl_name as "table", sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${sql.join(tables)})`.execute(db);
  return rows;
}

export interface ForeignKeyDef {
  name: string;
  table: string;
  definition: string;
}

/** PostgreSQL's foreign keys between the tables of the current schema, as `alter table … add constraint` needs them. */
export async function postgresForeignKeys(db: AnyDb): Promise<ForeignKeyDef[]> {
  const { rows } = await sql<ForeignKeyDef>`
    select c.conname as name, t.relname as "table", pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where c.contype = 'f' and n.nspname = current_schema()
     order by c.conname`.execute(db);
  return rows;
}
