import { sql, type Kysely, type Selectable } from 'kysely';
import { bumpCounter, readSetting } from '../../db/app-settings.ts';
import type { Db, DialectName, SystemTables } from '../../db/types.ts';

/** Kysely queries and DDL of custom fields. No business rules here. */

export type FieldRow = Omit<Selectable<SystemTables['custom_fields']>, 'id'> & { id: number };
export type EnumRow = Omit<Selectable<SystemTables['custom_field_enums']>, 'id'> & { id: number };

// Item tables change shape at run time; the static SystemTables type cannot describe them.
const dynamic = (db: Db) => db as unknown as Kysely<any>;

export async function allFields(db: Db): Promise<FieldRow[]> {
  return (await db.selectFrom('custom_fields').selectAll().orderBy('sort').orderBy('id').execute()) as FieldRow[];
}

export async function allEnumValues(db: Db): Promise<EnumRow[]> {
  return (await db.selectFrom('custom_field_enums').selectAll().orderBy('sort').orderBy('id').execute()) as EnumRow[];
}

export async function findField(db: Db, entityType: string, name: string): Promise<FieldRow | undefined> {
  return (await db.selectFrom('custom_fields').selectAll().where('entity_type', '=', entityType).where('name', '=', name).executeTakeFirst()) as FieldRow | undefined;
}

export async function insertField(db: Db, row: Omit<FieldRow, 'id'>): Promise<number> {
  const inserted = await db.insertInto('custom_fields').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateField(db: Db, id: number, values: Partial<Omit<FieldRow, 'id'>>): Promise<void> {
  await db.updateTable('custom_fields').set(values).where('id', '=', id).execute();
}

export async function deleteField(db: Db, id: number): Promise<void> {
  await db.deleteFrom('custom_field_values').where('field_id', '=', id).execute();
  await db.deleteFrom('custom_field_enums').where('field_id', '=', id).execute();
  await db.deleteFrom('custom_fields').where('id', '=', id).execute();
}

export async function enumValuesOf(db: Db, fieldId: number): Promise<EnumRow[]> {
  return (await db.selectFrom('custom_field_enums').selectAll().where('field_id', '=', fieldId).orderBy('sort').orderBy('id').execute()) as EnumRow[];
}

export async function insertEnumValue(db: Db, row: Omit<EnumRow, 'id'>): Promise<number> {
  const inserted = await db.insertInto('custom_field_enums').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateEnumValue(db: Db, id: number, values: Partial<Omit<EnumRow, 'id'>>): Promise<void> {
  await db.updateTable('custom_field_enums').set(values).where('id', '=', id).execute();
}

export async function deleteEnumValue(db: Db, id: number): Promise<void> {
  await db.deleteFrom('custom_field_enums').where('id', '=', id).execute();
}

/** The metadata version every process compares per request. */
export const fieldsVersion = async (db: Db) => (await readSetting(db, 'fields_version')) ?? '0';

export const bumpFieldsVersion = (db: Db) => bumpCounter(db, 'fields_version');

/** SQL types of a custom field's column per dialect. */
const columnTypes: Record<string, { sqlite: string; postgres: string }> = {
  text: { sqlite: 'text', postgres: 'text' },
  // A text's folded key: compared byte by byte on both databases, so sorts agree.
  key: { sqlite: 'text', postgres: 'text collate "C"' },
  // A flag is never null: existing items read false.
  flag: { sqlite: 'integer not null default 0', postgres: 'integer not null default 0' },
  integer: { sqlite: 'integer', postgres: 'integer' },
  bigint: { sqlite: 'integer', postgres: 'bigint' },
  real: { sqlite: 'real', postgres: 'double precision' },
  date: { sqlite: 'text', postgres: 'date' },
  datetime: { sqlite: 'text', postgres: 'timestamptz' },
};

export type ColumnKind = keyof typeof columnTypes;

export async function addColumn(db: Db, dialect: DialectName, table: string, column: string, kind: ColumnKind): Promise<void> {
  await sql`alter table ${sql.table(table)} add column ${sql.ref(column)} ${sql.raw(columnTypes[kind][dialect])}`.execute(db);
}

export async function dropColumn(db: Db, table: string, column: string): Promise<void> {
  await sql`alter table ${sql.table(table)} drop column ${sql.ref(column)}`.execute(db);
}

/**
 * An index for filtering and sorting on the column: live items only, id as the tie-breaker of the keyset, nulls
 * first as lists sort them, and the responsible and `opened` flag along so permission scopes are checked from it.
 */
export async function createColumnIndex(db: Db, dialect: DialectName, table: string, column: string): Promise<void> {
  const first = dialect === 'postgres' ? sql`${sql.ref(column)} nulls first` : sql.ref(column);
  await sql`create index if not exists ${sql.ref(indexName(table, column))} on ${sql.table(table)} (${first}, id, assigned_by_id, opened) where deleted_at is null`.execute(db);
}

export async function dropColumnIndex(db: Db, table: string, column: string): Promise<void> {
  await dynamic(db).schema.dropIndex(indexName(table, column)).ifExists().execute();
}

const indexName = (table: string, column: string) => `${table}_${column}_idx`;

/**
 * The column slots a table uses: its columns, and on PostgreSQL also those dropped since (they keep counting against
 * the 1,600 a table may have, until the table is rewritten).
 */
export async function columnSlotsUsed(db: Db, dialect: DialectName, table: string): Promise<number> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ slots: number }>`select coalesce(max(attnum), 0)::int as slots from pg_attribute where attrelid = ${table}::regclass and attnum > 0`.execute(db);
    return Number(rows[0].slots);
  }
  const { rows } = await sql<{ slots: number }>`select count(*) as slots from pragma_table_info(${table})`.execute(db);
  return Number(rows[0].slots);
}
