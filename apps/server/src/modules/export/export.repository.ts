import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { FieldDef, ItemTypeName } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import { dynamic } from '../items/item.repository.ts';

/**
 * Kysely queries of what an export's batch needs beside its rows: multi-value entries, links, values of multiple
 * custom fields. A batch's ids are usually a dense run (the list in id order, most items included): then the
 * queries take the id range, which the indexes answer as one range scan, and leave out what is not in the batch;
 * sparse ids go as an IN list, in chunks.
 */

const chunk = 5000;

/** Rows of the batch's items: `read(condition)` runs a query narrowed to some of `ids`; rows of other items are dropped. */
async function forIds<T>(ids: number[], idOf: (row: T) => number, read: (condition: (eb: ExpressionBuilder<any, any>, column: string) => Expression<SqlBool>) => Promise<T[]>): Promise<T[]> {
  if (ids.length === 0) return [];
  const min = Math.min(...ids);
  const max = Math.max(...ids);
  if (max - min < ids.length * 4) {
    const wanted = new Set(ids);
    const rows = await read((eb, column) => eb.and([eb(column, '>=', min), eb(column, '<=', max)]));
    return rows.filter((row) => wanted.has(idOf(row)));
  }
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    rows.push(...(await read((eb, column) => eb(column, 'in', part))));
  }
  return rows;
}

export interface EntryRow {
  entity_id: number;
  kind: string;
  value_type: string;
  value: string;
}

/** Multi-value entries of the items, in their order per item. */
export function entriesOf(db: Db, type: ItemTypeName, ids: number[], kinds: string[]): Promise<EntryRow[]> {
  if (kinds.length === 0) return Promise.resolve([]);
  // Ordered here rather than in SQL: the index gives the rows by item, and sorting them by (item, sort, id) in the
  // database would cost a temporary B-tree per batch.
  const order = (a: EntryRow & { sort: number; id: number }, b: EntryRow & { sort: number; id: number }) => Number(a.entity_id) - Number(b.entity_id) || Number(a.sort) - Number(b.sort) || Number(a.id) - Number(b.id);
  return forIds(
    ids,
    (row) => Number(row.entity_id),
    async (condition) =>
      (
        (await db
          .selectFrom('multifields')
          .select(['id', 'entity_id', 'kind', 'value_type', 'value', 'sort'])
          .where('entity_type', '=', type)
          .where((eb) => condition(eb, 'entity_id'))
          .where('kind', 'in', kinds)
          .execute()) as Array<EntryRow & { sort: number; id: number }>
      )
        .sort(order),
  );
}

/** The items each item links to through a links field, in their order. */
export function linksOf(db: Db, field: FieldDef, ids: number[]): Promise<Array<{ self: number; other: number }>> {
  const link = field.link!;
  return forIds(
    ids,
    (row) => row.self,
    async (condition) =>
      (
        await dynamic(db)
          .selectFrom(link.table)
          .select([`${link.selfColumn} as self`, `${link.otherColumn} as other`])
          .where((eb) => condition(eb, link.selfColumn))
          .orderBy(link.selfColumn)
          .orderBy('sort')
          .orderBy(link.otherColumn)
          .execute()
      ).map((row) => ({ self: Number(row.self), other: Number(row.other) })),
  );
}

/** Values of multiple-value custom fields of the items, in their order. */
export function multipleValuesOf(db: Db, fieldIds: number[], ids: number[]): Promise<Array<{ field_id: number; entity_id: number; value: number }>> {
  if (fieldIds.length === 0) return Promise.resolve([]);
  return forIds(
    ids,
    (row) => row.entity_id,
    async (condition) =>
      (
        await db
          .selectFrom('custom_field_values')
          .select(['field_id', 'entity_id', 'value'])
          .where('field_id', 'in', fieldIds)
          .where((eb) => condition(eb, 'entity_id'))
          .orderBy('entity_id')
          .orderBy('sort')
          .execute()
      ).map((row) => ({ field_id: Number(row.field_id), entity_id: Number(row.entity_id), value: Number(row.value) })),
  );
}
