import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import { normalizeMultifield, type FieldDef, type ItemTypeName, type MultifieldKind } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { prefixRange } from '../../db/dialect.ts';
import { valueList } from '../../db/value-list.ts';
import { itemsQuery, presentRows, scopedReader, viewOf, type ItemReader } from '../items/item-reader.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { chunkSize, type Row } from '../items/item.repository.ts';
import { inputName, nameKey, nameNarrowing, nameSources, storedNameKey, type NameSource } from './duplicate-keys.ts';

/**
 * Likely duplicates of items about to be created (the create form, the API, the importer): items of the same type
 * the caller may read that share a normalised e-mail or phone, or whose name is the same once folded (see
 * duplicate-keys.ts). A person's name counts only when the companies agree where both have one (a lead's company
 * name, a contact's companies). Only fields the caller may see are compared, so a match never tells what a role hides.
 */

export type Criterion = 'email' | 'phone' | 'name' | 'company';

export interface DuplicateMatch {
  /** The item as the caller may see it: its name fields, e-mails, phones, responsible. */
  item: ItemDto;
  /** What it shares with the input: email, phone, name (and company when the companies agree too). */
  matched: Criterion[];
}

/** The types duplicates are looked for in (deals have no name, phone or e-mail to compare). */
export const checkedTypes: ItemTypeName[] = ['lead', 'contact', 'company'];

/** The most matches one input is answered with (the closest first: more criteria, then the oldest item). */
export const maxMatches = 20;

/** The fields a match shows of an item, from the caller's view. */
const summaryFields = ['name', 'secondName', 'lastName', 'title', 'companyTitle', 'emails', 'phones', 'assignedById', 'companyIds'];

export type Input = Record<string, unknown>;

/** Likely duplicates of one input (a create body, or part of one). */
export async function findLikelyDuplicates(ctx: Context, name: ItemTypeName, input: Input): Promise<DuplicateMatch[]> {
  return (await findLikelyDuplicatesMany(ctx, name, [input]))[0];
}

/**
 * The same for many inputs at once (an import's batch): e-mails and phones of all the inputs are looked up by a few
 * set queries (`value_normalized IN (…)`, chunked), names by one query per distinct name. Answers in input order.
 */
