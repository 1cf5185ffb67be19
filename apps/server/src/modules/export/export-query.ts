import { sql } from 'kysely';
import { translate, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { columnIndex, executeArrays, type ArrayRows } from '../../db/array-rows.ts';
import { AppError } from '../../http/app-error.ts';
import { scopeCondition } from '../access/access-predicate.ts';
import { decodeCursor, encodeCursor } from '../items/cursor.ts';
import { checkFilter, type FilterNode } from '../items/filter.ts';
import { matching } from '../items/item-list.service.ts';
import { scopedReader, viewOf } from '../items/item-reader.ts';
import { columnsOf } from '../items/item.repository.ts';
import { afterCursor, orderByTerms, parseSort, sortAlias, sortExpression } from '../items/sort.ts';
import type { ExportColumn } from './export-columns.ts';

/**
 * Which items an export takes, in SQL: the list's own query (the filter, quick search and read scope of
 * item-list.service.ts, the list's sort with its keyset condition), narrowed by the author's export scope, by
 * "included in export" where the type has that flag (contacts, companies), and by the newest id when the export
 * was asked for (items added later are not part of it). Pages are read by keyset, so memory stays one batch.
 */

export interface Selection {
  filter?: FilterNode;
  search?: string;
  sort?: string;
  /** Ticked rows instead of a filter: taken in id order. */
  ids?: number[];
  /** The newest id when the export was asked for. */
  maxId: number;
}

/** Whether the caller may export some items of the type (an export scope other than none somewhere). */
export function mayExport(ctx: Context, name: ItemTypeName): boolean {
  const grants = ctx.access.types[name];
  return grants.scopes.export !== 'none' || [...grants.pipelines.values()].some((scopes) => scopes.export !== 'none');
}

export function requireExportRight(ctx: Context, name: ItemTypeName): void {
  const type = ctx.catalog.full[name].label[ctx.locale];
  if (!mayExport(ctx, name)) throw new AppError('FORBIDDEN', { reason: 'scope', action: 'export' }, translate(ctx.locale, 'export.forbidden', { type }));
}

/**
 * The items of the selection the author may export, with the list's filter checked against their view now.
 * `newestImplied`: the page's keyset condition already keeps below the newest id (id descending after a cursor), so
 * the bound is left out: SQLite would take either of two upper bounds on the id as the range to scan, and with the
 * newest id every page would scan from the top again.
 */
export function selected(ctx: Context, name: ItemTypeName, selection: Selection, newestImplied = false) {
  const reader = scopedReader(ctx);
  const view = viewOf(reader, name);
  const full = ctx.catalog.full[name];
  const table = full.table;
  const filter = selection.filter ? checkFilter(view, selection.filter, ctx.actor.id) : undefined;
  let query = matching(reader, name, filter, selection.search);
  if (!newestImplied) query = query.where(`${table}.id`, '<=', selection.maxId);
  const exportScope = scopeCondition(ctx.access, full, 'export');
  if (exportScope) query = query.where(exportScope);
  const flag = full.fields.find((f) => f.name === 'export');
  if (flag?.column) query = query.where(`${table}.${flag.column}`, '=', 1);
  return query;
}

/**
 * One page of the selection after `cursor` (filter) or the ids given (ticked rows), with the columns' values and
 * the cursor after its last row. The rows come as arrays (db/array-rows.ts): a page holds thousands of rows of
 * dozens of columns, and an object per row cost more than reading it.
 */
export async function readPage(ctx: Context, name: ItemTypeName, selection: Selection, columns: ExportColumn[], page: { cursor: string | null; ids?: number[]; size: number }): Promise<{ page: ArrayRows; cursor: string | null }> {
  const view = viewOf(scopedReader(ctx), name);
  const table = view.table;
  const sort = parseSort(view, selection.ids ? 'id' : selection.sort);
  const wanted = columnsOf([...new Set(columns.map((c) => c.field))]).filter((column) => view.fields.some((f) => f.column === column || f.currencyColumn === column));
  const newestImplied = page.cursor !== null && page.ids === undefined && sort[0].field.name === 'id' && sort[0].descending;
  let query = selected(ctx, name, selection, newestImplied).select([...new Set(['id', ...wanted])].map((c) => `${table}.${c}`));
  query = query.select(sort.map((key, index) => sql`${sortExpression(table, key, ctx.dialect)}`.as(sortAlias(index))));
  if (page.ids) query = query.where(`${table}.id`, 'in', page.ids);
  else if (page.cursor) {
    const after = decodeCursor(sort, page.cursor);
    query = query.where((eb) => afterCursor(eb, table, sort, after, ctx.dialect));
  }
  for (const term of orderByTerms(table, sort, ctx.dialect)) query = query.orderBy(term);
  const result = await executeArrays(ctx.db, query.limit(page.size).compile());
  const last = result.rows.at(-1);
  if (!last) return { page: result, cursor: page.cursor };
  const position = columnIndex(result.columns);
  const keys: Record<string, unknown> = Object.fromEntries(sort.map((_, index) => [sortAlias(index), last[position(sortAlias(index))]]));
  return { page: result, cursor: encodeCursor(sort, keys) };
}
