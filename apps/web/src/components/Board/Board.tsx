import { DndContext, DragOverlay, MeasuringStrategy } from '@dnd-kit/core';
import { useCallback, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { BoardColumn } from './BoardColumn';
import type { BoardCard, BoardColumnCards, CardPlacement } from './boardModel';
import type { DragHandleProps } from './SortableCard';
import { useBoardDrag, type BoardAnnouncer } from './useBoardDrag';
import classes from './Board.module.css';

export interface BoardProps<C extends BoardCard, T extends BoardColumnCards<C>> {
  /** The board's accessible name. */
  label: string;
  columns: T[];
  columnLabel: (column: T) => string;
  /** Keep the render functions stable (useCallback): columns and cards that did not change are not drawn again. */
  renderHeader: (column: T) => ReactNode;
  renderTop?: (column: T) => ReactNode;
  renderCard: (card: C, handle: DragHandleProps) => ReactNode;
  /** The card under the pointer while it is dragged. */
  renderOverlay: (card: C) => ReactNode;
  hasMore: (column: T) => boolean;
  loadingMore: (column: T) => boolean;
  onLoadMore: (columnId: string) => void;
  onMove: (placement: CardPlacement) => void;
  announcer: BoardAnnouncer;
  /** What a screen reader says on a card's handle: how to move it with the keyboard. */
  instructions: string;
  roleDescription: string;
  emptyText: string;
  loadingText: string;
  /** No dragging (the board is being replaced). */
  disabled?: boolean;
  estimateCardHeight?: number;
}

/**
 * A Kanban board: columns side by side, each with a virtualised list of cards; cards move between and within
 * columns with the mouse, touch or the keyboard, announced to screen readers. Knows nothing of what the cards are.
 */
export function Board<C extends BoardCard, T extends BoardColumnCards<C>>(props: BoardProps<C, T>) {
  const { label, columns, columnLabel, renderHeader, renderTop, renderCard, renderOverlay, hasMore, loadingMore, onLoadMore, onMove, announcer, instructions, roleDescription, emptyText, loadingText, disabled = false, estimateCardHeight = 112 } = props;
  const drag = useBoardDrag<C, T>({ columns, onMove, announcer, disabled });
  const activeId = drag.activeCard?.id ?? null;
  const overlay = useCallback((card: C) => <div className={`${classes.card} ${classes.overlay}`}>{renderOverlay(card)}</div>, [renderOverlay]);

  return (
    <DndContext
      {...drag.contextProps}
      accessibility={{ announcements: drag.announcements, screenReaderInstructions: { draggable: instructions } }}
      measuring={{ droppable: { strategy: MeasuringStrategy.WhileDragging } }}
    >
      <div className={classes.board} role="region" aria-label={label}>
        {drag.columns.map((column) => (
          <BoardColumn<C, T>
            key={column.id}
            column={column}
            label={columnLabel(column)}
            renderHeader={renderHeader}
            renderTop={renderTop}
            renderCard={renderCard}
            roleDescription={roleDescription}
            hasMore={hasMore(column)}
            loadingMore={loadingMore(column)}
            onLoadMore={onLoadMore}
            emptyText={emptyText}
            loadingText={loadingText}
            activeId={activeId}
            disabled={disabled}
            estimateCardHeight={estimateCardHeight}
          />
        ))}
      </div>
      {createPortal(<DragOverlay dropAnimation={null}>{drag.activeCard ? overlay(drag.activeCard) : null}</DragOverlay>, document.body)}
    </DndContext>
  );
}
