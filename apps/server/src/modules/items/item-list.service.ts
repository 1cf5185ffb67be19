import { sql } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { filterExpression } from './filter-sql.ts';
import { checkFilter, filterFromQuery, type CheckedFilter } from './filter.ts';
import { countMatching, itemsQuery, presentRows, scopedReader, selectedFields, viewOf, type ItemReader } from './item-reader.ts';
import { columnsOf, type Row } from './item.repository.ts';
import type { ItemDto } from './item.presenter.ts';
import type { ListQuery } from './item.schemas.ts';
import { searchCondition } from '../search/search-condition.ts';
import { afterCursor, orderByTerms, parseSort, sortAlias, sortExpression } from './sort.ts';

/** A page of a list: filter, sort and fields from the caller's view, their read scope in the SQL, keyset paging. */

export interface ItemPage {
  items: Array<Partial<ItemDto>>;
  nextCursor: string | null;
  total: number | null;
  totalCapped: boolean;
}

/** Where a default count stops: past it a list says "10,000+" instead of scanning every match. */
export const countCap = 10_000;

export async function listItems(ctx: Context, name: ItemTypeName, query: ListQuery): Promise<ItemPage> {
  const reader = scopedReader(ctx);
  const type = viewOf(reader, name);
  const filter = checkFilter(type, filterFromQuery(query.filter), ctx.actor.id);
  const sort = parseSort(type, query.sort);
  const fields = selectedFields(type, query.fields);
  const after = query.cursor ? decodeCursor(sort, query.cursor) : undefined;
  const table = type.table;

  // One row more than asked tells whether another page exists.
  let rows = matching(reader, name, filter, query.search).select([...new Set(['id', 'version', ...columnsOf(fields)])].map((c) => `${table}.${c}`));
  rows = rows.select(sort.map((key, index) => sql`${sortExpression(table, key, ctx.dialect)}`.as(sortAlias(index))));
  if (after) rows = rows.where((eb) => afterCursor(eb, table, sort, after, ctx.dialect));
  for (const term of orderByTerms(table, sort, ctx.dialect)) rows = rows.orderBy(term);
  const found = (await rows.limit(query.limit + 1).execute()) as Row[];
  const hasMore = found.length > query.limit;
  const page = found.slice(0, query.limit);
  const items = await presentRows(reader, name, page, fields);

  const cap = query.total === 'exact' ? undefined : countCap + 1;
  const counted = query.total === 'false' ? null : await countMatching(reader, matching(reader, name, filter, query.search), cap);
  const totalCapped = counted !== null && cap !== undefined && counted >= cap;
  return { items, nextCursor: hasMore ? encodeCursor(sort, page[page.length - 1]) : null, total: totalCapped ? countCap : counted, totalCapped };
}

/** The live items the reader may read that match a checked filter and the quick-search text (`search=`). */
export function matching(reader: ItemReader, name: ItemTypeName, filter: CheckedFilter | undefined, search?: string) {
  let query = itemsQuery(reader, name);
  if (filter) query = query.where((eb) => filterExpression(eb, reader.ctx.catalog.full[name], reader.ctx.dialect, filter));
  const text = searchCondition(reader, name, search);
  return text ? query.where(text) : query;
}
