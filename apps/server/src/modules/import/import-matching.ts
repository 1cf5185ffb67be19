import { sql, type RawBuilder } from 'kysely';
import { foldText, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { holdersOf } from '../duplicates/duplicate-check.service.ts';
import { itemsQuery, scopedReader } from '../items/item-reader.ts';
import type { DialectName } from '../../db/types.ts';
import { tupleList, valueList } from '../../db/value-list.ts';
import { chunkSize, dynamic } from '../items/item.repository.ts';
import { personKey, type DuplicateKeys, type RowPlan } from './row-plan.ts';

/**
 * Duplicate matching for an import: which item already there (or made by an earlier row of the file) a row is
 * likely the same as — the same normalised e-mail, the same normalised phone, or the same name (a person's with
 * their company, a company's or a deal's title), case and accents folded. Items are looked up for a whole batch at
 * once, among the items the importer may read (one they may not see is not theirs to skip or update).
 */
export interface MatchIndex {
  byEmail: Map<string, number>;
  byPhone: Map<string, number>;
  byName: Map<string, number>;
}

export function matchOf(index: MatchIndex, keys: DuplicateKeys): number | undefined {
  for (const email of keys.emails) if (index.byEmail.has(email)) return index.byEmail.get(email);
  for (const phone of keys.phones) if (index.byPhone.has(phone)) return index.byPhone.get(phone);
  return keys.name !== undefined ? index.byName.get(keys.name) : undefined;
}

/** Notes an item a row made or updated, so a later row of the file with the same keys finds it. */
export function remember(index: MatchIndex, keys: DuplicateKeys, id: number) {
  for (const email of keys.emails) if (!index.byEmail.has(email)) index.byEmail.set(email, id);
  for (const phone of keys.phones) if (!index.byPhone.has(phone)) index.byPhone.set(phone, id);
  if (keys.name !== undefined && !index.byName.has(keys.name)) index.byName.set(keys.name, id);
}

export async function findMatches(ctx: Context, name: ItemTypeName, plans: RowPlan[]): Promise<MatchIndex> {
  const index: MatchIndex = { byEmail: new Map(), byPhone: new Map(), byName: new Map() };
  const type = ctx.catalog.full[name];
  const hasMultifields = type.fields.some((f) => f.type === 'multifield');
  if (hasMultifields) {
    for (const [kind, map, values] of [
      ['email', index.byEmail, plans.flatMap((p) => p.keys.emails)],
      ['phone', index.byPhone, plans.flatMap((p) => p.keys.phones)],
    ] as const) {
      const found = await multifieldOwners(ctx, name, kind, [...new Set(values)]);
      for (const [value, id] of found) map.set(value, id);
    }
  }
  const names = plans.filter((p) => p.keys.name !== undefined);
  if (names.length > 0) for (const [key, id] of await nameOwners(ctx, name, plans)) index.byName.set(key, id);
  return index;
}

/** The oldest live item of the type the caller may read holding each of `values` (normalised) in a field of `kind`. */
async function multifieldOwners(ctx: Context, name: ItemTypeName, kind: 'email' | 'phone', values: string[]): Promise<Map<string, number>> {
  const holders = await holdersOf(scopedReader(ctx), name, kind, values);
  return new Map([...holders].map(([value, ids]) => [value, ids[0]]));
}

/** Live items the caller may read whose name key matches a row's: people by first and last name and company, the rest by title. */
async function nameOwners(ctx: Context, name: ItemTypeName, plans: RowPlan[]): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  const table = ctx.catalog.full[name].table;
  const wanted = new Set(plans.map((p) => p.keys.name).filter((key): key is string => key !== undefined));
  const isPerson = name === 'contact' || name === 'lead';
  const probes: Probe[] = isPerson ? personProbes(ctx.dialect, table, plans) : [...wanted].map((title) => ({ values: [title], where: (chunk) => sql`${sql.ref(`${table}.title_key`)} in ${valueList(ctx.dialect, chunk.map(([key]) => key))}` }));
  for (const [where, group] of Map.groupBy(probes, (probe) => probe.where)) {
    for (let start = 0; start < group.length; start += chunkSize) {
      const chunk = group.slice(start, start + chunkSize).map((probe) => probe.values);
      let query = itemsQuery(scopedReader(ctx), name).select([`${table}.id as id`]).where(where(chunk));
      if (isPerson) query = query.select([`${table}.name as name`, `${table}.last_name as last_name`]);
      else query = query.select(`${table}.title as title`);
      if (name === 'lead') query = query.select(`${table}.company_title as company_title`);
      const rows = (await query.orderBy(`${table}.id`).execute()) as Array<{ id: number; name?: string | null; last_name?: string | null; title?: string | null; company_title?: string | null }>;
      const companies = name === 'contact' ? await firstCompanyTitles(ctx, rows.map((row) => Number(row.id))) : new Map<number, string>();
      for (const row of rows) {
        const id = Number(row.id);
        const key = isPerson
          ? personKey([row.name, row.last_name].filter(Boolean).join(' '), (name === 'lead' ? row.company_title : companies.get(id)) ?? '')
          : foldText((row.title ?? '').trim().replace(/\s+/g, ' '));
        if (wanted.has(key) && !owners.has(key)) owners.set(key, id);
      }
    }
  }
  return owners;
}

