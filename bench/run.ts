/**
 * `npm run bench -- --profile S|M|L --db sqlite|postgres [--quick] [--rounds N] [--reuse] [--cpu-prof]`
 *
 * The benchmark of docs/performance.md: a fresh database, migrated and seeded with the profile (timed), the real
 * server in a child process on loopback, then each scenario through the REST API and the same operation directly in
 * SQL on the same database (the floor), with p50/p95/p99 or requests/s, the median of the rounds. Prints a table and
 * writes bench/results/<date>-<profile>-<db>.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { countItems, seedProfile, type SeedResult } from '../apps/server/src/bench/generator.ts';
import { isProfileName, profiles, type ProfileName } from '../apps/server/src/bench/profiles.ts';
import { migrate, openDatabase, type Database } from '../apps/server/src/db/database.ts';
import { createToken } from '../apps/server/src/modules/auth/auth.service.ts';
import { buildTypes } from '../apps/server/src/modules/custom-fields/field-registry.ts';
import { allEnumValues, allFields } from '../apps/server/src/modules/custom-fields/custom-field.repository.ts';
import { encodeCursor, parseSort } from '../apps/server/src/modules/items/list-query.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------- options

interface Options {
  profile: ProfileName;
  db: 'sqlite' | 'postgres';
  quick: boolean;
  rounds: number;
  reuse: boolean;
  cpuProf: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run bench -- [--profile S|M|L] [--db sqlite|postgres] [--quick] [--rounds N] [--reuse] [--cpu-prof]');
    process.exit(0);
  }
  const profile = (values.profile ?? 'S').toUpperCase();
  if (!isProfileName(profile)) fail(`--profile must be S, M or L (XS for a try-out), not ${values.profile}`);
  if (values.db !== 'sqlite' && values.db !== 'postgres') fail(`--db must be sqlite or postgres, not ${values.db}`);
  const quick = values.quick === true;
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) fail('--rounds must be a whole number from 1 to 20');
  if (quick && values.profile !== undefined && profile !== 'S' && profile !== 'XS') fail('--quick runs profile S');
  return { profile: quick && profile !== 'XS' ? 'S' : profile, db: values.db, quick, rounds, reuse: values.reuse === true, cpuProf: values['cpu-prof'] === true };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const log = (message: string) => process.stderr.write(`${message}\n`);

// ---------------------------------------------------------------------------------------------- statistics

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** Seconds one latency scenario may take; a slow one stops early (with at least 5 samples) and says so by `n`. */
let timeBox = 20;

/** Times `work` `count` times after `warmup` untimed runs; milliseconds. */
async function timeIt(count: number, warmup: number, work: (i: number) => Promise<unknown> | unknown): Promise<Latency> {
  const started = performance.now();
  for (let i = 0; i < warmup && performance.now() - started < (timeBox * 1000) / 4; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await work(warmup + i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (samples.length >= 5 && performance.now() - started > timeBox * 1000) break;
  }
  return percentiles(samples);
}

/** Runs `work` with `concurrency` workers for `seconds`; requests per second and latency. */
async function saturate(seconds: number, concurrency: number, work: (i: number) => Promise<unknown> | unknown): Promise<Throughput> {
  const samples: number[] = [];
  let counter = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try {
          await work(counter++);
        } catch {
          errors++;
        }
        samples.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const stats = percentiles(samples);
  return { rps: samples.length / elapsed, p50: stats.p50, p99: stats.p99, errors };
}

// ---------------------------------------------------------------------------------------------- HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let port = 0;

function request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function apiGet(path: string, token: string): Promise<any> {
  const response = await request('GET', path, token);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body);
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; this is the part of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function load(seconds: number, token: string, requestOptions: Record<string, unknown>): Promise<Throughput> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...requestOptions,
  });
  const total = result['2xx'] + result.non2xx;
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx + (total === 0 ? 1 : 0) };
}

// ---------------------------------------------------------------------------------------------- the SQL floor

