import type { ExpressionBuilder } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { bulkUpdate, type Selection } from '../items/bulk-writer.ts';
import type { Input } from '../items/item-write.ts';
import type { ItemDto } from '../items/item.presenter.ts';

type Eb = ExpressionBuilder<any, any>;

/**
 * Points every other item that refers to the merged items at the survivor instead: a deal's or lead's company or
 * contact, a deal's contacts, the lead an item came from, item-typed custom fields (one or several values). Each
 * holder is changed through the bulk writer (version, history, search index), live or in the recycle bin (a restored
 * deal then names the survivor). Holders are changed whoever may read them: the merge moves every link, as the
 * caller cannot see which of them they could not have changed. The links the merged type keeps in its own link
 * tables (a contact's companies: the same rows as a company's contacts) are moved with the survivor's own values.
 */
export async function repointReferences(ctx: Context, target: ItemTypeName, mergedIds: number[], survivorId: number): Promise<number> {
  const merged = new Set(mergedIds);
  const participants = [...mergedIds, survivorId];
  const ownLinkTables = new Set(ctx.catalog.full[target].fields.flatMap((f) => (f.type === 'links' ? [f.link!.table] : [])));
  let changed = 0;
  for (const holder of itemTypeNames) {
    for (const field of ctx.catalog.full[holder].fields) {
      if (field.itemType !== target) continue;
      const others = (eb: Eb, table: string) => (holder === target ? eb(`${table}.id`, 'not in', participants) : eb.lit(true));
      let where: Selection['where'];
      if (field.type === 'links') {
        const link = field.link!;
        if (ownLinkTables.has(link.table)) continue;
        where = (eb, table) => eb.and([eb(`${table}.id`, 'in', eb.selectFrom(link.table).select(link.selfColumn).where(link.otherColumn, 'in', mergedIds)), others(eb, table)]);
      } else if (field.custom?.multiple) {
        where = (eb, table) => eb.and([eb(`${table}.id`, 'in', eb.selectFrom('custom_field_values').select('entity_id').where('field_id', '=', field.custom!.id).where('value', 'in', mergedIds)), others(eb, table)]);
      } else if (field.column) {
        where = (eb, table) => eb.and([eb(`${table}.${field.column}`, 'in', mergedIds), others(eb, table)]);
      } else {
        continue;
      }
      const repointed = (item: ItemDto): Input => {
        const value = item[field.name];
        if (!Array.isArray(value)) return { [field.name]: survivorId };
        return { [field.name]: [...new Set((value as number[]).map((id) => (merged.has(id) ? survivorId : id)))] };
      };
      changed += (await bulkUpdate(ctx, { type: holder, which: 'any', where, reach: 'everything' }, repointed)).changed;
    }
  }
  return changed;
}