export async function findLikelyDuplicatesMany(ctx: Context, name: ItemTypeName, inputs: Input[]): Promise<DuplicateMatch[][]> {
  const reader = scopedReader(ctx);
  const view = viewOf(reader, name);
  const found = inputs.map(() => new Map<number, Set<Criterion>>());
  const note = (index: number, id: number, criterion: Criterion) => {
    const seen = found[index].get(id) ?? found[index].set(id, new Set()).get(id)!;
    seen.add(criterion);
  };

  for (const field of view.fields.filter((f) => f.type === 'multifield' && (f.multifieldKind === 'email' || f.multifieldKind === 'phone'))) {
    const kind = field.multifieldKind as 'email' | 'phone';
    const wanted = new Map<string, number[]>();
    inputs.forEach((input, index) => {
      for (const value of normalizedValues(field, input)) (wanted.get(value) ?? wanted.set(value, []).get(value)!).push(index);
    });
    for (const [value, ids] of await holdersOf(reader, name, kind, [...wanted.keys()])) {
      for (const index of wanted.get(value) ?? []) for (const id of ids) note(index, id, kind);
    }
  }

  const source = nameSources[name];
  if (source && source.fields.every((f) => view.fields.some((v) => v.name === f))) {
    const byKey = new Map<string, number[]>();
    inputs.forEach((input, index) => {
      const key = nameKey(source.kind, inputName(source, input));
      if (key.length > 0) (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(index);
    });
    for (const [key, indexes] of byKey) {
      const text = inputName(source, inputs[indexes[0]]);
      const candidates = await sameName(reader, name, source, key, text);
      for (const index of indexes) {
        for (const candidate of candidates) {
          const company = companyAgreement(name, view.fields, inputs[index], candidate);
          if (company === 'differs') continue;
          note(index, candidate.id, 'name');
          if (company === 'same') note(index, candidate.id, 'company');
        }
      }
    }
  }

  const chosen = found.map((matches) =>
    [...matches.entries()]
      .sort(([a, x], [b, y]) => y.size - x.size || a - b)
      .slice(0, maxMatches),
  );
  const items = await loadSummaries(reader, name, [...new Set(chosen.flatMap((matches) => matches.map(([id]) => id)))]);
  return chosen.map((matches) => matches.flatMap(([id, criteria]) => (items.has(id) ? [{ item: items.get(id)!, matched: order(criteria) }] : [])));
}

const criteriaOrder: Criterion[] = ['email', 'phone', 'name', 'company'];
const order = (criteria: Set<Criterion>) => criteriaOrder.filter((c) => criteria.has(c));

/** The normalised values of an input's multi-value field (entries that are not valid values are no match). */
function normalizedValues(field: FieldDef, input: Input): string[] {
  const entries = input[field.name];
  if (!Array.isArray(entries)) return [];
  const values = entries.flatMap((entry) => {
    const raw = typeof entry === 'string' ? entry : (entry as { value?: unknown })?.value;
    return typeof raw === 'string' ? [normalizeMultifield(field.multifieldKind as MultifieldKind, raw)] : [];
  });
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/**
 * Readable live items holding each of `values` (normalised) in a multi-value field of `kind`, oldest first: the
 * duplicate check's and the importer's look-up of e-mails and phones. The values go as one parameter
 * (`valueList`), each found through the multifields index however many there are.
 */
export async function holdersOf(reader: ItemReader, name: ItemTypeName, kind: string, values: string[]): Promise<Map<string, number[]>> {
  const holders = new Map<string, number[]>();
  if (values.length === 0) return holders;
  const table = reader.ctx.catalog.full[name].table;
  const rows = await itemsQuery(reader, name)
    .innerJoin('multifields as mf', (join) => join.onRef('mf.entity_id', '=', `${table}.id`).on('mf.entity_type', '=', name).on('mf.kind', '=', kind))
    .where('mf.value_normalized', 'in', valueList(reader.ctx.dialect, values))
    .select(['mf.value_normalized as value', `${table}.id as id`])
    .distinct()
    .orderBy(`${table}.id`)
    .execute();
  for (const row of rows) (holders.get(row.value) ?? holders.set(row.value, []).get(row.value)!).push(Number(row.id));
  return holders;
}

interface Candidate {
  id: number;
  companyTitle?: string | null;
  companyIds?: number[];
}

/**
 * Readable live items whose name key is `key`: narrowed through the indexed folded name columns (see
 * `nameNarrowing`: a person by surname and first word, a company by the first word of its title), then compared key
 * to key.
 */
async function sameName(reader: ItemReader, name: ItemTypeName, source: NameSource, key: string, text: string): Promise<Candidate[]> {
  const narrowing = nameNarrowing(text);
  if (!narrowing) return [];
  const table = reader.ctx.catalog.full[name].table;
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const { first, lastNames } = narrowing;
  // Each branch repeats `deleted_at is null`: SQLite serves an OR from the partial (live items') index only when every
  // branch says so itself; otherwise it reads the whole table.
  const live = (eb: ExpressionBuilder<any, any>) => eb(`${table}.deleted_at`, 'is', null);
  const rows = (await itemsQuery(reader, name)
    .where((eb) =>
      source.kind === 'company'
        ? prefixRange(column('title_key'), first)
        : eb.or([
            ...(lastNames.length > 0 ? [eb.and([live(eb), eb(`${table}.last_name_key`, 'in', lastNames), prefixRange(column('name_key'), first)])] : []),
            eb.and([live(eb), eb(`${table}.last_name_key`, 'is', null), prefixRange(column('name_key'), first)]),
            eb.and([live(eb), eb(`${table}.name_key`, 'is', null), prefixRange(column('last_name_key'), first)]),
          ]),
    )
    .where(sql<SqlBool>`${storedNameKey(source, table)} = ${key}`)
    .select([`${table}.id as id`, ...(name === 'lead' ? [`${table}.company_title as company_title`] : [])])
    .orderBy(`${table}.id`)
    .limit(maxMatches * 5)
    .execute()) as Row[];
  const candidates: Candidate[] = rows.map((row) => ({ id: Number(row.id), companyTitle: row.company_title as string | null | undefined }));
  if (name === 'contact' && candidates.length > 0) {
    const links = await reader.ctx.db
      .selectFrom('contact_companies')
      .select(['contact_id', 'company_id'])
      .where('contact_id', 'in', candidates.map((c) => c.id))
      .execute();
    for (const candidate of candidates) candidate.companyIds = links.filter((l) => Number(l.contact_id) === candidate.id).map((l) => Number(l.company_id));
  }
  return candidates;
}

/**
 * Whether a same-named person works at the same company as the input: `same`, `differs` (both name a company and
 * they are not the same: another person), or `unknown` (one of them names none).
 */
function companyAgreement(name: ItemTypeName, visible: FieldDef[], input: Input, candidate: Candidate): 'same' | 'differs' | 'unknown' {
  if (name === 'lead' && visible.some((f) => f.name === 'companyTitle')) {
    const ours = typeof input.companyTitle === 'string' ? nameKey('company', input.companyTitle) : '';
    const theirs = candidate.companyTitle ? nameKey('company', candidate.companyTitle) : '';
    if (!ours || !theirs) return 'unknown';
    return ours === theirs ? 'same' : 'differs';
  }
  if (name === 'contact' && visible.some((f) => f.name === 'companyIds')) {
    const ours = Array.isArray(input.companyIds) ? (input.companyIds as unknown[]).filter((id): id is number => typeof id === 'number') : [];
    const theirs = candidate.companyIds ?? [];
    if (ours.length === 0 || theirs.length === 0) return 'unknown';
    return ours.some((id) => theirs.includes(id)) ? 'same' : 'differs';
  }
  return 'unknown';
}

/** The matched items as the caller may see them, with the few fields a match shows. */
async function loadSummaries(reader: ItemReader, name: ItemTypeName, ids: number[]): Promise<Map<number, ItemDto>> {
  const view = viewOf(reader, name);
  const table = reader.ctx.catalog.full[name].table;
  const fields = view.fields.filter((f) => f.name === 'id' || f.name === 'version' || summaryFields.includes(f.name));
  const items = new Map<number, ItemDto>();
  for (let start = 0; start < ids.length; start += chunkSize) {
    const rows = (await itemsQuery(reader, name).selectAll(table).where(`${table}.id`, 'in', ids.slice(start, start + chunkSize)).execute()) as Row[];
    for (const item of await presentRows(reader, name, rows, fields)) items.set(item.id, item);
  }
  return items;
}