/** The key values of one row's name look-up, and the condition that finds items holding them (one per kind of probe). */
interface Probe {
  values: string[];
  where: (chunk: string[][]) => RawBuilder<boolean>;
}

/**
 * A look-up per distinct person a file names, by the exact keys of their first and last name (the index on
 * `last_name_key, name_key`): a common last name alone would bring back a tenth of the contacts. A row naming only a
 * first or a last name finds the people with only that one.
 */
function personProbes(dialect: DialectName, table: string, plans: RowPlan[]): Probe[] {
  const key = (column: string) => sql.ref(`${table}.${column}`);
  const both = (chunk: string[][]) => sql<boolean>`(${key('last_name_key')}, ${key('name_key')}) in ${tupleList(dialect, chunk)}`;
  const firstOnly = (chunk: string[][]) => sql<boolean>`${key('last_name_key')} is null and ${key('name_key')} in ${valueList(dialect, chunk.map(([first]) => first))}`;
  const lastOnly = (chunk: string[][]) => sql<boolean>`${key('name_key')} is null and ${key('last_name_key')} in ${valueList(dialect, chunk.map(([last]) => last))}`;
  const keyOf = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? foldText(value.trim()) : undefined);
  const probes = new Map<string, Probe>();
  for (const plan of plans) {
    if (plan.keys.name === undefined) continue;
    const [last, first] = [keyOf(plan.input.lastName), keyOf(plan.input.name)];
    const probe = last && first ? { values: [last, first], where: both } : first ? { values: [first], where: firstOnly } : last ? { values: [last], where: lastOnly } : undefined;
    if (probe) probes.set(`${probe.values.join('|')}|${probe.values.length === 1 && first ? 'first' : 'last'}`, probe);
  }
  return [...probes.values()];
}

/** Each contact's first company's title (the company a person "is at"). */
async function firstCompanyTitles(ctx: Context, contactIds: number[]): Promise<Map<number, string>> {
  const titles = new Map<number, string>();
  for (let start = 0; start < contactIds.length; start += chunkSize) {
    const rows = await dynamic(ctx.db)
      .selectFrom('contact_companies as cc')
      .innerJoin('companies as c', 'c.id', 'cc.company_id')
      .select(['cc.contact_id as contact_id', 'c.title as title'])
      .where('cc.contact_id', 'in', contactIds.slice(start, start + chunkSize))
      .orderBy('cc.contact_id')
      .orderBy('cc.sort')
      .execute();
    for (const row of rows) if (!titles.has(Number(row.contact_id))) titles.set(Number(row.contact_id), row.title as string);
  }
  return titles;
}
