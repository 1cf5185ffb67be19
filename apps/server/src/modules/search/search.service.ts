import { sql } from 'kysely';
import { foldText, type FieldDef, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { prefixRange } from '../../db/dialect.ts';
import { itemsQuery, scopedReader, viewOf, type ItemReader } from '../items/item-reader.ts';
import { titleColumns } from '../items/item.presenter.ts';
import { columnsOf, type Row } from '../items/item.repository.ts';
import { searchedFields } from './search-index.ts';
import { searchTerms, type SearchTerms } from './search-terms.ts';
import { newestMatches } from './search.repository.ts';
import { presentHits, subtitleFields } from './search.presenter.ts';

/**
 * The global search: items of every type the caller may read, found by name or title, company name, e-mail or any
 * run of a phone's digits, grouped by type. Each type is read through the scoped reader (the read scope in the SQL,
 * joined with the index's hits) and searched only in the fields the caller may see.
 *
 * Order within a type: titles equal to the text first (a title field's folded key, through its index), then, among
 * the newest matches, titles that start with the text, then the rest; the newest first within each. A text without a
 * word of three characters matches the start of titles only, in title order.
 */

export interface SearchInput {
  q: string;
  types?: ItemTypeName[];
  limit: number;
}

export interface SearchHit {
  id: number;
  title: string;
  subtitle: string | null;
}

export interface SearchGroup {
  type: ItemTypeName;
  items: SearchHit[];
  more: boolean;
}

/** The order of the groups. */
export const groupOrder: ItemTypeName[] = ['lead', 'deal', 'contact', 'company'];

export async function search(ctx: Context, input: SearchInput): Promise<{ groups: SearchGroup[] }> {
  const terms = searchTerms(input.q);
  const reader = scopedReader(ctx);
  const wanted = groupOrder.filter((name) => (!input.types || input.types.includes(name)) && mayRead(ctx, name));
  // The types are independent: on PostgreSQL their queries run side by side on the pool.
  const groups = await Promise.all(
    wanted.map(async (name): Promise<SearchGroup | null> => {
      const found = await searchType(reader, name, terms, input.limit);
      return found.rows.length > 0 ? { type: name, items: await presentHits(reader, name, found.rows), more: found.more } : null;
    }),
  );
  return { groups: groups.filter((group): group is SearchGroup => group !== null) };
}

/** Types the caller may not read at all are left out without a query. */
function mayRead(ctx: Context, name: ItemTypeName): boolean {
  const grants = ctx.access.types[name];
  return grants.scopes.read !== 'none' || [...grants.pipelines.values()].some((scopes) => scopes.read !== 'none');
}

interface Found {
  /** The items to show, in order, with the columns of their title and second line. */
  rows: Row[];
  more: boolean;
}

async function searchType(reader: ItemReader, name: ItemTypeName, terms: SearchTerms, limit: number): Promise<Found> {
  const { ctx } = reader;
  const view = viewOf(reader, name);
  const full = ctx.catalog.full[name];
  const searched = searchedFields(view);
  if (searched.length === 0) return { rows: [], more: false };
  const titleKeys = titleFields(view).flatMap((field) => field.keyColumn ?? []);
  const items = itemsQuery(reader, name).select(shownColumns(view).map((column) => `${view.table}.${column}`));
  if (terms.indexed.length === 0) return titleStarts(reader, name, items, titleKeys, terms.text, limit);

  const exact = await titleEquals(view, items, titleKeys, terms.text, limit + 1);
  // Twice a page of the newest matches, to lift titles that start with the text above the rest.
  const wanted = 2 * limit + 1;
  const match = { words: [...terms.indexed, ...terms.short], columns: searched.map((s) => s.column), allColumns: searched.length === searchedFields(full).length };
  const matched = await newestMatches(ctx.db, ctx.dialect, full, items, match, wanted);

  const exactIds = new Set(exact.map((row) => Number(row.id)));
  const rows = [...exact, ...matched.filter((row) => !exactIds.has(Number(row.id)))];
  const rank = (row: Row) => (exactIds.has(Number(row.id)) ? 0 : titleStartsWith(view, row, terms.text) ? 1 : 2);
  const ranked = rows.sort((a, b) => rank(a) - rank(b) || Number(b.id) - Number(a.id));
  return { rows: ranked.slice(0, limit), more: ranked.length > limit || matched.length === wanted };
}

/** The title fields the reader's view shows. */
const titleFields = (view: ItemTypeDef): FieldDef[] => view.titleFields.flatMap((name) => view.fields.find((f) => f.name === name) ?? []);

/** The columns a hit is shown from: its title and its second line, as the reader's view has them. */
function shownColumns(view: ItemTypeDef): string[] {
  const shown = Object.values(subtitleFields(view)).filter((f): f is FieldDef => f !== undefined);
  return [...new Set(['id', 'version', ...titleColumns(view), ...columnsOf([...titleFields(view), ...shown])])];
}

type Items = ReturnType<typeof itemsQuery>;

/** Items with a title field equal to `text` (folded), newest first: each key's index serves it. */
async function titleEquals(view: ItemTypeDef, items: Items, keys: string[], text: string, limit: number): Promise<Row[]> {
  const found = new Map<number, Row>();
  for (const key of keys) {
    const rows = (await items.where(`${view.table}.${key}`, '=', text).orderBy(`${view.table}.id`, 'desc').limit(limit).execute()) as Row[];
    for (const row of rows) found.set(Number(row.id), row);
  }
  return [...found.values()].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, limit);
}

/** A text too short for the index: items whose title fields start with it, in title order, from the key indexes. */
async function titleStarts(reader: ItemReader, name: ItemTypeName, items: Items, keys: string[], text: string, limit: number): Promise<Found> {
  const table = viewOf(reader, name).table;
  const keyed: Array<{ key: string; row: Row }> = [];
  for (const key of keys) {
    const column = sql.ref(`${table}.${key}`);
    const rows = (await items.select(`${table}.${key} as sort_key`).where(prefixRange(column, text)).orderBy(column).orderBy(`${table}.id`).limit(limit + 1).execute()) as unknown as Row[];
    keyed.push(...rows.map((row) => ({ key: String(row.sort_key), row })));
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(a.row.id) - Number(b.row.id)));
  // A contact whose first and last names both start with the text comes once, at its first place.
  const ordered = [...new Map(keyed.reverse().map(({ row }) => [Number(row.id), row])).values()].reverse();
  return { rows: ordered.slice(0, limit), more: ordered.length > limit };
}

/** Whether the title the caller sees, or one of its title fields, starts with `text` (both folded). */
function titleStartsWith(view: ItemTypeDef, row: Row, text: string): boolean {
  const parts = titleColumns(view).flatMap((column) => (typeof row[column] === 'string' && row[column] !== '' ? [foldText(row[column] as string)] : []));
  return parts.join(' ').startsWith(text) || parts.some((part) => part.startsWith(text));
}
