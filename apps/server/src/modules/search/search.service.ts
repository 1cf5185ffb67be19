import { sql } from 'kysely';
import { foldText, type FieldDef, type ItemTypeDef, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { prefixRange } from '../../db/dialect.ts';
import { itemsQuery, scopedReader, viewOf, type ItemReader } from '../items/item-reader.ts';
import { titleColumns } from '../items/item.presenter.ts';
import { chunkSize, columnsOf, type Row } from '../items/item.repository.ts';
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
  const groups: SearchGroup[] = [];
  for (const name of groupOrder) {
    if (input.types && !input.types.includes(name)) continue;
    if (!mayRead(ctx, name)) continue;
    const found = await searchType(reader, name, terms, input.limit);
    if (found.rows.length > 0) groups.push({ type: name, items: await presentHits(reader, name, found.rows), more: found.more });
  }
  return { groups };
}

/** Types the caller may not read at all are left out without a query. */
function mayRead(ctx: Context, name: ItemTypeName): boolean {
  const grants = ctx.access.types[name];
  return grants.scopes.read !== 'none' || [...grants.pipelines.values()].some((scopes) => scopes.read !== 'none');
}

interface Found {
  /** The items to show, in order (their title columns read). */
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
  if (terms.indexed.length === 0) return titleStarts(reader, name, titleKeys, terms.text, limit);

  const exact = await titleEquals(reader, name, titleKeys, terms.text, limit + 1);
  // Twice a page of the newest matches, to lift titles that start with the text above the rest.
  const wanted = 2 * limit + 1;
  const match = { indexed: terms.indexed, short: terms.short, columns: searched.map((s) => s.column), allColumns: searched.length === searchedFields(full).length };
  const matched = await newestMatches(ctx.db, ctx.dialect, full, itemsQuery(reader, name), match, wanted);

  const rows = await readTitles(reader, name, [...new Set([...exact, ...matched])]);
  const exactIds = new Set(exact);
  const rank = (row: Row) => (exactIds.has(Number(row.id)) ? 0 : titleStartsWith(view, row, terms.text) ? 1 : 2);
  const ranked = rows.sort((a, b) => rank(a) - rank(b) || Number(b.id) - Number(a.id));
  return { rows: ranked.slice(0, limit), more: ranked.length > limit || matched.length === wanted };
}

/** The title fields the reader's view shows. */
const titleFields = (view: ItemTypeDef): FieldDef[] => view.titleFields.flatMap((name) => view.fields.find((f) => f.name === name) ?? []);

/** Ids of items with a title field equal to `text` (folded), newest first: each key's index serves it. */
async function titleEquals(reader: ItemReader, name: ItemTypeName, keys: string[], text: string, limit: number): Promise<number[]> {
  const table = viewOf(reader, name).table;
  const ids = new Set<number>();
  for (const key of keys) {
    const rows = await itemsQuery(reader, name).select(`${table}.id`).where(`${table}.${key}`, '=', text).orderBy(`${table}.id`, 'desc').limit(limit).execute();
    for (const row of rows) ids.add(Number(row.id));
  }
  return [...ids].sort((a, b) => b - a).slice(0, limit);
}

/** A text too short for the index: items whose title fields start with it, in title order, from the key indexes. */
async function titleStarts(reader: ItemReader, name: ItemTypeName, keys: string[], text: string, limit: number): Promise<Found> {
  const table = viewOf(reader, name).table;
  const keyed: Array<{ id: number; key: string }> = [];
  for (const key of keys) {
    const column = sql.ref(`${table}.${key}`);
    const rows = await itemsQuery(reader, name).select([`${table}.id`, `${table}.${key} as sort_key`]).where(prefixRange(column, text)).orderBy(column).orderBy(`${table}.id`).limit(limit + 1).execute();
    keyed.push(...rows.map((row) => ({ id: Number(row.id), key: String(row.sort_key) })));
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
  const ids = [...new Set(keyed.map((entry) => entry.id))];
  const rows = await readTitles(reader, name, ids.slice(0, limit));
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  return { rows: ids.slice(0, limit).flatMap((id) => byId.get(id) ?? []), more: ids.length > limit };
}

/** The rows of `ids` with the columns of their title and second line, as the reader may read them. */
async function readTitles(reader: ItemReader, name: ItemTypeName, ids: number[]): Promise<Row[]> {
  if (ids.length === 0) return [];
  const view = viewOf(reader, name);
  const shown = Object.values(subtitleFields(view)).filter((f): f is FieldDef => f !== undefined);
  const columns = [...new Set(['id', 'version', ...titleColumns(view), ...columnsOf([...titleFields(view), ...shown])])];
  const rows: Row[] = [];
  for (let start = 0; start < ids.length; start += chunkSize) {
    const chunk = ids.slice(start, start + chunkSize);
    rows.push(...((await itemsQuery(reader, name).select(columns.map((c) => `${view.table}.${c}`)).where(`${view.table}.id`, 'in', chunk).execute()) as Row[]));
  }
  return rows;
}

/** Whether the title the caller sees, or one of its title fields, starts with `text` (both folded). */
function titleStartsWith(view: ItemTypeDef, row: Row, text: string): boolean {
  const parts = titleColumns(view).flatMap((column) => (typeof row[column] === 'string' && row[column] !== '' ? [foldText(row[column] as string)] : []));
  return parts.join(' ').startsWith(text) || parts.some((part) => part.startsWith(text));
}
