import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Loader, Text } from '@mantine/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { columnDropId, type BoardCard, type BoardColumnCards } from './boardModel';
import { SortableCard, type DragHandleProps } from './SortableCard';
import classes from './Board.module.css';

export interface BoardColumnProps<C extends BoardCard, T extends BoardColumnCards<C>> {
  column: T;
  /** The column's accessible name (its stage). */
  label: string;
  renderHeader: (column: T) => ReactNode;
  /** Above the cards, outside their scrolling (a quick-add form). */
  renderTop?: (column: T) => ReactNode;
  renderCard: (card: C, handle: DragHandleProps) => ReactNode;
  roleDescription: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: (columnId: string) => void;
  emptyText: string;
  loadingText: string;
  /** The card being dragged: kept drawn even when scrolled out of view. */
  activeId: number | null;
  disabled: boolean;
  estimateCardHeight: number;
}

/** Rows before the end of what is loaded at which the next page is asked for. */
const loadAhead = 8;

/**
 * One column: its header, then its cards in a virtualised list (only those in view are drawn, so a column of
 * thousands scrolls smoothly) that asks for more as it nears the end; the whole body is a drop area.
 */
function BoardColumnInner<C extends BoardCard, T extends BoardColumnCards<C>>(props: BoardColumnProps<C, T>) {
  const { column, label, renderHeader, renderTop, renderCard, roleDescription, hasMore, loadingMore, onLoadMore, emptyText, loadingText, activeId, disabled, estimateCardHeight } = props;
  const { cards } = column;
  const scrollElement = useRef<HTMLDivElement | null>(null);
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.id) });
  const bodyRef = useCallback(
    (element: HTMLDivElement | null) => {
      scrollElement.current = element;
      setNodeRef(element);
    },
    [setNodeRef],
  );

  const activeIndex = useMemo(() => (activeId === null ? -1 : cards.findIndex((card) => card.id === activeId)), [cards, activeId]);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex < 0 || indexes.includes(activeIndex)) return indexes;
      return [...indexes, activeIndex].sort((a, b) => a - b);
    },
    [activeIndex],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read in this render only
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollElement.current,
    estimateSize: () => estimateCardHeight,
    overscan: 6,
    getItemKey: (index) => cards[index].id,
    rangeExtractor,
    initialRect: { width: 284, height: 720 },
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.length > 0 ? rows[rows.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= cards.length - loadAhead) onLoadMore(column.id);
  }, [hasMore, loadingMore, lastShown, cards.length, onLoadMore, column.id]);

  const ids = useMemo(() => cards.map((card) => card.id), [cards]);

  return (
    <section className={classes.column} aria-label={label}>
      {renderHeader(column)}
      {renderTop?.(column)}
      <div ref={bodyRef} className={classes.columnBody} data-over={isOver && cards.length === 0}>
        <SortableContext id={column.id} items={ids} strategy={verticalListSortingStrategy} disabled={disabled}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {rows.map((row) => (
              <div key={row.key} data-index={row.index} ref={virtualizer.measureElement} className={classes.row} style={{ transform: `translateY(${row.start}px)` }}>
                <SortableCard card={cards[row.index]} columnId={column.id} roleDescription={roleDescription} disabled={disabled} render={renderCard} />
              </div>
            ))}
          </div>
        </SortableContext>
        {cards.length === 0 && !hasMore && (
          <Text size="sm" c="dimmed" className={classes.empty}>
            {emptyText}
          </Text>
        )}
        {loadingMore && (
          <div className={classes.footer} role="status">
            <Loader size="sm" aria-label={loadingText} />
          </div>
        )}
      </div>
    </section>
  );
}

export const BoardColumn = memo(BoardColumnInner) as typeof BoardColumnInner;
