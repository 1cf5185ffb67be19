import { KeyboardCode } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { nextTarget } from './boardKeyboard';
import { applyPreview, columnDropId, placementOf, type BoardColumnCards } from './boardModel';

const board = (): BoardColumnCards[] => [
  { id: 'A', cards: [{ id: 1 }, { id: 2 }, { id: 3 }] },
  { id: 'B', cards: [] },
  { id: 'C', cards: [{ id: 4 }] },
];

describe('board model', () => {
  it('shows a dragged card in the column it is over, leaving other columns as they are', () => {
    const columns = board();
    const shown = applyPreview(columns, { cardId: 2, to: 'C', index: 1 });
    expect(shown.map((c) => c.cards.map((x) => x.id))).toEqual([[1, 3], [], [4, 2]]);
    expect(shown[1]).toBe(columns[1]);
  });

  it('places a drop below the card before it, or on top', () => {
    expect(placementOf(board(), 3, 1, 'A')).toEqual({ cardId: 3, from: 'A', to: 'A', index: 0, afterId: null });
    expect(placementOf(board(), 1, 3, 'A')).toEqual({ cardId: 1, from: 'A', to: 'A', index: 2, afterId: 3 });
    const shown = applyPreview(board(), { cardId: 1, to: 'C', index: 1 });
    expect(placementOf(shown, 1, columnDropId('C'), 'A')).toEqual({ cardId: 1, from: 'A', to: 'C', index: 1, afterId: 4 });
  });

  it('leads the arrow keys through the board', () => {
    expect(nextTarget(board(), 2, 2, KeyboardCode.Down)).toBe(3);
    expect(nextTarget(board(), 2, 3, KeyboardCode.Down)).toBeNull();
    expect(nextTarget(board(), 2, 3, KeyboardCode.Up)).toBe(2);
    expect(nextTarget(board(), 2, null, KeyboardCode.Up)).toBe(1);
    expect(nextTarget(board(), 2, null, KeyboardCode.Right)).toBe(columnDropId('B'));
    expect(nextTarget(board(), 2, null, KeyboardCode.Left)).toBeNull();
    expect(nextTarget(board(), 4, null, KeyboardCode.Right)).toBeNull();
  });
});
