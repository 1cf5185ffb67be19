import { closestCenter, getFirstCollision, pointerWithin, rectIntersection, type CollisionDetection, type UniqueIdentifier } from '@dnd-kit/core';
import { isColumnDropId } from './boardModel';

/**
 * Which card or column the dragged card is over.
 *
 * - Keyboard: the target the arrow key chose (`session.keyboardTarget`), so a move is exact whatever the geometry.
 * - Pointer: a card under the pointer wins over its column; over a column's empty part, the closest of its cards
 *   (or the column itself when it has none); outside everything, the last target, so a quick move past a gap does
 *   not drop the card back.
 */
export function boardCollisions(session: { keyboardTarget: UniqueIdentifier | null; lastOver: UniqueIdentifier | null }): CollisionDetection {
  return (args) => {
    if (!args.pointerCoordinates && session.keyboardTarget !== null) return [{ id: session.keyboardTarget }];

    const underPointer = pointerWithin(args);
    const hits = underPointer.length > 0 ? underPointer : rectIntersection(args);
    const card = hits.find((hit) => !isColumnDropId(hit.id));
    let overId = card?.id ?? getFirstCollision(hits, 'id');

    if (isColumnDropId(overId)) {
      const columnId = overId;
      const cardsOfColumn = args.droppableContainers.filter((container) => (container.data.current as { dropColumn?: string } | undefined)?.dropColumn === columnId);
      if (cardsOfColumn.length > 0) overId = getFirstCollision(closestCenter({ ...args, droppableContainers: cardsOfColumn }), 'id') ?? overId;
    }
    if (overId !== null && overId !== undefined) {
      session.lastOver = overId;
      return [{ id: overId }];
    }
    return session.lastOver !== null ? [{ id: session.lastOver }] : [];
  };
}
