import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * R3 for the importer: malformed CSV and HTML tables, wrong encodings, huge cells, thousands of columns, random bytes. Every upload,
 * preview and import answers 2xx or a 4xx with a reason, never a 5xx; a started import ends as a job (done, or failed
 * with a reason), never a crash of the server.
 */

const cell = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('"', '""', '"a"b"', '\r', '\n', '\r\n', ';', ',', '\t', '=1+2', "'=cmd", '1.234,56', '31/02/2026', 'sim', '\u0000', '\ufeff', '😀', 'é'),
  fc.integer().map(String),
);
const delimiter = fc.constantFrom(';', ',', '\t', '|');
const csvText = fc
  .tuple(fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), delimiter, fc.boolean())
  .map(([rows, sep, quoted]) => rows.map((row) => row.map((value) => (quoted ? `"${value}"` : value)).join(sep)).join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]));
const encoded = fc.tuple(csvText, fc.constantFrom('utf8', 'latin1', 'utf16le', 'bom')).map(([text, encoding]) =>
  encoding === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text, encoding as BufferEncoding),
);
// Bitrix24's HTML-table ".xls", with stray, unclosed and nested markup.
const markup = fc.constantFrom('', '<br>', '<b>', '</td>', '<tr>', '</table>', '<table>', '&amp;', '&#0;', '&bogus;', '<td colspan="2">', '<!--', ']]>');
const htmlTable = fc
  .array(fc.array(fc.tuple(cell, markup), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 })
  .map((rows) => Buffer.from(`<meta charset="utf-8"><table>${rows.map((row) => `<tr>${row.map(([value, tag]) => `<td>${value}${tag}</td>`).join('')}</tr>`).join('\n')}</table>`));
const file = fc.oneof(
  { weight: 6, arbitrary: encoded },
  { weight: 2, arbitrary: htmlTable },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 400 }).map((bytes) => Buffer.from(bytes)) },
);

for (const dialect of testDialects()) {
  describe(`importer fuzzing [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const upload = (bytes: Buffer) =>
      t.app.inject({ method: 'POST', url: '/api/v1/imports/files?name=fuzz.csv', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, payload: bytes });

    it('generated files: never a 5xx, and an import always ends', async () => {
      const plurals = ['leads', 'contacts', 'companies', 'deals'];
      await fc.assert(
        fc.asyncProperty(file, fc.constantFrom(...plurals), fc.constantFrom('skip', 'update', 'create'), async (bytes, plural, onDuplicate) => {
          const uploaded = await upload(bytes);
          assert.ok(uploaded.statusCode < 500, uploaded.body);
          if (uploaded.statusCode !== 201) return;
          const fileId = uploaded.json().fileId;
          const preview = await t.call('POST', `/api/v1/${plural}/import/preview`, { fileId });
          assert.ok(preview.statusCode < 500, preview.body);
          if (preview.statusCode !== 200) {
            assert.equal(preview.json().error.code, 'VALIDATION_FAILED');
            return;
          }
          const mapping = preview.json().mapping as Array<string | null>;
          const targets = (preview.json().targets as Array<{ target: string }>).map((target) => target.target);
          // Whatever was proposed, plus a text field on the first column, so something is imported.
          const chosen = mapping.map((target, index) => (index === 0 && !mapping.includes(targets[0]) ? targets[0] : target));
          const started = await t.call('POST', `/api/v1/${plural}/import`, { fileId, mapping: chosen, onDuplicate });
          assert.ok(started.statusCode < 500, started.body);
          if (started.statusCode !== 202) return;
          await t.app.jobRunner.whenIdle();
          const summary = await t.call('GET', `/api/v1/imports/${started.json().jobId}`);
          assert.equal(summary.statusCode, 200, summary.body);
          assert.ok(['done', 'failed'].includes(summary.json().status), summary.body);
          const rejected = await t.call('GET', `/api/v1/imports/${started.json().jobId}/rejected`);
          assert.equal(rejected.statusCode, 200);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 120) },
      );
    });

    it('a cell of a million characters and a file of 5,000 columns', async () => {
      const huge = await upload(Buffer.from(`Nome;Sobrenome\n"${'é'.repeat(1_000_000)}";Silva\n`));
      assert.equal(huge.statusCode, 201);
      const preview = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: huge.json().fileId });
      assert.equal(preview.statusCode, 200);
      assert.equal(preview.json().rows[0].cells[0].length, 1_000_000);
      const started = await t.call('POST', '/api/v1/contacts/import', { fileId: huge.json().fileId, mapping: ['name', 'lastName'], onDuplicate: 'create' });
      assert.equal(started.statusCode, 202);
      await t.app.jobRunner.whenIdle();
      const summary = (await t.call('GET', `/api/v1/imports/${started.json().jobId}`)).json();
      assert.deepEqual([summary.status, summary.created, summary.rejected], ['done', 0, 1], 'a first name longer than 50 characters is refused with the reason');

      const wide = await upload(Buffer.from(`${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(';')}\n${'x;'.repeat(4999)}x\n`));
      const refused = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: wide.json().fileId });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.json().error.details[0].message, /5000 columns/);

      const wideHtml = await upload(Buffer.from(`<table><tr>${'<td>c</td>'.repeat(5000)}</tr></table>`));
      const refusedHtml = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: wideHtml.json().fileId });
      assert.equal(refusedHtml.statusCode, 400);
      assert.equal(refusedHtml.json().error.details[0].rule, 'tooManyColumns');

      const unclosed = await upload(Buffer.from(`Nome\n"${'a'.repeat(9 * 1024 * 1024)}\n`));
      const runaway = await t.call('POST', '/api/v1/contacts/import/preview', { fileId: unclosed.json().fileId });
      assert.equal(runaway.statusCode, 400, runaway.body);
      assert.equal(runaway.json().error.details[0].rule, 'rowTooLarge');
    });
  });
}
