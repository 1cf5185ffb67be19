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

/** The same key in SQL, of a text expression already folded (a key column, vk_fold). */
export function nameKeySql(kind: KeyKind, folded: RawBuilder<string>): RawBuilder<string> {
  let value: RawBuilder<string> = folded;
  for (const mark of punctuation) value = sql<string>`replace(${value}, ${sql.lit(mark)}, ' ')`;
  value = sql<string>`(' ' || ${value} || ' ')`;
  for (const word of wordsOf(kind)) value = sql<string>`replace(${value}, ${sql.lit(` ${word} `)}, ' ')`;
  return sql<string>`replace(${value}, ' ', '')`;
}

/**
 * The columns a type's name key is made of (a person's names, a company's title): the folded key columns the engine
 * keeps beside the names (folded once, when written), and `vk_fold` of the few without one (a middle name).
 */
export interface NameSource {
  kind: KeyKind;
  /** The fields, in order, joined by spaces. */
  fields: string[];
  /** Per field, its folded key column, or its column to fold. */
  columns: Array<{ key: string } | { fold: string }>;
}

const personColumns: NameSource['columns'] = [{ key: 'name_key' }, { fold: 'second_name' }, { key: 'last_name_key' }];

export const nameSources: Partial<Record<ItemTypeName, NameSource>> = {
  contact: { kind: 'person', fields: ['name', 'secondName', 'lastName'], columns: personColumns },
  lead: { kind: 'person', fields: ['name', 'secondName', 'lastName'], columns: personColumns },
  company: { kind: 'company', fields: ['title'], columns: [{ key: 'title_key' }] },
};

/**
 * The SQL of a stored item's name key. Built from the key columns rather than by folding the names again: folding is
 * the costly part (PostgreSQL's vk_fold translates every character), and a scan folds every item.
 */
export function storedNameKey(source: NameSource, table: string): RawBuilder<string> {
  const parts = source.columns.map((column) =>
    'key' in column ? sql`coalesce(${sql.ref(`${table}.${column.key}`)}, '')` : sql`coalesce(vk_fold(${sql.ref(`${table}.${column.fold}`)}), '')`,
  );
  return nameKeySql(source.kind, sql<string>`(${sql.join(parts, sql` || ' ' || `)})`);
}

/** The text of an input's name (its name fields joined). */
export const inputName = (source: NameSource, input: Record<string, unknown>): string =>
  source.fields.map((field) => (typeof input[field] === 'string' ? (input[field] as string) : '')).join(' ');

/**
 * What narrows a check of a name to the few stored items that may have the same key, through the indexed folded
 * key columns (which hold each column's text folded, punctuation and small words included): the first word the stored
 * name starts with, and the surnames it may be stored with: every run of the name's last words ("silva", "da silva",
 * "souza barbosa"), also with a small word before it ("da silva" for "Silva"), as typed and with punctuation as spaces.
 * A person is found when stored as first name(s) + last name(s), or all in the first name, or all in the last name.
 */
export interface NameNarrowing {
  first: string;
  lastNames: string[];
}

export function nameNarrowing(text: string): NameNarrowing | undefined {
  const folded = foldText(text).trim();
  let spaced = folded;
  for (const mark of punctuation) spaced = spaced.replaceAll(mark, ' ');
  const words = spaced.split(' ').filter((word) => word.length > 0);
  if (words.length === 0) return undefined;
  const lastNames = new Set<string>();
  for (const tokens of [words, folded.split(' ').filter((word) => word.length > 0)]) {
    for (let start = 1; start < tokens.length; start++) {
      const surname = tokens.slice(start).join(' ');
      lastNames.add(surname);
      for (const particle of nameParticles) lastNames.add(`${particle} ${surname}`);
    }
  }
  return { first: words[0], lastNames: [...lastNames] };
}
