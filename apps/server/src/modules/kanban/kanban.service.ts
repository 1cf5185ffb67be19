import { formatMoney, sumConverted, type FieldDef, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { allCurrencies } from '../currencies/currency.repository.ts';
import { matching } from '../items/item-list.service.ts';
import { itemsQuery, presentRows, readStored, scopedReader, selectedFields, unscopedReader, viewOf, type ItemReader } from '../items/item-reader.ts';
import { columnOf, kanbanGap, topOfColumn } from '../items/item-rules.ts';
import { columnsOf, lockItems } from '../items/item.repository.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { updateItem } from '../items/item.service.ts';
import { checkFilter, filterFromQuery, type CheckedFilter } from '../items/filter.ts';
import { defaultPipelineId, findPipeline } from '../pipelines/pipeline.repository.ts';
import { presentValue, type ValueDto } from '../reference-lists/reference-list.presenter.ts';
import { valuesOf } from '../reference-lists/reference-list.repository.ts';
import * as repository from './kanban.repository.ts';
import type { ColumnKey, Position } from './kanban.repository.ts';

/**
 * The Kanban board of a type with stages (deals per pipeline, leads by status): one column per stage with its
 * count, its amount total in the base currency and its first cards; more cards by cursor; moving a card between and
 * within columns. Cards are ordered by `kanban_sort` (a new card goes on top), then id; counts and totals honour
 * the list filter and the caller's read scope. The stage and pipeline fields, the card fields and the amount come
 * from the type's metadata (`stages`, `board`). A caller who may not see the stage (or pipeline) field has no board;
 * one who may not see the amount gets columns without totals.
 */

export interface BoardQuery {
  pipelineId?: number;
  filter?: Record<string, unknown>;
  /** Quick search, as in lists. */
  search?: string;
  fields?: string;
  limit: number;
}

export interface ColumnDto extends ValueDto {
  count: number;
  /** Sum of the column's amounts converted to the base currency, as a decimal string; null when the caller may not see amounts. */
  total: string | null;
  items: Array<Partial<ItemDto>>;
  nextCursor: string | null;
}

export interface BoardDto {
  pipelineId: number | null;
  baseCurrency: string;
  columns: ColumnDto[];
}

/** What a board of `name` needs, checked against the caller's view. */
function boardOf(ctx: Context, name: ItemTypeName) {
  const reader = scopedReader(ctx);
  const full = ctx.catalog.full[name];
  const view = viewOf(reader, name);
  const stages = full.stages!;
  const board = full.board!;
  const visible = (field: string | undefined) => field === undefined || view.fields.some((f) => f.name === field);
  const hidden = [stages.field, stages.pipelineField].find((field) => !visible(field));
  if (hidden) throw new AppError('FORBIDDEN', { reason: 'hiddenField', field: hidden });
  const columnName = (field: string) => full.fields.find((f) => f.name === field)!.column!;
  const amount = visible(board.amountField) && visible(board.currencyField) ? { column: columnName(board.amountField), currencyColumn: columnName(board.currencyField) } : undefined;
  const pipelineColumn = stages.pipelineField && columnName(stages.pipelineField);
  return { reader, full, view, stages, board, stageColumn: columnName(stages.field), pipelineColumn, amount };
}

type Board = ReturnType<typeof boardOf>;

export async function getBoard(ctx: Context, name: ItemTypeName, query: BoardQuery): Promise<BoardDto> {
  const board = boardOf(ctx, name);
  const filter = checkFilter(board.view, filterFromQuery(query.filter), ctx.actor.id);
  const pipelineId = await pipelineOf(ctx, board, query.pipelineId);
  const scope: ColumnKey = board.pipelineColumn ? { [board.pipelineColumn]: pipelineId } : {};
  const stages = await stagesOf(ctx, board, pipelineId);
  const items = matching(board.reader, name, filter, query.search);
  const aggregates = await repository.columnAggregates(items, board.full.table, board.stageColumn, scope, board.amount);
  const { rates, base } = await exchangeRates(ctx);

  // One query per column for its first cards (each an index range), then the cards of every column presented at once.
  const fields = cardFields(board, query);
  const pages: Array<Awaited<ReturnType<typeof cardRows>>> = [];
  for (const stage of stages) pages.push(await cardRows(board, filter, columnOf(board.full, pipelineId, stage.code), query, fields, undefined));
  const cards = new Map((await presentRows(board.reader, name, pages.flatMap((p) => p.rows), fields)).map((card) => [card.id, card]));

  const columns = stages.map((stage, index): ColumnDto => {
    const ofStage = aggregates.filter((a) => a.stage === stage.code);
    const amounts = ofStage.filter((a) => a.minor !== null && a.currency !== null).map((a) => ({ currency: a.currency!, minor: a.minor! }));
    return {
      ...presentValue(ctx.locale, stage),
      count: ofStage.reduce((sum, a) => sum + a.count, 0),
      total: board.amount ? formatMoney(sumConverted(amounts, rates, base)) : null,
      items: pages[index].rows.map((row) => cards.get(Number(row.id))!),
      nextCursor: pages[index].nextCursor,
    };
  });
  return { pipelineId, baseCurrency: base, columns };
}

/** More cards of one column, after `cursor`. */
export async function getColumn(ctx: Context, name: ItemTypeName, stageId: string, query: BoardQuery & { cursor?: string }) {
  const board = boardOf(ctx, name);
  const filter = checkFilter(board.view, filterFromQuery(query.filter), ctx.actor.id);
  const after = query.cursor === undefined ? undefined : decodePosition(query.cursor);
  const pipelineId = await pipelineOf(ctx, board, query.pipelineId);
  if (!(await stagesOf(ctx, board, pipelineId)).some((s) => s.code === stageId)) throw notFound();
  const fields = cardFields(board, query);
  const page = await cardRows(board, filter, columnOf(board.full, pipelineId, stageId), query, fields, after);
  return { items: await presentRows(board.reader, name, page.rows, fields), nextCursor: page.nextCursor };
}

const stagesOf = (ctx: Context, board: Board, pipelineId: number | null) => valuesOf(ctx.db, { listId: board.stages.list, categoryId: pipelineId });

/** The fields a card shows: those asked for, or the board's own that the caller may see. */
function cardFields(board: Board, query: BoardQuery): FieldDef[] {
  if (query.fields) return selectedFields(board.view, query.fields);
  return selectedFields(board.view, board.board.cardFields.filter((name) => board.view.fields.some((f) => f.name === name)).join(','));
}

/** One column's cards after `after`, and the cursor to the next ones. */
async function cardRows(board: Board, filter: CheckedFilter | undefined, column: ColumnKey, query: BoardQuery, fields: FieldDef[], after: Position | undefined) {
  // One row more than asked tells whether another page exists.
  const items = matching(board.reader, board.full.name, filter, query.search);
  const rows = await repository.columnCards(items, board.full.table, column, after, query.limit + 1, ['version', ...columnsOf(fields)]);
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
export async function moveCard(ctx: Context, name: ItemTypeName, id: number, move: CardMove): Promise<ItemDto> {
  const board = boardOf(ctx, name);
  return inTransaction(ctx, async (tx) => {
    await lockItems(tx.db, tx.dialect, board.full, [id]);
    const current = await readStored(scopedReader(tx), name, id);
    if (!current) throw notFound();
    const pipelineField = board.stages.pipelineField;
    const column = columnOf(board.full, pipelineField ? (current[pipelineField] as number) : null, move.stageId);
    const sort = move.afterId == null ? await topOfColumn(tx.db, board.full, column) : await placeBelow(tx, board, column, move.afterId, id);
    return updateItem(tx, name, id, { [board.stages.field]: move.stageId }, move.version, { columns: { kanban_sort: sort } });
  });
}

/** The `kanban_sort` right below card `afterId`: halfway to the next card, or after making room when there is none. */
async function placeBelow(ctx: Context, board: Board, column: ColumnKey, afterId: number, movingId: number): Promise<number> {
  const table = board.full.table;
  const anchor = afterId === movingId ? undefined : await repository.positionIn(itemsQuery(scopedReader(ctx), board.full.name), table, column, afterId);
  if (!anchor) throw invalid([{ field: 'afterId', rule: 'exists' }]);
  const everyCard: ItemReader = unscopedReader(ctx, 'places on the board are shared by every card, whoever may read it');
  const next = await repository.nextPosition(itemsQuery(everyCard, board.full.name), table, column, anchor, movingId);
  if (!next) return anchor.sort + kanbanGap;
  if (next.sort - anchor.sort >= 2) return anchor.sort + Math.floor((next.sort - anchor.sort) / 2);
  await repository.shiftBelow(ctx.db, board.full, column, anchor, 2 * kanbanGap);
  return anchor.sort + kanbanGap;
}

/** The pipeline of a board with pipelines (the default one unless given); null for a type without (leads). */
async function pipelineOf(ctx: Context, board: { stages: ItemTypeDef['stages'] }, requested: number | undefined): Promise<number | null> {
  if (!board.stages?.pipelineField) return null;
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
