import { formatMoney, itemTypes, sumConverted, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { allCurrencies } from '../currencies/currency.repository.ts';
import { readScope } from '../items/item-access.ts';
import { kanbanGap, topOfColumn } from '../items/item-rules.ts';
import { selectedFields } from '../items/item-query.service.ts';
import { presentItems, type ItemDto } from '../items/item.presenter.ts';
import { columnsOf, lockItem } from '../items/item.repository.ts';
import { getItem, updateItem } from '../items/item.service.ts';
import { parseFilter, type FilterCondition } from '../items/list-query.ts';
import { defaultPipelineId, findPipeline } from '../pipelines/pipeline.repository.ts';
import { presentValue, type ValueDto } from '../reference-lists/reference-list.presenter.ts';
import { valuesOf } from '../reference-lists/reference-list.repository.ts';
import * as repository from './kanban.repository.ts';
import type { ColumnKey, Position } from './kanban.repository.ts';

/**
 * The Kanban board of deals (one pipeline) and of leads: one column per stage with its count, its amount
 * total in the base currency and its first cards; more cards by cursor; moving a card between and within
 * columns. Cards are ordered by `kanban_sort` (a new card goes on top), then id; counts and totals honour the list filter.
 */

/** Deals are grouped by stage within a pipeline, leads by status. */
interface Board {
  type: ItemTypeDef;
  stageField: 'stageId' | 'statusId';
  stageColumn: 'stage_id' | 'status_id';
  /** Fields a card shows unless the caller picks others. */
  cardFields: string[];
}

export const boards = {
  deal: { type: itemTypes.deal, stageField: 'stageId', stageColumn: 'stage_id', cardFields: ['title', 'stageId', 'opportunity', 'currencyId', 'assignedById', 'companyId', 'contactIds', 'closeDate', 'createdAt'] },
  lead: {
    type: itemTypes.lead,
    stageField: 'statusId',
    stageColumn: 'status_id',
    cardFields: ['title', 'name', 'lastName', 'companyTitle', 'statusId', 'opportunity', 'currencyId', 'assignedById', 'phones', 'emails', 'createdAt'],
  },
} satisfies Record<string, Board>;

export interface BoardQuery {
  pipelineId?: number;
  filter?: Record<string, unknown>;
  fields?: string;
  limit: number;
}

export interface ColumnDto extends ValueDto {
  count: number;
  /** Sum of the column's amounts converted to the base currency, as a decimal string. */
  total: string;
  items: Array<Partial<ItemDto>>;
  nextCursor: string | null;
}

export interface BoardDto {
  pipelineId: number | null;
  baseCurrency: string;
  columns: ColumnDto[];
}

/** The board with its type's current custom fields. */
const current = (ctx: Context, board: Board): Board => ({ ...board, type: ctx.types[board.type.name] });

export async function getBoard(ctx: Context, staticBoard: Board, query: BoardQuery): Promise<BoardDto> {
  const board = current(ctx, staticBoard);
  const conditions = parseFilter(board.type, query.filter);
  const pipelineId = await pipelineOf(ctx, board, query.pipelineId);
  const scope: ColumnKey = pipelineId === null ? {} : { category_id: pipelineId };
  const stages = await stagesOf(ctx, board, pipelineId);
  const aggregates = await repository.columnAggregates(ctx.db, board.type, board.stageColumn, scope, boardFilter(ctx, board, conditions));
  const { rates, base } = await exchangeRates(ctx);

  // One query per column for its first cards (each an index range), then the cards of every column presented at once.
  const fields = cardFields(board, query);
  const pages: Array<Awaited<ReturnType<typeof cardRows>>> = [];
  for (const stage of stages) pages.push(await cardRows(ctx, board, { ...scope, [board.stageColumn]: stage.code }, conditions, query, fields, undefined));
  const cards = new Map((await presentItems(ctx.db, board.type, pages.flatMap((p) => p.rows), fields)).map((card) => [card.id, card]));

  const columns = stages.map((stage, index): ColumnDto => {
    const ofStage = aggregates.filter((a) => a.stage === stage.code);
    const amounts = ofStage.filter((a) => a.minor !== null && a.currency !== null).map((a) => ({ currency: a.currency!, minor: a.minor! }));
    return {
      ...presentValue(ctx.locale, stage),
      count: ofStage.reduce((sum, a) => sum + a.count, 0),
      total: formatMoney(sumConverted(amounts, rates, base)),
      items: pages[index].rows.map((row) => cards.get(Number(row.id))!),
      nextCursor: pages[index].nextCursor,
    };
  });
  return { pipelineId, baseCurrency: base, columns };
}

/** More cards of one column, after `cursor`. */
export async function getColumn(ctx: Context, staticBoard: Board, stageId: string, query: BoardQuery & { cursor?: string }) {
  const board = current(ctx, staticBoard);
  const conditions = parseFilter(board.type, query.filter);
  const pipelineId = await pipelineOf(ctx, board, query.pipelineId);
  if (!(await stagesOf(ctx, board, pipelineId)).some((s) => s.code === stageId)) throw notFound();
  const column: ColumnKey = { ...(pipelineId === null ? {} : { category_id: pipelineId }), [board.stageColumn]: stageId };
  const fields = cardFields(board, query);
  const page = await cardRows(ctx, board, column, conditions, query, fields, query.cursor === undefined ? undefined : decodePosition(query.cursor));
  return { items: await presentItems(ctx.db, board.type, page.rows, fields), nextCursor: page.nextCursor };
}

const stagesOf = (ctx: Context, board: Board, pipelineId: number | null) =>
  valuesOf(ctx.db, { listId: board.type.name === 'deal' ? 'DEAL_STAGE' : 'STATUS', categoryId: pipelineId });

const cardFields = (board: Board, query: BoardQuery) => selectedFields(board.type, query.fields ?? board.cardFields.join(','));

/** One column's cards after `after`, and the cursor to the next ones. */
async function cardRows(ctx: Context, board: Board, column: ColumnKey, conditions: FilterCondition[], query: BoardQuery, fields: FieldDef[], after: Position | undefined) {
  // One row more than asked tells whether another page exists.
  const rows = await repository.columnCards(ctx.db, board.type, column, boardFilter(ctx, board, conditions), after, query.limit + 1, ['version', ...columnsOf(fields)]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > query.limit && last ? encodePosition({ id: Number(last.id), sort: Number(last.kanban_sort) }) : null };
}

export interface CardMove {
  stageId: string;
  /** The card to go right below; null or absent puts the card on top of the column. */
  afterId?: number | null;
  version?: number;
}

/**
 * Moves a card to a stage and a place in its column in one write: a new stage goes through the engine
 * (history, stage history, close date), the place is the card's `kanban_sort`. A move within the same
 * column changes only the order, which is not an edit of the item (no version bump, no history).
 */
export async function moveCard(ctx: Context, staticBoard: Board, id: number, move: CardMove): Promise<ItemDto> {
  const board = current(ctx, staticBoard);
  return inTransaction(ctx, async (tx) => {
    await lockItem(tx.db, tx.dialect, board.type, id);
    const current = await getItem(tx, board.type, id);
    const column: ColumnKey = board.type.name === 'deal' ? { category_id: current.categoryId as number, stage_id: move.stageId } : { status_id: move.stageId };
    const sort = move.afterId == null ? await topOfColumn(tx.db, board.type, column) : await placeBelow(tx, board, column, move.afterId, id);
    return updateItem(tx, board.type, id, { [board.stageField]: move.stageId }, move.version, { columns: { kanban_sort: sort } });
  });
}

/** The `kanban_sort` right below card `afterId`: halfway to the next card, or after making room when there is none. */
async function placeBelow(ctx: Context, board: Board, column: ColumnKey, afterId: number, movingId: number): Promise<number> {
  const anchor = afterId === movingId ? undefined : await repository.positionIn(ctx.db, board.type, column, afterId, readScope(ctx, board.type));
  if (!anchor) throw invalid([{ field: 'afterId', rule: 'exists' }]);
  const next = await repository.nextPosition(ctx.db, board.type, column, anchor, movingId);
  if (!next) return anchor.sort + kanbanGap;
  if (next.sort - anchor.sort >= 2) return anchor.sort + Math.floor((next.sort - anchor.sort) / 2);
  await repository.shiftBelow(ctx.db, board.type, column, anchor, 2 * kanbanGap);
  return anchor.sort + kanbanGap;
}

/** Counts, totals and cards cover what matches the filter and what the caller may read. */
const boardFilter = (ctx: Context, board: Board, conditions: FilterCondition[]) => ({ dialect: ctx.dialect, conditions, restrict: readScope(ctx, board.type) });

/** The pipeline of a deal board (the default one unless given); null for leads, which have none. */
async function pipelineOf(ctx: Context, board: Board, requested: number | undefined): Promise<number | null> {
  if (board.type.name !== 'deal') return null;
  if (requested === undefined) return defaultPipelineId(ctx.db);
  if (!(await findPipeline(ctx.db, requested))) throw notFound();
  return requested;
}

async function exchangeRates(ctx: Context): Promise<{ rates: Record<string, string>; base: string }> {
  const currencies = await allCurrencies(ctx.db);
  const base = currencies.find((c) => Number(c.is_base) === 1)?.code ?? 'BRL';
  return { rates: Object.fromEntries(currencies.map((c) => [c.code, c.rate])), base };
}

const encodePosition = (p: Position) => Buffer.from(JSON.stringify([p.sort, p.id])).toString('base64url');

function decodePosition(cursor: string): Position {
  try {
    const [sort, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(sort) && Number.isInteger(id) && (id as number) > 0 && (id as number) <= 2_147_483_647) return { sort: sort as number, id: id as number };
  } catch {
    // fall through to the 400 below
  }
  throw invalid([{ field: 'cursor', rule: 'cursor' }]);
}
