import type { Generated, Kysely } from 'kysely';
import type { Db, SystemTables } from '../../db/types.ts';

/** The tables of this module (migration 2026-11-29T16-00), on top of the system tables. */
export interface ViewTables {
  filter_presets: {
    id: Generated<number>;
    user_id: number;
    entity_type: string;
    name: string;
    /** The name folded (case and accents): what makes two names the same. */
    name_key: string;
    /** JSON: `[{field, op, value}]`. */
    filter: string;
    search: string | null;
    is_default: number;
    created_at: string;
    updated_at: string;
  };
  list_views: {
    user_id: number;
    entity_type: string;
    /** JSON: `[{field, width}]`. */
    columns: string;
    /** JSON: `{field, direction}`, or null for the list's own order. */
    sort: string | null;
    preset_id: number | null;
    updated_at: string;
  };
  filter_preset_seeds: { user_id: number; entity_type: string; seeded_at: string };
}

export type ViewDb = Kysely<SystemTables & ViewTables>;

export const withViews = (db: Db) => db as unknown as ViewDb;
