import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** `vinculo webhook create|list|revoke` (cli/webhook-command.ts), run as a process against a test app's database. */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const { PUBLIC_URL: _ignored, ...withoutPublicUrl } = process.env;

function vinculo(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['apps/server/bin/vinculo.js', ...args],
      // English messages whatever the machine's locale; no PUBLIC_URL from the machine either.
      { cwd: repoRoot, env: { ...withoutPublicUrl, DATABASE_URL: databaseUrl, LC_ALL: 'C', LC_MESSAGES: '', LANG: 'C', LOG_LEVEL: 'silent', PORT: '3000', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const show = (run: Run) => `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

for (const dialect of testDialects()) {
  describe(`cli webhook [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { worker: false });
    });
    after(() => t.close());

    it('refuses bad input: exit 2 with the usage, exit 1 for an unknown user', async () => {
      const noEmail = await vinculo(t.url, ['webhook', 'create']);
      assert.equal(noEmail.code, 2, show(noEmail));
      assert.match(noEmail.stderr, /Missing option --email/);
      assert.match(noEmail.stderr, /webhook create --email E/, 'the usage names the command');
      const badScope = await vinculo(t.url, ['webhook', 'create', '--email', 'admin@example.com', '--scope', 'tasks']);
      assert.equal(badScope.code, 2, show(badScope));
      assert.match(badScope.stderr, /Unknown scope "tasks": use crm, user/);
      const unknownOption = await vinculo(t.url, ['webhook', 'create', '--email', 'admin@example.com', '--admin']);
      assert.equal(unknownOption.code, 2, show(unknownOption));
      const unknownSubcommand = await vinculo(t.url, ['webhook', 'rotate']);
      assert.equal(unknownSubcommand.code, 2, show(unknownSubcommand));
      assert.match(unknownSubcommand.stderr, /Unknown command: webhook rotate/);
      const badId = await vinculo(t.url, ['webhook', 'revoke', '--id', 'abc']);
      assert.equal(badId.code, 2, show(badId));
      const nobody = await vinculo(t.url, ['webhook', 'create', '--email', 'nobody@example.com']);
      assert.equal(nobody.code, 1, show(nobody));
      assert.match(nobody.stderr, /No active user with e-mail nobody@example.com/);
      assert.equal((await vinculo(t.url, ['webhook', 'revoke', '--id', '999'])).code, 1);
      assert.equal((await t.database.db.selectFrom('inbound_webhooks').select('id').execute()).length, 0, 'nothing was created');
    });

    it('creates a webhook whose URL (last line, from PUBLIC_URL) calls the compatible API as the user; lists and revokes it', async () => {
      const created = await vinculo(t.url, ['webhook', 'create', '--email', 'ADMIN@example.com', '--scope', 'crm', '--scope', 'user', '--name', 'ERP'], { PUBLIC_URL: 'https://crm.example.com.br/' });
      assert.equal(created.code, 0, show(created));
      const url = lastLine(created.stdout);
      const match = /^https:\/\/crm\.example\.com\.br\/rest\/(\d+)\/([a-z0-9]{16})\/$/.exec(url);
      assert.ok(match, `the last line is the base URL: ${url}`);
      assert.equal(Number(match[1]), t.adminId);
      const code = match[2]!;
      const row = await t.database.db.selectFrom('inbound_webhooks').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.name, 'ERP');
      assert.deepEqual(JSON.parse(row.scopes), ['crm', 'user']);
      assert.equal(row.code_hint, code.slice(-4));
      assert.notEqual(row.code_hash, code, 'only a hash of the code is kept');
      assert.equal(row.code_hash, createHash('sha256').update(code).digest('hex'));

      // The URL works: the same path on a server sharing the database answers `profile` as that user.
      const path = new URL(url).pathname;
      const profile = await t.anonymous('POST', `${path}profile`, {});
      assert.equal(profile.statusCode, 200, profile.body);
      assert.equal(profile.json().result.ID, String(t.adminId));

      // Without PUBLIC_URL: http://localhost:$PORT.
      const local = await vinculo(t.url, ['webhook', 'create', '--email', 'admin@example.com'], { PORT: '4123' });
      assert.equal(local.code, 0, show(local));
      assert.match(lastLine(local.stdout), /^http:\/\/localhost:4123\/rest\/\d+\/[a-z0-9]{16}\/$/);

      const listed = await vinculo(t.url, ['webhook', 'list', '--email', 'admin@example.com']);
      assert.equal(listed.code, 0, show(listed));
      assert.match(listed.stdout, new RegExp(`#${row.id}  ERP  user Admin \\(id ${t.adminId}\\)  scopes crm,user  code …${code.slice(-4)}`));
      assert.match(listed.stdout, /#\d+ {2}CLI {2}user Admin/);
      assert.equal((await vinculo(t.url, ['webhook', 'list', '--email', 'nobody@example.com'])).code, 1);

      const revoked = await vinculo(t.url, ['webhook', 'revoke', '--id', String(row.id)]);
      assert.equal(revoked.code, 0, show(revoked));
      assert.match(revoked.stdout, /revoked/);
      assert.equal((await t.anonymous('POST', `${path}profile`, {})).statusCode, 401);
      const after = await vinculo(t.url, ['webhook', 'list']);
      assert.doesNotMatch(after.stdout, /ERP/);
      const audit = await t.database.db.selectFrom('audit_log').select(['kind', 'actor_id']).where('kind', '=', 'settings.inboundWebhook.revoked').execute();
      assert.deepEqual(audit.map((entry) => entry.actor_id), [null]);
      assert.equal((await vinculo(t.url, ['webhook', 'revoke', '--id', String(row.id)])).code, 1, 'a revoked webhook is not found again');
    });
  });
}
