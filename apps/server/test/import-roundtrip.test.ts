import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * R6's other half: what Vínculo exports, it imports back exactly. Generated contacts (accents, quotes, line breaks,
 * delimiters, text that looks like a formula, several phones and e-mails, companies, custom fields of several types,
 * money) are exported to CSV, the file imported as new contacts, and the new contacts exported again: every cell but
 * the ids and the authorship columns is the same.
 */

const text = (maxLength: number) =>
  fc
    .string({ unit: fc.constantFrom(...'aAzZçãÉíõü "\';,=+-@\t'.split(''), 'x', 'Ç', '\n'), minLength: 1, maxLength })
    .map((value) => value.trim())
    .filter((value) => value !== '' && !value.includes('\u0000'));
const phone = fc.integer({ min: 10_000_000, max: 99_999_999 }).map((n) => `+55 11 9${n}`);
const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.constantFrom('exemplo.com.br', 'example.com')).map(([user, domain]) => `${user}@${domain}`);
const money = fc.integer({ min: -99_999_999, max: 99_999_999 }).map((cents) => (cents / 100).toFixed(2));

const authorship = new Set(['ID', 'Created by', 'Created on', 'Modified by', 'Modified on']);

for (const dialect of testDialects()) {
  describe(`export → import → export [${dialect}]`, () => {
    let t: TestApp;
    let tags: number[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      const fields = [
        { name: 'UF_CRM_CODE', type: 'string', labelEn: 'Code', labelPt: 'Código' },
        { name: 'UF_CRM_SEATS', type: 'integer', labelEn: 'Seats', labelPt: 'Assentos' },
        { name: 'UF_CRM_FEE', type: 'money', labelEn: 'Fee', labelPt: 'Taxa' },
        { name: 'UF_CRM_VIP', type: 'boolean', labelEn: 'VIP client', labelPt: 'Cliente VIP' },
        { name: 'UF_CRM_SINCE', type: 'date', labelEn: 'Client since', labelPt: 'Cliente desde' },
        { name: 'UF_CRM_TAGS', type: 'enumeration', multiple: true, labelEn: 'Tags', labelPt: 'Etiquetas', options: [{ value: 'Alfa' }, { value: 'Beta, ágil' }, { value: 'Gama "G"' }] },
      ];
      for (const body of fields) assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', body)).statusCode, 201);
      tags = ((await t.call('GET', '/api/v1/custom-fields/contacts/UF_CRM_TAGS')).json().options as Array<{ id: number }>).map((o) => o.id);
      for (const title of ['Acme "Indústria"', 'Beta; Ltda', 'Ção, Filhos & Cia']) assert.equal((await t.call('POST', '/api/v1/companies', { title })).statusCode, 201);
    });
    after(() => t.close());

    const exported = async (ids: number[]) => {
      const started = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', ids });
      assert.equal(started.statusCode, 202, started.body);
      await t.app.jobRunner.whenIdle();
      const file = await t.call('GET', `/api/v1/transfer-files/${started.json().fileId}/content`);
      assert.equal(file.statusCode, 200, file.body);
      return file.rawPayload;
    };
    const rowsOf = (bytes: Buffer) =>
      (parse(bytes, { bom: true, columns: true, relax_column_count: true }) as Array<Record<string, string>>).map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([column]) => !authorship.has(column)))));

    it('every value comes back the same', async () => {
      const companies = ((await t.call('GET', '/api/v1/companies?fields=id')).json().items as Array<{ id: number }>).map((c) => c.id);
      const contact = fc.record({
        name: text(40),
        lastName: fc.option(text(40), { nil: undefined }),
        comments: fc.option(text(200), { nil: undefined }),
        post: fc.option(text(40), { nil: undefined }),
        phones: fc.array(fc.record({ value: phone, valueType: fc.constantFrom('WORK', 'MOBILE', 'HOME') }), { maxLength: 3 }),
        emails: fc.uniqueArray(fc.record({ value: email, valueType: fc.constantFrom('WORK', 'HOME') }), { maxLength: 2, selector: (e) => e.value }),
        companyIds: fc.subarray(companies),
        birthdate: fc.option(fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: undefined }),
        ufCrmCode: fc.option(text(30), { nil: undefined }),
        ufCrmSeats: fc.option(fc.integer({ min: -1000, max: 100_000 }), { nil: undefined }),
        ufCrmFee: fc.option(fc.tuple(money, fc.constantFrom('BRL', 'USD', 'EUR')).map(([amount, currency]) => ({ amount, currency })), { nil: undefined }),
        ufCrmVip: fc.boolean(),
        ufCrmSince: fc.option(fc.constantFrom('2026-11-29', '2001-02-03'), { nil: undefined }),
        ufCrmTags: fc.subarray(tags),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(contact, { minLength: 1, maxLength: 3 }), async (contacts) => {
          const ids: number[] = [];
          for (const body of contacts) {
            const created = await t.call('POST', '/api/v1/contacts', { ...body, export: true });
            assert.equal(created.statusCode, 201, created.body);
            ids.push(created.json().id);
          }
          const first = await exported(ids);
          const upload = await t.app.inject({ method: 'POST', url: '/api/v1/imports/files?name=roundtrip.csv', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'text/csv' }, payload: first });
          assert.equal(upload.statusCode, 201, upload.body);
          const preview = (await t.call('POST', '/api/v1/contacts/import/preview', { fileId: upload.json().fileId })).json();
          const started = await t.call('POST', '/api/v1/contacts/import', { fileId: upload.json().fileId, mapping: preview.mapping, onDuplicate: 'create', saveMapping: false });
          assert.equal(started.statusCode, 202, started.body);
          await t.app.jobRunner.whenIdle();
          const created = await t.database.db.selectFrom('import_rows').select(['item_id', 'outcome', 'reason']).where('job_id', '=', started.json().jobId).orderBy('row_no').execute();
          assert.deepEqual(created.map((row) => row.outcome), contacts.map(() => 'created'), JSON.stringify(created));
          const second = await exported(created.map((row) => Number(row.item_id)));
          assert.deepEqual(rowsOf(second).sort(), rowsOf(first).sort());
        }),
        { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? 25) },
      );
    });
  });
}
