import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { itemsQuery, readRow, scopedReader, viewOf } from './item-reader.ts';
import { itemTitle, titleColumns } from './item.presenter.ts';
import type { Row } from './item.repository.ts';

/**
 * The "dependencies" of a card: every live item linked to this one, in either direction: what it points at (a
 * deal's company), what points at it (a company's deals) and many-to-many links (a contact's companies). Paged, since
 * a company may have tens of thousands of contacts; only items the caller may read, through links the caller may see.
 */

export interface Dependency {
  type: ItemTypeName;
  id: number;
  title: string;
  relation: string;
}

type Eb = ExpressionBuilder<any, any>;

/** One way items of `target` relate to the item: a condition on the target's table. */
interface Relation {
  name: string;
  target: ItemTypeName;
  condition: (eb: Eb, table: string) => Expression<SqlBool>;
}

export async function itemDependencies(ctx: Context, name: ItemTypeName, id: number, cursor: string | undefined, limit: number) {
  const reader = scopedReader(ctx);
  // The row is enough (its single links are columns), and spares loading a company's fifty thousand contact ids.
  const stored = await readRow(reader, name, id);
  if (!stored) throw notFound();
  const relations = relationsOf(ctx, name, stored);
  let [relationIndex, afterId] = cursor === undefined ? [0, 0] : decodePosition(cursor, relations.length);
  const items: Dependency[] = [];
  let nextCursor: string | null = null;
  while (relationIndex < relations.length) {
    const relation = relations[relationIndex];
    const view = viewOf(reader, relation.target);
    const table = view.table;
    // With the page full, one row of the relations left says whether there is a next page.
    const wanted = limit - items.length;
    const rows = (await itemsQuery(reader, relation.target)
      .select([`${table}.id`, ...titleColumns(view).map((c) => `${table}.${c}`)])
      .where((eb) => relation.condition(eb, table))
      .where(`${table}.id`, '>', afterId)
      .orderBy(`${table}.id`)
      .limit(wanted + 1)
      .execute()) as Row[];
    for (const row of rows.slice(0, wanted)) items.push({ type: relation.target, id: Number(row.id), title: itemTitle(view, row, ctx.locale), relation: relation.name });
    if (rows.length > wanted) {
      nextCursor = wanted === 0 ? encodePosition(relationIndex, afterId) : encodePosition(relationIndex, items[items.length - 1].id);
      break;
    }
    relationIndex++;
    afterId = 0;
  }
  return { items, nextCursor };
}

/** The relations of an item of type `name` (its stored row), in a fixed order; links through fields the caller may not see are left out. */
function relationsOf(ctx: Context, name: ItemTypeName, stored: Row): Relation[] {
  const visible = ctx.catalog.visible;
  const own = visible[name];
  const id = Number(stored.id);
  const relations: Relation[] = [];
  for (const field of own.fields) {
    if (!field.itemType) continue;
    if (field.type === 'item' && !field.custom?.multiple && stored[field.column!] != null) {
      const target = Number(stored[field.column!]);
      relations.push({ name: field.name, target: field.itemType, condition: (eb, table) => eb(`${table}.id`, '=', target) });
    } else if (field.type === 'links') {
      const link = field.link!;
      relations.push({ name: field.name, target: field.itemType, condition: (eb, table) => eb(`${table}.id`, 'in', eb.selectFrom(link.table).select(link.otherColumn).where(link.selfColumn, '=', id)) });
    } else if (field.custom?.multiple) {
      const values = (eb: Eb) => eb.selectFrom('custom_field_values').select('value').where('field_id', '=', field.custom!.id).where('entity_id', '=', id);
      relations.push({ name: field.name, target: field.itemType, condition: (eb, table) => eb(`${table}.id`, 'in', values(eb)) });
    }
  }
  for (const other of itemTypeNames) {
    for (const field of visible[other].fields) {
      if (field.itemType !== name) continue;
      const relation = `${other}.${field.name}`;
      if (field.type === 'item' && !field.custom?.multiple) {
        relations.push({ name: relation, target: other, condition: (eb, table) => eb(`${table}.${field.column}`, '=', id) });
      } else if (field.type === 'links' && !own.fields.some((mine) => mine.link?.table === field.link!.table)) {
        // A link table seen from the other side; skipped when this type lists it as its own field already.
        const link = field.link!;
        relations.push({ name: relation, target: other, condition: (eb, table) => eb(`${table}.id`, 'in', eb.selectFrom(link.table).select(link.selfColumn).where(link.otherColumn, '=', id)) });
      } else if (field.custom?.multiple) {
        const holders = (eb: Eb) => eb.selectFrom('custom_field_values').select('entity_id').where('field_id', '=', field.custom!.id).where('value', '=', id);
        relations.push({ name: relation, target: other, condition: (eb, table) => eb(`${table}.id`, 'in', holders(eb)) });
      }
    }
  }
  return relations;
}

const encodePosition = (relation: number, id: number) => Buffer.from(JSON.stringify([relation, id])).toString('base64url');

function decodePosition(cursor: string, relations: number): [number, number] {
  try {
    const [relation, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(relation) && (relation as number) >= 0 && (relation as number) <= relations && Number.isInteger(id) && (id as number) >= 0 && (id as number) <= 2_147_483_647) {
      return [relation as number, id as number];
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalid([{ field: 'cursor', rule: 'cursor' }]);
}
