import type { Item, ReferenceValue } from '../../api/types';

/** GET /api/v1/{deals|leads}/kanban: one column per stage (or status) of the pipeline. */
export interface KanbanColumn extends ReferenceValue {
  /** Items in the column that match the filter (and that the caller may read). */
  count: number;
  /** Their amounts in the base currency ("15300.00"); null when the caller's roles hide the amount. */
  total: string | null;
  items: Item[];
  nextCursor: string | null;
}

export interface KanbanAnswer {
  pipelineId: number | null;
  baseCurrency: string;
  columns: KanbanColumn[];
}

/** The board as the screen keeps it: each column's cards under `cards`, the stage code as `id` (the Board's shape). */
export interface BoardStage extends Omit<KanbanColumn, 'items'> {
  id: string;
  cards: Item[];
}

export interface BoardData {
  pipelineId: number | null;
  baseCurrency: string;
  columns: BoardStage[];
}
