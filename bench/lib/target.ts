/** The database under test (fresh or reused) and the server process. */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { countItems, type SeedResult } from '../../apps/server/src/bench/generator.ts';
import type { ProfileName } from '../../apps/server/src/bench/profiles.ts';
import { type Database } from '../../apps/server/src/db/database.ts';
import { buildTypes } from '../../apps/server/src/modules/catalog/catalog.ts';
import { allEnumValues, allFields } from '../../apps/server/src/modules/custom-fields/custom-field.repository.ts';
import type { Options } from './options.ts';
import { setPort } from './measure.ts';
import { root } from './options.ts';

// ---------------------------------------------------------------------------------------------- databases

export interface Target {
  url: string;
  sqlitePath?: string;
  /** Drops what the run created (nothing for --reuse). */
  cleanup: () => Promise<void>;
  fresh: boolean;
}

export async function prepareDatabase(options: Options): Promise<Target> {
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
export async function describeSeeded(database: Database, profile: ProfileName): Promise<SeedResult> {
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

export interface ServerOptions {
  cpuProf?: boolean;
  /** Server processes on the one port (node:cluster), as WEB_CONCURRENCY. */
  processes?: number;
  /** The server on core 0 and this process (the load generator) on core 1, so they do not take each other's turns. */
  pin?: boolean;
}

export async function startServer(url: string, options: ServerOptions = {}): Promise<ChildProcess> {
  const profileDir = join(root, 'bench', 'results', 'profiles');
  if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
  const child = fork(join(root, 'bench', 'server.ts'), [], {
    env: { ...process.env, BENCH_SERVER_DATABASE_URL: url, BENCH_SERVER_PROCESSES: String(options.processes ?? 1), LOG_LEVEL: 'silent' },
    execArgv: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  pinTo(process.pid, options.pin ? '1' : '0-1');
  if (options.pin) pinTo(child.pid!, '0');
  setPort(await new Promise<number>((resolvePromise, reject) => {
    child.once('message', (message: any) => resolvePromise(Number(message.port)));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  }));
  return child;
}

/** Every thread of process `pid` onto CPU list `cpus` (taskset). */
function pinTo(pid: number, cpus: string) {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

export async function stopServer(child: ChildProcess): Promise<void> {
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
