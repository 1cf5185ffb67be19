import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { refreshNextActivity } from '../activities/next-activity.ts';
import type { ItemRef } from './item-refs.ts';
import { timelineDb } from './timeline.tables.ts';

/**
 * What an item's timeline holds follows the item: merged into another item, it moves to the survivor; purged from
 * the recycle bin, it goes too. (Binning needs nothing: an activity is visible only while its owner is live.)
 */

/** Activities, comments, task links and notifications of the merged items now belong to the survivor. */
export async function moveTimeline(ctx: Context, type: ItemTypeName, mergedIds: number[], survivorId: number): Promise<void> {
  if (mergedIds.length === 0) return;
  const db = timelineDb(ctx.db);
  await db.updateTable('activities').set({ owner_id: survivorId }).where('owner_type', '=', type).where('owner_id', 'in', mergedIds).execute();
  for (const table of ['activity_items', 'task_items'] as const) {
    const owner = table === 'activity_items' ? 'activity_id' : 'task_id';
    // Each activity or task concerns the survivor once, however many of the merged items it concerned.
    const rows = await db.selectFrom(table).select([owner]).where('entity_type', '=', type).where('entity_id', 'in', [...mergedIds, survivorId]).execute();
    const held = new Map<number, boolean>();
    const survivorHolds = new Set((await db.selectFrom(table).select([owner]).where('entity_type', '=', type).where('entity_id', '=', survivorId).execute()).map((row) => Number((row as Record<string, number>)[owner])));
    for (const row of rows) held.set(Number((row as Record<string, number>)[owner]), true);
    await db.deleteFrom(table).where('entity_type', '=', type).where('entity_id', 'in', mergedIds).execute();
    const moved = [...held.keys()].filter((id) => !survivorHolds.has(id));
    if (moved.length > 0) await db.insertInto(table).values(moved.map((id) => ({ [owner]: id, entity_type: type, entity_id: survivorId, sort: 1 }) as any)).execute();
  }
  await db.updateTable('comments').set({ entity_id: survivorId }).where('entity_type', '=', type).where('entity_id', 'in', mergedIds).execute();
  await db.updateTable('notifications').set({ entity_id: survivorId }).where('entity_type', '=', type).where('entity_id', 'in', mergedIds).execute();
  await refreshNextActivity(ctx.db, ctx.catalog, [{ type, id: survivorId }]);
}

/** Activities owned by the purged items, their comments and their links from other activities and tasks are deleted. */
export async function forgetPurgedItems(ctx: Context, type: ItemTypeName, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const db = timelineDb(ctx.db);
  const owned = db.selectFrom('activities').select('id').where('owner_type', '=', type).where('owner_id', 'in', ids);
  // Other items those activities concerned lose them from their next planned activity.
  const touched = await db
    .selectFrom('activity_items')
    .select(['entity_type', 'entity_id'])
    .where((eb) => eb.or([eb('activity_id', 'in', owned), eb.and([eb('entity_type', '=', type), eb('entity_id', 'in', ids)])]))
    .execute();
  await db.deleteFrom('activities').where('owner_type', '=', type).where('owner_id', 'in', ids).execute();
  await db.deleteFrom('activity_items').where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  await db.deleteFrom('task_items').where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  await db.deleteFrom('comments').where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  await db.deleteFrom('notifications').where('entity_type', '=', type).where('entity_id', 'in', ids).execute();
  const gone = new Set(ids);
  const others = touched.filter((row) => !(row.entity_type === type && gone.has(Number(row.entity_id)))).map((row) => ({ type: row.entity_type, id: Number(row.entity_id) }) as ItemRef);
  await refreshNextActivity(ctx.db, ctx.catalog, others);
}
