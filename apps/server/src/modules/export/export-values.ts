import { translate, type FieldDef, type ItemTypeDef, type ItemTypeName, type Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { columnIndex, type ArrayRows } from '../../db/array-rows.ts';
import { itemsQuery, scopedReader, viewOf } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import { fromColumn } from '../items/item-values.ts';
import type { Row } from '../items/item.repository.ts';
import { entriesOf, linksOf, multipleValuesOf } from './export.repository.ts';
import { allPipelines } from '../pipelines/pipeline.repository.ts';
import { booleanWords } from './exchange-titles.ts';
import type { ExportColumn } from './export-columns.ts';

/**
 * The cells of a batch of rows, as text in the exchange format (/work/exchange-format.md): display names for list
 * values, users and linked items, plain decimals, ISO dates. Everything a cell needs besides its row is loaded for
 * the whole batch at once (multi-value fields, links, multiple values, users, linked titles) or once per batch from
 * small tables (list values, pipelines): no query per row.
 */

/** The text of each column of each row; null is an empty cell. */
export type CellRows = Array<Array<string | null>>;

/**
 * The names cells show: list values (by list and code) and pipelines, read once per batch (small tables); users and
 * linked items' titles, looked up for the ids a batch names that earlier batches of the same run did not (a run
 * keeps at most `remembered` of them, then starts over: memory stays bounded however many rows).
 */
export interface Names {
  listValues: Map<string, string>;
  pipelines: Map<number, string>;
  /** The base currency: a custom money field in it is written as a plain amount, in another with its code. */
  baseCurrency: string;
  users: Map<number, string>;
  titles: Map<ItemTypeName, Map<number, string>>;
  /** How many titles of each type the run has looked up so far. */
  titlesAsked: Map<ItemTypeName, number>;
}

type NamesMemory = Pick<Names, 'users' | 'titles' | 'titlesAsked'>;

const remembered = 250_000;

/**
 * Titles a run looks up one by one before it reads them by id range instead: an export of many rows names most of
 * the linked table sooner or later, and one range scan reads it in order where lookups by id read it at random.
 */
const titlesByRangeAfter = 20_000;

/** An empty memory of users and titles, for one run of a job. */
export const namesMemory = (): NamesMemory => ({ users: new Map(), titles: new Map(), titlesAsked: new Map() });

export async function loadNames(ctx: Context, memory: NamesMemory): Promise<Names> {
  if (memory.users.size > remembered) memory.users.clear();
  for (const titles of memory.titles.values()) if (titles.size > remembered) titles.clear();
  const nameColumn = ctx.locale === 'en' ? 'name_en' : 'name_pt';
  const values = await ctx.db.selectFrom('reference_items').select(['list_id', 'code', nameColumn]).execute();
  const pipelines = await allPipelines(ctx.db);
  const base = await ctx.db.selectFrom('currencies').select('code').where('is_base', '=', 1).executeTakeFirst();
  return {
    ...memory,
    baseCurrency: base?.code ?? 'BRL',
    listValues: new Map(values.map((row) => [`${row.list_id}\u0000${row.code}`, (row as unknown as Record<string, string>)[nameColumn]])),
    pipelines: new Map(pipelines.map((row) => [Number(row.id), row.name ?? translate(ctx.locale, 'pipeline.general')])),
  };
}

/**
 * The cells of a batch: `fill(row, cells)` writes the text of each column of the page's row `row` into `cells`
 * (one array the caller reuses from row to row), so a batch's cells are read once, as they are written out.
 */
export interface BatchCells {
  count: number;
  fill(row: number, cells: Array<string | null>): void;
}

/** Every row's cells as arrays of their own (XLSX, tests). */
export function cellRows(batch: BatchCells, width: number): CellRows {
  const rows: CellRows = [];
  for (let row = 0; row < batch.count; row++) {
    const cells: Array<string | null> = new Array(width);
    batch.fill(row, cells);
    rows.push(cells);
  }
  return rows;
}

type ArrayRow = unknown[];

/** The cells of the page's rows (item rows of `type` with the columns' fields selected), read as `ctx`'s author. */
export async function cellsOf(ctx: Context, type: ItemTypeDef, columns: ExportColumn[], page: ArrayRows, names: Names): Promise<BatchCells> {
  const rows = page.rows;
  if (rows.length === 0) return { count: 0, fill: () => {} };
  const position = columnIndex(page.columns);
  const idAt = position('id');
  const ids = rows.map((row) => Number(row[idAt]));
  const fields = [...new Set(columns.map((c) => c.field))];
  const multifieldKinds = fields.filter((f) => f.type === 'multifield').map((f) => f.multifieldKind!);
  const multiple = fields.filter((f) => f.custom?.multiple);
  const linkFields = fields.filter((f) => f.type === 'links');

  // Multi-value entries by item, each in the column of its kind and value type, in their order.
  const entryColumn = new Map<string, Map<string, number>>();
  columns.forEach((column, index) => {
    const kind = column.field.multifieldKind;
    if (column.valueType && kind) (entryColumn.get(kind) ?? entryColumn.set(kind, new Map()).get(kind)!).set(column.valueType, index);
  });
  // By item: its cells' column indexes and texts, alternately (an item's entries are consecutive).
  const entriesByItem = new Map<number, Array<number | string>>();
  let own: Array<number | string> = [];
  let ownId = -1;
  for (const entry of await entriesOf(ctx.db, type.name, ids, multifieldKinds)) {
    const index = entryColumn.get(entry[3])?.get(entry[4]);
    if (index === undefined) continue;
    const id = Number(entry[0]);
    const value = entry[5];
    if (id !== ownId) {
      ownId = id;
      own = entriesByItem.get(id) ?? [];
      entriesByItem.set(id, own);
    }
    const at = own.indexOf(index);
    if (at < 0) own.push(index, value);
    else own[at + 1] = `${own[at + 1] as string}, ${value}`;
  }
  // Values of multiple-value custom fields: by field, then by item.
  const values = new Map<number, Map<number, number[]>>(multiple.map((f) => [f.custom!.id, new Map()]));
  for (const [fieldId, entityId, value] of await multipleValuesOf(ctx.db, multiple.map((f) => f.custom!.id), ids)) push(values.get(fieldId)!, entityId, value);
  const links = new Map<FieldDef, Map<number, number[]>>();
  for (const field of linkFields) {
    const byItem = new Map<number, number[]>();
    for (const [self, other] of await linksOf(ctx.db, field, ids)) push(byItem, self, other);
    links.set(field, byItem);
  }

  // Users and linked items named in this batch, each looked up once.
  const userIds = new Set<number>();
  const linked = new Map<ItemTypeName, Set<number>>();
  const wantLinked = (name: ItemTypeName, id: number) => (linked.get(name) ?? linked.set(name, new Set()).get(name)!).add(id);
  for (const field of fields) {
    const targets = (id: number) => (field.type === 'user' ? userIds.add(id) : field.type === 'item' || field.type === 'links' ? wantLinked(field.itemType!, id) : undefined);
    if (field.type !== 'user' && field.type !== 'item' && field.type !== 'links') continue;
    if (field.type === 'links') for (const others of links.get(field)!.values()) others.forEach(targets);
    else if (field.custom?.multiple) for (const list of values.get(field.custom.id)!.values()) list.forEach(targets);
    else {
      const at = field.column ? position(field.column) : -1;
      if (at >= 0) for (const row of rows) if (row[at] != null) targets(Number(row[at]));
    }
  }
  const users = names.users;
  for (const [id, name] of await userNames(ctx, [...userIds].filter((id) => !users.has(id)))) users.set(id, name);
  const titles = names.titles;
  for (const [name, wanted] of linked) {
    const known = titles.get(name) ?? titles.set(name, new Map()).get(name)!;
    const missing = [...wanted].filter((id) => !known.has(id));
    if (missing.length === 0) continue;
    const asked = names.titlesAsked.get(name) ?? 0;
    names.titlesAsked.set(name, asked + missing.length);
    let [min, max] = [missing[0], missing[0]];
    for (const id of missing) [min, max] = [Math.min(min, id), Math.max(max, id)];
    // Past the first many, when a batch still names many new ones: every title in their range, if all fit in the
    // room left; else theirs by id.
    const byRange = asked >= titlesByRangeAfter && missing.length >= 256 && max - min < remembered - known.size;
    for (const [id, title] of await titlesOf(ctx, name, byRange ? { min, max } : missing)) known.set(id, title);
    // An item the author may not read is remembered as such (an empty title), so it is not asked for again.
    for (const id of missing) if (!known.has(id)) known.set(id, '');
  }

  // Each column's way to its cell, decided once per batch, not per cell; multi-value entries go straight to theirs.
  const [yes, no] = booleanWords[ctx.locale];
  const options = new Map(fields.filter((f) => f.custom?.options).map((f) => [f, new Map(f.custom!.options!.map((o) => [o.id, o.value]))]));
  const nobody = new Map<number, string>();
  const namesFor = (field: FieldDef): Map<number, string> =>
    (field.type === 'user' ? users : field.type === 'enumeration' ? options.get(field) : titles.get(field.itemType!)) ?? nobody;
  const readers = columns.map((column) => cellReader(column, type, names, position, { yes, no, namesFor, links, values }));
  const width = readers.length;

  return {
    count: rows.length,
    fill(index, cells) {
      const row = rows[index];
      for (let column = 0; column < width; column++) {
        const read = readers[column];
        cells[column] = read === null ? null : read(row);
      }
      const own = entriesByItem.get(ids[index]);
      if (own) for (let at = 0; at < own.length; at += 2) cells[own[at] as number] = own[at + 1] as string;
    },
  };
}

interface CellHelpers {
  yes: string;
  no: string;
  /** The names of a field's ids: users, a custom list's options, linked items' titles. */
  namesFor: (field: FieldDef) => Map<number, string>;
  links: Map<FieldDef, Map<number, number[]>>;
  values: Map<number, Map<number, number[]>>;
}

/**
 * How a column's cell is read from its row, by the index of its column in the page (null: a multi-value column,
 * filled from the entries).
 */
function cellReader(column: ExportColumn, type: ItemTypeDef, names: Names, position: (name: string) => number, h: CellHelpers): ((row: ArrayRow) => string | null) | null {
  const field = column.field;
  if (field.type === 'multifield') return null;
  const idAt = position('id');
  if (field.type === 'links' || field.custom?.multiple) {
    const byItem = field.type === 'links' ? h.links.get(field)! : h.values.get(field.custom!.id)!;
    const named = h.namesFor(field);
    // The names of the item's linked items or values, a line each (those it may not read left out).
    return (row) => {
      const ids = byItem.get(Number(row[idAt]));
      if (ids === undefined) return null;
      let text: string | null = null;
      for (const id of ids) {
        const name = named.get(id);
        if (name !== undefined && name !== '') text = text === null ? name : `${text}\n${name}`;
      }
      return text;
    };
  }
  const at = field.column ? position(field.column) : -1;
  // A field whose column the page does not hold (hidden from the author since the export was asked for): empty.
  if (at < 0) return () => null;
  if (field.type === 'boolean') return (row) => (row[at] === undefined ? null : fromColumn(field, row[at]) ? h.yes : h.no);
  if (field.name === type.stages?.pipelineField) {
    return (row) => {
      const stored = row[at];
      return stored === null || stored === undefined ? null : (names.pipelines.get(Number(stored)) ?? String(stored));
    };
  }
  switch (field.type) {
    case 'reference': {
      // The names of the values the batch holds, by the value as stored: a short list's few values.
      const prefix = `${field.list}\u0000`;
      const shown = new Map<unknown, string>();
      return (row) => {
        const stored = row[at];
        if (stored === null || stored === undefined) return null;
        let text = shown.get(stored);
        if (text === undefined) {
          text = names.listValues.get(prefix + String(stored)) ?? String(stored);
          if (shown.size < 10_000) shown.set(stored, text);
        }
        return text;
      };
    }
    case 'user':
    case 'item':
    case 'enumeration': {
      const named = h.namesFor(field);
      return (row) => {
        const stored = row[at];
        return stored === null || stored === undefined ? null : (named.get(Number(stored)) ?? null);
      };
    }
    case 'money': {
      const currencyAt = field.currencyColumn ? position(field.currencyColumn) : -1;
      return (row) => {
        const stored = row[at];
        if (stored === null || stored === undefined) return null;
        const value = fromColumn(field, stored, field.currencyColumn ? { [field.currencyColumn]: currencyAt < 0 ? undefined : row[currencyAt] } : undefined);
        // A custom money field holds its own currency: in the base currency a plain amount (a number in XLSX), in
        // another the amount and its code (`98765.43 USD`), as the import reads them.
        if (typeof value === 'string') return value;
        const { amount, currency } = value as { amount: string; currency: string | null };
        return currency && currency !== names.baseCurrency ? `${amount} ${currency}` : amount;
      };
    }
    case 'datetime':
      return (row) => {
        const stored = row[at];
        if (stored === null || stored === undefined) return null;
        return typeof stored === 'string' && stored.length === 24 && stored.endsWith('Z') ? stored : new Date(stored as string).toISOString();
      };
    case 'string':
    case 'text':
    case 'url':
    case 'address':
    case 'currency':
      return (row) => {
        const stored = row[at];
        return typeof stored === 'string' ? stored : stored === null || stored === undefined ? null : String(stored);
      };
    case 'integer':
    case 'number':
      // As fromColumn reads them (Number), written back as text.
      return (row) => {
        const stored = row[at];
        return typeof stored === 'number' ? String(stored) : stored === null || stored === undefined ? null : String(Number(stored));
      };
    default:
      return (row) => {
        const stored = row[at];
        return stored === null || stored === undefined ? null : String(fromColumn(field, stored));
      };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

async function userNames(ctx: Context, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [Number(row.id), row.name]));
}

/**
 * The titles of the linked items the author may read (the others stay out, as the list leaves them out): of the
 * ids given, or of every item in an id range (read in order, in parts).
 */
async function titlesOf(ctx: Context, name: ItemTypeName, ids: number[] | { min: number; max: number }): Promise<Map<number, string>> {
  const reader = scopedReader(ctx);
  const view = viewOf(reader, name);
  const found = new Map<number, string>();
  const read = async (narrow: (query: ReturnType<typeof itemsQuery>) => ReturnType<typeof itemsQuery>) => {
    const rows = (await narrow(itemsQuery(reader, name).select(['id', ...titleColumns(view)].map((c) => `${view.table}.${c}`))).execute()) as Row[];
    for (const row of rows) found.set(Number(row.id), itemTitle(view, row, ctx.locale as Locale));
  };
  if (Array.isArray(ids)) {
    for (let start = 0; start < ids.length; start += 5000) await read((query) => query.where(`${view.table}.id`, 'in', ids.slice(start, start + 5000)));
  } else {
    for (let start = ids.min; start <= ids.max; start += 50_000) {
      const end = Math.min(start + 50_000 - 1, ids.max);
      await read((query) => query.where(`${view.table}.id`, '>=', start).where(`${view.table}.id`, '<=', end));
    }
  }
  return found;
}
