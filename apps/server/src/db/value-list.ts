import { sql, type RawBuilder } from 'kysely';
import { jsonParameter } from './json-rows.ts';
import type { DialectName } from './types.ts';

/**
 * Any number of texts as one parameter, for `column in (…)`: `(select value from json_each(?))` on SQLite,
 * `(select unnest(?::text[]))` on PostgreSQL. One statement however long the list (no chunks, no thousands of
 * parameters to bind), and SQLite looks each value up in the column's index, where a long literal `IN (…)` list can
 * make it prefer scanning another index.
 */
export function valueList(dialect: DialectName, values: readonly string[]): RawBuilder<any> {
  if (dialect === 'postgres') return sql`(select unnest(cast(${values} as text[])))`;
  return sql`(select value from json_each(${jsonParameter(values)}))`;
}

/**
 * Tuples of text as one parameter, for `(a, b) in (…)`: `(select r.value ->> 0, r.value ->> 1 from json_each(?) r)`
 * on SQLite, the same from `json_array_elements` on PostgreSQL.
 */
export function tupleList(dialect: DialectName, tuples: ReadonlyArray<ReadonlyArray<string>>): RawBuilder<any> {
  const width = tuples[0]?.length ?? 1;
  const parts = (row: string) => sql.join(Array.from({ length: width }, (_, index) => sql`${sql.raw(row)} ->> ${sql.lit(index)}`));
  if (dialect === 'postgres') return sql`(select ${parts('r')} from json_array_elements(cast(${jsonParameter(tuples)} as json)) as r)`;
  return sql`(select ${parts('r.value')} from json_each(${jsonParameter(tuples)}) as r)`;
}