/** Direct SQL on the benchmark database: node:sqlite, or a pg pool of the server's size. */
interface Floor {
  dialect: 'sqlite' | 'postgres';
  all(text: string, params?: unknown[]): Promise<any[]>;
  /** Runs `work` in one transaction on one connection. */
  transaction(work: (run: (text: string, params?: unknown[]) => Promise<any[]>) => Promise<void>): Promise<void>;
  version(): Promise<string>;
  close(): Promise<void>;
}

function sqliteFloor(path: string): Floor {
  const db = new DatabaseSync(path, { timeout: 10_000 });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA cache_size = -65536');
  const statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();
  const prepared = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const all = async (text: string, params: unknown[] = []) => prepared(text).all(...(params as any[]));
  return {
    dialect: 'sqlite',
    all,
    async transaction(work) {
      db.exec('BEGIN IMMEDIATE');
      try {
        await work(all);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async version() {
      return String((db.prepare('select sqlite_version() as v').get() as { v: string }).v);
    },
    async close() {
      db.close();
    },
  };
}

function postgresFloor(url: string): Floor {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const toPg = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    dialect: 'postgres',
    all: async (text, params = []) => (await pool.query(toPg(text), params)).rows,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await work(async (text, params = []) => (await client.query(toPg(text), params)).rows);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async version() {
      return String((await pool.query('show server_version')).rows[0].server_version);
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------------------------------------- databases

interface Target {
  url: string;
  sqlitePath?: string;
  /** Drops what the run created (nothing for --reuse). */
  cleanup: () => Promise<void>;
  fresh: boolean;
}

async function prepareDatabase(options: Options): Promise<Target> {
  if (options.db === 'sqlite') {
    const dir = join(root, 'bench', 'data');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `bench-${options.profile.toLowerCase()}.sqlite`);
    const exists = existsSync(path);
    if (!options.reuse || !exists) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    return { url: path, sqlitePath: path, fresh: !options.reuse || !exists, cleanup: async () => {} };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `vinculo_bench_${options.profile.toLowerCase()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  const fresh = !options.reuse || !exists;
  if (fresh) {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), fresh, cleanup: async () => {} };
}

/** What a reused database holds, read back in the shape the generator returns. */
async function describeSeeded(database: Database, profile: ProfileName): Promise<SeedResult> {
  const db = database.db as any;
  const users = await db.selectFrom('users').select(['id', 'is_admin']).where('email', 'like', '%@equipe.vinculo.test').orderBy('id').execute();
  const departments = [];
  for (const d of await db.selectFrom('departments').select(['id', 'name']).orderBy('id').execute()) {
    const members = (await db.selectFrom('user_departments').select('user_id').where('department_id', '=', d.id).orderBy('user_id').execute()).map((m: any) => Number(m.user_id));
    departments.push({ id: Number(d.id), name: d.name, members });
  }
  const fields = buildTypes(await allFields(database.db), await allEnumValues(database.db));
  const segmentOptions = Object.fromEntries(
    (['lead', 'contact', 'company', 'deal'] as const).map((t) => [t, fields[t].fields.find((f) => f.name === 'ufCrmSegment')!.custom!.options!.map((o) => o.id)]),
  ) as SeedResult['fields']['segmentOptions'];
  const range = async (table: string) => {
    const row = await db.selectFrom(table).select((eb: any) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')]).executeTakeFirst();
    return { first: Number(row.first), last: Number(row.last) };
  };
  return {
    profile,
    seed: 0,
    seconds: Number.NaN,
    phases: {},
    rows: {},
    totalRows: await countItems(database),
    adminId: Number(users.find((u: any) => Number(u.is_admin) === 1).id),
    userIds: users.map((u: any) => Number(u.id)),
    departments,
    pipelines: [],
    fields: { code: 'ufCrmExternalCode', segment: 'ufCrmSegment', budget: 'ufCrmBudget', segmentOptions },
    ids: { contact: await range('contacts'), company: await range('companies'), lead: await range('leads'), deal: await range('deals') },
  };
}

// ---------------------------------------------------------------------------------------------- the server

async function startServer(url: string, cpuProf: boolean): Promise<ChildProcess> {
  const profileDir = join(root, 'bench', 'results', 'profiles');
  if (cpuProf) mkdirSync(profileDir, { recursive: true });
  const child = fork(join(root, 'bench', 'server.ts'), [], {
    env: { ...process.env, BENCH_SERVER_DATABASE_URL: url, LOG_LEVEL: 'silent' },
    execArgv: cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  port = await new Promise<number>((resolvePromise, reject) => {
    child.once('message', (message: any) => resolvePromise(Number(message.port)));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolvePromise) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolvePromise();
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.send('stop');
  });
}

// ---------------------------------------------------------------------------------------------- scenarios

interface Figure {
  key: string;
  label: string;
  kind: 'latency' | 'throughput';
  api: Latency | Throughput;
  sql?: Latency | Throughput;
}

interface Setup {
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

const contactColumns = '*';
const multifieldSql = (count: number) =>
  `select id, entity_id, kind, value_type, value, value_normalized, sort from multifields where entity_type = ? and entity_id in (${Array(count).fill('?').join(',')}) order by entity_id, sort, id`;
const linkSql = (table: string, self: string, other: string, count: number) =>
  `select ${self} as self, ${other} as other from ${table} where ${self} in (${Array(count).fill('?').join(',')}) order by sort, ${other}`;

/** The SQL a developer would write for a page of contacts, and the page's phones, e-mails and companies. */
async function contactPageSql(floor: Floor, where: string, params: unknown[], order: string, limit = 51) {
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

const inList = (ids: number[]) => `(${ids.join(',')})`;

interface ListCase {
  key: string;
  label: string;
  query: string;
  where: string;
  params: unknown[];
  order: string;
}

function listCases(s: Setup): ListCase[] {
  const code = 'uf_crm_external_code';
  return [
    { key: 'first', label: 'first page', query: '', where: '', params: [], order: 'id desc' },
    { key: 'deep', label: 'deep page (cursor at half)', query: '', where: '', params: [], order: 'id desc' },
    { key: 'deepLastName', label: 'deep page, sort=lastName', query: '&sort=lastName', where: '', params: [], order: 'last_name, id' },
    { key: 'filterStandard', label: 'filter assignedById', query: `&filter[assignedById]=${s.filterUser}`, where: ' and assigned_by_id = ?', params: [s.filterUser], order: 'id desc' },
    { key: 'filterCustom', label: 'filter ufCrmSegment (UF)', query: `&filter[ufCrmSegment]=${s.segment}`, where: ' and uf_crm_segment = ?', params: [s.segment], order: 'id desc' },
    { key: 'sortStandard', label: 'sort lastName', query: '&sort=lastName', where: '', params: [], order: 'last_name, id' },
    { key: 'sortCustom', label: 'sort ufCrmExternalCode (UF)', query: `&sort=ufCrmExternalCode`, where: '', params: [], order: `${code}, id` },
  ];
}

/** The keyset condition of a deep page in plain SQL (row values), and the API cursor for the same place. */
async function deepCursors(s: Omit<Setup, 'cursors'>, database: Database): Promise<Record<string, string>> {
  const cursors: Record<string, string> = {};
  const types = buildTypes(await allFields(database.db), await allEnumValues(database.db));
  for (const caller of ['admin', 'department'] as const) {
    const scope = caller === 'admin' ? '' : ` and assigned_by_id in ${inList(s.members)}`;
    const visible = Number((await s.floor.all(`select count(*) as n from contacts where deleted_at is null${scope}`))[0].n);
    const half = Math.max(0, Math.floor(visible / 2) - 1);
    for (const [key, sort, order] of [
      ['deep', undefined, 'id desc'],
      ['deepLastName', 'lastName', 'last_name, id'],
    ] as const) {
      const row = (await s.floor.all(`select id, last_name from contacts where deleted_at is null${scope} order by ${order} limit 1 offset ${half}`))[0];
      cursors[`${key}:${caller}`] = encodeCursor(parseSort(types.contact, sort), row);
      cursors[`${key}:${caller}:row`] = JSON.stringify(row);
    }
  }
  return cursors;
}

async function latencyScenarios(s: Setup): Promise<Figure[]> {
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
          where += ' and (last_name, id) > (?, ?)';
          params.push(row.last_name, row.id);
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
    const countWhere = `deleted_at is null${caller.scope} and last_name = ?`;
    const expected = Number((await s.floor.all(`select count(*) as n from contacts where ${countWhere}`, ['Silva']))[0].n);
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
        sql: await timeIt(s.iterations, s.warmup, () => s.floor.all(countSql, ['Silva'])),
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
  return figures;
}

async function throughputScenarios(s: Setup, round: number): Promise<Figure[]> {
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
        `insert into contacts (version, name, last_name, assigned_by_id, opened, created_by_id, updated_by_id, created_at, updated_at, has_phone, has_email, is_exported, uf_crm_segment)
          values (1, 'Bench', ?, ?, 1, ?, ?, ?, ?, 1, 1, 0, null) returning id`,
        [`Piso ${round}-${i}`, s.filterUser, s.seed.adminId, s.seed.adminId, at, at],
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

// ---------------------------------------------------------------------------------------------- targets and report

interface Row {
  scenario: string;
  api: string;
  sql: string;
  ratio: string;
  target: string;
  met: string;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const triple = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} ms`;
const perSecond = (t: Throughput) => `${Math.round(t.rps).toLocaleString('en-US')} req/s`;
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

/** The PERFORMANCE page's targets (set for profile L on two cores), applied to every profile but the seed. */
function report(figures: Figure[], seed: SeedResult | null, options: Options): { rows: Row[]; verdicts: Record<string, boolean | null> } {
  const rows: Row[] = [];
  const verdicts: Record<string, boolean | null> = {};
  const byKey = new Map(figures.map((f) => [f.key, f]));
  if (seed && Number.isFinite(seed.seconds)) {
    const limit = options.db === 'sqlite' ? 30 : 60;
    const ok = options.profile === 'L' ? seed.seconds <= limit : null;
    verdicts.seed = ok;
    rows.push({
      scenario: `seed profile ${options.profile} (${seed.totalRows.toLocaleString('en-US')} rows)`,
      api: `${seed.seconds.toFixed(1)} s, ${Math.round(seed.totalRows / seed.seconds).toLocaleString('en-US')} rows/s`,
      sql: Object.entries(seed.phases)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', '),
      ratio: '',
      target: `L: ≤ ${limit} s`,
      met: ok === null ? '(L only)' : yes(ok),
    });
  }
  for (const figure of figures) {
    if (figure.kind === 'latency') {
      const api = figure.api as Latency;
      const sql = figure.sql as Latency;
      const ratio = api.p50 / sql.p50;
      let target = '';
      let ok: boolean | null = null;
      if (figure.key.startsWith('list.')) {
        target = 'p95 ≤ 15 ms, ≤ 3× SQL';
        ok = api.p95 <= 15 && ratio <= 3;
      } else if (figure.key.startsWith('count')) {
        target = 'p95 ≤ 50 ms';
        ok = api.p95 <= 50;
      } else if (figure.key.startsWith('kanban.')) {
        target = 'p95 ≤ 100 ms';
        ok = api.p95 <= 100;
      }
      verdicts[figure.key] = ok;
      const samples = (l: Latency) => (l.n < 100 ? ` (n=${l.n})` : '');
      rows.push({ scenario: figure.label, api: `${triple(api)}${samples(api)}`, sql: `${triple(sql)}${samples(sql)}`, ratio: `${ratio.toFixed(1)}×`, target, met: ok === null ? '' : yes(ok) });
    } else {
      const api = figure.api as Throughput;
      const sql = figure.sql as Throughput;
      const limits: Record<string, [number, number]> = { 'rest.get': [10_000, 6_000], 'rest.list': [2_500, 2_500], 'rest.create': [3_000, 2_000] };
      const limit = limits[figure.key]?.[options.db === 'sqlite' ? 0 : 1];
      const ok = limit === undefined ? null : api.rps >= limit && api.errors === 0;
      verdicts[figure.key] = ok;
      rows.push({
        scenario: figure.label,
        api: `${perSecond(api)} (p50 ${api.p50} ms, p99 ${api.p99} ms${api.errors ? `, ${api.errors} errors` : ''})`,
        sql: `${perSecond(sql)}`,
        ratio: `${(sql.rps / api.rps).toFixed(1)}×`,
        target: limit === undefined ? '' : `≥ ${limit.toLocaleString('en-US')} req/s`,
        met: ok === null ? '' : yes(ok),
      });
    }
  }
  for (const [standard, custom, label] of [
    ['filterStandard', 'filterCustom', 'filter'],
    ['sortStandard', 'sortCustom', 'sort'],
  ] as const) {
    for (const caller of ['admin', 'department']) {
      const a = byKey.get(`list.${standard}.${caller}`)?.api as Latency | undefined;
      const b = byKey.get(`list.${custom}.${caller}`)?.api as Latency | undefined;
      if (!a || !b) continue;
      const ratio = b.p50 / a.p50;
      verdicts[`custom.${label}.${caller}`] = ratio <= 1.3;
      rows.push({
        scenario: `custom field ÷ standard field, ${label} (p50) — ${caller === 'admin' ? 'admin' : 'department user'}`,
        api: `${ms(b.p50)} ÷ ${ms(a.p50)} ms`,
        sql: '',
        ratio: `${ratio.toFixed(2)}×`,
        target: '≤ 1.3×',
        met: yes(ratio <= 1.3),
      });
    }
  }
  for (const scenario of ['CSV import (100k, 1M contacts)', 'global search', 'reports: funnel, forgotten deals, won by month', 'Bitrix24-compatible API: list and get']) {
    rows.push({ scenario, api: 'not yet', sql: '', ratio: '', target: '', met: 'not yet' });
  }
  return { rows, verdicts };
}

function printTable(rows: Row[]) {
  const headers: Row = { scenario: 'scenario', api: 'API p50 / p95 / p99 or req/s', sql: 'SQL floor', ratio: 'API÷SQL', target: 'target', met: 'met?' };
  const keys = Object.keys(headers) as Array<keyof Row>;
  const widths = keys.map((k) => Math.max(headers[k].length, ...rows.map((r) => r[k].length)));
  const line = (r: Row) => `| ${keys.map((k, i) => r[k].padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** The median of each figure over the rounds (each percentile and rate on its own). */
function medianFigures(rounds: Figure[][]): Figure[] {
  return rounds[0].map((figure) => {
    const all = rounds.map((round) => round.find((f) => f.key === figure.key)!);
    const combine = (pick: (f: Figure) => Latency | Throughput | undefined) => {
      const values = all.map(pick).filter(Boolean) as unknown as Array<Record<string, number>>;
      if (values.length === 0) return undefined;
      return Object.fromEntries(Object.keys(values[0]).map((k) => [k, median(values.map((v) => v[k]))])) as unknown as Latency | Throughput;
    };
    return { ...figure, api: combine((f) => f.api)!, sql: combine((f) => f.sql) };
  });
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const options = readOptions();
  const started = performance.now();
  timeBox = options.quick ? 3 : 20;
  const target = await prepareDatabase(options);
  log(`Vínculo benchmark: profile ${options.profile} on ${options.db}, ${options.rounds} round(s)${options.quick ? ' (quick)' : ''}`);
  const database = openDatabase(target.url, { poolSize: 4 });
  let server: ChildProcess | undefined;
  let floor: Floor | undefined;
  try {
    await migrate(database);
    let seed: SeedResult;
    if (target.fresh) {
      log(`Seeding ${target.sqlitePath ?? target.url.replace(/:[^:@/]*@/, ':***@')}…`);
      seed = await seedProfile(database, profiles[options.profile], {
        url: target.url,
        progress: (p) => process.stderr.write(`\r  ${p.phase} ${p.rows.toLocaleString('en-US')}/${p.totalRows.toLocaleString('en-US')} rows${p.rowsPerSecond ? ` (${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s)` : ''}\x1b[K`),
      });
      process.stderr.write('\n');
      log(`  seeded ${seed.totalRows.toLocaleString('en-US')} rows in ${seed.seconds.toFixed(1)} s (${Object.entries(seed.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
    } else {
      seed = await describeSeeded(database, options.profile);
      log('  reusing the seeded database (--reuse): no seed figure');
    }

    const department = seed.departments.find((d) => d.name === 'Vendas São Paulo') ?? seed.departments[1];
    const departmentUser = department.members[1];
    const adminToken = (await createToken(database.db, seed.adminId, 'bench', new Date())).token;
    const userToken = (await createToken(database.db, departmentUser, 'bench', new Date())).token;
    floor = options.db === 'sqlite' ? sqliteFloor(target.sqlitePath!) : postgresFloor(target.url);
    const base = {
      options,
      seed,
      floor,
      adminToken,
      userToken,
      members: department.members,
      filterUser: department.members[2],
      segment: seed.fields.segmentOptions.contact[7],
      iterations: options.quick ? 30 : 200,
      warmup: options.quick ? 5 : 20,
      loadSeconds: options.quick ? 2 : 10,
      floorSeconds: options.quick ? 1 : 3,
    };
    const liveIds = (await floor.all(`select id from contacts where deleted_at is null and id <= ? order by id`, [seed.ids.contact.last])).map((r) => Number(r.id));
    const setup: Setup = { ...base, liveIds, cursors: await deepCursors({ ...base, liveIds }, database) };

    server = await startServer(target.url, options.cpuProf);
    log(`Server on 127.0.0.1:${port}`);
    const rounds: Figure[][] = [];
    for (let round = 1; round <= options.rounds; round++) {
      log(`Round ${round}/${options.rounds}`);
      rounds.push([...(await latencyScenarios(setup)), ...(await throughputScenarios(setup, round))]);
    }
    await stopServer(server);
    server = undefined;

    const figures = medianFigures(rounds);
    const { rows, verdicts } = report(figures, target.fresh ? seed : null, options);
    console.log(`\nVínculo benchmark — profile ${options.profile} (${seed.totalRows.toLocaleString('en-US')} rows), ${options.db}, median of ${options.rounds} round(s)\n`);
    printTable(rows);

    const machine = {
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      database: `${options.db} ${await floor.version()}`,
    };
    const date = new Date().toISOString().slice(0, 10);
    const resultsDir = join(root, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${date}-${options.profile}-${options.db}${options.quick ? '-quick' : ''}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          settings: {
            profile: options.profile,
            db: options.db,
            rounds: options.rounds,
            quick: options.quick,
            iterations: setup.iterations,
            warmup: setup.warmup,
            loadSeconds: setup.loadSeconds,
            connections: 50,
            floorSeconds: setup.floorSeconds,
            floorConcurrency: options.db === 'postgres' ? 10 : 1,
            serverPoolSize: 10,
            reused: !target.fresh,
          },
          seed: target.fresh ? { seconds: seed.seconds, phases: seed.phases, rows: seed.rows, totalRows: seed.totalRows, seed: seed.seed } : null,
          figures,
          rounds,
          verdicts,
          table: rows,
          totalSeconds: (performance.now() - started) / 1000,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nWritten ${file.slice(root.length + 1)} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    if (server) await stopServer(server).catch(() => {});
    await floor?.close().catch(() => {});
    await database.close();
    agent.destroy();
  }
}

await main();
