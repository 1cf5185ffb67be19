import { lazy, Suspense } from 'react';
import type { FilterTerm, TypeMeta } from '../../api/types';
import { PageLoader } from '../../components/PageLoader';

export interface BoardViewProps {
  type: TypeMeta;
  filter: FilterTerm[];
  search: string | undefined;
  pipelineId: number | undefined;
  onPipelineChange: (pipelineId: number) => void;
}

// The board and its drag and drop load only when someone opens it: the list screen does not carry them.
const KanbanBoard = lazy(() => import('./KanbanBoard').then((module) => ({ default: module.KanbanBoard })));

/** The Kanban board of deals (per pipeline) or leads (by status), under the items screen's toolbar. */
export function BoardView(props: BoardViewProps) {
  return (
    <Suspense fallback={<PageLoader />}>
      <KanbanBoard {...props} />
    </Suspense>
  );
}
