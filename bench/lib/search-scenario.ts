/** Global search: a fixed mix of names, phone fragments and e-mails through GET /api/v1/search, beside its SQL. */
import { profiles } from '../../apps/server/src/bench/profiles.ts';
import { searchTerms } from '../../apps/server/src/modules/search/search-terms.ts';
import { apiGet, timeIt } from './measure.ts';
import { log } from './options.ts';
import type { Floor } from './floor.ts';
import { inList, type Figure, type Setup } from './scenarios.ts';

export type SearchKind = 'name' | 'phone' | 'email';

export interface SearchCase {
  kind: SearchKind;
  q: string;
}

/** Where the generated rows of each table start and how many there are: rows the benchmark adds later do not count. */
interface Generated {
  floor: Floor;
  first: Record<string, number>;
  count: Record<string, number>;
}

/** The first id `fraction` of the way through a table's generated rows. */
const idAt = (g: Generated, table: string, fraction: number) => g.first[table] + Math.floor((g.count[table] - 1) * fraction);

/** The first live row of `table` from `fraction` of the way through its generated rows (the same on every run of a profile). */
async function rowNear(g: Generated, table: string, fraction: number, columns: string, condition = ''): Promise<Record<string, any>> {
  const row = (await g.floor.all(`select ${columns} from ${table} where id >= ? and deleted_at is null${condition} order by id limit 1`, [idAt(g, table, fraction)]))[0];
  if (!row) throw new Error(`no live row of ${table} from id ${idAt(g, table, fraction)}`);
  return row;
}

/** The first value of a kind of an item's multi-value field. */
async function firstValue(floor: Floor, type: string, id: number, kind: 'phone' | 'email'): Promise<{ value: string; normalized: string }> {
  const row = (await floor.all(`select value, value_normalized from multifields where entity_type = ? and entity_id = ? and kind = ? order by sort, id limit 1`, [type, id, kind]))[0];
  if (!row) throw new Error(`${type} ${id} has no ${kind}`);
  return { value: String(row.value), normalized: String(row.value_normalized) };
}

/** A live contact from `fraction` of the way that has a value of `kind`, with that value. */
async function contactWith(g: Generated, fraction: number, kind: 'phone' | 'email') {
  const row = await rowNear(g, 'contacts', fraction, 'id', ` and ${kind === 'phone' ? 'has_phone' : 'has_email'} = 1`);
  return firstValue(g.floor, 'contact', Number(row.id), kind);
}

/**
 * The mix, drawn from the generated data at fixed places (so the same on every run of a profile), four of each kind:
 * - names: a contact's last name (common: "Silva" is one in ten), a full name, a first name, a company's name;
 * - phones: the last four digits of a mobile, the last eight typed "9876-5432", a whole number typed nationally
 *   "(31) 99876-5432", a company's landline without its area code;
 * - e-mails: a contact's whole address, the part before the @ of another, a lead's address, a company's address.
 */
export async function searchMix(s: Setup): Promise<SearchCase[]> {
  const profile = profiles[s.options.profile];
  const g: Generated = {
    floor: s.floor,
    first: { contacts: s.seed.ids.contact.first, companies: s.seed.ids.company.first, leads: s.seed.ids.lead.first },
    count: { contacts: profile.contacts, companies: profile.companies, leads: profile.leads },
  };
  const byLastName = await rowNear(g, 'contacts', 0.21, 'name, last_name');
  const byFullName = await rowNear(g, 'contacts', 0.52, 'name, last_name');
  const byFirstName = await rowNear(g, 'contacts', 0.77, 'name');
  const company = await rowNear(g, 'companies', 0.43, 'id, title');
  const mobiles = [await contactWith(g, 0.33, 'phone'), await contactWith(g, 0.61, 'phone'), await contactWith(g, 0.89, 'phone')];
  const digits = mobiles.map((m) => m.normalized.replace(/\D/g, ''));
  const landline = (await firstValue(s.floor, 'company', Number(company.id), 'phone')).normalized.replace(/\D/g, '');
  const mails = [await contactWith(g, 0.38, 'email'), await contactWith(g, 0.68, 'email')];
  const lead = await rowNear(g, 'leads', 0.55, 'id', ' and has_email = 1');
  const leadMail = await firstValue(s.floor, 'lead', Number(lead.id), 'email');
  const companyMail = await firstValue(s.floor, 'company', Number(company.id), 'email');
  const national = (d: string) => `(${d.slice(2, 4)}) ${d.slice(4, -4)}-${d.slice(-4)}`;
  return [
    { kind: 'name', q: String(byLastName.last_name) },
    { kind: 'name', q: `${byFullName.name} ${byFullName.last_name}` },
    { kind: 'name', q: String(byFirstName.name) },
    { kind: 'name', q: String(company.title).split(' ').slice(0, 2).join(' ') },
    { kind: 'phone', q: digits[0].slice(-4) },
    { kind: 'phone', q: `${digits[1].slice(-8, -4)}-${digits[1].slice(-4)}` },
    { kind: 'phone', q: national(digits[2]) },
    { kind: 'phone', q: landline.slice(4) },
    { kind: 'email', q: mails[0].value },
    { kind: 'email', q: mails[1].normalized.split('@')[0] },
    { kind: 'email', q: leadMail.value },
    { kind: 'email', q: companyMail.value },
  ];
}

