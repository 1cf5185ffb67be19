import { convertMinor, formatMoney as minorToDecimal, parseMoney } from '@vinculo/shared';
import { moveCardTo, locateCard } from '../../components/Board/boardModel';
import type { Item } from '../../api/types';
import type { BoardData, BoardStage, KanbanAnswer, KanbanColumn } from './types';

/**
 * The board in the query cache and the pure changes made to it: loading more cards, a move, a quick add, the
 * server's fresh counts and totals. Every change returns a new board and keeps untouched columns as they were.
 */

const groupRank = (semantic: string | null) => (semantic === 'S' ? 1 : semantic === 'F' ? 2 : 0);

/** Stages in progress first, then success, then failure, as Bitrix24 shows them; each group in its own order. */
export function orderStages<T extends { semantic: string | null; sort: number }>(stages: T[]): T[] {
  return stages
    .map((stage, position) => ({ stage, position }))
    .sort((a, b) => groupRank(a.stage.semantic) - groupRank(b.stage.semantic) || a.position - b.position)
    .map(({ stage }) => stage);
}

export function boardFromAnswer(answer: KanbanAnswer): BoardData {
  return {
    pipelineId: answer.pipelineId,
    baseCurrency: answer.baseCurrency,
    columns: orderStages(answer.columns).map(({ items, ...column }) => ({ ...column, id: column.code, cards: items })),
  };
}

/** More cards at the end of a column; a card already on the board (moved there meanwhile) is not shown twice. */
export function appendCards(board: BoardData, columnId: string, items: Item[], nextCursor: string | null): BoardData {
  const shown = new Set(board.columns.flatMap((column) => column.cards.map((card) => card.id)));
  return {
    ...board,
    columns: board.columns.map((column) => (column.id === columnId ? { ...column, cards: [...column.cards, ...items.filter((item) => !shown.has(item.id))], nextCursor } : column)),
  };
}

/** Exchange rates by currency code (the value of 1 unit in the base currency). */
export type Rates = Readonly<Record<string, string>>;

/** A card's amount in the board's base currency, in minor units; null when unknown (no amount shown, no rate). */
export function amountInBase(card: Item, amountField: string, currencyField: string, baseCurrency: string, rates: Rates | undefined): bigint | null {
  const amount = card[amountField];
  if (typeof amount !== 'string' && typeof amount !== 'number') return null;
  const minor = parseMoney(amount);
  if (minor === null) return null;
  const currency = typeof card[currencyField] === 'string' ? (card[currencyField] as string) : baseCurrency;
  if (currency === baseCurrency) return BigInt(minor);
  if (!rates?.[currency] || !rates[baseCurrency]) return null;
  return convertMinor(minor, rates[currency], rates[baseCurrency]);
}

function addToTotal(total: string | null, delta: bigint | null): string | null {
  if (total === null || delta === null) return total;
  const minor = parseMoney(total);
  return minor === null ? total : minorToDecimal(BigInt(minor) + delta);
}

const adjust = (column: BoardStage, count: number, amount: bigint | null): BoardStage => ({ ...column, count: Math.max(0, column.count + count), total: addToTotal(column.total, amount === null ? null : amount * BigInt(count)) });

/**
 * `cardId` moved to column `to` at `index`: the counts and totals of both columns follow (`amount`: the card's
 * amount in the base currency, null to leave the totals to the server's next answer).
 */
export function moveCardInBoard(board: BoardData, cardId: number, to: string, index: number, amount: bigint | null): BoardData {
  const from = locateCard(board.columns, cardId);
  if (!from) return board;
  const fromId = board.columns[from.column].id;
  let columns = moveCardTo(board.columns, cardId, to, index);
  if (fromId !== to) columns = columns.map((column) => (column.id === fromId ? adjust(column, -1, amount) : column.id === to ? adjust(column, 1, amount) : column));
  return { ...board, columns };
}

/** A new card on top of its column (where the server puts it). */
export function insertCard(board: BoardData, columnId: string, card: Item, amount: bigint | null): BoardData {
  if (locateCard(board.columns, card.id)) return board;
  return { ...board, columns: board.columns.map((column) => (column.id === columnId ? adjust({ ...column, cards: [card, ...column.cards] }, 1, amount) : column)) };
}

/** The card as the server now has it (a new version, a new stage); only the fields the card shows are kept. */
export function refreshCard(board: BoardData, item: Item): BoardData {
  const at = locateCard(board.columns, item.id);
  if (!at) return board;
  return {
    ...board,
    columns: board.columns.map((column, position) => {
      if (position !== at.column) return column;
      const cards = [...column.cards];
      const card = cards[at.index];
      cards[at.index] = { ...card, ...Object.fromEntries(Object.keys(card).filter((key) => key in item).map((key) => [key, item[key]])) } as Item;
      return { ...column, cards };
    }),
  };
}

/**
 * The server's counts and totals (and names and colours) over the cards in hand. Null when the stages themselves
 * changed (added, deleted or reordered elsewhere): the board is then loaded again.
 */
export function withSummaries(board: BoardData, columns: KanbanColumn[]): BoardData | null {
  const fresh = orderStages(columns);
  if (fresh.length !== board.columns.length || fresh.some((column, index) => column.code !== board.columns[index].id)) return null;
  return {
    ...board,
    columns: board.columns.map((column, index) => {
      const { items: _items, nextCursor: _next, ...summary } = fresh[index];
      const same = summary.count === column.count && summary.total === column.total && summary.name === column.name && summary.color === column.color;
      return same ? column : { ...column, ...summary };
    }),
  };
}
