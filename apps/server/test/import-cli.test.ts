import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** `vinculo import`: how it read the file and each column's field, the counts, the rejected rows, --dry-run, refusals. */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function vinculo(url: string, args: string[], lang = 'en_US.UTF-8'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['apps/server/bin/vinculo.js', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url, LANG: lang, LC_ALL: '', LOG_LEVEL: 'silent' } }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

for (const dialect of testDialects()) {
  describe(`vinculo import [${dialect}]`, () => {
    let t: TestApp;
    let dir: string;
    let file: string;
    before(async () => {
      t = await createTestApp(dialect);
      dir = mkdtempSync(join(tmpdir(), 'vinculo-import-cli-'));
      file = join(dir, 'contatos.csv');
      writeFileSync(file, 'Nome;Sobrenome;E-mail;Apelido\nAna;Conceição;ana@exemplo.com.br;Aninha\nBruno;Reis;nao-e-email;Bru\n');
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const contacts = async () => (await t.call('GET', '/api/v1/contacts?fields=name,lastName,comments')).json().items as Array<Record<string, string>>;

    it('--dry-run says what it would do and saves nothing', async () => {
      const run = await vinculo(t.url, ['import', 'contacts', file, '--dry-run']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Dry run \(nothing was saved\): 1 would be created, 0 updated, 0 skipped as duplicates, 1 rejected/);
      assert.match(run.stderr, /row 3: E-mail: not an e-mail address \("nao-e-email"\)/);
      assert.equal((await contacts()).length, 0);
    });

    it('imports with a mapping file over the proposed one, and prints the counts and the rejected rows', async () => {
      const mapping = join(dir, 'mapping.json');
      writeFileSync(mapping, JSON.stringify({ Apelido: 'comments' }));
      const run = await vinculo(t.url, ['import', 'contacts', file, '--mapping', mapping]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /Read contatos\.csv: CSV, utf-8, delimiter ";"/);
      assert.match(run.stderr, /Apelido → Comment/);
      assert.match(run.stdout, /Import #\d+: 1 created, 0 updated, 0 skipped as duplicates, 1 rejected/);
      assert.deepEqual((await contacts()).map((c) => [c.name, c.lastName, c.comments]), [['Ana', 'Conceição', 'Aninha']]);
      const again = await vinculo(t.url, ['import', 'contacts', file], 'pt_BR.UTF-8');
      assert.match(again.stdout, /0 criados, 0 atualizados, 1 ignorados como duplicados, 1 rejeitados/);
    });

    it('refuses bad input with a clear message and a non-zero exit', async () => {
      const unknownType = await vinculo(t.url, ['import', 'people', file]);
      assert.equal(unknownType.code, 2);
      assert.match(unknownType.stderr, /Unknown item type "people"/);
      const missing = await vinculo(t.url, ['import', 'contacts', join(dir, 'nope.csv')]);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /does not exist/);
      const mode = await vinculo(t.url, ['import', 'contacts', file, '--on-duplicate', 'merge']);
      assert.equal(mode.code, 2);
      assert.match(mode.stderr, /--on-duplicate takes skip, update or create/);
      const badMapping = join(dir, 'bad.json');
      writeFileSync(badMapping, JSON.stringify({ Nenhuma: 'name' }));
      const mapping = await vinculo(t.url, ['import', 'contacts', file, '--mapping', badMapping]);
      assert.equal(mapping.code, 2);
      assert.match(mapping.stderr, /the file has no column "Nenhuma"/);
      const option = await vinculo(t.url, ['import', 'contacts', file, '--frobnicate']);
      assert.equal(option.code, 2);
    });
  });
}
