import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { itemsQuery, presentRows, viewOf, type ItemReader } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import type { Row } from '../items/item.repository.ts';
import type { SearchHit } from './search.service.ts';

/**
 * A search hit as the list shows it: the item's title and a second line of what the caller may see of it, its first
 * e-mail, first phone and company ("maria@x.com.br · +55 31 99876-5432 · Horizonte Ltda"), or null when none.
 */

const separator = ' · ';

interface MultifieldEntry {
  value: string;
}

/** The fields of the second line the caller may see: first e-mail, first phone, a company named or linked. */
export function subtitleFields(view: ItemTypeDef) {
  return {
    email: view.fields.find((f) => f.multifieldKind === 'email'),
    phone: view.fields.find((f) => f.multifieldKind === 'phone'),
    companyName: view.fields.find((f) => f.name === 'companyTitle'),
    companyLink: view.fields.find((f) => f.itemType === 'company' && (f.type === 'item' || f.type === 'links') && !f.custom),
  };
}

/** `rows`: the items' rows with the columns of their title and `subtitleFields`. */
export async function presentHits(reader: ItemReader, name: ItemTypeName, rows: Row[]): Promise<SearchHit[]> {
  const view = viewOf(reader, name);
  const { email, phone, companyName, companyLink } = subtitleFields(view);
  const fields = [email, phone, companyName, companyLink].filter((f): f is FieldDef => f !== undefined);
  const items = await presentRows(reader, name, rows, fields);

  const companyOf = (item: Record<string, unknown>): number | undefined => {
    const value = companyLink ? item[companyLink.name] : undefined;
    return Array.isArray(value) ? (value[0] as number | undefined) : ((value as number | null | undefined) ?? undefined);
  };
  const companyTitles = await titlesOf(reader, 'company', items.flatMap((item) => companyOf(item) ?? []));

  return rows.map((row, index) => {
    const item = items[index];
    const first = (field: FieldDef | undefined) => (field ? (item[field.name] as MultifieldEntry[])[0]?.value : undefined);
    const company = companyTitles.get(companyOf(item) ?? 0) ?? (companyName ? (item[companyName.name] as string | null) : null);
    const parts = [first(email), first(phone), company].filter((part): part is string => typeof part === 'string' && part !== '');
    return { id: Number(row.id), title: itemTitle(view, row, reader.ctx.locale), subtitle: parts.length > 0 ? parts.join(separator) : null };
  });
}

/** The titles of the items of `ids` the reader may read (others are left out). */
async function titlesOf(reader: ItemReader, name: ItemTypeName, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const view = viewOf(reader, name);
  const rows = (await itemsQuery(reader, name)
    .select(['id', ...titleColumns(view)].map((c) => `${view.table}.${c}`))
    .where(`${view.table}.id`, 'in', [...new Set(ids)])
    .execute()) as Row[];
  return new Map(rows.map((row) => [Number(row.id), itemTitle(view, row, reader.ctx.locale)]));
}
