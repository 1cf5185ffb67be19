/** The scenarios: list pages, counts and Kanban (latency), and REST throughput, each beside its SQL floor. */
import type { ExportRun } from './export-scenario.ts';
import { type SeedResult } from '../../apps/server/src/bench/generator.ts';
import { type Database } from '../../apps/server/src/db/database.ts';
import { buildTypes } from '../../apps/server/src/modules/catalog/catalog.ts';
import { allEnumValues, allFields } from '../../apps/server/src/modules/custom-fields/custom-field.repository.ts';
import { encodeCursor } from '../../apps/server/src/modules/items/cursor.ts';
import { parseSort, sortAlias } from '../../apps/server/src/modules/items/sort.ts';
import type { Options} from './options.ts';
import { log } from './options.ts';
import type { Latency, Throughput} from './measure.ts';
import { apiGet, load, saturate, timeIt } from './measure.ts';
import type { Floor } from './floor.ts';
import { searchScenarios } from './search-scenario.ts';

// ---------------------------------------------------------------------------------------------- scenarios

export interface Figure {
  key: string;
  label: string;
  kind: 'latency' | 'throughput' | 'export';
  api: Latency | Throughput | ExportRun;
  sql?: Latency | Throughput | ExportRun;
}

export interface Setup {
  options: Options;
  seed: SeedResult;
  floor: Floor;
  adminToken: string;
  userToken: string;
  /** The department user's department members (whose items they see). */
  members: number[];
  /** A member of that department whose items both callers filter on. */
  filterUser: number;
  segment: number;
  /** Cursors at half depth, per list and caller. */
  cursors: Record<string, string>;
  /** Ids of the seeded contacts outside the recycle bin. */
  liveIds: number[];
  iterations: number;
  warmup: number;
  loadSeconds: number;
  floorSeconds: number;
}

export const contactColumns = '*';
export const multifieldSql = (count: number) =>
  `select id, entity_id, kind, value_type, value, value_normalized, sort from multifields where entity_type = ? and entity_id in (${Array(count).fill('?').join(',')}) order by entity_id, sort, id`;
export const linkSql = (table: string, self: string, other: string, count: number) =>
  `select ${self} as self, ${other} as other from ${table} where ${self} in (${Array(count).fill('?').join(',')}) order by sort, ${other}`;

/** The SQL a developer would write for a page of contacts, and the page's phones, e-mails and companies. */
export async function contactPageSql(floor: Floor, where: string, params: unknown[], order: string, limit = 51) {
  // A nullable sort column sorts nulls first, as its PostgreSQL index is built (SQLite's own order).
  const ordered = floor.dialect === 'postgres' ? order.replace(/^(\w+), id$/, (_, column: string) => (column === 'id' ? order : `${column} nulls first, id`)) : order;
  const rows = await floor.all(`select ${contactColumns} from contacts where deleted_at is null${where} order by ${ordered} limit ${limit}`, params);
  const ids = rows.slice(0, 50).map((r) => Number(r.id));
  if (ids.length > 0) {
    await floor.all(multifieldSql(ids.length), ['contact', ...ids]);
    await floor.all(linkSql('contact_companies', 'contact_id', 'company_id', ids.length), ids);
  }
  return rows;
}

export const inList = (ids: number[]) => `(${ids.join(',')})`;

export interface ListCase {
  key: string;
  label: string;
  query: string;
  where: string;
  params: unknown[];
  order: string;
}

