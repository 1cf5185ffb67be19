import { sql, type RawBuilder } from 'kysely';
import { foldText, type ItemTypeName } from '@vinculo/shared';

/**
 * The name keys two items are "the same name" by: text folded as lists fold it (case and accents), punctuation
 * read as a space, the small words of Portuguese names (da, de, do, das, dos, e) left out for people and the legal
 * forms (Ltda, S/A, S.A., ME, EIRELI…) for companies, then the spaces taken out: "José da Silva" and "jose silva"
 * are both `josesilva`, "Horizonte Tecnologia Ltda." and "HORIZONTE TECNOLOGIA" both `horizontetecnologia`.
 *
 * The same steps exist twice, as SQL (`nameKeySql`, what scans group by and checks compare stored items with) and
 * as JavaScript (`nameKey`, for the input of a check): plain `replace` calls that both databases and JavaScript
 * run alike. A test keeps the two equal.
 */

export type KeyKind = 'person' | 'company';

const punctuation = ['.', ',', '-', '/', '(', ')', '&', "'"];
/** Words left out of a person's name. */
export const nameParticles = ['da', 'de', 'do', 'das', 'dos', 'e'];
/** Legal forms left out of a company's name (after punctuation became spaces: "S/A" and "S.A." are "s a"). */
export const legalForms = ['ltda', 'limitada', 's a', 'sa', 'me', 'mei', 'epp', 'eireli', 'ss', 'ltd', 'inc', 'llc', 'gmbh'];

const wordsOf = (kind: KeyKind) => (kind === 'person' ? nameParticles : legalForms);

/** The key of a name as JavaScript computes it; '' when nothing is left. */
export function nameKey(kind: KeyKind, text: string): string {
  let value = foldText(text);
  for (const mark of punctuation) value = value.replaceAll(mark, ' ');
  value = ` ${value} `;
  for (const word of wordsOf(kind)) value = value.replaceAll(` ${word} `, ' ');
  return value.replaceAll(' ', '');
}

/** The same key in SQL, of a text expression already folded (vk_fold). */
export function nameKeySql(kind: KeyKind, folded: RawBuilder<string>): RawBuilder<string> {
  let value: RawBuilder<string> = folded;
  for (const mark of punctuation) value = sql<string>`replace(${value}, ${sql.lit(mark)}, ' ')`;
  value = sql<string>`(' ' || ${value} || ' ')`;
  for (const word of wordsOf(kind)) value = sql<string>`replace(${value}, ${sql.lit(` ${word} `)}, ' ')`;
  return sql<string>`replace(${value}, ' ', '')`;
}

/** The columns a type's name key is made of (a person's names, a company's title). */
export interface NameSource {
  kind: KeyKind;
  /** The fields, in order, joined by spaces. */
  fields: string[];
  columns: string[];
  /** Indexed folded key columns whose prefix range narrows a check to its candidates. */
  narrowBy: string[];
}

export const nameSources: Partial<Record<ItemTypeName, NameSource>> = {
  contact: { kind: 'person', fields: ['name', 'secondName', 'lastName'], columns: ['name', 'second_name', 'last_name'], narrowBy: ['name_key', 'last_name_key'] },
  lead: { kind: 'person', fields: ['name', 'secondName', 'lastName'], columns: ['name', 'second_name', 'last_name'], narrowBy: ['name_key', 'last_name_key'] },
  company: { kind: 'company', fields: ['title'], columns: ['title'], narrowBy: ['title_key'] },
};

/** The SQL of a stored item's name key (`table.column`s joined, folded, keyed). */
export function storedNameKey(source: NameSource, table: string): RawBuilder<string> {
  const parts = source.columns.map((column) => sql`coalesce(${sql.ref(`${table}.${column}`)}, '')`);
  const joined = sql.join(parts, sql` || ' ' || `);
  return nameKeySql(source.kind, sql<string>`vk_fold(${joined})`);
}

/** The text of an input's name (its name fields joined). */
export const inputName = (source: NameSource, input: Record<string, unknown>): string =>
  source.fields.map((field) => (typeof input[field] === 'string' ? (input[field] as string) : '')).join(' ');

/** The first word of a name, folded: a stored item with the same name key has a name key column starting with it. */
export function firstWord(text: string): string | undefined {
  let value = foldText(text);
  for (const mark of punctuation) value = value.replaceAll(mark, ' ');
  return value.split(' ').find((word) => word.length > 0);
}
