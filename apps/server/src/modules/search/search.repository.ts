import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ItemTypeDef } from '@vinculo/shared';
import type { Db, DialectName } from '../../db/types.ts';
import { insertJsonRows } from '../../db/json-rows.ts';
import { dynamic, type Row } from '../items/item.repository.ts';
import { indexPiece, minIndexedLength } from './search-terms.ts';

/**
 * The search index's SQL, the one place where the two databases differ for search (migration 2026-11-29T14-00):
 * SQLite keeps an FTS5 table with the trigram tokenizer, rowid = entityTypeId × 2³² + item id; PostgreSQL a table
 * keyed by (entity_type, entity_id) with a `pg_trgm` GIN index per item type on `document` (every column in one text).
 */

/** Every column of `search_index`, in its order. */
export const searchColumns = ['title', 'name', 'second_name', 'last_name', 'company_title', 'emails', 'phones'] as const;

const typeRange = 2 ** 32;

/** SQLite's rowid of an item's row: its type's entityTypeId × 2³² + its id, so the rows of a type are one range. */
export const searchRowId = (entityTypeId: number, id: number) => entityTypeId * typeRange + id;

export interface IndexRow {
  id: number;
  /** Search column → indexed text (null for nothing); columns left out are null. */
  texts: Record<string, string | null>;
}

/** Writes items' index rows, replacing the ones they have (`fresh`: new items, which have none). */
export async function writeIndexRows(db: Db, dialect: DialectName, type: ItemTypeDef, rows: IndexRow[], { fresh = false } = {}): Promise<void> {
  if (rows.length === 0) return;
  const texts = (row: IndexRow) => Object.fromEntries(searchColumns.map((column) => [column, row.texts[column] ?? null]));
  if (dialect === 'postgres' && fresh) {
    await insertJsonRows(db, 'search_index', ['entity_type', 'entity_id', ...searchColumns], rows.map((row) => ({ entity_type: type.name, entity_id: row.id, ...texts(row) })));
    return;
  }
  if (dialect === 'postgres') {
    await dynamic(db)
      .insertInto('search_index')
      .values(rows.map((row) => ({ entity_type: type.name, entity_id: row.id, ...texts(row) })))
      .onConflict((conflict) => conflict.columns(['entity_type', 'entity_id']).doUpdateSet(Object.fromEntries(searchColumns.map((column) => [column, (eb: any) => eb.ref(`excluded.${column}`)]))))
      .execute();
    return;
  }
  // An FTS5 table has no upsert: the old rows go, the new ones come.
  if (!fresh) await deleteIndexRows(db, dialect, type, rows.map((row) => row.id));
  await insertJsonRows(db, 'search_index', ['rowid', ...searchColumns], rows.map((row) => ({ rowid: searchRowId(type.entityTypeId, row.id), ...texts(row) })));
}

export async function deleteIndexRows(db: Db, dialect: DialectName, type: ItemTypeDef, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  if (dialect === 'postgres') {
    await dynamic(db).deleteFrom('search_index').where('entity_type', '=', type.name).where('entity_id', 'in', ids).execute();
  } else {
    await dynamic(db).deleteFrom('search_index').where('rowid', 'in', ids.map((id) => searchRowId(type.entityTypeId, id))).execute();
  }
}

/** What an item's index row must hold: every word, each in one of `columns` (the searched columns the caller may see). */
export interface TextMatch {
  /**
   * Folded words, at least one of three characters or more: the trigram index is asked for a piece of each such word
   * (`indexPiece`), and every word is then checked on the rows it gives.
   */
  words: string[];
  columns: string[];
  /** Whether `columns` are all the type's searched columns (PostgreSQL then checks `document` at once). */
  allColumns: boolean;
}

type Items = SelectQueryBuilder<any, any, object>;

/**
 * The newest items of `items` (the scoped reader's query of one type, live, in the caller's read scope, selecting the
 * columns wanted, `id` among them) whose index row matches, newest first, at most `limit`. `steps`: PostgreSQL's
 * (`postgresSteps`; tests make them small).
 */