export function listCases(s: Setup): ListCase[] {
  const code = 'uf_crm_external_code';
  return [
    { key: 'first', label: 'first page', query: '', where: '', params: [], order: 'id desc' },
    { key: 'deep', label: 'deep page (cursor at half)', query: '', where: '', params: [], order: 'id desc' },
    { key: 'deepLastName', label: 'deep page, sort=lastName', query: '&sort=lastName', where: '', params: [], order: 'last_name_key, id' },
    { key: 'filterStandard', label: 'filter assignedById', query: `&filter[assignedById]=${s.filterUser}`, where: ' and assigned_by_id = ?', params: [s.filterUser], order: 'id desc' },
    { key: 'filterCustom', label: 'filter ufCrmSegment (UF)', query: `&filter[ufCrmSegment]=${s.segment}`, where: ' and uf_crm_segment = ?', params: [s.segment], order: 'id desc' },
    { key: 'sortStandard', label: 'sort lastName', query: '&sort=lastName', where: '', params: [], order: 'last_name_key, id' },
    { key: 'sortCustom', label: 'sort ufCrmExternalCode (UF)', query: `&sort=ufCrmExternalCode`, where: '', params: [], order: `${code}_key, id` },
    // A filter on one field matching about a tenth of the contacts, sorted by another field (issue 17).
    { key: 'filterSortOther', label: 'lastName=Silva (~10%), sort=-createdAt', query: '&filter[lastName]=Silva&sort=-createdAt', where: ' and last_name_key = ?', params: ['silva'], order: 'created_at desc, id desc' },
    // Typing a name: a prefix matched with case and accents folded ("sil" finds Silva, SILVEIRA, Silvério), in
    // name order, both from the folded key's index.
    { key: 'startsWith', label: 'lastName startsWith "sil", sort=lastName', query: '&filter[lastName][startsWith]=sil&sort=lastName', where: ' and last_name_key >= ? and last_name_key < ?', params: ['sil', 'sil\u{10FFFF}'], order: 'last_name_key, id' },
  ];
}

/** The keyset condition of a deep page in plain SQL (row values), and the API cursor for the same place. */
export async function deepCursors(s: Omit<Setup, 'cursors'>, database: Database): Promise<Record<string, string>> {
  const cursors: Record<string, string> = {};
  const types = buildTypes(await allFields(database.db), await allEnumValues(database.db));
  for (const caller of ['admin', 'department'] as const) {
    const scope = caller === 'admin' ? '' : ` and assigned_by_id in ${inList(s.members)}`;
    const visible = Number((await s.floor.all(`select count(*) as n from contacts where deleted_at is null${scope}`))[0].n);
    const half = Math.max(0, Math.floor(visible / 2) - 1);
    for (const [key, sort, order] of [
      ['deep', undefined, 'id desc'],
      ['deepLastName', 'lastName', 'last_name_key, id'],
    ] as const) {
      const row = (await s.floor.all(`select id, last_name_key from contacts where deleted_at is null${scope} order by ${order} limit 1 offset ${half}`))[0];
      const keys = parseSort(types.contact, sort);
      const values = key === 'deep' ? [row.id] : [row.last_name_key, row.id];
      cursors[`${key}:${caller}`] = encodeCursor(keys, Object.fromEntries(values.map((value, index) => [sortAlias(index), value])));
      cursors[`${key}:${caller}:row`] = JSON.stringify(row);
    }
  }
  return cursors;
}

