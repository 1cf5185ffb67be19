import type { Db } from '../../db/types.ts';
import { withPipelines } from './pipeline.tables.ts';

/** Kysely queries of stage_history: one row each time a deal or lead enters a stage. */

export interface StageMove {
  entityType: string;
  entityId: number;
  categoryId: number | null;
  stageId: string;
  semantic: string | null;
  movedAt: string;
  actorId: number | null;
}

/** Appends stage moves, a few hundred rows per statement. */
export async function appendStageMoves(db: Db, moves: StageMove[]): Promise<void> {
  for (let start = 0; start < moves.length; start += 500) {
    await withPipelines(db)
      .insertInto('stage_history')
      .values(
        moves.slice(start, start + 500).map((move) => ({
          entity_type: move.entityType,
          entity_id: move.entityId,
          category_id: move.categoryId,
          stage_id: move.stageId,
          semantic: move.semantic,
          moved_at: move.movedAt,
          actor_id: move.actorId,
        })),
      )
      .execute();
  }
}

export async function stageMovesOf(db: Db, entityType: string, entityId: number, afterId: number, limit: number) {
  return withPipelines(db)
    .selectFrom('stage_history')
    .select(['id', 'category_id', 'stage_id', 'semantic', 'moved_at', 'actor_id'])
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
