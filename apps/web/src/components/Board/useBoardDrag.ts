import {
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { applyPreview, columnIdOfDrop, isColumnDropId, locateCard, placementOf, type BoardCard, type BoardColumnCards, type CardPlacement, type DragPreview } from './boardModel';
import { DragSession } from './dragSession';

/** Where a card is, for what the screen reader hears: its column, its place (from 1) and the column's size. */
export interface CardWhereabouts {
  cardId: number;
  columnId: string;
  position: number;
  size: number;
}

/** The sentences a screen reader hears while a card moves (dnd-kit's live region), in the user's language. */
export interface BoardAnnouncer {
  pickedUp(at: CardWhereabouts): string;
  over(at: CardWhereabouts): string;
  overColumn(cardId: number, columnId: string): string;
  dropped(at: CardWhereabouts): string;
  droppedOutside(cardId: number): string;
  cancelled(cardId: number, columnId: string): string;
}

export interface BoardDragOptions<C extends BoardCard, T extends BoardColumnCards<C>> {
  columns: T[];
  /** A card was dropped somewhere else than where it was. */
  onMove: (placement: CardPlacement) => void;
  announcer: BoardAnnouncer;
  disabled?: boolean;
}

/** The place of `cardId` in the column that holds `overId` (a card), as the screen reader says it. */
function whereabouts(columns: ReadonlyArray<BoardColumnCards>, cardId: number, overId: UniqueIdentifier): CardWhereabouts | null {
  if (typeof overId !== 'number') return null;
  const at = locateCard(columns, overId);
  if (!at) return null;
  const column = columns[at.column];
  const holdsCard = column.cards.some((card) => card.id === cardId);
  return { cardId, columnId: column.id, position: at.index + 1, size: column.cards.length + (holdsCard ? 0 : 1) };
}

/**
 * The drag and drop of a board: mouse (after 5 px), touch (after a long press, so a finger still scrolls) and
 * keyboard; the dragged card shows in the column it is over as it moves; the drop reports one placement. Returns the
 * columns to draw (with the preview) and the props for dnd-kit's DndContext.
 */
export function useBoardDrag<C extends BoardCard, T extends BoardColumnCards<C>>({ columns, onMove, announcer, disabled = false }: BoardDragOptions<C, T>) {
  const [session] = useState(() => new DragSession());
  const [activeId, setActiveId] = useState<number | null>(null);
  // After a drop the card stays where it was dropped until the board's columns change (the parent's update), so it
  // never shows for a frame where it came from, and the keyboard's focus stays on it.
  const [preview, setPreview] = useState<(DragPreview & { until?: T[] }) | null>(null);
  const current = preview && (preview.until === undefined || preview.until === columns) ? preview : null;
  const shown = useMemo(() => applyPreview<C, T>(columns, current), [columns, current]);
  const settling = current?.until !== undefined;
  useEffect(() => {
    if (!settling) return;
    const timer = setTimeout(() => setPreview(null), 1000);
    return () => clearTimeout(timer);
  }, [settling]);
  useLayoutEffect(() => session.show(shown), [session, shown]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: session.coordinateGetter }),
  );

  const onDragStart = useCallback(
    ({ active, activatorEvent }: DragStartEvent) => {
      if (typeof active.id === 'number' && session.begin(active.id, activatorEvent instanceof KeyboardEvent)) setActiveId(active.id);
    },
    [session],
  );

  const onDragOver = useCallback(
    ({ active, over }: DragOverEvent) => {
      if (typeof active.id !== 'number' || !over) return;
      const columns = session.model;
      const at = locateCard(columns, active.id);
      if (!at) return;
      const overColumn = isColumnDropId(over.id) ? columns.findIndex((column) => column.id === columnIdOfDrop(over.id as string)) : (locateCard(columns, over.id as number)?.column ?? -1);
      if (overColumn < 0 || overColumn === at.column) return;
      const target = columns[overColumn];
      let index: number;
      if (isColumnDropId(over.id)) {
        // The keyboard takes a card to the top of the next column; the pointer over a column's empty end, to its end.
        index = session.origin?.viaKeyboard ? 0 : target.cards.length;
      } else {
        const overIndex = target.cards.findIndex((card) => card.id === over.id);
        const dragged = active.rect.current.translated;
        const below = dragged !== null && dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2;
        index = overIndex + (below ? 1 : 0);
      }
      setPreview({ cardId: active.id, to: target.id, index });
    },
    [session],
  );

  const stop = useCallback(() => {
    setActiveId(null);
    setPreview(null);
  }, []);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      const start = session.origin;
      const placement = typeof active.id === 'number' && over && start ? placementOf(session.model, active.id, over.id, start.columnId) : null;
      session.finish(placement);
      if (!placement || !start || (placement.to === start.columnId && placement.afterId === start.afterId)) {
        stop();
        return;
      }
      setActiveId(null);
      setPreview({ cardId: placement.cardId, to: placement.to, index: placement.index, until: columns });
      onMove(placement);
    },
    [session, onMove, stop, columns],
  );

  const onDragCancel = useCallback(() => {
    session.finish(null);
    stop();
  }, [session, stop]);

  const announcements = useMemo(
    (): Announcements => ({
      onDragStart: ({ active }) => {
        const at = whereabouts(session.model, active.id as number, active.id);
        return at ? announcer.pickedUp(at) : undefined;
      },
      onDragOver: ({ active, over }) => {
        if (!over || !session.noteOver(active.id, over.id)) return undefined;
        if (isColumnDropId(over.id)) return announcer.overColumn(active.id as number, columnIdOfDrop(over.id));
        const at = whereabouts(session.model, active.id as number, over.id);
        return at ? announcer.over(at) : undefined;
      },
      onDragEnd: ({ active }) => {
        const placement = session.dropped;
        if (!placement) return announcer.droppedOutside(active.id as number);
        const size = session.model.find((column) => column.id === placement.to)?.cards.length ?? placement.index + 1;
        return announcer.dropped({ cardId: placement.cardId, columnId: placement.to, position: placement.index + 1, size });
      },
      onDragCancel: ({ active }) => announcer.cancelled(active.id as number, session.origin?.columnId ?? ''),
    }),
    [session, announcer],
  );

  const activeCard = useMemo(() => {
    const at = activeId === null ? null : locateCard(shown, activeId);
    return at ? shown[at.column].cards[at.index] : null;
  }, [shown, activeId]);

  return {
    columns: shown,
    activeCard,
    contextProps: { sensors: disabled ? [] : sensors, collisionDetection: session.collisionDetection, onDragStart, onDragOver, onDragEnd, onDragCancel },
    announcements,
  };
}