export async function latencyScenarios(s: Setup): Promise<Figure[]> {
  const figures: Figure[] = [];
  const callers = [
    { name: 'admin', token: s.adminToken, scope: '', label: 'admin' },
    { name: 'department', token: s.userToken, scope: ` and assigned_by_id in ${inList(s.members)}`, label: 'department user' },
  ] as const;
  for (const caller of callers) {
    for (const c of listCases(s)) {
      const cursorKey = `${c.key}:${caller.name}`;
      const cursor = s.cursors[cursorKey];
      const path = `/api/v1/contacts?limit=50&total=false${c.query}${cursor ? `&cursor=${cursor}` : ''}`;
      let where = `${caller.scope}${c.where}`;
      const params = [...c.params];
      if (cursor) {
        const row = JSON.parse(s.cursors[`${cursorKey}:row`]);
        if (c.key === 'deep') {
          where += ' and id < ?';
          params.push(row.id);
        } else {
          where += ' and (last_name_key, id) > (?, ?)';
          params.push(row.last_name_key, row.id);
        }
      }
      const page = await apiGet(path, caller.token);
      if (page.items.length === 0) throw new Error(`${path} gave no items`);
      const api = await timeIt(s.iterations, s.warmup, () => apiGet(path, caller.token));
      const sql = await timeIt(s.iterations, s.warmup, () => contactPageSql(s.floor, where, params, c.order));
      figures.push({ key: `list.${c.key}.${caller.name}`, label: `list of 50: ${c.label} — ${caller.label}`, kind: 'latency', api, sql });
    }

    // Count of a filtered list: the total the list answers (one item asked), against count(*) in SQL. By default the
    // API counts up to 10,000 ("10,000+" beyond, `totalCapped`); `total=exact` counts everything.
    // Text equality folds case and accents, through the folded key (so "silva" and "Silva" count the same).
    const countWhere = `deleted_at is null${caller.scope} and last_name_key = ?`;
    const expected = Number((await s.floor.all(`select count(*) as n from contacts where ${countWhere}`, ['silva']))[0].n);
    for (const exact of [false, true]) {
      const countPath = `/api/v1/contacts?limit=1&filter[lastName]=Silva${exact ? '&total=exact' : ''}`;
      const answer = await apiGet(countPath, caller.token);
      const wanted = exact ? expected : Math.min(expected, 10_000);
      if (answer.total !== wanted) throw new Error(`count: the API says ${answer.total}, SQL ${wanted}`);
      const countSql = exact
        ? `select count(*) as n from contacts where ${countWhere}`
        : `select count(*) as n from (select 1 from contacts where ${countWhere} limit 10001) as capped`;
      figures.push({
        key: `count${exact ? 'Exact' : ''}.${caller.name}`,
        label: `count, lastName=Silva (${expected.toLocaleString('en-US')})${exact ? ', total=exact' : ', capped at 10,000'} — ${caller.label}`,
        kind: 'latency',
        api: await timeIt(s.iterations, s.warmup, () => apiGet(countPath, caller.token)),
        sql: await timeIt(s.iterations, s.warmup, () => s.floor.all(countSql, ['silva'])),
      });
    }

    // Kanban board of the general pipeline: counts and totals per stage and currency, 20 cards per column.
    const board = await apiGet('/api/v1/deals/kanban?pipelineId=0', caller.token);
    const stages: string[] = board.columns.map((column: { id: string; code?: string }) => column.code ?? column.id);
    const dealScope = caller.scope;
    const kanbanSql = async () => {
      await s.floor.all(
        `select stage_id, currency_id, count(*) as n, sum(opportunity_minor) as minor from deals where deleted_at is null and category_id = 0${dealScope} group by stage_id, currency_id`,
      );
      for (const stage of stages) {
        const cards = await s.floor.all(
          `select id, version, title, stage_id, opportunity_minor, currency_id, assigned_by_id, company_id, close_date, created_at, kanban_sort from deals
            where deleted_at is null and category_id = 0 and stage_id = ?${dealScope} order by kanban_sort, id limit 21`,
          [stage],
        );
        const ids = cards.slice(0, 20).map((r) => Number(r.id));
        if (ids.length > 0) await s.floor.all(linkSql('deal_contacts', 'deal_id', 'contact_id', ids.length), ids);
      }
    };
    const kanbanIterations = Math.max(10, Math.round(s.iterations / 4));
    figures.push({
      key: `kanban.${caller.name}`,
      label: `Kanban, general pipeline (${stages.length} columns) — ${caller.label}`,
      kind: 'latency',
      api: await timeIt(kanbanIterations, Math.min(5, s.warmup), () => apiGet('/api/v1/deals/kanban?pipelineId=0', caller.token)),
      sql: await timeIt(kanbanIterations, Math.min(5, s.warmup), kanbanSql),
    });
    log(`  ${caller.label}: lists, count and Kanban done`);
  }
  figures.push(...(await searchScenarios(s)));
  return figures;
}

