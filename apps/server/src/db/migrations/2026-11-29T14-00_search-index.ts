import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';

// Frozen once landed: this file never imports application code. It relies on the `vk_fold` SQL function (registered on
// every SQLite connection by the application, created on PostgreSQL by 2026-11-29T10-00_engine-hardening).

/**
 * The global search index: one row per item (live or binned: the reader's live filter hides binned ones), one
 * column per searched field, every text folded (lower case, no accents), e-mails in lower case, phones as their
 * digits (E.164 without the `+`), several values of a field separated by a space.
 * - SQLite: an FTS5 table with the trigram tokenizer, so any run of three or more characters is found through the
 *   index, in any column the caller may see (column filters). Its rowid says which item a row is: the item type's
 *   Bitrix24 entityTypeId × 2³² + the item's id, so one type's rows are a rowid range, newest last.
 * - PostgreSQL: a table keyed by (entity_type, entity_id) with `document`, every column in one text, and a `pg_trgm`
 *   GIN index on it per item type (a search asks for one type at a time).
 * Existing items are indexed here, from their folded key columns and their multi-value fields.
 */

const typeCodes: Record<string, number> = { lead: 1, deal: 2, contact: 3, company: 4 };
const searchColumns = ['title', 'name', 'second_name', 'last_name', 'company_title', 'emails', 'phones'] as const;

/** Per item table: the search column each text column fills, read from its folded key column where it has one. */
const sources: Record<string, { type: string; columns: Partial<Record<(typeof searchColumns)[number], { column: string; key?: string }>>; multifields: boolean }> = {
  leads: {
    type: 'lead',
    columns: {
      title: { column: 'title', key: 'title_key' },
      name: { column: 'name', key: 'name_key' },
      second_name: { column: 'second_name' },
      last_name: { column: 'last_name', key: 'last_name_key' },
      company_title: { column: 'company_title' },
    },
    multifields: true,
  },
  contacts: {
    type: 'contact',
    columns: { name: { column: 'name', key: 'name_key' }, second_name: { column: 'second_name' }, last_name: { column: 'last_name', key: 'last_name_key' } },
    multifields: true,
  },
  companies: { type: 'company', columns: { title: { column: 'title', key: 'title_key' } }, multifields: true },
  deals: { type: 'deal', columns: { title: { column: 'title', key: 'title_key' } }, multifields: false },
};

export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (isPostgres) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    const document = searchColumns.map((column) => `coalesce(${column}, '')`).join(` || ' ' || `);
    await sql`create table search_index (
      entity_type text not null,
      entity_id integer not null,
      ${sql.raw(searchColumns.map((column) => `${column} text`).join(', '))},
      document text generated always as (${sql.raw(document)}) stored,
      primary key (entity_type, entity_id)
    )`.execute(db);
  } else {
    await sql`create virtual table search_index using fts5(${sql.raw(searchColumns.join(', '))}, tokenize = 'trigram')`.execute(db);
  }

  for (const [table, source] of Object.entries(sources)) {
    const values = searchColumns.map((column) => {
      const from = source.columns[column];
      if (column === 'emails' || column === 'phones') return source.multifields ? multifieldText(isPostgres, source.type, column) : sql`null`;
      if (!from) return sql`null`;
      return from.key ? sql`nullif(i.${sql.ref(from.key)}, '')` : sql`nullif(${fold(isPostgres, sql`i.${sql.ref(from.column)}`)}, '')`;
    });
    const key = isPostgres ? sql`${source.type}, i.id` : sql`${sql.lit(typeCodes[source.type] * 2 ** 32)} + i.id`;
    await sql`insert into search_index (${sql.raw(isPostgres ? 'entity_type, entity_id' : 'rowid')}, ${sql.raw(searchColumns.join(', '))})
      select ${key}, ${sql.join(values)} from ${sql.table(table)} i order by i.id`.execute(db);
  }

  if (isPostgres) {
    for (const type of Object.keys(typeCodes)) {
      await sql`create index ${sql.ref(`search_index_${type}_trgm_idx`)} on search_index using gin (document gin_trgm_ops) where entity_type = ${sql.lit(type)}`.execute(db);
    }
  }
}

/** Folded text: plain ASCII needs lower case only, which spares PostgreSQL's vk_fold (a translate() per value). */
function fold(isPostgres: boolean, value: RawBuilder<unknown>): RawBuilder<unknown> {
  return isPostgres ? sql`case when ${value} ~ '[^\\x01-\\x7f]' then vk_fold(${value}) else lower(${value}) end` : sql`vk_fold(${value})`;
}

/** An item's e-mails (normalised, folded) or phones (digits of the E.164 form), in their order, separated by spaces. */
function multifieldText(isPostgres: boolean, type: string, column: 'emails' | 'phones'): RawBuilder<unknown> {
  const value = column === 'emails' ? fold(isPostgres, sql`m.value_normalized`) : sql`replace(m.value_normalized, '+', '')`;
  const aggregate = isPostgres ? sql`string_agg(${value}, ' ' order by m.sort, m.id)` : sql`group_concat(${value}, ' ' order by m.sort, m.id)`;
  return sql`(select ${aggregate} from multifields m where m.entity_type = ${type} and m.entity_id = i.id and m.kind = ${column === 'emails' ? 'email' : 'phone'})`;
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
