import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { existingIds, scopedReader, viewOf } from '../items/item-reader.ts';
import { stageMovesOf } from './stage-history.repository.ts';

/** The stages an item went through, oldest first; the stage, its group or the pipeline are left out where the caller's roles hide them. */
export async function stageHistory(ctx: Context, name: ItemTypeName, id: number, cursor: string | undefined, limit: number) {
  const reader = scopedReader(ctx);
  if (!(await existingIds(reader, name, [id])).has(id)) throw notFound();
  if (!/^\d{1,10}$/.test(cursor ?? '0') || Number(cursor ?? 0) > 2_147_483_647) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const stages = ctx.catalog.full[name].stages!;
  const visible = new Set(viewOf(reader, name).fields.map((f) => f.name));
  const shows = (field: string | undefined) => field !== undefined && visible.has(field);
  const rows = await stageMovesOf(ctx.db, name, id, Number(cursor ?? 0), limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: Number(row.id),
      ...(stages.pipelineField === undefined || shows(stages.pipelineField) ? { categoryId: row.category_id === null ? null : Number(row.category_id) } : {}),
      ...(shows(stages.field) ? { stageId: row.stage_id } : {}),
      ...(shows(stages.semanticField) ? { semantic: row.semantic } : {}),
      movedAt: typeof row.moved_at === 'string' ? row.moved_at : new Date(row.moved_at).toISOString(),
      actorId: row.actor_id === null ? null : Number(row.actor_id),
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
  };
}
