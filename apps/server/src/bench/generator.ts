import { foldText, type ItemTypeName } from '@vinculo/shared';
import type { Kysely } from 'kysely';
import type { Context } from '../context.ts';
import type { Database } from '../db/database.ts';
import type { DialectName } from '../db/types.ts';
import { bumpAccessVersion } from '../modules/access/access-version.ts';
import { fullAccess } from '../modules/access/access.service.ts';
import { createField } from '../modules/custom-fields/custom-field.service.ts';
import { loadTypes, unrestrictedCatalog } from '../modules/catalog/catalog.ts';
import { createPipeline } from '../modules/pipelines/pipeline.service.ts';
import { indexedEmails, indexedPhones } from '../modules/search/search-index.ts';
import { searchColumns, searchRowId } from '../modules/search/search.repository.ts';
import { postgresLoader, sqliteLoader, type BulkLoader, type TableShape, type Value } from './bulk.ts';
import * as names from './names.ts';
import { defaultSeed, shares, type Profile } from './profiles.ts';
import { randomStream, weighted, type Random } from './random.ts';

/**
 * The benchmark's data set (docs/performance.md): users in departments with a department-scoped role, three
 * pipelines, three custom fields per item type (created through the custom field service, so their columns and
 * indexes are the real ones), then companies, contacts, leads and deals with phones, e-mails, links and stage
 * history, bulk-loaded (bulk.ts). Deterministic: the same profile and seed give the same rows, ids included.
 * Seeded items have no history events (`events`); a seeded database is for measuring, not for auditing.
 */

export interface SeedProgress {
  table: string;
  /** Rows written so far, all tables together, and the expected total. */
  rows: number;
  totalRows: number;
  rowsPerSecond: number;
  phase: string;
}

export interface SeedOptions {
  seed?: number;
  /** The database URL (PostgreSQL: the generator opens connections of its own; Database.location hides the password). */
  url?: string;
  progress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  profile: string;
  seed: number;
  seconds: number;
  /** Seconds per phase: setup (users, roles, pipelines, fields), load, indexes, and on PostgreSQL vacuum analyze. */
  phases: Record<string, number>;
  rows: Record<string, number>;
  totalRows: number;
  adminId: number;
  userIds: number[];
  /** Departments by name, with their members. */
  departments: Array<{ id: number; name: string; members: number[] }>;
  pipelines: Array<{ id: number; stages: Array<{ code: string; semantic: string }> }>;
  /** The custom fields per type: API names, and the enumeration's value ids. */
  fields: { code: string; segment: string; budget: string; segmentOptions: Record<ItemTypeName, number[]> };
  /** The id ranges written per item type (inclusive). */
  ids: Record<ItemTypeName, { first: number; last: number }>;
}

/** The now of the data set: fixed, so dates are the same on every run. */
const present = Date.parse('2026-11-01T00:00:00.000Z');
const day = 86_400_000;
const span = 3 * 365 * day;

/** Item tables (and side tables) that already hold rows: the generator refuses those unless forced. */
export async function countItems(database: Database): Promise<number> {
  const db = database.db as unknown as Kysely<any>;
  let total = 0;
  for (const table of ['leads', 'contacts', 'companies', 'deals']) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    total += Number(row.n);
  }
  return total;
}

export async function seedProfile(database: Database, profile: Profile, options: SeedOptions = {}): Promise<SeedResult> {
  const seed = options.seed ?? defaultSeed;
  const started = performance.now();
  const phases: Record<string, number> = {};
  let phaseName = 'setup';
  let phaseStart = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[phaseName] = (now - phaseStart) / 1000;
    phaseName = name;
    phaseStart = now;
  };

  const setup = await prepareOrganisation(database, profile, seed);
  const loader = database.dialect === 'sqlite' ? sqliteLoader(database.location) : await postgresLoader(options.url ?? database.location);
  const tables = ['companies', 'contacts', 'leads', 'deals', 'multifields', 'contact_companies', 'deal_contacts', 'stage_history', 'activities', 'activity_items', 'search_index'];
  const written: Record<string, number> = Object.fromEntries(tables.map((t) => [t, 0]));
  try {
    phase('load');
    await loader.prepare(tables);
    const expected = expectedRows(profile);
    let lastReport = 0;
    const report = (table: string, force = false) => {
      const now = performance.now();
      if (!force && now - lastReport < 250) return;
      lastReport = now;
      const rows = Object.values(written).reduce((a, b) => a + b, 0);
      // The expected total is an estimate from the profile's averages: never show more rows done than in all.
      options.progress?.({ table, rows, totalRows: Math.max(expected, rows), rowsPerSecond: rows / ((now - phaseStart) / 1000), phase: phaseName });
    };
    const generator = new Generator(seed, profile, setup, loader, written, report, await nextIds(database), database.dialect);
    await generator.run();
    await loader.flush();
    report('', true);
    const loaded = Object.values(written).reduce((a, b) => a + b, 0);
    await loader.finish(tables, (name) => {
      phase(name);
      options.progress?.({ table: '', rows: loaded, totalRows: loaded, rowsPerSecond: 0, phase: name });
    });
    phase('done');
    return {
      profile: profile.name,
      seed,
      seconds: (performance.now() - started) / 1000,
      phases,
      rows: written,
      totalRows: Object.values(written).reduce((a, b) => a + b, 0),
      adminId: setup.adminId,
      userIds: setup.userIds,
      departments: setup.departments,
      pipelines: setup.pipelines,
      fields: { code: 'ufCrmExternalCode', segment: 'ufCrmSegment', budget: 'ufCrmBudget', segmentOptions: setup.segmentOptions },
      ids: generator.idRanges(),
    };
  } finally {
    await loader.close();
  }
}

