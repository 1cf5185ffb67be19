import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { companyBody, contactBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const base = '/api/v1/custom-fields/contacts';

/** One field of every type, with a first and a second valid value (API form) and a bad one with its rule. */
interface Case {
  body: Record<string, unknown>;
  apiName: string;
  first: unknown;
  second: unknown;
  bad: unknown;
  rule: string;
  /** A filter that matches `second` but not `first`. */
  filter?: string;
}

for (const dialect of testDialects()) {
  describe(`custom fields [${dialect}]`, () => {
    let t: TestApp;
    let userToken: string;
    let sellerId: number;
    let companyId: number;
    let fileIds: number[];
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asUser = (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${userToken}` });
    const issues = (response: { json(): any }) => response.json().error.details as Array<{ field: string; rule: string; message: string }>;
    const createField = async (body: Record<string, unknown>) => {
      const response = await t.call('POST', base, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const createContact = async (body: Record<string, unknown>) => {
      const response = await t.call('POST', '/api/v1/contacts', contactBody(body));
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };

    before(async () => {
      t = await createTestApp(dialect);
      sellerId = await createUser(t.database.db, { email: 'seller@example.com', password: 'correct horse battery', name: 'Seller' }, new Date());
      userToken = (await createToken(t.database.db, sellerId, 'tests', new Date())).token;
      companyId = (await t.call('POST', '/api/v1/companies', companyBody())).json().id;
      fileIds = [];
      for (const name of ['a.pdf', 'b.pdf']) {
        const row = await raw()
          .insertInto('files')
          .values({ name, content_type: 'application/pdf', size: 3, sha256: 'x', data: new Uint8Array([1, 2, 3]), created_by_id: t.adminId, created_at: new Date().toISOString() })
          .returning('id')
          .executeTakeFirstOrThrow();
        fileIds.push(Number(row.id));
      }
    });
    after(() => t.close());

    it('refuses every route without credentials (401)', async () => {
      for (const [method, url] of [
        ['GET', base],
        ['POST', base],
        ['GET', `${base}/UF_CRM_X`],
        ['PATCH', `${base}/UF_CRM_X`],
        ['DELETE', `${base}/UF_CRM_X`],
        ['POST', `${base}/UF_CRM_X/options`],
        ['PATCH', `${base}/UF_CRM_X/options/1`],
        ['DELETE', `${base}/UF_CRM_X/options/1`],
      ]) {
        const response = await t.anonymous(method as 'GET', url, ['POST', 'PATCH'].includes(method) ? {} : undefined);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses bad definitions (400), non-admins (403) and unknown types or fields (404)', async () => {
      assert.equal((await t.call('GET', '/api/v1/custom-fields/widgets')).statusCode, 404);
      assert.equal((await t.call('GET', '/api/v1/custom-fields/contact')).statusCode, 404, 'the plural names the type');
      assert.equal((await t.call('GET', `${base}/UF_CRM_NOPE`)).statusCode, 404);
      assert.equal((await asUser('POST', base, { type: 'string', labelEn: 'X', labelPt: 'X' })).statusCode, 403);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ type: 'colour', labelEn: 'X', labelPt: 'X' }, 'type', 'valueType'],
        [{ type: 'string', labelPt: 'X' }, 'labelEn', 'required'],
        [{ type: 'string', labelEn: 'X', labelPt: 'X', name: 'uf_crm_lower' }, 'name', 'format'],
        [{ type: 'string', labelEn: 'X', labelPt: 'X', multiple: true }, 'multiple', 'notMultiple'],
        [{ type: 'item', labelEn: 'X', labelPt: 'X' }, 'settings.itemType', 'required'],
        [{ type: 'integer', labelEn: 'X', labelPt: 'X', options: [{ value: 'a' }] }, 'options', 'notEnumeration'],
        [{ type: 'integer', labelEn: 'X', labelPt: 'X', defaultValue: 'many' }, 'defaultValue', 'type'],
        [{ type: 'url', labelEn: 'X', labelPt: 'X', defaultValue: 'javascript:alert(1)' }, 'defaultValue', 'url'],
      ];
      for (const [body, field, rule] of cases) {
        const response = await t.call('POST', base, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.ok(issues(response).some((i) => i.field === field && i.rule === rule), `${JSON.stringify(body)} → ${response.body}`);
      }
      assert.deepEqual((await t.call('GET', base)).json().items, [], 'a refused definition leaves nothing behind');
      const columns = await raw().selectFrom('contacts').selectAll().limit(1).execute();
      assert.ok(columns.length === 0 || !Object.keys(columns[0]).some((c) => c.startsWith('uf_')));
    });

    it('round-trips every field type through create, read, update, filter, sort and history', async () => {
      const cases: Case[] = [
        { body: { type: 'string', labelEn: 'Project code', labelPt: 'Código do projeto' }, apiName: 'ufCrmProjectCode', first: 'PRJ-001', second: 'PRJ-002', bad: 'x'.repeat(256), rule: 'maxLength', filter: 'filter[ufCrmProjectCode][startsWith]=PRJ-002' },
        { body: { type: 'text', labelEn: 'Notes', labelPt: 'Notas' }, apiName: 'ufCrmNotes', first: 'linha 1\nlinha 2', second: 'outra nota', bad: 42, rule: 'type', filter: 'filter[ufCrmNotes][contains]=outra' },
        { body: { type: 'integer', labelEn: 'Seats', labelPt: 'Licenças' }, apiName: 'ufCrmSeats', first: 5, second: 250, bad: 1.5, rule: 'type', filter: 'filter[ufCrmSeats][gt]=100' },
        { body: { type: 'number', labelEn: 'Score', labelPt: 'Pontuação' }, apiName: 'ufCrmScore', first: 1.25, second: -3.5, bad: 'high', rule: 'type', filter: 'filter[ufCrmScore][lt]=0' },
        { body: { type: 'money', labelEn: 'Budget', labelPt: 'Orçamento' }, apiName: 'ufCrmBudget', first: { amount: '1500.00', currency: 'BRL' }, second: { amount: '99.90', currency: 'USD' }, bad: { amount: '1.234', currency: 'BRL' }, rule: 'money', filter: 'filter[ufCrmBudget][lt]=100' },
        { body: { type: 'boolean', labelEn: 'Newsletter', labelPt: 'Newsletter' }, apiName: 'ufCrmNewsletter', first: false, second: true, bad: 'yes', rule: 'type', filter: 'filter[ufCrmNewsletter]=true' },
        { body: { type: 'date', labelEn: 'Renewal', labelPt: 'Renovação' }, apiName: 'ufCrmRenewal', first: '2026-01-31', second: '2027-02-28', bad: '2026-02-30', rule: 'format', filter: 'filter[ufCrmRenewal][gte]=2027-01-01' },
        { body: { type: 'datetime', labelEn: 'Last visit', labelPt: 'Última visita' }, apiName: 'ufCrmLastVisit', first: '2026-11-22T10:00:00.000Z', second: '2026-11-23T08:30:00.000Z', bad: 'yesterday', rule: 'format', filter: 'filter[ufCrmLastVisit][gt]=2026-11-23T00:00:00Z' },
        { body: { type: 'user', labelEn: 'Account manager', labelPt: 'Gerente da conta' }, apiName: 'ufCrmAccountManager', first: 0, second: 0, bad: 999999, rule: 'user' },
        { body: { type: 'item', labelEn: 'Partner', labelPt: 'Parceiro', settings: { itemType: 'company' } }, apiName: 'ufCrmPartner', first: null, second: 0, bad: 999999, rule: 'exists' },
        { body: { type: 'url', labelEn: 'Portfolio', labelPt: 'Portfólio' }, apiName: 'ufCrmPortfolio', first: 'https://example.com.br/a', second: 'http://exemplo.com/b?x=1', bad: 'javascript:alert(1)', rule: 'url', filter: 'filter[ufCrmPortfolio][startsWith]=http://' },
        { body: { type: 'address', labelEn: 'Delivery address', labelPt: 'Endereço de entrega' }, apiName: 'ufCrmDeliveryAddress', first: 'Av. Paulista, 1000 — São Paulo/SP', second: 'Rua XV, 12 — Curitiba/PR', bad: ['x'], rule: 'type', filter: 'filter[ufCrmDeliveryAddress][contains]=Curitiba' },
        { body: { type: 'file', labelEn: 'Contract', labelPt: 'Contrato' }, apiName: 'ufCrmContract', first: 0, second: 0, bad: 999999, rule: 'exists' },
      ];
      // Values that need ids from this database.
      cases[8].first = t.adminId;
      cases[8].second = sellerId;
      cases[8].filter = `filter[ufCrmAccountManager]=${sellerId}`;
      cases[9].second = companyId;
      cases[9].filter = 'filter[ufCrmPartner][empty]=false';
      cases[10].filter = 'filter[ufCrmPortfolio][startsWith]=http://';
      cases[12].first = fileIds[0];
      cases[12].second = fileIds[1];
      cases[12].filter = `filter[ufCrmContract]=${fileIds[1]}`;

      for (const c of cases) {
        const field = await createField(c.body);
        assert.equal(field.apiName, c.apiName);
        assert.match(field.name, /^UF_CRM_[A-Z_]+$/);
      }
      const firstValues = Object.fromEntries(cases.map((c) => [c.apiName, c.first]));
      const secondValues = Object.fromEntries(cases.map((c) => [c.apiName, c.second]));
      const a = await createContact({ ...firstValues, name: 'Ana' });
      const b = await createContact({ name: 'Bia' });
      for (const c of cases) assert.deepEqual(a[c.apiName], c.first, `${c.apiName} on create`);
      assert.deepEqual((await t.call('GET', `/api/v1/contacts/${a.id}`)).json(), a);

      const updated = await t.call('PATCH', `/api/v1/contacts/${b.id}`, { ...secondValues, version: b.version });
      assert.equal(updated.statusCode, 200, updated.body);
      for (const c of cases) assert.deepEqual(updated.json()[c.apiName], c.second, `${c.apiName} on update`);

      for (const c of cases.filter((x) => x.filter)) {
        const page = await t.call('GET', `/api/v1/contacts?${c.filter}&fields=name,${c.apiName}`);
        assert.equal(page.statusCode, 200, `${c.filter}: ${page.body}`);
        assert.deepEqual(page.json().items.map((i: { id: number }) => i.id), [b.id], c.filter!);
        assert.deepEqual(Object.keys(page.json().items[0]).sort(), ['id', 'name', 'version', c.apiName].sort());
      }
      for (const c of cases.filter((x) => !['ufCrmAccountManager', 'ufCrmPartner', 'ufCrmContract', 'ufCrmNewsletter'].includes(x.apiName))) {
        const ascending = (await t.call('GET', `/api/v1/contacts?sort=${c.apiName}&filter[id][in]=${a.id},${b.id}`)).json().items.map((i: { id: number }) => i.id);
        const descending = (await t.call('GET', `/api/v1/contacts?sort=-${c.apiName}&filter[id][in]=${a.id},${b.id}`)).json().items.map((i: { id: number }) => i.id);
        assert.deepEqual(ascending, [...descending].reverse(), `sort on ${c.apiName}`);
      }
      const scoreOrder = (await t.call('GET', `/api/v1/contacts?sort=ufCrmScore&filter[id][in]=${a.id},${b.id}`)).json().items.map((i: { id: number }) => i.id);
      assert.deepEqual(scoreOrder, [b.id, a.id], '-3.5 sorts before 1.25');

      const history = (await t.call('GET', `/api/v1/contacts/${b.id}/history`)).json().items;
      const projectChange = history.find((h: { field: string }) => h.field === 'ufCrmProjectCode');
      assert.deepEqual([projectChange.oldValue, projectChange.newValue, projectChange.fieldLabel], [null, 'PRJ-002', 'Project code']);
      const budgetChange = (await t.call('GET', `/api/v1/contacts/${b.id}/history`, undefined, { 'accept-language': 'pt-BR' })).json().items.find((h: { field: string }) => h.field === 'ufCrmBudget');
      assert.deepEqual([budgetChange.newValue, budgetChange.fieldLabel], [{ amount: '99.90', currency: 'USD' }, 'Orçamento']);

      // Bad values: every one named, nothing written.
      const before = (await t.call('GET', '/api/v1/contacts?total=true&limit=1')).json().total;
      // Values of the wrong shape are all reported together; references to missing things once the shapes are right.
      const pointing = new Set(['ufCrmAccountManager', 'ufCrmPartner', 'ufCrmContract']);
      for (const group of [cases.filter((c) => !pointing.has(c.apiName)), cases.filter((c) => pointing.has(c.apiName))]) {
        const bad = await t.call('POST', '/api/v1/contacts', contactBody(Object.fromEntries(group.map((c) => [c.apiName, c.bad]))));
        assert.equal(bad.statusCode, 400);
        for (const c of group) assert.ok(issues(bad).some((i) => i.field.split('.')[0] === c.apiName && i.rule === c.rule), `${c.apiName} should fail ${c.rule}: ${bad.body}`);
        assert.equal(issues(bad).length, group.length, `one issue per field: ${bad.body}`);
      }
      assert.equal((await t.call('GET', '/api/v1/contacts?total=true&limit=1')).json().total, before);
      const badPatch = await t.call('PATCH', `/api/v1/contacts/${a.id}`, { ufCrmSeats: 'many', ufCrmUnknown: 1 });
      assert.deepEqual(issues(badPatch).map((i) => [i.field, i.rule]).sort(), [['ufCrmSeats', 'type'], ['ufCrmUnknown', 'unknown']]);
      assert.equal((await t.call('GET', '/api/v1/contacts?filter[ufCrmSeats][in]=1,2&sort=ufCrmSeats')).statusCode, 200);
      assert.equal(issues(await t.call('GET', '/api/v1/contacts?filter[ufCrmSeats][contains]=1'))[0].rule, 'operator');
      // A currency a custom money value is in cannot be deleted.
      const usd = await t.call('DELETE', '/api/v1/currencies/USD');
      assert.equal(usd.statusCode, 409);
      assert.equal(usd.json().error.details.usedBy.contacts, 1);
    });

    it('enforces required fields, applies defaults and hides a non-filterable or non-sortable field from filter and sort', async () => {
      await createField({ type: 'string', labelEn: 'Tax id', labelPt: 'CPF', name: 'UF_CRM_TAX_ID', required: true });
      const missing = await t.call('POST', '/api/v1/contacts', contactBody());
      assert.ok(issues(missing).some((i) => i.field === 'ufCrmTaxId' && i.rule === 'required'));
      const contact = await createContact({ ufCrmTaxId: '123.456.789-09' });
      const emptied = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { ufCrmTaxId: '' });
      assert.ok(issues(emptied).some((i) => i.field === 'ufCrmTaxId' && i.rule === 'required'));
      assert.equal((await t.call('PATCH', `${base}/UF_CRM_TAX_ID`, { required: false })).statusCode, 200);

      await createField({ type: 'integer', labelEn: 'Priority', labelPt: 'Prioridade', defaultValue: 3, filterable: false, sortable: false });
      const withDefault = await createContact({});
      assert.equal(withDefault.ufCrmPriority, 3);
      assert.equal((await createContact({ ufCrmPriority: null })).ufCrmPriority, null, 'an explicit null is not replaced by the default');
      assert.equal(issues(await t.call('GET', '/api/v1/contacts?filter[ufCrmPriority]=3'))[0].rule, 'notFilterable');
      assert.equal(issues(await t.call('GET', '/api/v1/contacts?sort=ufCrmPriority'))[0].rule, 'notSortable');
    });

    it('keeps enumeration values editable; deleting a used value asks for its replacement and moves the items', async () => {
      const single = await createField({ type: 'enumeration', labelEn: 'Segment', labelPt: 'Segmento', options: [{ value: 'Varejo' }, { value: 'Indústria', isDefault: true }, { value: 'Serviços' }] });
      const multi = await createField({ type: 'enumeration', labelEn: 'Interests', labelPt: 'Interesses', multiple: true, options: [{ value: 'CRM' }, { value: 'ERP' }, { value: 'BI' }] });
      const [retail, industry, services] = single.options.map((o: { id: number }) => o.id);
      const [crm, erp, bi] = multi.options.map((o: { id: number }) => o.id);
      const x = await createContact({ ufCrmSegment: retail, ufCrmInterests: [crm, erp] });
      const y = await createContact({ ufCrmInterests: [erp, bi] });
      assert.equal(y.ufCrmSegment, industry, 'the default value');
      assert.deepEqual(x.ufCrmInterests, [crm, erp]);
      assert.equal(issues(await t.call('POST', '/api/v1/contacts', contactBody({ ufCrmSegment: crm })))[0].rule, 'option', 'a value of another field');
      assert.equal(issues(await t.call('POST', '/api/v1/contacts', contactBody({ ufCrmInterests: [crm, 999999] })))[0].field, 'ufCrmInterests.1');
      const interested = (await t.call('GET', `/api/v1/contacts?filter[ufCrmInterests]=${erp}&fields=name`)).json().items.map((i: { id: number }) => i.id);
      assert.deepEqual(interested.sort(), [x.id, y.id].sort());
      assert.deepEqual((await t.call('GET', `/api/v1/contacts?filter[ufCrmInterests][in]=${bi}`)).json().items.map((i: { id: number }) => i.id), [y.id]);

      const renamed = await t.call('PATCH', `${base}/UF_CRM_SEGMENT/options/${services}`, { value: 'Serviços B2B' });
      assert.equal(renamed.json().options[2].value, 'Serviços B2B');
      assert.equal((await t.call('POST', `${base}/UF_CRM_SEGMENT/options`, { value: 'Agro' })).statusCode, 201);

      const refused = await t.call('DELETE', `${base}/UF_CRM_SEGMENT/options/${retail}`);
      assert.equal(refused.statusCode, 409);
      assert.deepEqual(refused.json().error.details, { reason: 'inUse', usedBy: 1 });
      assert.equal(issues(await t.call('DELETE', `${base}/UF_CRM_SEGMENT/options/${retail}?replaceWith=${crm}`))[0].field, 'replaceWith');
      const moved = await t.call('DELETE', `${base}/UF_CRM_SEGMENT/options/${retail}?replaceWith=${services}`);
      assert.equal(moved.statusCode, 200, moved.body);
      const after = (await t.call('GET', `/api/v1/contacts/${x.id}`)).json();
      assert.equal(after.ufCrmSegment, services);
      assert.equal(after.version, x.version + 1);
      assert.equal((await raw().selectFrom('contacts').select('id').where('uf_crm_segment', '=', retail).execute()).length, 0);
      const change = (await t.call('GET', `/api/v1/contacts/${x.id}/history`)).json().items.at(-1);
      assert.deepEqual([change.field, change.oldValue, change.newValue], ['ufCrmSegment', retail, services]);

      // A multiple field: x holds CRM and ERP; replacing ERP with CRM leaves x with CRM once.
      assert.equal((await t.call('DELETE', `${base}/UF_CRM_INTERESTS/options/${erp}?replaceWith=${crm}`)).statusCode, 200);
      assert.deepEqual((await t.call('GET', `/api/v1/contacts/${x.id}`)).json().ufCrmInterests, [crm]);
      assert.deepEqual((await t.call('GET', `/api/v1/contacts/${y.id}`)).json().ufCrmInterests, [crm, bi]);
      assert.equal((await raw().selectFrom('custom_field_values').select('value').where('value', '=', erp).execute()).length, 0);
    });

    it('checks every id of multiple user, item and file fields, in one go', async () => {
      await createField({ type: 'user', labelEn: 'Watchers', labelPt: 'Observadores', multiple: true });
      await createField({ type: 'item', labelEn: 'Partners', labelPt: 'Parceiros', multiple: true, settings: { itemType: 'company' } });
      await createField({ type: 'file', labelEn: 'Attachments', labelPt: 'Anexos', multiple: true });
      const good = await createContact({ ufCrmWatchers: [t.adminId, sellerId], ufCrmPartners: [companyId], ufCrmAttachments: fileIds });
      assert.deepEqual([good.ufCrmWatchers, good.ufCrmPartners, good.ufCrmAttachments], [[t.adminId, sellerId], [companyId], fileIds]);
      const bad = await t.call('POST', '/api/v1/contacts', contactBody({ ufCrmWatchers: [t.adminId, 999999], ufCrmPartners: [companyId, 999999], ufCrmAttachments: [fileIds[0], 999999] }));
      assert.deepEqual(
        issues(bad).map((i) => [i.field, i.rule]).sort(),
        [['ufCrmAttachments', 'exists'], ['ufCrmPartners', 'exists'], ['ufCrmWatchers', 'user']],
      );
      const listed = (await t.call('GET', `/api/v1/contacts?filter[ufCrmWatchers]=${sellerId}&fields=name`)).json().items.map((i: { id: number }) => i.id);
      assert.deepEqual(listed, [good.id]);
    });

    it('lets a second app process (its own connection pool) see fields the first creates and deletes', async () => {
      const other: Database = openDatabase(t.url);
      const otherApp: FastifyInstance = await buildApp({ database: other, logLevel: 'silent' });
      const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
        otherApp.inject({ method, url, headers: { authorization: `Bearer ${t.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
      try {
        // The second process has loaded the fields as they are now.
        assert.equal((await call('POST', '/api/v1/contacts', contactBody({ ufCrmLoyalty: 'gold' }))).statusCode, 400);
        await createField({ type: 'string', labelEn: 'Loyalty', labelPt: 'Fidelidade' });
        const created = await call('POST', '/api/v1/contacts', contactBody({ ufCrmLoyalty: 'gold' }));
        assert.equal(created.statusCode, 201, created.body);
        assert.equal(created.json().ufCrmLoyalty, 'gold');
        assert.equal((await t.call('GET', `/api/v1/contacts/${created.json().id}`)).json().ufCrmLoyalty, 'gold');

        const refused = await t.call('DELETE', `${base}/UF_CRM_LOYALTY`);
        assert.equal(refused.statusCode, 409);
        assert.deepEqual(refused.json().error.details, { reason: 'confirmationRequired', count: 1 });
        assert.equal((await t.call('DELETE', `${base}/UF_CRM_LOYALTY?confirm=true`)).statusCode, 204);
        const read = (await call('GET', `/api/v1/contacts/${created.json().id}`)).json();
        assert.ok(!('ufCrmLoyalty' in read), 'the second process no longer shows the field');
        assert.equal(issues(await call('POST', '/api/v1/contacts', contactBody({ ufCrmLoyalty: 'gold' })))[0].rule, 'unknown');
        const row = await raw().selectFrom('contacts').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
        assert.ok(!('uf_crm_loyalty' in row), 'the column is gone');
      } finally {
        await otherApp.close();
        await other.close();
      }
    });

    it('indexes filterable and sortable fields, and not the others', async () => {
      const indexes =
        dialect === 'sqlite'
          ? (await raw().selectFrom('sqlite_master').select('name').where('type', '=', 'index').where('tbl_name', '=', 'contacts').execute()).map((r) => r.name)
          : (await raw().selectFrom('pg_indexes').select('indexname as name').where('tablename', '=', 'contacts').execute()).map((r) => r.name);
      // A string field is sorted and matched through its folded key column.
      assert.ok(indexes.includes('contacts_uf_crm_project_code_key_idx'));
      assert.ok(indexes.includes('contacts_uf_crm_segment_idx'));
      assert.ok(!indexes.includes('contacts_uf_crm_priority_idx'), 'neither filterable nor sortable');
    });
  });
}
