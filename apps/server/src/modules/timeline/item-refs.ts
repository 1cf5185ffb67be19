import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ItemTypeName, Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { itemsQuery, restrictionOf, scopedReader, viewOf } from '../items/item-reader.ts';
import { itemTitle, titleColumns } from '../items/item.presenter.ts';
import { dynamic, type Row } from '../items/item.repository.ts';

/**
 * Items named by type and id from outside the item tables (an activity's owner and the items it concerns, a
 * comment's item, a task's linked items, a notification's subject): whether the caller may read them, in SQL or
 * for a list of them, and their titles.
 */

export interface ItemRef {
  type: ItemTypeName;
  id: number;
}

export const refKey = (ref: { type: string; id: number }) => `${ref.type}:${ref.id}`;

/**
 * SQL: the item named by the columns `typeColumn` and `idColumn` of the outer query is live and the caller may read
 * it, or `alsoWhen` holds for it (an activity's responsible sees it whatever the scope; the item must still be live).
 * One EXISTS per item type, each carrying that type's read scope.
 */
export function readableItem(ctx: Context, typeColumn: string, idColumn: string, alsoWhen?: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>) {
  const reader = scopedReader(ctx);
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    eb.or(
      itemTypeNames.map((name) => {
        const table = ctx.catalog.full[name].table;
        const restrict = restrictionOf(reader, name);
        let inner = dynamic(ctx.db)
          .selectFrom(table)
          .select(sql.lit(1).as('one'))
          .whereRef(`${table}.id`, '=', idColumn as any)
          .where(`${table}.deleted_at`, 'is', null)
          .where((inner) => (restrict ? (alsoWhen ? inner.or([restrict(inner), alsoWhen(inner)]) : restrict(inner)) : sql<SqlBool>`1 = 1`));
        // PostgreSQL turns an EXISTS under OR into a hash of every live id of the table (18 ms at 100k deals, and
        // growing); OFFSET 0 keeps it a probe of the primary key per row, as SQLite does anyway.
        if (ctx.dialect === 'postgres') inner = inner.offset(0);
        return eb.and([eb(typeColumn as any, '=', name), eb.exists(inner)]);
      }),
    );
}

/** Refuses (404 naming the first) items that are not live or that the caller may not read. */
export async function requireReadable(ctx: Context, refs: ItemRef[], field: string): Promise<void> {
  const found = await titlesOf(ctx, refs);
  const missing = refs.findIndex((ref) => !found.has(refKey(ref)));
  if (missing >= 0) throw new AppError('NOT_FOUND', { field: `${field}${field === 'owner' ? '' : `.${missing}`}`, type: refs[missing].type, id: refs[missing].id });
}

/** The titles of the live items of `refs` the caller may read ("type:id" → title), as the caller's view titles them. */
export async function titlesOf(ctx: Context, refs: ItemRef[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const reader = scopedReader(ctx);
  for (const name of itemTypeNames) {
    const ids = [...new Set(refs.filter((ref) => ref.type === name).map((ref) => ref.id))];
    if (ids.length === 0) continue;
    const view = viewOf(reader, name);
    const rows = (await itemsQuery(reader, name)
      .select(['id', ...titleColumns(view)].map((c) => `${view.table}.${c}`))
      .where(`${view.table}.id`, 'in', ids)
      .execute()) as Row[];
    for (const row of rows) titles.set(refKey({ type: name, id: Number(row.id) }), itemTitle(view, row, ctx.locale as Locale));
  }
  return titles;
}

/** `refs` without repeats, in their order. */
export function uniqueRefs(refs: ItemRef[]): ItemRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => !seen.has(refKey(ref)) && seen.add(refKey(ref)));
}

/** `list` grouped by `key`, each group in the list's order: a page's side rows (links, members…) per row of the page. */
export function groupBy<T>(list: T[], key: (entry: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const entry of list) {
    const k = key(entry);
    const group = groups.get(k);
    if (group) group.push(entry);
    else groups.set(k, [entry]);
  }
  return groups;
}