/** Roughly how many rows a profile writes, for progress (the search index has one row per item). */
export function expectedRows(p: Profile): number {
  const items = p.companies + p.contacts + p.leads + p.deals;
  const multifields = p.companies * 3 + p.contacts * 1.9 + p.leads * 1.7;
  // Deals carry three activities on average, each with its row in activity_items.
  return Math.round(2 * items + multifields + p.contacts * 0.9 + p.deals * 1.0 + p.deals * 1.9 + p.leads + p.deals * 6);
}

interface Organisation {
  adminId: number;
  userIds: number[];
  departments: Array<{ id: number; name: string; members: number[] }>;
  pipelines: Array<{ id: number; stages: Array<{ code: string; semantic: string }> }>;
  segmentOptions: Record<ItemTypeName, number[]>;
  leadStatuses: Array<{ code: string; semantic: string }>;
  /** Bitrix24's entityTypeId of each type: SQLite's search index rows are keyed by it. */
  entityTypeIds: Record<ItemTypeName, number>;
}

const userDomain = 'equipe.vinculo.test';

/**
 * Users, departments, the department-scoped role, pipelines and custom fields: through the services where they
 * exist (pipelines, custom fields), in SQL otherwise, reusing what an earlier seed created.
 */
async function prepareOrganisation(database: Database, profile: Profile, seed: number): Promise<Organisation> {
  const db = database.db as unknown as Kysely<any>;
  const r = randomStream(seed, 'users');
  const created = new Date(present - span - 30 * day).toISOString();

  // 50 users: the first is an administrator; ten per department.
  const userIds: number[] = [];
  for (let i = 0; i < profile.users; i++) {
    const female = r.chance(0.5);
    const first = r.pick(female ? names.femaleNames : names.maleNames);
    const last = r.pick(names.surnames)[0];
    const email = `${names.slug(first)}.${names.slug(last)}.${String(i + 1).padStart(2, '0')}@${userDomain}`;
    const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) {
      userIds.push(Number(existing.id));
      continue;
    }
    const row = await db
      .insertInto('users')
      .values({ email, name: `${first} ${last}`, password_hash: null, is_admin: i === 0 ? 1 : 0, is_active: 1, locale: 'pt-BR', created_at: created, updated_at: created })
      .returning('id')
      .executeTakeFirstOrThrow();
    userIds.push(Number(row.id));
  }
  const adminId = userIds[0];
  const admin = await db.selectFrom('users').select('name').where('id', '=', adminId).executeTakeFirstOrThrow();
  const ctx: Context = {
    db: database.db,
    dialect: database.dialect,
    actor: { id: adminId, name: admin.name, isAdmin: true, locale: 'pt-BR' },
    locale: 'pt-BR',
    now: () => new Date(),
    catalog: unrestrictedCatalog(await loadTypes(database.db, database.dialect)),
    access: fullAccess(adminId),
  };

  // A root department and four below it, ten users each.
  const perDepartment = Math.ceil(userIds.length / names.departmentNames.length);
  const departments: Organisation['departments'] = [];
  for (const [index, name] of names.departmentNames.entries()) {
    const members = userIds.slice(index * perDepartment, (index + 1) * perDepartment);
    let row = await db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirst();
    if (!row) {
      row = await db
        .insertInto('departments')
        .values({ name, parent_id: index === 0 ? null : departments[0].id, head_user_id: members[0], sort: (index + 1) * 10 })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const id = Number(row.id);
    const present = new Set((await db.selectFrom('user_departments').select('user_id').where('department_id', '=', id).execute()).map((m) => Number(m.user_id)));
    for (const member of members) if (!present.has(member)) await db.insertInto('user_departments').values({ user_id: member, department_id: id }).execute();
    departments.push({ id, name, members });
  }

  // The role of every department: each action on each type, within the own department.
  const roleName = 'Vendas (próprio departamento)';
  let role = await db.selectFrom('roles').select('id').where('name', '=', roleName).executeTakeFirst();
  if (!role) {
    const grants = { read: 'department', add: 'department', update: 'department', delete: 'department', export: 'department', import: 'department' };
    const now = new Date().toISOString();
    role = await db
      .insertInto('roles')
      .values({ name: roleName, permissions: JSON.stringify({ items: { lead: grants, contact: grants, company: grants, deal: grants } }), may_change_settings: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  }
  for (const department of departments) {
    const assigned = await db.selectFrom('role_assignments').select('id').where('role_id', '=', role.id).where('department_id', '=', department.id).executeTakeFirst();
    if (!assigned) await db.insertInto('role_assignments').values({ role_id: role.id, user_id: null, department_id: department.id }).execute();
  }
  // A role given to everyone (the default "Employee" sees all) would widen the department scope: it goes to
  // each user who is not one of the generator's, by name, instead.
  const everyone = await db.selectFrom('role_assignments').select(['id', 'role_id']).where('user_id', 'is', null).where('department_id', 'is', null).execute();
  if (everyone.length > 0) {
    const others = await db.selectFrom('users').select('id').where('email', 'not like', `%@${userDomain}`).execute();
    for (const assignment of everyone) {
      for (const user of others) await db.insertInto('role_assignments').values({ role_id: assignment.role_id, user_id: user.id, department_id: null }).execute();
      await db.deleteFrom('role_assignments').where('id', '=', assignment.id).execute();
    }
  }
  await bumpAccessVersion(database.db);

  // Two pipelines of seven stages besides the general one (eight stages in Bitrix24's default set).
  const extraStages: Array<[code: string, en: string, pt: string, sort: number]> = [
    ['PROPOSAL', 'Proposal', 'Proposta', 23],
    ['NEGOTIATION', 'Negotiation', 'Negociação', 25],
    ['EXECUTING', 'In progress', 'Em andamento', 27],
  ];
  const pipelineIds = [0];
  for (const name of ['Projetos', 'Renovações']) {
    const existing = await db.selectFrom('pipelines').select('id').where('name', '=', name).executeTakeFirst();
    if (existing) {
      pipelineIds.push(Number(existing.id));
      continue;
    }
    const pipeline = await createPipeline(ctx, { name });
    for (const [code, en, pt, sort] of extraStages) {
      await db.insertInto('reference_items').values({ list_id: 'DEAL_STAGE', code: `C${pipeline.id}:${code}`, name_en: en, name_pt: pt, sort, semantic: 'P', color: '#47E4C2', category_id: pipeline.id }).execute();
    }
    pipelineIds.push(pipeline.id);
  }
  const pipelines: Organisation['pipelines'] = [];
  for (const id of pipelineIds) {
    const stages = await db.selectFrom('reference_items').select(['code', 'semantic']).where('list_id', '=', 'DEAL_STAGE').where('category_id', '=', id).orderBy('sort').orderBy('id').execute();
    pipelines.push({ id, stages: stages.map((s) => ({ code: s.code, semantic: s.semantic ?? 'P' })) });
  }
  const leadStatuses = (await db.selectFrom('reference_items').select(['code', 'semantic']).where('list_id', '=', 'STATUS').orderBy('sort').orderBy('id').execute()).map((s) => ({
    code: s.code as string,
    semantic: (s.semantic ?? 'P') as string,
  }));

  // Three custom fields per type, created as an administrator would: real columns, real indexes.
  const segmentOptions = {} as Record<ItemTypeName, number[]>;
  const options = names.segmentSectors.flatMap((sector) => names.segmentSizes.map((size) => ({ value: `${sector} · ${size}` })));
  for (const typeName of ['lead', 'contact', 'company', 'deal'] as ItemTypeName[]) {
    const has = async (name: string) => (await db.selectFrom('custom_fields').select('id').where('entity_type', '=', typeName).where('name', '=', name).executeTakeFirst()) !== undefined;
    if (!(await has('UF_CRM_EXTERNAL_CODE'))) await createField(ctx, typeName, { name: 'UF_CRM_EXTERNAL_CODE', type: 'string', labelEn: 'External code', labelPt: 'Código externo' });
    if (!(await has('UF_CRM_SEGMENT'))) await createField(ctx, typeName, { name: 'UF_CRM_SEGMENT', type: 'enumeration', labelEn: 'Segment', labelPt: 'Segmento', options });
    if (!(await has('UF_CRM_BUDGET'))) await createField(ctx, typeName, { name: 'UF_CRM_BUDGET', type: 'money', labelEn: 'Budget', labelPt: 'Orçamento' });
    const field = await db.selectFrom('custom_fields').select('id').where('entity_type', '=', typeName).where('name', '=', 'UF_CRM_SEGMENT').executeTakeFirstOrThrow();
    segmentOptions[typeName] = (await db.selectFrom('custom_field_enums').select('id').where('field_id', '=', field.id).orderBy('sort').orderBy('id').execute()).map((e) => Number(e.id));
  }
  const entityTypeIds = Object.fromEntries(Object.values(ctx.catalog.full).map((type) => [type.name, type.entityTypeId])) as Record<ItemTypeName, number>;
  return { adminId, userIds, departments, pipelines, segmentOptions, leadStatuses, entityTypeIds };
}

/** The next free id of every table the generator writes ids into (1 on an empty database). */
async function nextIds(database: Database): Promise<Record<string, number>> {
  const db = database.db as unknown as Kysely<any>;
  const result: Record<string, number> = {};
  for (const table of ['companies', 'contacts', 'leads', 'deals', 'multifields', 'stage_history', 'activities']) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    result[table] = Number(row?.id ?? 0) + 1;
  }
  return result;
}

const system: TableShape['columns'] = [
  ['id', 'int'],
  ['version', 'int'],
  ['assigned_by_id', 'int'],
  ['opened', 'int'],
  ['created_by_id', 'int'],
  ['updated_by_id', 'int'],
  ['created_at', 'ts'],
  ['updated_at', 'ts'],
  ['deleted_at', 'ts'],
  ['deleted_by_id', 'int'],
];
const customColumns: TableShape['columns'] = [
  ['uf_crm_external_code', 'text'],
  ['uf_crm_segment', 'int'],
  ['uf_crm_budget', 'bigint'],
  ['uf_crm_budget_currency', 'text'],
];

const shapes = {
  companies: {
    name: 'companies',
    columns: [
      ...system,
      ['title', 'text'],
      ['company_type', 'text'],
      ['industry', 'text'],
      ['employees', 'text'],
      ['currency_id', 'text'],
      ['revenue_minor', 'bigint'],
      ['address', 'text'],
      ['address_city', 'text'],
      ['address_province', 'text'],
      ['address_country', 'text'],
      ['address_country_code', 'text'],
      ['is_exported', 'int'],
      ['has_phone', 'int'],
      ['has_email', 'int'],
      ...customColumns,
    ],
  },
  contacts: {
    name: 'contacts',
    columns: [
      ...system,
      ['honorific', 'text'],
      ['name', 'text'],
      ['last_name', 'text'],
      ['birthdate', 'date'],
      ['post', 'text'],
      ['type_id', 'text'],
      ['source_id', 'text'],
      ['address_city', 'text'],
      ['address_province', 'text'],
      ['address_country', 'text'],
      ['address_country_code', 'text'],
      ['is_exported', 'int'],
      ['has_phone', 'int'],
      ['has_email', 'int'],
      ...customColumns,
    ],
  },
  leads: {
    name: 'leads',
    columns: [
      ...system,
      ['title', 'text'],
      ['honorific', 'text'],
      ['name', 'text'],
      ['last_name', 'text'],
      ['company_title', 'text'],
      ['status_id', 'text'],
      ['status_semantic', 'text'],
      ['date_closed', 'ts'],
      ['source_id', 'text'],
      ['opportunity_minor', 'bigint'],
      ['currency_id', 'text'],
      ['address_city', 'text'],
      ['address_province', 'text'],
      ['has_phone', 'int'],
      ['has_email', 'int'],
      ['kanban_sort', 'bigint'],
      ...customColumns,
    ],
  },
  deals: {
    name: 'deals',
    columns: [
      ...system,
      ['title', 'text'],
      ['type_id', 'text'],
      ['category_id', 'int'],
      ['stage_id', 'text'],
      ['stage_semantic', 'text'],
      ['closed', 'int'],
      ['probability', 'int'],
      ['opportunity_minor', 'bigint'],
      ['currency_id', 'text'],
      ['begin_date', 'date'],
      ['close_date', 'date'],
      ['company_id', 'int'],
      ['source_id', 'text'],
      ['kanban_sort', 'bigint'],
      ...customColumns,
      ['next_activity_at', 'ts'],
    ],
  },
  multifields: {
    name: 'multifields',
    columns: [
      ['id', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'int'],
      ['kind', 'text'],
      ['value_type', 'text'],
      ['value', 'text'],
      ['value_normalized', 'text'],
      ['sort', 'int'],
    ],
  },
  contact_companies: { name: 'contact_companies', columns: [['contact_id', 'int'], ['company_id', 'int'], ['sort', 'int']] },
  deal_contacts: { name: 'deal_contacts', columns: [['deal_id', 'int'], ['contact_id', 'int'], ['sort', 'int']] },
  activities: {
    name: 'activities',
    columns: [
      ['id', 'int'],
      ['kind', 'text'],
      ['direction', 'text'],
      ['subject', 'text'],
      ['owner_type', 'text'],
      ['owner_id', 'int'],
      ['responsible_id', 'int'],
      ['priority', 'text'],
      ['completed', 'int'],
      ['completed_at', 'ts'],
      ['deadline', 'ts'],
      ['created_by_id', 'int'],
      ['created_at', 'ts'],
      ['updated_at', 'ts'],
      ['version', 'int'],
    ],
  },
  activity_items: { name: 'activity_items', columns: [['activity_id', 'int'], ['entity_type', 'text'], ['entity_id', 'int'], ['sort', 'int']] },
  stage_history: {
    name: 'stage_history',
    columns: [
      ['id', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'int'],
      ['category_id', 'int'],
      ['stage_id', 'text'],
      ['semantic', 'text'],
      ['moved_at', 'ts'],
      ['actor_id', 'int'],
    ],
  },
} satisfies Record<string, TableShape>;

/** The global search index (modules/search): a row per item, keyed by type and id on PostgreSQL, by rowid on SQLite (FTS5). */
const searchShapes: Record<DialectName, TableShape> = {
  postgres: { name: 'search_index', columns: [['entity_type', 'text'], ['entity_id', 'int'], ...searchColumns.map((column) => [column, 'text'] as [string, 'text'])] },
  sqlite: { name: 'search_index', columns: [['rowid', 'bigint'], ...searchColumns.map((column) => [column, 'text'] as [string, 'text'])] },
};

type ShapeName = keyof typeof shapes | 'search_index';
const shapeNames: ShapeName[] = [...(Object.keys(shapes) as ShapeName[]), 'search_index'];

/**
 * The folded key columns (what lists sort and match text by) each table keeps beside its text columns: the engine
 * writes them on every write, and so does the generator, as the last columns of its rows.
 */
const keyColumns: Partial<Record<keyof typeof shapes, string[]>> = {
  companies: ['title', 'uf_crm_external_code'],
  contacts: ['name', 'last_name', 'uf_crm_external_code'],
  leads: ['title', 'name', 'last_name', 'uf_crm_external_code'],
  deals: ['title', 'uf_crm_external_code'],
};
/** `foldText`, remembered: generated names repeat, and folding is a good part of a row's cost. */
const foldedCache = new Map<string, string>();
function folded(text: string): string {
  let key = foldedCache.get(text);
  if (key === undefined) {
    if (foldedCache.size > 200_000) foldedCache.clear();
    key = foldText(text);
    foldedCache.set(text, key);
  }
  return key;
}

/** For each table, the index in a row of each column a key is folded from. */
const keySources = Object.fromEntries(
  Object.entries(keyColumns).map(([shape, sources]) => [shape, sources.map((source) => (shapes[shape as keyof typeof shapes].columns as Array<[string, string]>).findIndex(([name]) => name === source))]),
) as Partial<Record<ShapeName, number[]>>;
for (const [shape, sources] of Object.entries(keyColumns)) {
  (shapes[shape as keyof typeof shapes].columns as Array<[string, string]>).push(...sources.map((source) => [`${source}_key`, 'text'] as [string, string]));
}

const surnamePick = weighted(names.surnames);
const activityKinds = ['call', 'call', 'call', 'email', 'meeting', 'todo'] as const;
const activitySubjects: Record<(typeof activityKinds)[number], string[]> = {
  call: ['Ligar para o cliente', 'Retornar ligação', 'Confirmar proposta por telefone', 'Ligação de follow-up'],
  email: ['Enviar proposta', 'Enviar contrato', 'Responder dúvidas', 'Enviar catálogo'],
  meeting: ['Reunião de apresentação', 'Visita técnica', 'Reunião de negociação', 'Demonstração do produto'],
  todo: ['Preparar orçamento', 'Revisar contrato', 'Atualizar cadastro', 'Cobrar retorno'],
};
const sources = ['CALL', 'EMAIL', 'WEB', 'ADVERTISING', 'PARTNER', 'RECOMMENDATION', 'TRADE_SHOW', 'WEBFORM', 'CALLBACK', 'OTHER'];
const contactTypes = weighted([['CLIENT', 6], ['SUPPLIER', 2], ['PARTNER', 1], ['OTHER', 1]] as const);
const emailDomains = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br'];
const currencies = (r: Random) => {
  const x = r.next();
  return x < shares.eur ? 'EUR' : x < shares.eur + shares.usd ? 'USD' : 'BRL';
};
const digits = (r: Random, count: number) => {
  let text = '';
  for (let i = 0; i < count; i++) text += String.fromCharCode(48 + r.below(10));
  return text;
};
const letters = (r: Random, count: number) => {
  let text = '';
  for (let i = 0; i < count; i++) text += String.fromCharCode(65 + r.below(26));
  return text;
};
const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();
/** `new Date(ms).toISOString()`, several times faster: the date part is cached per day (it was 8% of a load). */
const iso = (ms: number) => {
  const dayNumber = Math.floor(ms / day);
  let prefix = dayPrefixes.get(dayNumber);
  if (prefix === undefined) {
    prefix = new Date(dayNumber * day).toISOString().slice(0, 11);
    dayPrefixes.set(dayNumber, prefix);
  }
  let rest = ms - dayNumber * day;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${pad2[hours]}:${pad2[minutes]}:${pad2[seconds]}.${pad3[rest - seconds * 1000]}Z`;
};

/** Writes the items, in id order, table after table; every value comes from that table's random stream. */
class Generator {
  private buffers = new Map<ShapeName, Value[][]>();
  private full = false;
  private ids: Record<string, number>;
  private firstIds: Record<string, number>;
  private readonly batch: number;
  private contactRange = { first: 0, last: 0 };
  private companyRange = { first: 0, last: 0 };
  private readonly seed: number;
  private readonly profile: Profile;
  private readonly org: Organisation;
  private readonly loader: BulkLoader;
  private readonly written: Record<string, number>;
  private readonly report: (table: string) => void;
  private readonly dialect: DialectName;
  /** The normalised phones and e-mails of the item being generated, for its search index row. */
  private phones: string[] = [];
  private emails: string[] = [];

  constructor(seed: number, profile: Profile, org: Organisation, loader: BulkLoader, written: Record<string, number>, report: (table: string) => void, ids: Record<string, number>, dialect: DialectName) {
    this.seed = seed;
    this.profile = profile;
    this.org = org;
    this.loader = loader;
    this.written = written;
    this.report = report;
    this.ids = { ...ids };
    this.firstIds = { ...ids };
    this.batch = 10_000;
    this.dialect = dialect;
  }

  idRanges(): Record<ItemTypeName, { first: number; last: number }> {
    const range = (table: string) => ({ first: this.firstIds[table], last: this.ids[table] - 1 });
    return { company: range('companies'), contact: range('contacts'), lead: range('leads'), deal: range('deals') };
  }

  /** Buffers a row; full buffers are written at the end of the item (`flushFull`), so each row costs no await. */
  private push(shape: ShapeName, row: Value[]) {
    for (const index of keySources[shape] ?? []) row.push(typeof row[index] === 'string' ? folded(row[index] as string) : null);
    let buffer = this.buffers.get(shape);
    if (!buffer) {
      buffer = [];
      this.buffers.set(shape, buffer);
    }
    buffer.push(row);
    if (buffer.length >= this.batch) this.full = true;
  }

  private async flushFull() {
    if (!this.full) return;
    this.full = false;
    for (const [shape, rows] of this.buffers) if (rows.length >= this.batch) await this.write(shape);
  }

  private async write(shape: ShapeName) {
    const rows = this.buffers.get(shape);
    if (!rows || rows.length === 0) return;
    this.buffers.set(shape, []);
    await this.loader.insert(shape === 'search_index' ? searchShapes[this.dialect] : shapes[shape], rows);
    this.written[shape] += rows.length;
    this.report(shape);
  }

  private async writeAll() {
    for (const shape of shapeNames) await this.write(shape);
  }

  private user(r: Random) {
    return this.org.userIds[r.below(this.org.userIds.length)];
  }

  /** Created and modified dates: rising with the id across three years, modified up to 60 days later. */
  private dates(r: Random, index: number, count: number) {
    const created = present - span + Math.floor((index / count) * span) + r.below(Math.max(1, Math.floor(span / count)));
    const updated = Math.min(present, created + (r.chance(0.6) ? r.below(60 * day) : 0));
    return { created, updated };
  }

  private systemValues(r: Random, id: number, index: number, count: number): { values: Value[]; created: number; updated: number; assigned: number } {
    const assigned = this.user(r);
    const { created, updated } = this.dates(r, index, count);
    const deleted = r.chance(shares.deleted);
    const createdBy = r.chance(0.7) ? assigned : this.user(r);
    return {
      values: [id, 1 + r.below(3), assigned, r.chance(shares.opened) ? 1 : 0, createdBy, assigned, iso(created), iso(updated), deleted ? iso(updated) : null, deleted ? assigned : null],
      created,
      updated,
      assigned,
    };
  }

  private customValues(r: Random, type: ItemTypeName): Value[] {
    const code = `${letters(r, 2)}-${digits(r, 6)}`;
    const segment = r.pick(this.org.segmentOptions[type]);
    const hasBudget = r.chance(0.6);
    return [code, segment, hasBudget ? r.between(10, 50_000) * 10_000 : null, hasBudget ? currencies(r) : null];
  }

  /**
   * One to five activities of a deal (three on average), done before its last update; an open deal has one still
   * planned seven times in ten (due from five days before the profile's present to twenty days after). Returns the
   * deal's next activity time.
   */
  private dealActivities(r: Random, dealId: number, base: { created: number; updated: number; assigned: number }, closed: boolean): string | null {
    const count = r.between(1, 5);
    let next: string | null = null;
    for (let index = 0; index < count; index++) {
      const id = this.ids.activities++;
      const planned = !closed && index === count - 1 && r.chance(0.7);
      const kind = activityKinds[r.below(activityKinds.length)];
      const when = planned ? present + r.between(-5 * 24, 20 * 24) * 3_600_000 : base.created + Math.floor(((base.updated - base.created) * (index + 1)) / (count + 1));
      const deadline = iso(when);
      if (planned) next = deadline;
      this.push('activities', [
        id,
        kind,
        kind === 'call' || kind === 'email' ? (r.chance(0.6) ? 'outgoing' : 'incoming') : null,
        r.pick(activitySubjects[kind]),
        'deal',
        dealId,
        base.assigned,
        r.chance(0.1) ? 'high' : 'normal',
        planned ? 0 : 1,
        planned ? null : deadline,
        deadline,
        base.assigned,
        iso(base.created),
        planned ? iso(base.created) : deadline,
        1,
      ]);
      this.push('activity_items', [id, 'deal', dealId, 0]);
    }
    return next;
  }

  private multifield(entityType: string, entityId: number, kind: string, valueType: string, value: string, normalized: string, sort: number) {
    this.push('multifields', [this.ids.multifields++, entityType, entityId, kind, valueType, value, normalized, sort]);
    if (kind === 'phone') this.phones.push(normalized);
    else if (kind === 'email') this.emails.push(normalized);
  }

  /** The item's search index row, as the engine writes it (search-index.ts): folded names, its e-mails and phones. */
  private indexItem(type: ItemTypeName, id: number, texts: Partial<Record<(typeof searchColumns)[number], string | null>>) {
    const all: Record<string, string | null> = { ...texts, emails: indexedEmails(this.emails), phones: indexedPhones(this.phones) };
    const values = searchColumns.map((column) => (typeof all[column] === 'string' ? all[column] : null));
    this.push('search_index', this.dialect === 'postgres' ? [type, id, ...values] : [searchRowId(this.org.entityTypeIds[type], id), ...values]);
    this.phones = [];
    this.emails = [];
  }

  private mobile(r: Random, entityType: string, id: number, ddd: string, sort: number) {
    const number = `9${digits(r, 8)}`;
    this.multifield(entityType, id, 'phone', 'MOBILE', `+55 ${ddd} ${number.slice(0, 5)}-${number.slice(5)}`, `+55${ddd}${number}`, sort);
  }

  private landline(r: Random, entityType: string, id: number, ddd: string, sort: number) {
    const number = `${r.between(2, 5)}${digits(r, 7)}`;
    this.multifield(entityType, id, 'phone', 'WORK', `+55 ${ddd} ${number.slice(0, 4)}-${number.slice(4)}`, `+55${ddd}${number}`, sort);
  }

  private person(r: Random) {
    const female = r.chance(0.52);
    const first = r.pick(female ? names.femaleNames : names.maleNames);
    const last = surnamePick[r.below(surnamePick.length)];
    return { female, first, last };
  }

  async run() {
    await this.companies();
    await this.contacts();
    await this.leads();
    await this.deals();
    await this.writeAll();
  }

  private async companies() {
    const r = randomStream(this.seed, 'companies');
    const count = this.profile.companies;
    this.companyRange = { first: this.ids.companies, last: this.ids.companies + count - 1 };
    for (let i = 0; i < count; i++) {
      const id = this.ids.companies++;
      const base = this.systemValues(r, id, i, count);
      const [city, state, ddd] = r.pick(names.cities);
      const stem = r.pick(names.companyStems);
      const kind = r.pick(names.companyKinds);
      const title = `${stem} ${kind} ${r.pick(names.companySuffixes)}`;
      const domain = `${names.slug(stem)}${names.slug(kind)}${i % 97}.com.br`;
      this.push('companies', [
        ...base.values,
        title,
        r.pick(['CUSTOMER', 'CUSTOMER', 'PARTNER', 'SUPPLIER', 'COMPETITOR', 'OTHER']),
        r.pick(['IT', 'TELECOM', 'MANUFACTURING', 'BANKING', 'CONSULTING', 'FINANCE', 'DELIVERY', 'OTHER']),
        r.pick(['EMPLOYEES_1', 'EMPLOYEES_2', 'EMPLOYEES_3', 'EMPLOYEES_4']),
        'BRL',
        r.between(20, 50_000) * 1_000_000,
        `${r.pick(names.streets)}, ${r.between(10, 3000)}`,
        city,
        state,
        'Brasil',
        'BR',
        1,
        1,
        1,
        ...this.customValues(r, 'company'),
      ]);
      this.landline(r, 'company', id, ddd, 0);
      this.multifield('company', id, 'email', 'WORK', `contato@${domain}`, `contato@${domain}`, 0);
      this.multifield('company', id, 'web', 'WORK', `https://www.${domain}`, domain, 0);
      this.indexItem('company', id, { title: folded(title) });
      await this.flushFull();
    }
  }

  private async contacts() {
    const r = randomStream(this.seed, 'contacts');
    const count = this.profile.contacts;
    const companies = this.companyRange;
    const companyCount = companies.last - companies.first + 1;
    this.contactRange = { first: this.ids.contacts, last: this.ids.contacts + count - 1 };
    for (let i = 0; i < count; i++) {
      const id = this.ids.contacts++;
      const base = this.systemValues(r, id, i, count);
      const { female, first, last } = this.person(r);
      const [city, state, ddd] = r.pick(names.cities);
      const phones = r.chance(0.9) ? (r.chance(0.3) ? 2 : 1) : 0;
      const email = r.chance(0.85);
      this.push('contacts', [
        ...base.values,
        r.chance(0.3) ? (female ? 'HNR_PT_2' : 'HNR_PT_1') : null,
        first,
        last,
        r.chance(0.3) ? `${r.between(1950, 2004)}-${String(r.between(1, 12)).padStart(2, '0')}-${String(r.between(1, 28)).padStart(2, '0')}` : null,
        r.pick(names.posts),
        contactTypes[r.below(contactTypes.length)],
        r.pick(sources),
        city,
        state,
        'Brasil',
        'BR',
        1,
        phones > 0 ? 1 : 0,
        email ? 1 : 0,
        ...this.customValues(r, 'contact'),
      ]);
      if (phones > 0) this.mobile(r, 'contact', id, ddd, 0);
      if (phones > 1) this.landline(r, 'contact', id, ddd, 1);
      if (email) {
        const address = `${names.slug(first)}.${names.slug(last)}${r.below(1000)}@${r.pick(emailDomains)}`;
        this.multifield('contact', id, 'email', r.chance(0.7) ? 'WORK' : 'HOME', address, address, 0);
      }
      if (companyCount > 0 && r.chance(shares.contactWithCompany)) {
        const company = companies.first + r.below(companyCount);
        this.push('contact_companies', [id, company, 0]);
        if (r.chance(shares.contactWithSecondCompany / shares.contactWithCompany)) {
          const second = companies.first + ((company - companies.first + 1 + r.below(companyCount - 1 || 1)) % companyCount);
          if (second !== company) this.push('contact_companies', [id, second, 1]);
        }
      }
      this.indexItem('contact', id, { name: folded(first), last_name: folded(last) });
      await this.flushFull();
    }
  }

  private async leads() {
    const r = randomStream(this.seed, 'leads');
    const count = this.profile.leads;
    const statuses = weighted(
      this.org.leadStatuses.map((s) => [s, s.code === 'NEW' ? 30 : s.code === 'IN_PROCESS' ? 25 : s.code === 'CONVERTED' ? 12 : 15] as const),
    );
    for (let i = 0; i < count; i++) {
      const id = this.ids.leads++;
      const base = this.systemValues(r, id, i, count);
      const { female, first, last } = this.person(r);
      const [city, state, ddd] = r.pick(names.cities);
      const status = statuses[r.below(statuses.length)];
      const email = r.chance(0.7);
      // Drawn in the order the row lists them: the same seed gives the same rows.
      const title = `${r.pick(names.leadTitles)} — ${first} ${last}`;
      const honorific = r.chance(0.3) ? (female ? 'HNR_PT_2' : 'HNR_PT_1') : null;
      const companyTitle = r.chance(0.6) ? `${r.pick(names.companyStems)} ${r.pick(names.companyKinds)}` : null;
      this.push('leads', [
        ...base.values,
        title,
        honorific,
        first,
        last,
        companyTitle,
        status.code,
        status.semantic,
        status.semantic === 'P' ? null : iso(base.updated),
        r.pick(sources),
        r.between(1, 400) * 50_000,
        currencies(r),
        city,
        state,
        1,
        email ? 1 : 0,
        -id * 1024,
        ...this.customValues(r, 'lead'),
      ]);
      this.mobile(r, 'lead', id, ddd, 0);
      if (email) {
        const address = `${names.slug(first)}${r.below(10_000)}@${r.pick(emailDomains)}`;
        this.multifield('lead', id, 'email', 'WORK', address, address, 0);
      }
      this.push('stage_history', [this.ids.stage_history++, 'lead', id, null, status.code, status.semantic, iso(base.created), base.assigned]);
      this.indexItem('lead', id, { title: folded(title), name: folded(first), last_name: folded(last), company_title: companyTitle === null ? null : folded(companyTitle) });
      await this.flushFull();
    }
  }

  private async deals() {
    const r = randomStream(this.seed, 'deals');
    const count = this.profile.deals;
    const contacts = this.contactRange;
    const contactCount = contacts.last - contacts.first + 1;
    const companies = this.companyRange;
    const companyCount = companies.last - companies.first + 1;
    const pipelinePick = weighted(this.org.pipelines.map((p, index) => [p, shares.pipelines[index] ?? 0.1] as const));
    // Open stages get fewer deals the further they are; a quarter are won, a fifth lost.
    const stagePicks = new Map(
      this.org.pipelines.map((p) => {
        let open = 0;
        let failed = 0;
        const entries = p.stages.map((stage, index) => {
          const weight = stage.semantic === 'P' ? Math.max(4, 14 - 2 * open++) : stage.semantic === 'S' ? 25 : failed++ === 0 ? 18 : 4;
          return [{ ...stage, index }, weight] as const;
        });
        return [p.id, weighted(entries)];
      }),
    );
    // Activities come from their own stream, so the deals' values stay those of a profile without them.
    const ra = randomStream(this.seed, 'activities');
    for (let i = 0; i < count; i++) {
      const id = this.ids.deals++;
      const base = this.systemValues(r, id, i, count);
      const pipeline = pipelinePick[r.below(pipelinePick.length)];
      const picks = stagePicks.get(pipeline.id)!;
      const stage = picks[r.below(picks.length)];
      const closed = stage.semantic !== 'P';
      const closeDate = closed ? iso(Math.min(present, base.created + r.between(5, 120) * day)).slice(0, 10) : iso(present + r.between(0, 120) * day).slice(0, 10);
      const title = `${r.pick(names.dealNames)} — ${r.pick(names.companyStems)}`;
      this.push('deals', [
        ...base.values,
        title,
        r.pick(['SALE', 'SALE', 'COMPLEX', 'GOODS', 'SERVICES', 'SERVICE']),
        pipeline.id,
        stage.code,
        stage.semantic,
        closed ? 1 : 0,
        stage.semantic === 'S' ? 100 : stage.semantic === 'F' ? 0 : r.between(1, 9) * 10,
        r.between(5, 2000) * 5_000,
        currencies(r),
        iso(base.created).slice(0, 10),
        closeDate,
        companyCount > 0 && r.chance(shares.dealWithCompany) ? companies.first + r.below(companyCount) : null,
        r.pick(sources),
        -id * 1024,
        ...this.customValues(r, 'deal'),
        this.dealActivities(ra, id, base, closed),
      ]);
      if (contactCount > 0 && r.chance(shares.dealWithContact)) {
        const contact = contacts.first + r.below(contactCount);
        this.push('deal_contacts', [id, contact, 0]);
        if (contactCount > 1 && r.chance(shares.dealWithSecondContact / shares.dealWithContact)) {
          const second = contacts.first + ((contact - contacts.first + 1 + r.below(contactCount - 1)) % contactCount);
          if (second !== contact) this.push('deal_contacts', [id, second, 1]);
        }
      }
      // Stage history: created in the first stage, then (for some) a stage on the way, then the current one.
      const path: Array<{ code: string; semantic: string }> = [pipeline.stages[0]];
      const lastOpen = pipeline.stages.findLastIndex((s) => s.semantic === 'P');
      const reached = closed ? lastOpen : stage.index;
      if (reached >= 2 && r.chance(0.3)) path.push(pipeline.stages[1 + r.below(reached - 1)]);
      if (stage.index !== 0) path.push(stage);
      const step = path.length > 1 ? Math.max(1, Math.floor((base.updated - base.created) / (path.length - 1))) : 0;
      for (const [index, entry] of path.entries()) {
        this.push('stage_history', [this.ids.stage_history++, 'deal', id, pipeline.id, entry.code, entry.semantic, iso(base.created + index * step), base.assigned]);
      }
      this.indexItem('deal', id, { title: folded(title) });
      await this.flushFull();
    }
  }
}