export async function newestMatches(db: Db, dialect: DialectName, type: ItemTypeDef, items: Items, match: TextMatch, limit: number, steps = postgresSteps): Promise<Row[]> {
  return dialect === 'postgres' ? newestMatchesPostgres(db, type, items, match, limit, steps) : newestMatchesSqlite(type, items, match, limit);
}

/**
 * SQLite: FTS5 walks the rows that hold every word from the highest rowid down (the type's range), and the item table
 * is looked up by id for each, so the query stops as soon as it has `limit` items the caller may read.
 */
async function newestMatchesSqlite(type: ItemTypeDef, items: Items, match: TextMatch, limit: number): Promise<Row[]> {
  const first = type.entityTypeId * typeRange;
  const indexed = match.words.filter((word) => [...word].length >= minIndexedLength);
  const phrases = indexed.map((word) => `"${indexPiece(word).replace(/"/g, '""')}"`).join(' AND ');
  const expression = match.allColumns ? phrases : `{${match.columns.join(' ')}} : (${phrases})`;
  const checked = match.words.filter((word) => !indexed.includes(word) || indexPiece(word) !== word);
  const rows = await items
    .innerJoin('search_index', (join) => join.on(sql.ref(`${type.table}.id`), '=', sql`search_index.rowid - ${sql.lit(first)}`))
    .where(sql<SqlBool>`search_index match ${expression}`)
    .where(sql<SqlBool>`search_index.rowid > ${sql.lit(first)} and search_index.rowid < ${sql.lit(first + typeRange)}`)
    .where((eb) => containsEvery(eb, checked, match.columns, (column, word) => sql`instr(search_index.${sql.ref(column)}, ${word})`))
    .orderBy(sql`search_index.rowid`, 'desc')
    .limit(limit)
    .execute();
  return rows as Row[];
}

/**
 * How PostgreSQL finds the newest matches. A GIN index answers "which rows" but not "the newest first": for a common
 * word ("silva", one row in ten) it reads long posting lists and hands over tens of thousands of rows to check and
 * sort, while walking back from the newest row finds a page at once; for a rare word the walk would read everything.
 * So: walk the newest `recent` rows; then ask the index for at most `probe` hits below them (a rare word has fewer:
 * they are all there is, sorted); a word with more is common after all, though not among the newest rows (a batch of
 * other items was just added): walk `further` rows more, and only then take every hit from the index.
 */
export const postgresSteps = { recent: 2000, probe: 2000, further: 30_000 };

