import type { Db, DialectName } from '../../db/types.ts';
import { withViews } from './view.tables.ts';

/** Kysely queries of users' saved filters and of the starter presets they were given. No rules here. */

export interface PresetRow {
  id: number;
  name: string;
  filter: string;
  search: string | null;
  is_default: number;
  created_at: string;
}

const columns = ['id', 'name', 'filter', 'search', 'is_default', 'created_at'] as const;

/** One user's presets of one type, oldest first. */
export const presetsOf = (db: Db, userId: number, entityType: string): Promise<PresetRow[]> =>
  withViews(db).selectFrom('filter_presets').select(columns).where('user_id', '=', userId).where('entity_type', '=', entityType).orderBy('id').execute();

/** A preset of that user and type; another user's, or another type's, is not found. */
export const findPreset = (db: Db, userId: number, entityType: string, id: number): Promise<PresetRow | undefined> =>
  withViews(db).selectFrom('filter_presets').select(columns).where('id', '=', id).where('user_id', '=', userId).where('entity_type', '=', entityType).executeTakeFirst();

/** Whether the user has a preset of the type by that folded name, other than `exceptId`. */
export async function isNameTaken(db: Db, userId: number, entityType: string, nameKey: string, exceptId?: number): Promise<boolean> {
  let query = withViews(db).selectFrom('filter_presets').select('id').where('user_id', '=', userId).where('entity_type', '=', entityType).where('name_key', '=', nameKey);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface NewPreset {
  userId: number;
  entityType: string;
  name: string;
  nameKey: string;
  filter: string;
  search: string | null;
  isDefault: boolean;
  now: string;
}

export async function insertPreset(db: Db, preset: NewPreset): Promise<number> {
  const row = await withViews(db)
    .insertInto('filter_presets')
    .values({
      user_id: preset.userId,
      entity_type: preset.entityType,
      name: preset.name,
      name_key: preset.nameKey,
      filter: preset.filter,
      search: preset.search,
      is_default: preset.isDefault ? 1 : 0,
      created_at: preset.now,
      updated_at: preset.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updatePreset(
  db: Db,
  id: number,
  values: Partial<{ name: string; name_key: string; filter: string; search: string | null; is_default: number }> & { updated_at: string },
): Promise<void> {
  await withViews(db).updateTable('filter_presets').set(values).where('id', '=', id).execute();
}

export async function deletePreset(db: Db, id: number): Promise<void> {
  await withViews(db).deleteFrom('filter_presets').where('id', '=', id).execute();
}

/** Takes the default mark off the user's other presets of the type: one default at a time. */
export async function clearDefault(db: Db, userId: number, entityType: string, exceptId?: number): Promise<void> {
  let query = withViews(db).updateTable('filter_presets').set({ is_default: 0 }).where('user_id', '=', userId).where('entity_type', '=', entityType).where('is_default', '=', 1);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  await query.execute();
}

/**
 * Marks the user as given the starter presets of the type. True only for the one call that made the mark, so two
 * first visits at once give them once (the loser waits on the primary key, then finds the mark).
 */
export async function markSeeded(db: Db, userId: number, entityType: string, now: string): Promise<boolean> {
  const rows = await withViews(db)
    .insertInto('filter_preset_seeds')
    .values({ user_id: userId, entity_type: entityType, seeded_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'entity_type']).doNothing())
    .returning('user_id')
    .execute();
  return rows.length > 0;
}

export async function isSeeded(db: Db, userId: number, entityType: string): Promise<boolean> {
  const row = await withViews(db).selectFrom('filter_preset_seeds').select('user_id').where('user_id', '=', userId).where('entity_type', '=', entityType).executeTakeFirst();
  return row !== undefined;
}

/**
 * Holds the user's row until the transaction ends (PostgreSQL; SQLite writers hold the database already), so two
 * writes of one user's presets cannot both take a name or the default mark.
 */
export async function lockOwner(db: Db, dialect: DialectName, userId: number): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
}
