import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { multifieldValueTypes, type FieldDef, type ItemTypeName } from '@vinculo/shared';
import { executeArrays } from '../../db/array-rows.ts';
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
    const rows = await read((eb, column) => eb.and([eb(column, '>=', min), eb(column, '<=', max)]));
    // Every id of the range is the batch's (ids are distinct): nothing to drop.
    if (max - min + 1 === ids.length) return rows;
    const wanted = new Set(ids);
    return rows.filter((row) => wanted.has(idOf(row)));
  }
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    rows.push(...(await read((eb, column) => eb(column, 'in', part))));
  }
  return rows;
}

/** A multi-value entry: [item id, sort, id, kind, value type, value]. */
export type EntryRow = [entityId: number, sort: number, id: number, kind: string, valueType: string, value: string];

/**
 * Multi-value entries of the items, in their order per item (by item, then sort, then id). Rows come as arrays
 * (db/array-rows.ts): a batch has thousands.
 */
export async function entriesOf(db: Db, type: ItemTypeName, ids: number[], kinds: string[]): Promise<EntryRow[]> {
  if (kinds.length === 0) return [];
  // Ordered here rather than in SQL: the index gives the rows by item (then by id), and sorting them by (item, sort,
  // id) in the database would cost a temporary B-tree per batch. They are sorted only when the index's order is not
  // that already (an entry moved up or down in its item's list).
  type Read = EntryRow;
  const allKinds = Object.keys(multifieldValueTypes).every((kind) => kinds.includes(kind));
  const rows = (await forIds(
    ids,
    (row) => Number(row[0]),
    async (condition) =>
      (
        await executeArrays(
          db,
          db
            .selectFrom('multifields')
            .select(['entity_id', 'sort', 'id', 'kind', 'value_type', 'value'])
            .where('entity_type', '=', type)
            .where((eb) => condition(eb, 'entity_id'))
            // Every kind wanted (all fields): no condition, which SQLite would test on every row the index gives.
            .$if(!allKinds, (query) => query.where('kind', 'in', kinds))
            .compile(),
        )
      ).rows as Read[],
  )) as Read[];
  const order = (a: Read, b: Read) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]);
  for (let index = 1; index < rows.length; index++) {
    if (order(rows[index - 1], rows[index]) > 0) {
      rows.sort(order);
      break;
    }
  }
  return rows;
}

/** The items each item links to through a links field, in their order: [item id, linked item id]. */
export function linksOf(db: Db, field: FieldDef, ids: number[]): Promise<Array<[self: number, other: number]>> {
  const link = field.link!;
  return forIds(
    ids,
    (row) => row[0],
    async (condition) =>
      (
        await executeArrays(
          db,
          dynamic(db)
            .selectFrom(link.table)
            .select([`${link.selfColumn} as self`, `${link.otherColumn} as other`])
            .where((eb) => condition(eb, link.selfColumn))
            .orderBy(link.selfColumn)
            .orderBy('sort')
            .orderBy(link.otherColumn)
            .compile(),
        )
      ).rows.map((row): [number, number] => [Number(row[0]), Number(row[1])]),
  );
}

/** Values of multiple-value custom fields of the items, in their order: [field id, item id, value]. */
export async function multipleValuesOf(db: Db, fieldIds: number[], ids: number[]): Promise<Array<[fieldId: number, entityId: number, value: number]>> {
  if (fieldIds.length === 0) return [];
  return forIds(
    ids,
    (row) => row[1],
    async (condition) =>
      (
        await executeArrays(
          db,
          db
            .selectFrom('custom_field_values')
            .select(['field_id', 'entity_id', 'value'])
            .where('field_id', 'in', fieldIds)
            .where((eb) => condition(eb, 'entity_id'))
            .orderBy('entity_id')
            .orderBy('sort')
            .compile(),
        )
      ).rows.map((row): [number, number, number] => [Number(row[0]), Number(row[1]), Number(row[2])]),
  );
}