async function newestMatchesPostgres(db: Db, type: ItemTypeDef, items: Items, match: TextMatch, limit: number, steps: typeof postgresSteps): Promise<Row[]> {
  const table = type.table;
  const typeName = sql.lit(type.name);
  const columns = match.allColumns ? ['document'] : match.columns;
  const contains = (eb: ExpressionBuilder<any, any>, alias: string) => containsEvery(eb, match.words, columns, (column, word) => sql`strpos(${sql.ref(`${alias}.${column}`)}, ${word})`);
  const { rows } = await sql<{ id: number | null }>`select max(entity_id) as id from search_index where entity_type = ${typeName}`.execute(db);
  const newest = Number(rows[0]?.id ?? 0);

  /** The matches with ids in (from, to], newest first, checked one by one. */
  const walk = (from: number, to: number, wanted: number) =>
    items
      .innerJoin('search_index as s', (join) => join.on('s.entity_type', '=', typeName).onRef('s.entity_id', '=', `${table}.id`))
      // Both tables bounded: PostgreSQL may walk either one backwards, the items when the read scope narrows them.
      .where('s.entity_id', '>', from)
      .where('s.entity_id', '<=', to)
      .where(`${table}.id`, '>', from)
      .where(`${table}.id`, '<=', to)
      .where((eb) => contains(eb, 's'))
      .orderBy('s.entity_id', 'desc')
      .limit(wanted)
      .execute() as Promise<Row[]>;

  /** Index rows with ids up to `to` that match, through the GIN index: a piece of each word, every word checked. */
  const pieces = [...new Set(match.words.filter((word) => [...word].length >= minIndexedLength).map((word) => indexPiece(word, true)))];
  const hits = (to: number) => {
    let query = dynamic(db).selectFrom('search_index as h').select('h.entity_id').where('h.entity_type', '=', typeName).where('h.entity_id', '<=', to);
    for (const piece of pieces) query = query.where('h.document', 'like', `%${piece.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return query.where((eb) => contains(eb, 'h'));
  };

  const found = await walk(newest - steps.recent, newest, limit);
  if (found.length === limit) return found;
  let below = newest - steps.recent;
  const probed = (await hits(below).limit(steps.probe).execute()).map((row) => Number(row.entity_id));
  if (probed.length < steps.probe) {
    if (probed.length === 0) return found;
    const older = await items.where(`${table}.id`, 'in', probed).orderBy(`${table}.id`, 'desc').limit(limit - found.length).execute();
    return [...found, ...(older as Row[])];
  }
  found.push(...(await walk(below - steps.further, below, limit - found.length)));
  if (found.length === limit) return found;
  below -= steps.further;
  const older = await items
    // OFFSET 0 keeps the hits a subquery of their own, found through the index before any item is read.
    .innerJoin(hits(below).offset(0).as('hits'), (join) => join.onRef('hits.entity_id', '=', `${table}.id`))
    .orderBy(`${table}.id`, 'desc')
    .limit(limit - found.length)
    .execute();
  return [...found, ...(older as Row[])];
}

/** Every word is in at least one of the columns: `position` finds a word in a column (0 when it is not there). */
function containsEvery(eb: ExpressionBuilder<any, any>, words: string[], columns: string[], position: (column: string, word: string) => RawBuilder<number>): Expression<SqlBool> {
  if (words.length === 0) return sql<SqlBool>`1 = 1`;
  return eb.and(words.map((word) => eb.or(columns.map((column) => sql<SqlBool>`${position(column, word)} > 0`))));
}


/**
 * The ids of a type's items whose index row matches (every word in one of `match.columns`), as a subquery: the list,
 * the board and group actions narrow themselves with it (`search=`), under their own order, scope and paging.
 */
export function matchingIds(dialect: DialectName, db: Db, type: ItemTypeDef, match: TextMatch): SelectQueryBuilder<any, any, { id: number }> {
  const indexed = match.words.filter((word) => [...word].length >= minIndexedLength);
  if (dialect === 'postgres') {
    const columns = match.allColumns ? ['document'] : match.columns;
    const pieces = [...new Set(indexed.map((word) => indexPiece(word, true)))];
    let hits = dynamic(db).selectFrom('search_index as h').select('h.entity_id as id').where('h.entity_type', '=', type.name);
    for (const piece of pieces) hits = hits.where('h.document', 'like', `%${piece.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return hits.where((eb) => containsEvery(eb, match.words, columns, (column, word) => sql`strpos(${sql.ref(`h.${column}`)}, ${word})`)) as any;
  }
  const first = type.entityTypeId * typeRange;
  const phrases = indexed.map((word) => `"${indexPiece(word).replace(/"/g, '""')}"`).join(' AND ');
  const expression = match.allColumns ? phrases : `{${match.columns.join(' ')}} : (${phrases})`;
  const checked = match.words.filter((word) => !indexed.includes(word) || indexPiece(word) !== word);
  return dynamic(db)
    .selectFrom('search_index')
    .select(sql<number>`search_index.rowid - ${sql.lit(first)}`.as('id'))
    .where(sql<SqlBool>`search_index match ${expression}`)
    .where(sql<SqlBool>`search_index.rowid > ${sql.lit(first)} and search_index.rowid < ${sql.lit(first + typeRange)}`)
    .where((eb) => containsEvery(eb, checked, match.columns, (column, word) => sql`instr(search_index.${sql.ref(column)}, ${word})`)) as any;
}
