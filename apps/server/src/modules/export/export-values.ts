import { translate, type FieldDef, type ItemTypeDef, type ItemTypeName, type Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { itemsQuery, scopedReader, viewOf } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import { fromColumn } from '../items/item-values.ts';
import { loadCustomValues, loadLinks, loadMultifields, type Row } from '../items/item.repository.ts';
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

/** The small, stable names a job reads once per batch: list values (by list and code) and pipelines. */
export interface Names {
  listValues: Map<string, string>;
  pipelines: Map<number, string>;
}

export async function loadNames(ctx: Context): Promise<Names> {
  const nameColumn = ctx.locale === 'en' ? 'name_en' : 'name_pt';
  const values = await ctx.db.selectFrom('reference_items').select(['list_id', 'code', nameColumn]).execute();
  const pipelines = await allPipelines(ctx.db);
  return {
    listValues: new Map(values.map((row) => [`${row.list_id}\u0000${row.code}`, (row as unknown as Record<string, string>)[nameColumn]])),
    pipelines: new Map(pipelines.map((row) => [Number(row.id), row.name ?? translate(ctx.locale, 'pipeline.general')])),
  };
}

/** The cells of `rows` (item rows of `type` with the columns' fields selected), read as `ctx`'s author. */
export async function cellsOf(ctx: Context, type: ItemTypeDef, columns: ExportColumn[], rows: Row[], names: Names): Promise<CellRows> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.id));
  const fields = [...new Set(columns.map((c) => c.field))];
  const multifieldKinds = fields.filter((f) => f.type === 'multifield').map((f) => f.multifieldKind!);
  const multiple = fields.filter((f) => f.custom?.multiple);
  const linkFields = fields.filter((f) => f.type === 'links');

  // Multi-value entries by item, kind and value type, in their order.
  const entries = new Map<string, string[]>();
  for (const entry of await loadMultifields(ctx.db, type.name, ids, multifieldKinds)) push(entries, `${entry.entity_id}:${entry.kind}:${entry.value_type}`, entry.value);
  const values = new Map<string, number[]>();
  for (const value of await loadCustomValues(ctx.db, multiple.map((f) => f.custom!.id), ids)) push(values, `${value.entity_id}:${value.field_id}`, value.value);
  const links = new Map<FieldDef, Map<number, number[]>>();
  for (const field of linkFields) {
    const byItem = new Map<number, number[]>();
    for (const link of await loadLinks(ctx.db, field, ids)) push(byItem, link.self, link.other);
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
    else if (field.custom?.multiple) for (const id of ids) (values.get(`${id}:${field.custom.id}`) ?? []).forEach(targets);
    else for (const row of rows) if (row[field.column!] != null) targets(Number(row[field.column!]));
  }
  const users = await userNames(ctx, [...userIds]);
  const titles = new Map<ItemTypeName, Map<number, string>>();
  for (const [name, wanted] of linked) titles.set(name, await titlesOf(ctx, name, [...wanted]));

  const [yes, no] = booleanWords[ctx.locale];
  const nameOf = (field: FieldDef, id: number): string | undefined =>
    field.type === 'user' ? users.get(id) : field.type === 'enumeration' ? field.custom?.options?.find((o) => o.id === id)?.value : titles.get(field.itemType!)?.get(id);
  const joinNames = (field: FieldDef, ids: number[]) => {
    const shown = ids.map((id) => nameOf(field, id)).filter((n): n is string => n !== undefined && n !== '');
    return shown.length > 0 ? shown.join('\n') : null;
  };

  const cell = (column: ExportColumn, row: Row): string | null => {
    const field = column.field;
    const id = Number(row.id);
    if (field.type === 'multifield') return entries.get(`${id}:${field.multifieldKind}:${column.valueType}`)?.join(', ') ?? null;
    if (field.type === 'links') return joinNames(field, links.get(field)!.get(id) ?? []);
    if (field.custom?.multiple) return joinNames(field, values.get(`${id}:${field.custom.id}`) ?? []);
    if (!field.column) return null;
    const stored = row[field.column];
    if (field.type === 'boolean') return stored === undefined ? null : fromColumn(field, stored) ? yes : no;
    if (stored === null || stored === undefined) return null;
    if (field.name === type.stages?.pipelineField) return names.pipelines.get(Number(stored)) ?? String(stored);
    switch (field.type) {
      case 'reference':
        return names.listValues.get(`${field.list}\u0000${stored}`) ?? String(stored);
      case 'user':
      case 'item':
      case 'enumeration':
        return nameOf(field, Number(stored)) ?? null;
      case 'money': {
        const value = fromColumn(field, stored, row);
        return typeof value === 'string' ? value : (value as { amount: string }).amount;
      }
      case 'datetime':
        return typeof stored === 'string' ? new Date(stored).toISOString() : (stored as Date).toISOString();
      default:
        return String(fromColumn(field, stored, row));
    }
  };
  return rows.map((row) => columns.map((column) => cell(column, row)));
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

/** The titles of the linked items the author may read (the others stay out, as the list leaves them out). */
async function titlesOf(ctx: Context, name: ItemTypeName, ids: number[]): Promise<Map<number, string>> {
  const reader = scopedReader(ctx);
  const view = viewOf(reader, name);
  const found = new Map<number, string>();
  for (let start = 0; start < ids.length; start += 5000) {
    const rows = (await itemsQuery(reader, name)
      .select(['id', ...titleColumns(view)].map((c) => `${view.table}.${c}`))
      .where(`${view.table}.id`, 'in', ids.slice(start, start + 5000))
      .execute()) as Row[];
    for (const row of rows) found.set(Number(row.id), itemTitle(view, row, ctx.locale as Locale));
  }
  return found;
}
