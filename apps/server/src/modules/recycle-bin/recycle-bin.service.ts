import type { Kysely } from 'kysely';
import { itemTypeList, itemTypes, type ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { notFound } from '../../http/app-error.ts';
import { appendEvent } from '../events/event.repository.ts';
import { readScope, requireAllowed } from '../items/item-access.ts';
import { itemTitle, presentItems } from '../items/item.presenter.ts';
import { deleteRows, expiredIds, findItem, type Row } from '../items/item.repository.ts';

/** The recycle bin: deleted items wait here for restore, and are purged after the retention period. */

export interface BinEntry {
  type: ItemTypeName;
  id: number;
  title: string;
  deletedAt: string;
  deletedById: number | null;
  purgeAfter: string;
}

export async function listRecycleBin(ctx: Context, retentionDays: number, typeName?: ItemTypeName): Promise<BinEntry[]> {
  const types = typeName ? [itemTypes[typeName]] : itemTypeList;
  const entries: BinEntry[] = [];
  for (const type of types) {
    const restrict = readScope(ctx, type);
    const rows = (await (ctx.db as unknown as Kysely<any>)
      .selectFrom(type.table)
      .selectAll()
      .where(`${type.table}.deleted_at`, 'is not', null)
      .$if(restrict !== undefined, (query) => query.where(restrict!))
      .orderBy('deleted_at', 'desc')
      .limit(500)
      .execute()) as Row[];
    for (const row of rows) {
      const deletedAt = String(row.deleted_at);
      entries.push({
        type: type.name,
        id: Number(row.id),
        title: itemTitle(type, row),
        deletedAt,
        deletedById: row.deleted_by_id == null ? null : Number(row.deleted_by_id),
        purgeAfter: new Date(Date.parse(deletedAt) + retentionDays * 86_400_000).toISOString(),
      });
    }
  }
  return entries.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
}

/** Deletes one binned item for good. */
export async function purgeItem(ctx: Context, typeName: ItemTypeName, id: number): Promise<void> {
  const type = itemTypes[typeName];
  await inTransaction(ctx, async (tx) => {
    const row = await findItem(tx.db, type, id, { deleted: true, restrict: readScope(tx, type) });
    if (!row) throw notFound();
    requireAllowed(tx, type, 'delete', (await presentItems(tx.db, type, [row]))[0]);
    await deleteRows(tx.db, type, [id]);
    await appendEvent(tx.db, { type: 'item.purged', entityType: type.name, entityId: id, actorId: tx.actor.id, occurredAt: tx.now().toISOString(), changes: {} });
  });
}

/** Purges every item deleted more than `retentionDays` ago; returns how many were purged. */
export async function purgeExpired(db: Db, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  let purged = 0;
  for (const type of itemTypeList) {
    const ids = await expiredIds(db, type, cutoff);
    if (ids.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      await deleteRows(trx, type, ids);
      for (const id of ids) {
        await appendEvent(trx, { type: 'item.purged', entityType: type.name, entityId: id, actorId: null, occurredAt: now.toISOString(), changes: {} });
      }
    });
    purged += ids.length;
  }
  return purged;
}
