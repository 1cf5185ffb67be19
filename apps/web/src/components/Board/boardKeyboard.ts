import { KeyboardCode, type KeyboardCoordinateGetter, type UniqueIdentifier } from '@dnd-kit/core';
import { columnDropId, locateCard, type BoardColumnCards } from './boardModel';

const arrows: string[] = [KeyboardCode.Down, KeyboardCode.Up, KeyboardCode.Left, KeyboardCode.Right];

/**
 * Arrow keys on a board, decided on the board's model rather than on geometry: up and down step over the next card
 * of the column, left and right go to the top of the next column. The chosen target is kept in `session.keyboardTarget`
 * (read by the collision detection) and the dragged card is drawn at the target's place.
 */
export function boardKeyboardCoordinates(session: { model: ReadonlyArray<BoardColumnCards>; keyboardTarget: UniqueIdentifier | null }): KeyboardCoordinateGetter {
  return (event, { active, context, currentCoordinates }) => {
    if (!arrows.includes(event.code)) return undefined;
    event.preventDefault();
    const target = nextTarget(session.model, active, context.over?.id ?? null, event.code);
    if (target === null) return undefined;
    session.keyboardTarget = target;
    const rect = context.droppableRects.get(target);
    const dragged = context.collisionRect;
    if (!rect || !dragged) return currentCoordinates;
    if (event.code === KeyboardCode.Down) return { x: dragged.left, y: rect.top + rect.height - dragged.height };
    if (event.code === KeyboardCode.Up) return { x: dragged.left, y: rect.top };
    return { x: rect.left, y: rect.top };
  };
}

/** The card or column an arrow key leads to, or null at the edge of the board. */
export function nextTarget(columns: ReadonlyArray<BoardColumnCards>, activeId: UniqueIdentifier, overId: UniqueIdentifier | null, code: string): UniqueIdentifier | null {
  if (typeof activeId !== 'number') return null;
  const at = locateCard(columns, activeId);
  if (!at) return null;
  const column = columns[at.column];
  if (code === KeyboardCode.Left || code === KeyboardCode.Right) {
    const next = columns[at.column + (code === KeyboardCode.Right ? 1 : -1)];
    return next ? columnDropId(next.id) : null;
  }
  // Where the card shows now: over a card of its column it takes that card's place.
  const overIndex = typeof overId === 'number' ? column.cards.findIndex((card) => card.id === overId) : -1;
  const shownAt = overIndex >= 0 ? overIndex : at.index;
  const next = column.cards[shownAt + (code === KeyboardCode.Down ? 1 : -1)];
  return next ? next.id : null;
}
