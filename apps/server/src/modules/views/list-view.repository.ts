import type { Db } from '../../db/types.ts';
import { withViews } from './view.tables.ts';

/** Kysely queries of users' list views (one row per user and item type). No rules here. */

export interface ListViewRow {
  columns: string;
  sort: string | null;
  preset_id: number | null;
}

export const findListView = (db: Db, userId: number, entityType: string): Promise<ListViewRow | undefined> =>
  withViews(db).selectFrom('list_views').select(['columns', 'sort', 'preset_id']).where('user_id', '=', userId).where('entity_type', '=', entityType).executeTakeFirst();

export async function saveListView(db: Db, view: { userId: number; entityType: string; columns: string; sort: string | null; presetId: number | null; now: string }): Promise<void> {
  const values = { columns: view.columns, sort: view.sort, preset_id: view.presetId, updated_at: view.now };
  await withViews(db)
    .insertInto('list_views')
    .values({ user_id: view.userId, entity_type: view.entityType, ...values })
    .onConflict((oc) => oc.columns(['user_id', 'entity_type']).doUpdateSet(values))
    .execute();
}
