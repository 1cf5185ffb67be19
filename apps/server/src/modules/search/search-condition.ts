import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import { prefixRange } from '../../db/dialect.ts';
import { viewOf, type ItemReader } from '../items/item-reader.ts';
import { searchedFields } from './search-index.ts';
import { searchTerms } from './search-terms.ts';
import { matchingIds } from './search.repository.ts';

export type SearchCondition = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/**
 * The quick search of a list, a board or a group action (`search=`): the items the global search would find for the
 * text, in the fields the reader may see — names and titles, company name, e-mails, any run of a phone's digits,
 * accents and case aside — as a condition on the type's rows. A text without a word of three characters matches the
 * start of titles. Undefined for a blank text (no condition).
 */
export function searchCondition(reader: ItemReader, name: ItemTypeName, text: string | undefined): SearchCondition | undefined {
  if (text === undefined) return undefined;
  const terms = searchTerms(text);
  if (terms.text === '') return undefined;
  const { ctx } = reader;
  const view = viewOf(reader, name);
  const full = ctx.catalog.full[name];
  const table = view.table;
  const searched = searchedFields(view);
  if (terms.indexed.length === 0) {
    const keys = view.titleFields.flatMap((field) => view.fields.find((f) => f.name === field)?.keyColumn ?? []);
    return (eb) => (keys.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(keys.map((key) => prefixRange(sql.ref(`${table}.${key}`), terms.text))));
  }
  if (searched.length === 0) return () => sql<SqlBool>`1 = 0`;
  const match = { words: [...terms.indexed, ...terms.short], columns: searched.map((s) => s.column), allColumns: searched.length === searchedFields(full).length };
  return (eb) => eb(`${table}.id`, 'in', matchingIds(ctx.dialect, ctx.db, full, match));
}
