import { describe, expect, it } from 'vitest';
import type { Item } from '../../api/types';
import { amountInBase, appendCards, boardFromAnswer, insertCard, moveCardInBoard, orderStages, withSummaries } from './boardCache';
import type { KanbanAnswer, KanbanColumn } from './types';

const card = (id: number, opportunity: string | null = '100.00', currencyId = 'BRL'): Item => ({ id, version: 1, title: `Deal ${id}`, opportunity, currencyId });
const column = (code: string, semantic: 'P' | 'S' | 'F', items: Item[], total: string | null, sort = 10): KanbanColumn => ({
  code,
  name: code,
  nameEn: code,
  namePt: code,
  sort,
  semantic,
  color: null,
  count: items.length,
  total,
  items,
  nextCursor: null,
});
const answer = (columns: KanbanColumn[]): KanbanAnswer => ({ pipelineId: 0, baseCurrency: 'BRL', columns });

describe('the board in the cache', () => {
  it('puts stages in progress first, then won, then lost, each group in its order', () => {
    const stages = [{ semantic: 'S', sort: 10 }, { semantic: 'P', sort: 20 }, { semantic: 'F', sort: 5 }, { semantic: 'P', sort: 30 }];
    expect(orderStages(stages).map((s) => `${s.semantic}${s.sort}`)).toEqual(['P20', 'P30', 'S10', 'F5']);
  });

  it('moves a card with both counts and totals, exactly', () => {
    const board = boardFromAnswer(answer([column('NEW', 'P', [card(1, '0.10'), card(2)], '100.10'), column('WON', 'S', [], '0.00')]));
    const moved = moveCardInBoard(board, 1, 'WON', 0, amountInBase(board.columns[0].cards[0], 'opportunity', 'currencyId', 'BRL', undefined));
    expect(moved.columns.map((c) => [c.id, c.count, c.total, c.cards.map((x) => x.id)])).toEqual([
      ['NEW', 1, '100.00', [2]],
      ['WON', 1, '0.10', [1]],
    ]);
    // Moving back restores the board as it was.
    const back = moveCardInBoard(moved, 1, 'NEW', 0, 10n);
    expect(back.columns.map((c) => [c.count, c.total, c.cards.map((x) => x.id)])).toEqual([
      [2, '100.10', [1, 2]],
      [0, '0.00', []],
    ]);
  });

  it('leaves totals hidden by role as they are, and unknown amounts to the server', () => {
    const board = boardFromAnswer(answer([column('NEW', 'P', [card(1)], null), column('WON', 'S', [], null)]));
    expect(moveCardInBoard(board, 1, 'WON', 0, 10000n).columns.map((c) => c.total)).toEqual([null, null]);
    expect(amountInBase(card(3, '50.00', 'USD'), 'opportunity', 'currencyId', 'BRL', undefined)).toBeNull();
    expect(amountInBase(card(3, '50.00', 'USD'), 'opportunity', 'currencyId', 'BRL', { USD: '5.0000', BRL: '1' })).toBe(25000n);
  });

  it('keeps a reorder within a column out of the counts', () => {
    const board = boardFromAnswer(answer([column('NEW', 'P', [card(1), card(2), card(3)], '300.00')]));
    const moved = moveCardInBoard(board, 1, 'NEW', 2, 10000n);
    expect(moved.columns[0]).toMatchObject({ count: 3, total: '300.00' });
    expect(moved.columns[0].cards.map((c) => c.id)).toEqual([2, 3, 1]);
  });

  it('adds pages without showing a card twice, and new cards on top', () => {
    let board = boardFromAnswer(answer([column('NEW', 'P', [card(1)], '100.00'), column('WON', 'S', [card(2)], '100.00')]));
    board = appendCards(board, 'NEW', [card(2), card(3)], null);
    expect(board.columns[0].cards.map((c) => c.id)).toEqual([1, 3]);
    board = insertCard(board, 'NEW', card(9, '5.00'), 500n);
    expect(board.columns[0]).toMatchObject({ count: 2, total: '105.00' });
    expect(board.columns[0].cards.map((c) => c.id)).toEqual([9, 1, 3]);
  });

  it('takes fresh counts and totals, or asks for a reload when the stages changed', () => {
    const board = boardFromAnswer(answer([column('NEW', 'P', [card(1)], '100.00'), column('WON', 'S', [], '0.00')]));
    const fresh = withSummaries(board, [{ ...column('NEW', 'P', [], '250.00'), count: 7 }, column('WON', 'S', [], '0.00')]);
    expect(fresh?.columns[0]).toMatchObject({ count: 7, total: '250.00' });
    expect(fresh?.columns[0].cards.map((c) => c.id)).toEqual([1]);
    expect(fresh?.columns[1]).toBe(board.columns[1]);
    expect(withSummaries(board, [column('NEW', 'P', [], '0.00')])).toBeNull();
  });
});
