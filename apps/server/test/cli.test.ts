import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import type { DialectName } from '../src/db/types.ts';
import { ensureWebBuild } from '../src/web/web-build.ts';
import { testDialects } from './support/test-app.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = 'apps/server/bin/vinculo.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** An empty database (not migrated), so `migrate` has something to do: a new SQLite path or a new PostgreSQL database. */
async function emptyDatabase(dialect: DialectName): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-cli-'));
    return { url: join(dir, 'cli.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is needed for PostgreSQL tests');
  const name = `vinculo_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function cliEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // English messages whatever the machine's locale.
  return { ...process.env, DATABASE_URL: databaseUrl, LC_ALL: 'C', LC_MESSAGES: '', LANG: 'C', LOG_LEVEL: 'silent', ...extra };
}

function vinculo(databaseUrl: string, args: string[]): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [bin, ...args], { cwd: repoRoot, env: cliEnv(databaseUrl), timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

for (const dialect of testDialects()) {
  describe(`cli [${dialect}]`, () => {
    let url: string;
    let drop: () => Promise<void>;
    let database: Database | undefined;
    let cliToken: string;

    before(async () => {
      ({ url, drop } = await emptyDatabase(dialect));
    });
    after(async () => {
      await database?.close();
      await drop();
    });

    /** A connection of the test's own to the CLI's database, opened after `migrate` ran. */
    const db = () => {
      database ??= openDatabase(url, { poolSize: 2 });
      return database;
    };

    it('migrate applies the migrations, then says the database is up to date', async () => {
      const first = await vinculo(url, ['migrate']);
      assert.equal(first.code, 0, show(first));
      assert.match(first.stdout, /Migrations applied: .*initial/, show(first));
      const second = await vinculo(url, ['migrate']);
      assert.equal(second.code, 0, show(second));
      assert.match(second.stdout, /up to date/, show(second));
      assert.doesNotMatch(second.stdout, /Migrations applied/);
    });

    it('refuses an unknown command, or none, with exit 2 and the usage', async () => {
      const unknown = await vinculo(url, ['frobnicate']);
      assert.equal(unknown.code, 2, show(unknown));
      assert.match(unknown.stderr, /Unknown command: frobnicate/, show(unknown));
      assert.match(unknown.stderr, /Usage: vinculo/);
      const subcommand = await vinculo(url, ['user', 'delete']);
      assert.equal(subcommand.code, 2, show(subcommand));
      assert.match(subcommand.stderr, /Unknown command: user delete/, show(subcommand));
      const none = await vinculo(url, []);
      assert.equal(none.code, 2, show(none));
      assert.match(none.stdout + none.stderr, /Usage: vinculo/);
      const help = await vinculo(url, ['help']);
      assert.equal(help.code, 0, show(help));
      assert.match(help.stdout, /Usage: vinculo/);
    });

    it('seed --demo needs a user first (exit 1)', async () => {
      const run = await vinculo(url, ['seed', '--demo']);
      assert.equal(run.code, 1, show(run));
      assert.match(run.stderr, /Create a user first/, show(run));
    });

    it('user create refuses a missing --password (exit 2) and a bad option (exit 2)', async () => {
      const missing = await vinculo(url, ['user', 'create', '--email', 'ana@example.com']);
      assert.equal(missing.code, 2, show(missing));
      assert.match(missing.stderr, /Missing option --password/, show(missing));
      const missingEmail = await vinculo(url, ['user', 'create', '--password', 'long enough']);
      assert.equal(missingEmail.code, 2, show(missingEmail));
      assert.match(missingEmail.stderr, /Missing option --email/, show(missingEmail));
      const unknownOption = await vinculo(url, ['user', 'create', '--email', 'ana@example.com', '--password', 'long enough', '--root']);
      assert.equal(unknownOption.code, 2, show(unknownOption));
      assert.match(unknownOption.stderr, /Invalid options/, show(unknownOption));
      assert.equal((await db().db.selectFrom('users').select('id').execute()).length, 0, 'nobody was created');
    });

    it('user create refuses a short password or a bad e-mail (exit 1 naming the field)', async () => {
      const short = await vinculo(url, ['user', 'create', '--email', 'ana@example.com', '--password', 'short']);
      assert.equal(short.code, 1, show(short));
      assert.match(short.stderr, /password/, show(short));
      const badEmail = await vinculo(url, ['user', 'create', '--email', 'not-an-email', '--password', 'long enough']);
      assert.equal(badEmail.code, 1, show(badEmail));
      assert.match(badEmail.stderr, /email/, show(badEmail));
    });

    it('user create --email --password --admin --name creates an administrator (exit 0)', async () => {
      const run = await vinculo(url, ['user', 'create', '--email', 'Ana.Admin@Example.com', '--password', 'a good password', '--admin', '--name', 'Ana Admin']);
      assert.equal(run.code, 0, show(run));
      assert.match(run.stdout, /User ana\.admin@example\.com created \(id \d+\)/, show(run));
      const user = await db().db.selectFrom('users').selectAll().where('email', '=', 'ana.admin@example.com').executeTakeFirst();
      assert.ok(user);
      assert.equal(user.name, 'Ana Admin');
      assert.equal(user.is_admin, 1);
      assert.ok(user.password_hash?.startsWith('$argon2id$'));
    });

    it('user create refuses a duplicate e-mail (exit 1 with a message)', async () => {
      const run = await vinculo(url, ['user', 'create', '--email', 'ana.admin@EXAMPLE.com', '--password', 'another password']);
      assert.equal(run.code, 1, show(run));
      assert.match(run.stderr, /email \(taken\)/, show(run));
      assert.equal((await db().db.selectFrom('users').select('id').execute()).length, 1);
    });

    it('token create prints the token on its last line, and the token authenticates against the app', async () => {
      const run = await vinculo(url, ['token', 'create', '--email', 'ana.admin@example.com', '--name', 'Integração']);
      assert.equal(run.code, 0, show(run));
      const out = lines(run.stdout);
      cliToken = out[out.length - 1];
      assert.match(cliToken, /^vk_[A-Za-z0-9_-]{43}$/, show(run));
      assert.match(run.stdout, /API token "Integração" for ana\.admin@example\.com/);

      const app = await buildApp({ database: db(), logLevel: 'silent' });
      try {
        const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${cliToken}` } });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().email, 'ana.admin@example.com');
        const tokens = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${cliToken}` } });
        assert.ok(tokens.json().items.some((i: { name: string }) => i.name === 'Integração'), tokens.body);
      } finally {
        await app.close();
      }
    });

    it('token create refuses an unknown e-mail (exit 1) and a missing --email (exit 2)', async () => {
      const unknown = await vinculo(url, ['token', 'create', '--email', 'ghost@example.com', '--name', 'N']);
      assert.equal(unknown.code, 1, show(unknown));
      assert.match(unknown.stderr, /No active user with e-mail ghost@example\.com/, show(unknown));
      assert.doesNotMatch(unknown.stdout, /vk_/);
      const missing = await vinculo(url, ['token', 'create', '--name', 'N']);
      assert.equal(missing.code, 2, show(missing));
      assert.match(missing.stderr, /Missing option --email/, show(missing));
    });

    it('seed refuses a missing --demo and a bad --scale (exit 2)', async () => {
      for (const args of [['seed'], ['seed', '--demo', '--scale', 'x'], ['seed', '--demo', '--scale', '0'], ['seed', '--demo', '--scale', '1.5'], ['seed', '--demo', '--scale', '1001']]) {
        const run = await vinculo(url, args);
        assert.equal(run.code, 2, `${args.join(' ')}: ${show(run)}`);
        assert.match(run.stderr, /Missing option --demo|--scale must be a whole number/, `${args.join(' ')}: ${show(run)}`);
      }
      for (const table of ['companies', 'contacts', 'leads', 'deals']) {
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db().db);
        assert.equal(Number(rows[0].n), 0, `${table} is still empty`);
      }
    });

    it('seed --demo fills companies, contacts, leads and deals with phones and e-mails', async () => {
      const run = await vinculo(url, ['seed', '--demo']);
      assert.equal(run.code, 0, show(run));
      assert.match(run.stdout, /Demo data added: 12 companies, 40 contacts, 25 leads, 30 deals/, show(run));

      const app = await buildApp({ database: db(), logLevel: 'silent' });
      try {
        const get = (path: string) => app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${cliToken}` } });
        const expected: Record<string, number> = { companies: 12, contacts: 40, leads: 25, deals: 30 };
        for (const [plural, count] of Object.entries(expected)) {
          const list = await get(`/api/v1/${plural}?limit=500`);
          assert.equal(list.statusCode, 200, list.body);
          assert.equal(list.json().total, count, `${plural} total`);
          assert.equal(list.json().items.length, count, `${plural} items`);
        }
        for (const plural of ['companies', 'contacts', 'leads']) {
          const list = (await get(`/api/v1/${plural}?limit=500`)).json().items as Array<{ id: number }>;
          let withPhone = 0;
          let withEmail = 0;
          for (const { id } of list) {
            const item = (await get(`/api/v1/${plural}/${id}`)).json();
            if (item.phones?.length > 0) withPhone += 1;
            if (item.emails?.length > 0) withEmail += 1;
          }
          assert.equal(withPhone, list.length, `every one of the ${plural} has a phone`);
          assert.ok(withEmail > 0, `some ${plural} have an e-mail`);
        }
        const contact = (await get('/api/v1/contacts?limit=1')).json().items[0];
        const full = (await get(`/api/v1/contacts/${contact.id}`)).json();
        assert.match(full.phones[0].normalized, /^\+55\d{10,11}$/, JSON.stringify(full.phones));
        assert.match(full.emails[0].value, /@/);
      } finally {
        await app.close();
      }
      const multifields = await db()
        .db.selectFrom('multifields')
        .select(['entity_type', 'kind'])
        .select((eb) => eb.fn.countAll().as('n'))
        .groupBy(['entity_type', 'kind'])
        .execute();
      const kinds = new Set(multifields.map((m) => `${m.entity_type}:${m.kind}`));
      for (const type of ['company', 'contact', 'lead']) {
        assert.ok(kinds.has(`${type}:phone`), `${type} phones in ${[...kinds].join(', ')}`);
        assert.ok(kinds.has(`${type}:email`), `${type} e-mails in ${[...kinds].join(', ')}`);
      }
    });

    it('serve answers /healthz and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [bin, 'serve'], {
        cwd: repoRoot,
        env: cliEnv(url, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) =>
        child.once('exit', (code, signal) => resolvePromise({ code, signal })),
      );
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      try {
        const deadline = Date.now() + 30_000;
        let status = 0;
        let body: unknown;
        while (Date.now() < deadline && !exitedEarly) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/healthz`);
            status = response.status;
            body = await response.json();
            if (status === 200) break;
          } catch {
            // Not listening yet.
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(status, 200, `serve never answered /healthz; output:\n${output}`);
        assert.deepEqual(body, { status: 'ok', database: dialect });
        const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { authorization: `Bearer ${cliToken}` } });
        assert.equal(me.status, 200);

        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const result = await exited;
        clearTimeout(timeout);
        assert.deepEqual(result, { code: 0, signal: null }, `serve did not exit cleanly; output:\n${output}`);
        assert.match(output, /shutting down/);
        await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the port is closed');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    it('serve with WEB_CONCURRENCY=2 runs two server processes on one port, replaces one that dies, and stops both on SIGTERM', async () => {
      const port = await freePort();
      const child = spawn(process.execPath, [bin, 'serve'], { cwd: repoRoot, env: cliEnv(url, { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_CONCURRENCY: '2' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
      const serverProcesses = () => execFileSync('ps', ['--ppid', String(child.pid), '-o', 'pid='], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((pid) => pid > 0);
      const healthy = async () => {
        for (const deadline = Date.now() + 30_000; Date.now() < deadline && child.exitCode === null; await new Promise((r) => setTimeout(r, 100))) {
          try {
            if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok && serverProcesses().length === 2) return true;
          } catch {
            // Not listening yet.
          }
        }
        return false;
      };
      try {
        assert.ok(await healthy(), `serve never answered with two processes; output:\n${output}`);
        const [first] = serverProcesses();
        process.kill(first, 'SIGKILL');
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(await healthy(), `no second process again; output:\n${output}`);
        assert.ok(!serverProcesses().includes(first), 'the dead one was replaced');
        assert.match(output, /stopped \(SIGKILL\); starting another/);
        const me = await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { authorization: `Bearer ${cliToken}` } });
        assert.equal(me.status, 200);
        const left = serverProcesses();
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        assert.deepEqual(await exited, { code: 0, signal: null }, `serve did not exit cleanly; output:\n${output}`);
        clearTimeout(timeout);
        for (const pid of left) assert.throws(() => process.kill(pid, 0), 'every server process is gone');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    it('worker runs queued jobs and the periodic tasks on its own, and stops cleanly on SIGTERM', async () => {
      const user = await db().db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
      const job = await db()
        .db.insertInto('jobs')
        .values({ kind: 'no-such-kind', type: 'deal', action: 'test', created_by_id: user.id, status: 'queued', params: '{}', total: 1, created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const child = spawn(process.execPath, [bin, 'worker'], { cwd: repoRoot, env: cliEnv(url, { LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
      try {
        const deadline = Date.now() + 30_000;
        let ended: { status: string; error: string | null } | undefined;
        let turns = 0;
        while (Date.now() < deadline && child.exitCode === null) {
          ended = await db().db.selectFrom('jobs').select(['status', 'error']).where('id', '=', job.id).executeTakeFirst();
          turns = (await db().db.selectFrom('periodic_runs').select('name').where('last_run_at', 'is not', null).execute()).length;
          if (ended?.status !== 'queued' && ended?.status !== 'running' && turns === 2) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.deepEqual({ ...ended }, { status: 'failed', error: 'unknownKind' }, `the worker did not take the job; output:\n${output}`);
        assert.equal(turns, 2, 'the recycle-bin purge and the reminders took their turn');
        assert.match(output, /worker is running/);
        child.kill('SIGTERM');
        const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const result = await exited;
        clearTimeout(timeout);
        assert.deepEqual(result, { code: 0, signal: null }, `worker did not exit cleanly; output:\n${output}`);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

    for (const processes of [1, 2]) it(`serve on a busy port fails at once with exit 1 (WEB_CONCURRENCY=${processes})`, async () => {
      // serve builds a stale web app before it listens: build it first, so only the failure is timed.
      await ensureWebBuild(() => {});
      const blocker = createServer();
      await new Promise<void>((resolvePromise) => blocker.listen(0, '127.0.0.1', resolvePromise));
      const address = blocker.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      try {
        const started = Date.now();
        const run = await new Promise<Run>((resolvePromise) => {
          execFile(
            process.execPath,
            [bin, 'serve'],
            { cwd: repoRoot, env: cliEnv(url, { PORT: String(port), HOST: '127.0.0.1', WEB_CONCURRENCY: String(processes) }), timeout: 30_000 },
            (error, stdout, stderr) => resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
          );
        });
        const elapsed = Date.now() - started;
        assert.equal(run.code, 1, show(run));
        assert.match(run.stderr, /EADDRINUSE/, show(run));
        // The failed server must not keep the process alive (e.g. an open database pool).
        // (Two processes take longer to start; neither may be restarted in a loop.)
        assert.ok(elapsed < 5_000 * processes, `serve took ${elapsed} ms to exit after failing to listen`);
      } finally {
        await new Promise((resolvePromise) => blocker.close(resolvePromise));
      }
    });
  });
}

describe('npm test on an old Node', () => {
  // The machine's own Node, when it is older than the project needs (the CI machine has Node 20 besides Node 24).
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'].find((candidate) => {
    try {
      const [major, minor] = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
      return major < 22 || (major === 22 && minor < 18);
    } catch {
      return false;
    }
  });

  it('says which Node it needs instead of crashing with a SyntaxError', { skip: oldNode ? false : 'no Node older than 22.18 on this machine' }, async () => {
    const run = await new Promise<Run>((resolvePromise) => {
      execFile(oldNode!, ['scripts/test.js'], { cwd: repoRoot, env: { ...process.env, TEST_DIALECTS: 'sqlite' }, timeout: 30_000 }, (error, stdout, stderr) =>
        resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
      );
    });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stderr, /^The tests need Node\.js 22\.18 or newer \(24 recommended\); this is \d+\.\d+\.\d+\./, show(run));
    assert.doesNotMatch(run.stderr, /SyntaxError/);
  });
});
