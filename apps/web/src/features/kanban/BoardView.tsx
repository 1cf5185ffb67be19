import type { FilterTerm, TypeMeta } from '../../api/types';

export interface BoardViewProps {
  type: TypeMeta;
  filter: FilterTerm[];
  search: string | undefined;
  pipelineId: number | undefined;
  onPipelineChange: (pipelineId: number) => void;
}

/** The Kanban board of deals (per pipeline) or leads (by status): built in features/kanban. */
export function BoardView(_props: BoardViewProps) {
  return null;
}
