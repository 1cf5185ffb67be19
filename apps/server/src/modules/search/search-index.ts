import { foldText, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { itemsQuery, unscopedReader } from '../items/item-reader.ts';
import { presentItems } from '../items/item.presenter.ts';
import { chunkSize, columnsOf, type Row } from '../items/item.repository.ts';
import { deleteIndexRows, writeIndexRows, type IndexRow } from './search.repository.ts';

/**
 * The global search index, kept in the write's transaction: the engine's write step calls `indexItems` for every item
 * it creates (`changedFields` undefined) or changes (the names of the fields that changed), and the bulk purge calls
 * `unindexItems` before items are deleted for good. Moving an item to the recycle bin and back changes nothing here:
 * searches read through the scoped reader, which leaves binned items out.
 *
 * One row per item, one column per searched field (search_index, migration 2026-11-29T14-00): text folded as lists
 * fold it (`Conceição` → `conceicao`), e-mails in lower case, phones as the digits of their E.164 form, so a run of
 * digits typed any way finds the number.
 */

/** A field the index holds, and its column in `search_index`. */
export interface SearchedField {
  field: FieldDef;
  column: string;
}

/** The names of a person: searched on every type that has them, whether or not they make its title. */
const personNames = new Set(['name', 'secondName', 'lastName']);
const companyName = 'companyTitle';
const searchedKinds = new Set(['email', 'phone']);

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const byType = new WeakMap<ItemTypeDef, SearchedField[]>();

/**
 * What the index holds of a type, from its metadata: its title fields, a person's names, the company name it carries
 * (a lead's `companyTitle`), its e-mails and phones. `type` may be a caller's view: then only what they may see.
 */
export function searchedFields(type: ItemTypeDef): SearchedField[] {
  let fields = byType.get(type);
  if (!fields) {
    fields = type.fields
      .filter((f) => !f.custom && (type.titleFields.includes(f.name) || personNames.has(f.name) || f.name === companyName || searchedKinds.has(f.multifieldKind ?? '')))
      .map((field) => ({ field, column: field.column ?? snake(field.name) }));
    byType.set(type, fields);
  }
  return fields;
}

interface MultifieldValue {
  value: string;
  normalized?: string;
}

/** A field's value as the index keeps it (null for nothing): folded text, folded e-mails, phone digits. */
export function indexedText(field: FieldDef, value: unknown): string | null {
  if (field.type === 'multifield') {
    const normalized = ((value as MultifieldValue[] | undefined) ?? []).map((entry) => entry.normalized ?? entry.value);
    return field.multifieldKind === 'phone' ? indexedPhones(normalized) : indexedEmails(normalized);
  }
  return typeof value === 'string' && value.trim() !== '' ? foldText(value) : null;
}

/** Normalised e-mails as the index keeps them: folded, separated by spaces. */
export const indexedEmails = (normalized: string[]): string | null => joined(normalized.map(foldText));

/** Normalised phones (E.164) as the index keeps them: their digits, separated by spaces. */
export const indexedPhones = (normalized: string[]): string | null => joined(normalized.map((phone) => phone.replace(/\D/g, '')));

const joined = (texts: string[]) => texts.filter((text) => text !== '').join(' ') || null;

/** Writes the index rows of items of `type` (the full type) from their stored values; only when a searched field changed. */
export async function indexItems(ctx: Context, type: ItemTypeDef, ids: number[], changedFields?: string[]): Promise<void> {
  const fields = searchedFields(type);
  if (changedFields && !fields.some(({ field }) => changedFields.includes(field.name))) return;
  const reader = unscopedReader(ctx, 'the index holds every item, whoever wrote it');
  for (let start = 0; start < ids.length; start += chunkSize) {
    const chunk = ids.slice(start, start + chunkSize);
    const rows = (await itemsQuery(reader, type.name, 'any')
      .select([...new Set(['id', 'version', ...columnsOf(fields.map((f) => f.field))])].map((c) => `${type.table}.${c}`))
      .where(`${type.table}.id`, 'in', chunk)
      .execute()) as Row[];
    const items = await presentItems(ctx.db, type, rows, fields.map((f) => f.field));
    const indexRows: IndexRow[] = items.map((item) => ({
      id: item.id,
      texts: Object.fromEntries(fields.map(({ field, column }) => [column, indexedText(field, item[field.name])])),
    }));
    await writeIndexRows(ctx.db, ctx.dialect, type, indexRows);
  }
}

/**
 * Writes the index rows of items just inserted, from the values they were inserted with (multi-value entries with
 * their `normalized` form): no read back, and no old row to remove.
 */
export async function indexNewItems(ctx: Context, type: ItemTypeDef, items: Array<{ id: number; values: Record<string, unknown> }>): Promise<void> {
  const fields = searchedFields(type);
  const indexRows: IndexRow[] = items.map((item) => ({
    id: item.id,
    texts: Object.fromEntries(fields.map(({ field, column }) => [column, indexedText(field, item.values[field.name])])),
  }));
  await writeIndexRows(ctx.db, ctx.dialect, type, indexRows, { fresh: true });
}

/** Removes items about to be deleted for good from the index. */
export async function unindexItems(ctx: Context, type: ItemTypeDef, ids: number[]): Promise<void> {
  for (let start = 0; start < ids.length; start += chunkSize) await deleteIndexRows(ctx.db, ctx.dialect, type, ids.slice(start, start + chunkSize));
}