const types = [
  { name: 'lead', table: 'leads', code: 1, contact: true },
  { name: 'deal', table: 'deals', code: 2, contact: false },
  { name: 'contact', table: 'contacts', code: 3, contact: true },
  { name: 'company', table: 'companies', code: 4, contact: true },
];

/**
 * The search in SQL as a developer would write it on this schema: per type, the newest six live items in scope whose
 * index row holds every word (FTS5 MATCH / LIKE on pg_trgm's `document`), then the hits' e-mails and phones.
 */
export async function searchSql(floor: Floor, q: string, scope: string): Promise<number> {
  const { indexed } = searchTerms(q);
  let hits = 0;
  for (const type of types) {
    let rows: any[];
    if (floor.dialect === 'sqlite') {
      const first = type.code * 2 ** 32;
      const match = indexed.map((word) => `"${word.replace(/"/g, '""')}"`).join(' AND ');
      rows = await floor.all(
        `select t.id from search_index s join ${type.table} t on t.id = s.rowid - ${first}
          where search_index match ? and s.rowid > ${first} and s.rowid < ${first + 2 ** 32} and t.deleted_at is null${scope} order by s.rowid desc limit 6`,
        [match],
      );
    } else {
      rows = await floor.all(
        `select t.id from search_index s join ${type.table} t on t.id = s.entity_id
          where s.entity_type = '${type.name}' and ${indexed.map(() => 's.document like ?').join(' and ')} and t.deleted_at is null${scope} order by s.entity_id desc limit 6`,
        indexed.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
      );
    }
    hits += rows.length;
    if (type.contact && rows.length > 0) {
      await floor.all(`select entity_id, kind, value from multifields where entity_type = ? and entity_id in ${inList(rows.map((r) => Number(r.id)))} and kind in ('email', 'phone') order by entity_id, sort, id`, [type.name]);
    }
  }
  return hits;
}

/** Latency of the mix for the administrator and the department user: the whole mix, and each kind of text. */
export async function searchScenarios(s: Setup): Promise<Figure[]> {
  const mix = await searchMix(s);
  const figures: Figure[] = [];
  const callers = [
    { name: 'admin', token: s.adminToken, scope: '', label: 'admin' },
    { name: 'department', token: s.userToken, scope: ` and t.assigned_by_id in ${inList(s.members)}`, label: 'department user' },
  ] as const;
  for (const caller of callers) {
    const path = (q: string) => `/api/v1/search?q=${encodeURIComponent(q)}`;
    for (const c of mix) {
      const answer = await apiGet(path(c.q), caller.token);
      if (caller.name === 'admin' && answer.groups.length === 0) throw new Error(`search "${c.q}" found nothing`);
    }
    for (const kind of [undefined, 'name', 'phone', 'email'] as const) {
      const cases = mix.filter((c) => kind === undefined || c.kind === kind);
      const label = kind === undefined ? `${mix.length} texts: names, phone fragments, e-mails` : `${cases.length} ${kind === 'email' ? 'e-mails' : `${kind}s`}`;
      figures.push({
        key: `search.${kind ?? 'mix'}.${caller.name}`,
        label: `global search, ${label} — ${caller.label}`,
        kind: 'latency',
        api: await timeIt(s.iterations, s.warmup, (i) => apiGet(path(cases[i % cases.length].q), caller.token)),
        sql: await timeIt(s.iterations, s.warmup, (i) => searchSql(s.floor, cases[i % cases.length].q, caller.scope)),
      });
    }
  }
  log(`  global search done (${mix.map((c) => JSON.stringify(c.q)).join(', ')})`);
  return figures;
}
