import type { ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { readScope } from '../items/item-access.ts';
import { findItem } from '../items/item.repository.ts';
import { stageMovesOf } from './stage-history.repository.ts';

/** The stages a deal or lead went through, oldest first. */
export async function stageHistory(ctx: Context, type: ItemTypeDef, id: number, cursor: string | undefined, limit: number) {
  if (!(await findItem(ctx.db, type, id, { restrict: readScope(ctx, type) }))) throw notFound();
  const afterId = cursor === undefined ? 0 : Number(cursor);
  if (!Number.isSafeInteger(afterId) || afterId < 0) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const rows = await stageMovesOf(ctx.db, type.name, id, afterId, limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: Number(row.id),
      categoryId: row.category_id === null ? null : Number(row.category_id),
      stageId: row.stage_id,
      semantic: row.semantic,
      movedAt: typeof row.moved_at === 'string' ? row.moved_at : new Date(row.moved_at).toISOString(),
      actorId: row.actor_id === null ? null : Number(row.actor_id),
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
  };
}
