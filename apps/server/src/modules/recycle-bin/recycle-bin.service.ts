import type { ItemTypeName } from '@vinculo/shared';
import { inTransaction, systemActor, type Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { notFound } from '../../http/app-error.ts';
import { fullAccess } from '../access/access.service.ts';
import { itemTypeNames, loadTypes, unrestrictedCatalog } from '../catalog/catalog.ts';
import { requireAllowed } from '../items/item-access.ts';
import { itemsQuery, readStored, scopedReader, viewOf } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import { bulkPurge } from '../items/bulk-writer.ts';
import type { Row } from '../items/item.repository.ts';

/** The recycle bin: deleted items wait here for restore, and are purged after the retention period. */

export interface BinEntry {
  type: ItemTypeName;
  id: number;
  title: string;
  deletedAt: string;
  deletedById: number | null;
  purgeAfter: string;
}

/** The binned items the caller may read, newest first (the 500 newest of each type), titled as they may see them. */
export async function listRecycleBin(ctx: Context, retentionDays: number, typeName?: ItemTypeName): Promise<BinEntry[]> {
  const reader = scopedReader(ctx);
  const entries: BinEntry[] = [];
  for (const name of typeName ? [typeName] : itemTypeNames) {
    const view = viewOf(reader, name);
    const table = view.table;
    const rows = (await itemsQuery(reader, name, 'binned')
      .select([`${table}.id`, `${table}.deleted_at`, `${table}.deleted_by_id`, ...titleColumns(view).map((c) => `${table}.${c}`)])
      .orderBy(`${table}.deleted_at`, 'desc')
      .orderBy(`${table}.id`, 'desc')
      .limit(500)
      .execute()) as Row[];
    for (const row of rows) {
      const deletedAt = String(row.deleted_at);
      entries.push({
        type: name,
        id: Number(row.id),
        title: itemTitle(view, row, ctx.locale),
        deletedAt,
        deletedById: row.deleted_by_id == null ? null : Number(row.deleted_by_id),
        purgeAfter: new Date(Date.parse(deletedAt) + retentionDays * 86_400_000).toISOString(),
      });
    }
  }
  return entries.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
}

/** Deletes one binned item for good. */
export async function purgeItem(ctx: Context, name: ItemTypeName, id: number): Promise<void> {
  const full = ctx.catalog.full[name];
  await inTransaction(ctx, async (tx) => {
    const binned = await readStored(scopedReader(tx), name, id, 'binned');
    if (!binned) throw notFound();
    requireAllowed(tx, full, 'delete', binned);
    await bulkPurge(tx, { type: name, reach: 'everything', where: (eb, table) => eb(`${table}.id`, '=', id) });
  });
}

/** Purges every item deleted more than `retentionDays` ago, a chunk per transaction; returns how many were purged. */
export async function purgeExpired(database: Database, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const full = await loadTypes(database.db, database.dialect);
  const ctx: Context = { db: database.db, dialect: database.dialect, actor: systemActor, locale: 'en', now: () => now, catalog: unrestrictedCatalog(full), access: fullAccess(systemActor.id) };
  let purged = 0;
  for (const type of itemTypeNames) {
    purged += await bulkPurge(ctx, { type, reach: 'everything', where: (eb, table) => eb(`${table}.deleted_at`, '<', cutoff) });
  }
  return purged;
}
