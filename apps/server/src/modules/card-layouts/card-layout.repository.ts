import type { Db } from '../../db/types.ts';

/** Kysely queries of record card layouts (one JSON document per item type). No business rules here. */

export async function findLayout(db: Db, entityType: string): Promise<string | undefined> {
  return (await db.selectFrom('card_layouts').select('layout').where('entity_type', '=', entityType).executeTakeFirst())?.layout;
}

export async function saveLayout(db: Db, entityType: string, layout: string, updatedAt: string): Promise<void> {
  await db
    .insertInto('card_layouts')
    .values({ entity_type: entityType, layout, updated_at: updatedAt })
    .onConflict((oc) => oc.column('entity_type').doUpdateSet({ layout, updated_at: updatedAt }))
    .execute();
}
