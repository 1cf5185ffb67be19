import type { UniqueIdentifier } from '@dnd-kit/core';

/**
 * The shape of a board as the drag and drop sees it: columns, each with its cards in order. Cards are identified by a
 * positive number (an item id), columns by a string; a column's drop area has the id `column:<id>`.
 */

export interface BoardCard {
  id: number;
}

export interface BoardColumnCards<C extends BoardCard = BoardCard> {
  id: string;
  cards: C[];
}

/** A card on its way: taken out of its column and shown in `to` at `index` while it is dragged. */
export interface DragPreview {
  cardId: number;
  to: string;
  index: number;
}

/** Where a card lands: the column, its index there, and the card right above it (null: the top). */
export interface CardPlacement {
  cardId: number;
  from: string;
  to: string;
  index: number;
  afterId: number | null;
}

const columnPrefix = 'column:';
export const columnDropId = (columnId: string) => `${columnPrefix}${columnId}`;
export const isColumnDropId = (id: UniqueIdentifier | null | undefined): id is string => typeof id === 'string' && id.startsWith(columnPrefix);
export const columnIdOfDrop = (id: string) => id.slice(columnPrefix.length);

/** The column and index of a card, or null. */
export function locateCard<C extends BoardCard>(columns: ReadonlyArray<BoardColumnCards<C>>, cardId: number): { column: number; index: number } | null {
  for (let column = 0; column < columns.length; column++) {
    const index = columns[column].cards.findIndex((card) => card.id === cardId);
    if (index >= 0) return { column, index };
  }
  return null;
}

/**
 * The board with `cardId` moved to column `to` at `index` (clamped). Columns the move does not touch keep their
 * identity, so memoised columns do not draw again. Without the card or the column, the board as it is.
 */
export function moveCardTo<C extends BoardCard, T extends BoardColumnCards<C>>(columns: T[], cardId: number, to: string, index: number): T[] {
  const from = locateCard(columns, cardId);
  const target = columns.findIndex((column) => column.id === to);
  if (!from || target < 0) return columns;
  const card = columns[from.column].cards[from.index];
  return columns.map((column, position) => {
    if (position !== from.column && position !== target) return column;
    const cards = position === from.column ? column.cards.filter((_, i) => i !== from.index) : [...column.cards];
    if (position === target) cards.splice(Math.max(0, Math.min(index, cards.length)), 0, card);
    return { ...column, cards };
  });
}

/** The board as it looks during a drag: the dragged card already in the column it is over. */
export function applyPreview<C extends BoardCard, T extends BoardColumnCards<C>>(columns: T[], preview: DragPreview | null): T[] {
  return preview ? moveCardTo(columns, preview.cardId, preview.to, preview.index) : columns;
}

/** Moves `from` to `to` in a copy of the list (as dnd-kit's arrayMove). */
export function arrayMove<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved);
  return copy;
}

/**
 * Where the active card lands when dropped over `overId` on the board as shown (`columns`, the preview applied): in
 * the column that holds it, at the place of the card it is over when that card is in the same column.
 */
export function placementOf(columns: ReadonlyArray<BoardColumnCards>, activeId: number, overId: UniqueIdentifier | null, originColumn: string): CardPlacement | null {
  const at = locateCard(columns, activeId);
  if (!at) return null;
  const column = columns[at.column];
  let ids = column.cards.map((card) => card.id);
  if (typeof overId === 'number' && overId !== activeId) {
    const overIndex = ids.indexOf(overId);
    if (overIndex >= 0) ids = arrayMove(ids, at.index, overIndex);
  }
  const index = ids.indexOf(activeId);
  return { cardId: activeId, from: originColumn, to: column.id, index, afterId: index > 0 ? ids[index - 1] : null };
}
