import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { contactBody, dealBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** `vinculo export`: the file to stdout or --output, progress on stderr, as a user, and clear refusals of bad input. */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function vinculo(url: string, args: string[], lang = 'en_US.UTF-8'): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['apps/server/bin/vinculo.js', ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: url, LANG: lang, LC_ALL: '' }, encoding: 'buffer' }, (error, stdout, stderr) =>
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr: stderr.toString('utf8') }),
    );
  });
}

for (const dialect of testDialects()) {
  describe(`vinculo export [${dialect}]`, () => {
    let t: TestApp;
    let dir: string;
    const ids: number[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      dir = mkdtempSync(join(tmpdir(), 'vinculo-export-cli-'));
      for (const name of ['Ana', 'Bruno', 'Ana']) {
        const created = await t.call('POST', '/api/v1/contacts', contactBody({ name, lastName: 'Conceição', export: true }));
        ids.push(created.json().id);
      }
      await t.call('POST', '/api/v1/deals', dealBody({ title: 'Ganho', stageId: 'WON' }));
      await t.call('POST', '/api/v1/deals', dealBody({ title: 'Aberto' }));
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes the filtered list as CSV to stdout in the user\'s language, with a progress line on stderr', async () => {
      const run = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--filter', 'filter[name]=Ana&sort=id'], 'pt_BR.UTF-8');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /Exportação: 2\/2 linhas/);
      assert.match(run.stderr, /2 linhas exportadas para stdout/);
      const records = parse(run.stdout.subarray(3).toString('utf8'), { delimiter: ';', record_delimiter: '\r\n' }) as string[][];
      assert.equal(records[0][0], 'ID');
      assert.ok(records[0].includes('Nome'), 'the list columns, titled in pt-BR');
      assert.deepEqual(records.slice(1).map((r) => Number(r[0])), [ids[0], ids[2]]);
    });

    it('writes XLSX with every field to --output, filtering deals by stage', async () => {
      const output = join(dir, 'deals.xlsx');
      const run = await vinculo(t.url, ['export', 'deals', '--filter', 'filter[stageId]=WON', '--format', 'xlsx', '--all-fields', '--output', output]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.length, 0);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(output) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      assert.ok(header.includes('Probability, %') && header.includes('UTM source'), 'all fields');
      assert.equal(sheet.rowCount, 2);
      assert.equal(sheet.getRow(2).getCell(header.indexOf('Deal name') + 1).value, 'Ganho');
    });

    it('refuses bad input with a clear message and a non-zero exit', async () => {
      const badType = await vinculo(t.url, ['export', 'invoices', '--format', 'csv']);
      assert.equal(badType.code, 2);
      assert.match(badType.stderr, /Unknown item type "invoices"/);
      const badFormat = await vinculo(t.url, ['export', 'contacts', '--format', 'pdf']);
      assert.equal(badFormat.code, 2);
      assert.match(badFormat.stderr, /--format must be csv or xlsx/);
      const noFormat = await vinculo(t.url, ['export', 'contacts']);
      assert.equal(noFormat.code, 2);
      const badQuery = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--filter', 'limit=5']);
      assert.equal(badQuery.code, 2);
      assert.match(badQuery.stderr, /not: limit/);
      const badField = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--filter', 'filter[nope]=1']);
      assert.equal(badField.code, 1);
      assert.match(badField.stderr, /Export refused: filter\.nope/);
      const nobody = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--as', 'nobody@example.com']);
      assert.equal(nobody.code, 1);
      assert.match(nobody.stderr, /No active user with e-mail nobody@example.com/);
      const unknownOption = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--limit', '3']);
      assert.equal(unknownOption.code, 2);
    });

    it('exports as --as: without the export right it is refused, saying why', async () => {
      const seller = await t.addUser('Vendedor CLI');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('all'), export: 'none' } } } }]);
      const refused = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--as', 'vendedor.cli@example.com']);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /not allowed to export Contact/);
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('all'), export: 'own' } } } }]);
      const own = await vinculo(t.url, ['export', 'contacts', '--format', 'csv', '--as', 'vendedor.cli@example.com']);
      assert.equal(own.code, 0, own.stderr);
      assert.equal(parse(own.stdout.subarray(3).toString('utf8'), { record_delimiter: '\r\n' }).length, 1, 'titles only: they are responsible for none');
    });
  });
}