export async function throughputScenarios(s: Setup, round: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  // Live contacts (the recycle bin's would answer 404), spread over the table by a prime stride, different per round.
  const live = s.liveIds;
  const idAt = (i: number) => live[(i * 7919 + round * 104_729) % live.length];
  const concurrency = s.floor.dialect === 'postgres' ? 10 : 1;

  let n = 0;
  const getById = await load(s.loadSeconds, s.adminToken, {
    requests: [{ method: 'GET', setupRequest: (req: any) => ({ ...req, path: `/api/v1/contacts/${idAt(n++)}` }) }],
  });
  const getSql = await saturate(s.floorSeconds, concurrency, async (i) => {
    const id = idAt(i);
    await s.floor.all(`select * from contacts where id = ? and deleted_at is null`, [id]);
    await s.floor.all(multifieldSql(1), ['contact', id]);
    await s.floor.all(linkSql('contact_companies', 'contact_id', 'company_id', 1), [id]);
  });
  figures.push({ key: 'rest.get', label: 'REST get by id (req/s)', kind: 'throughput', api: getById, sql: getSql });

  const list = await load(s.loadSeconds, s.adminToken, { requests: [{ method: 'GET', path: '/api/v1/contacts?limit=50&total=false' }] });
  const listSql = await saturate(s.floorSeconds, concurrency, () => contactPageSql(s.floor, '', [], 'id desc'));
  figures.push({ key: 'rest.list', label: 'REST list of 50 (req/s)', kind: 'throughput', api: list, sql: listSql });

  let created = 0;
  const body = (i: number) =>
    JSON.stringify({
      name: 'Bench',
      lastName: `Carga ${round}-${i}`,
      assignedById: s.filterUser,
      phones: [{ value: `+55 11 9${String(10_000_000 + (i % 89_999_999)).padStart(8, '0')}`, valueType: 'MOBILE' }],
      emails: [{ value: `carga.${round}.${i}@exemplo.com.br`, valueType: 'WORK' }],
    });
  const create = await load(s.loadSeconds, s.adminToken, {
    requests: [{ method: 'POST', path: '/api/v1/contacts', setupRequest: (req: any) => ({ ...req, body: body(created++) }) }],
  });
  const now = () => new Date().toISOString();
  const createSql = await saturate(s.floorSeconds, concurrency, (i) =>
    s.floor.transaction(async (run) => {
      const at = now();
      const [row] = await run(
        `insert into contacts (version, name, name_key, last_name, last_name_key, assigned_by_id, opened, created_by_id, updated_by_id, created_at, updated_at, has_phone, has_email, is_exported, uf_crm_segment)
          values (1, 'Bench', 'bench', ?, ?, ?, 1, ?, ?, ?, ?, 1, 1, 0, null) returning id`,
        [`Piso ${round}-${i}`, `piso ${round}-${i}`, s.filterUser, s.seed.adminId, s.seed.adminId, at, at],
      );
      await run(`insert into multifields (entity_type, entity_id, kind, value_type, value, value_normalized, sort) values ('contact', ?, 'phone', 'MOBILE', ?, ?, 0), ('contact', ?, 'email', 'WORK', ?, ?, 0)`, [
        row.id,
        '+55 11 91234-5678',
        '+5511912345678',
        row.id,
        `piso.${i}@exemplo.com.br`,
        `piso.${i}@exemplo.com.br`,
      ]);
      await run(`insert into events (occurred_at, type, entity_type, entity_id, actor_id, changes) values (?, 'item.created', 'contact', ?, ?, ?)`, [at, row.id, s.seed.adminId, '{"name":[null,"Bench"]}']);
    }),
  );
  figures.push({ key: 'rest.create', label: 'REST create contact (req/s)', kind: 'throughput', api: create, sql: createSql });

  let updated = 0;
  const update = await load(s.loadSeconds, s.adminToken, {
    requests: [
      {
        method: 'PATCH',
        setupRequest: (req: any) => {
          const i = updated++;
          return { ...req, path: `/api/v1/contacts/${idAt(i + 1_000_003)}`, body: JSON.stringify({ comments: `Revisado ${round}-${i}` }) };
        },
      },
    ],
  });
  const updateSql = await saturate(s.floorSeconds, concurrency, (i) =>
    s.floor.transaction(async (run) => {
      const id = idAt(i + 2_000_003);
      const at = now();
      await run(`select * from contacts where id = ? and deleted_at is null${s.floor.dialect === 'postgres' ? ' for update' : ''}`, [id]);
      await run(`update contacts set comments = ?, updated_at = ?, updated_by_id = ?, version = version + 1 where id = ? and deleted_at is null`, [`Piso ${round}-${i}`, at, s.seed.adminId, id]);
      await run(`insert into events (occurred_at, type, entity_type, entity_id, actor_id, changes) values (?, 'item.updated', 'contact', ?, ?, ?)`, [at, id, s.seed.adminId, '{"comments":[null,"x"]}']);
    }),
  );
  figures.push({ key: 'rest.update', label: 'REST update contact (req/s)', kind: 'throughput', api: update, sql: updateSql });
  log('  throughput done');
  return figures;
}
