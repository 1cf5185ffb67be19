import type { UniqueIdentifier } from '@dnd-kit/core';
import { boardCollisions } from './boardCollisions';
import { boardKeyboardCoordinates } from './boardKeyboard';
import { locateCard, type BoardColumnCards, type CardPlacement } from './boardModel';

/**
 * What one board's drag and drop remembers outside React's rendering: the board as last drawn (the keyboard and
 * the announcements read it while a card moves), the keyboard's chosen target, the last target under the pointer,
 * where the card started and where it was dropped (dnd-kit announces the drop after onDragEnd).
 */
export class DragSession {
  model: ReadonlyArray<BoardColumnCards> = [];
  keyboardTarget: UniqueIdentifier | null = null;
  lastOver: UniqueIdentifier | null = null;
  origin: { columnId: string; afterId: number | null; viaKeyboard: boolean } | null = null;
  dropped: CardPlacement | null = null;
  /** Whether the card has been over anything but itself: until then there is nothing to announce but the pick-up. */
  moved = false;

  readonly collisionDetection = boardCollisions(this);
  readonly coordinateGetter = boardKeyboardCoordinates(this);

  show(model: ReadonlyArray<BoardColumnCards>) {
    this.model = model;
  }

  /** A card is picked up: remembers its column and the card above it. False when the card is not on the board. */
  begin(cardId: number, viaKeyboard: boolean): boolean {
    const at = locateCard(this.model, cardId);
    if (!at) return false;
    const cards = this.model[at.column].cards;
    this.origin = { columnId: this.model[at.column].id, afterId: at.index > 0 ? cards[at.index - 1].id : null, viaKeyboard };
    this.dropped = null;
    this.moved = false;
    this.keyboardTarget = null;
    this.lastOver = null;
    return true;
  }

  /** The card is over `overId`: false while it has not yet left its own place. */
  noteOver(activeId: UniqueIdentifier, overId: UniqueIdentifier): boolean {
    if (overId !== activeId) this.moved = true;
    return this.moved;
  }

  finish(placement: CardPlacement | null) {
    this.dropped = placement;
    this.keyboardTarget = null;
    this.lastOver = null;
  }
}
