import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { existingIds, scopedReader } from '../items/item-reader.ts';
import * as repository from './file.repository.ts';

/**
 * Who may read a file: it belongs to the items and file fields that hold it (`file_links`, kept by the item
 * engine). A file held somewhere is readable by whoever may read one of those items and see that field; a file
 * held nowhere yet (just uploaded) only by its uploader. Attaching a file to an item needs the same right, so a
 * file id, guessed or not, opens nothing.
 */
export async function readableFileIds(ctx: Context, fileIds: number[]): Promise<Set<number>> {
  const ids = [...new Set(fileIds)];
  const files = await repository.uploadersOf(ctx.db, ids);
  if (ctx.access.isAdmin) return new Set(files.keys());
  const links = await repository.linksOf(ctx.db, [...files.keys()]);
  const readable = new Set<number>();
  for (const [id, uploader] of files) if (uploader === ctx.actor.id && !links.some((link) => link.fileId === id)) readable.add(id);

  // Links through a field the caller sees, grouped by type, then the items among them the caller may read.
  const reader = scopedReader(ctx);
  for (const name of itemTypeNames) {
    const visibleFieldIds = new Set(ctx.catalog.visible[name].fields.flatMap((f) => (f.type === 'file' && f.custom ? [f.custom.id] : [])));
    const candidates = links.filter((link) => link.entityType === name && visibleFieldIds.has(link.fieldId) && !readable.has(link.fileId));
    if (candidates.length === 0) continue;
    const items = await existingIds(reader, name as ItemTypeName, candidates.map((link) => link.entityId));
    for (const link of candidates) if (items.has(link.entityId)) readable.add(link.fileId);
  }
  return readable;
}
