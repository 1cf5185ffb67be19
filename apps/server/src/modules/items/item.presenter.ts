import type { FieldDef, ItemTypeDef, Locale } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import { fromColumn } from './item-values.ts';
import { loadCustomValues, loadLinks, loadMultifields, type Row } from './item.repository.ts';

/** Turns item rows into API objects, loading multi-value fields and links for the whole page at once. */

export type ItemDto = Record<string, unknown> & { id: number; version: number };

export async function presentItems(db: Db, type: ItemTypeDef, rows: Row[], fields: FieldDef[] = type.fields): Promise<ItemDto[]> {
  const ids = rows.map((r) => Number(r.id));
  const multifieldFields = fields.filter((f) => f.type === 'multifield');
  const linkFields = fields.filter((f) => f.type === 'links');

  const multipleFields = fields.filter((f) => f.custom?.multiple);

  const multifields = await loadMultifields(db, type.name, ids, multifieldFields.map((f) => f.multifieldKind!));
  const links = await Promise.all(linkFields.map((f) => loadLinks(db, f, ids)));
  const customValues = groupBy(await loadCustomValues(db, multipleFields.map((f) => f.custom!.id), ids), (v) => `${v.entity_id}:${v.field_id}`);

  const multifieldsByItem = groupBy(multifields, (m) => `${m.entity_id}:${m.kind}`);
  const linksByItem = links.map((rowsOfField) => groupBy(rowsOfField, (l) => String(l.self)));

  return rows.map((row) => {
    const id = Number(row.id);
    const dto: ItemDto = { id, version: Number(row.version) };
    for (const field of fields) {
      if (field.column) dto[field.name] = fromColumn(field, row[field.column], row);
    }
    for (const field of multipleFields) dto[field.name] = (customValues.get(`${id}:${field.custom!.id}`) ?? []).map((v) => v.value);
    for (const field of multifieldFields) {
      dto[field.name] = (multifieldsByItem.get(`${id}:${field.multifieldKind}`) ?? []).map((m) => ({ id: Number(m.id), value: m.value, valueType: m.value_type, normalized: m.value_normalized }));
    }
    linkFields.forEach((field, index) => {
      dto[field.name] = (linksByItem[index].get(String(id)) ?? []).map((l) => l.other);
    });
    return dto;
  });
}

/** The columns of the title fields `type` (a reader's view) shows: select them to title a row with `itemTitle`. */
export const titleColumns = (type: ItemTypeDef): string[] => type.titleFields.flatMap((name) => type.fields.find((f) => f.name === name)?.column ?? []);

/**
 * A readable name of an item ("Maria Silva", "Acme Ltda") from the title fields of `type`, the reader's view: a
 * title field the caller may not see is left out, and with none left the item is "Contato #12".
 */
export function itemTitle(type: ItemTypeDef, row: Row, locale: Locale): string {
  const parts = titleColumns(type).map((column) => row[column]).filter((v) => typeof v === 'string' && v !== '');
  return parts.length > 0 ? parts.join(' ') : `${type.label[locale]} #${row.id}`;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
