import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { migrate, openDatabase } from '../src/db/database.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { createUser } from '../src/modules/auth/auth.service.ts';
import { testDialects } from './support/test-app.ts';

/**
 * Issue 10: several processes on one SQLite file (a server and the CLI, two servers). Write transactions take the
 * write lock when they begin (BEGIN IMMEDIATE), so a writer waits for another instead of failing with "database is
 * locked"; migrations run in one transaction under that lock, so two processes starting at once apply them once,
 * and one killed midway leaves nothing half applied.
 */

const here = dirname(fileURLToPath(import.meta.url));
const writer = join(here, 'support/sqlite-writer.ts');
const bin = resolve(here, '../bin/vinculo.js');

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'silent', LANG: 'C', LC_ALL: 'C', ...env }, timeout: 300_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });

if (testDialects().includes('sqlite')) {
  describe('several processes on one SQLite file', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'vinculo-processes-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('three processes writing at once all succeed, every write kept', async () => {
      const file = join(dir, 'shared.sqlite');
      const database = openDatabase(file);
      await migrate(database);
      await createUser(database.db, { email: 'admin@example.com', password: 'correct horse battery', isAdmin: true }, new Date());
      await database.close();
      const results = await Promise.all(['A', 'B', 'C'].map((label) => run([writer, file, '120', label])));
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const reports = results.map((result) => JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { written: number; failures: number; reasons: string[] });
      assert.deepEqual(
        reports.map((r) => [r.written, r.failures]),
        [
          [120, 0],
          [120, 0],
          [120, 0],
        ],
        JSON.stringify(reports.map((r) => r.reasons)),
      );
      const check = openDatabase(file);
      const contacts = await check.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(contacts.n), 1);
      const { rows } = await sql<{ n: number }>`select count(*) as n from contacts where post is not null`.execute(check.db);
      assert.equal(Number(rows[0].n), 360);
      await check.close();
    });

    it('two processes migrating a new file at once apply each migration once; a migration killed midway leaves nothing half done', async () => {
      const file = join(dir, 'migrate.sqlite');
      const results = await Promise.all([run([bin, 'migrate'], { DATABASE_URL: file }), run([bin, 'migrate'], { DATABASE_URL: file })]);
      for (const result of results) assert.equal(result.code, 0, result.stderr);
      const database = openDatabase(file);
      const applied = await database.db.selectFrom('schema_migrations' as any).select('name').execute();
      assert.deepEqual(applied.map((r: { name: string }) => r.name).sort(), Object.keys(migrations).sort());
      await database.close();

      for (let trial = 0; trial < 5; trial++) {
        const fresh = join(dir, `killed-${trial}.sqlite`);
        const child = spawn(process.execPath, [bin, 'migrate'], { env: { ...process.env, DATABASE_URL: fresh, LOG_LEVEL: 'silent' }, stdio: 'ignore' });
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 150 + trial * 60));
        child.kill('SIGKILL');
        await new Promise((resolvePromise) => child.once('exit', resolvePromise));
        const again = await run([bin, 'migrate'], { DATABASE_URL: fresh });
        assert.equal(again.code, 0, `trial ${trial}: ${again.stderr}`);
        const reopened = openDatabase(fresh);
        const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(reopened.db);
        assert.equal(rows[0].integrity_check, 'ok');
        const names = (await reopened.db.selectFrom('schema_migrations' as any).select('name').execute()).map((r: { name: string }) => r.name);
        assert.deepEqual(names.sort(), Object.keys(migrations).sort(), `trial ${trial}`);
        await reopened.close();
      }
    });
  });
}
