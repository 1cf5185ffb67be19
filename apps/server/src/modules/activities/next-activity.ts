import { sql } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { dynamic } from '../items/item.repository.ts';
import type { ItemRef } from '../timeline/item-refs.ts';

/**
 * Keeps `next_activity_at` of items (the earliest deadline of their open activities; null: nothing planned) true
 * after activities of theirs were planned, completed, rescheduled, moved or deleted. It is derived, like `has_phone`:
 * not a change of the item (no version, no history).
 */
export async function refreshNextActivity(db: Db, catalog: Catalog, refs: ItemRef[]): Promise<void> {
  for (const name of itemTypeNames) {
    const ids = [...new Set(refs.filter((ref) => ref.type === name).map((ref) => ref.id))];
    if (ids.length === 0) continue;
    await refreshType(db, catalog, name, ids);
  }
}

async function refreshType(db: Db, catalog: Catalog, name: ItemTypeName, ids: number[]) {
  const table = catalog.full[name].table;
  for (let start = 0; start < ids.length; start += 500) {
    await dynamic(db)
      .updateTable(table)
      .set({
        next_activity_at: sql`(select min(a.deadline) from activity_items ai join activities a on a.id = ai.activity_id where ai.entity_type = ${name} and ai.entity_id = ${sql.ref(`${table}.id`)} and a.completed = 0)`,
      })
      .where('id', 'in', ids.slice(start, start + 500))
      .execute();
  }
}
