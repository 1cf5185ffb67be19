import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const base = '/api/v1/reference-lists';
const codes = (response: { json(): any }) => response.json().values.map((v: { code: string }) => v.code);

for (const dialect of testDialects()) {
  describe(`reference lists [${dialect}]`, () => {
    let t: TestApp;
    let userToken: string;
    before(async () => {
      t = await createTestApp(dialect);
      userToken = (await t.addUser()).token;
    });
    after(() => t.close());
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asUser = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'GET', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${userToken}` });

    it('refuses every route without credentials (401)', async () => {
      for (const [method, url] of [['GET', base], ['GET', `${base}/SOURCE`], ['POST', `${base}/SOURCE`], ['PATCH', `${base}/SOURCE/CALL`], ['PUT', `${base}/SOURCE/order`], ['DELETE', `${base}/SOURCE/CALL`]]) {
        const response = await t.anonymous(method as 'GET', url, method === 'POST' || method === 'PATCH' || method === 'PUT' ? {} : undefined);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses bad input with 400 naming the field', async () => {
      const noName = await t.call('POST', `${base}/SOURCE`, { color: 'red' });
      assert.equal(noName.statusCode, 400);
      const fields = noName.json().error.details.map((d: { field: string }) => d.field).sort();
      assert.deepEqual(fields, ['color', 'name']);
      const semantic = await t.call('POST', `${base}/SOURCE`, { name: 'Fair', semantic: 'S' });
      assert.equal(semantic.statusCode, 400);
      assert.equal(semantic.json().error.details[0].rule, 'semanticNotAllowed');
      assert.match(semantic.json().error.details[0].message, /semantic/);
      const taken = await t.call('POST', `${base}/SOURCE`, { code: 'CALL', name: 'Call again' });
      assert.equal(taken.statusCode, 400);
      assert.equal(taken.json().error.details[0].rule, 'taken');
      const tooLong = await t.call('POST', `${base}/STATUS`, { code: 'A'.repeat(22), name: 'Long' });
      assert.equal(tooLong.json().error.details[0].rule, 'maxLength');
      const order = await t.call('PUT', `${base}/SOURCE/order`, { codes: ['CALL', 'EMAIL'] });
      assert.equal(order.statusCode, 400);
      assert.equal(order.json().error.details[0].rule, 'sameCodes');
      const badReplacement = await t.call('DELETE', `${base}/SOURCE/EMAIL?replaceWith=EMAIL`);
      assert.equal(badReplacement.statusCode, 400);
      assert.equal(badReplacement.json().error.details[0].field, 'replaceWith');
      assert.equal((await t.call('DELETE', `${base}/SOURCE/EMAIL?replaceWith=NOPE`)).statusCode, 400);
    });

    it('answers 403 to a user who is not an admin, and lets them read', async () => {
      assert.equal((await asUser('GET', `${base}/SOURCE`)).statusCode, 200);
      assert.equal((await asUser('POST', `${base}/SOURCE`, { name: 'Fair' })).statusCode, 403);
      assert.equal((await asUser('PATCH', `${base}/SOURCE/CALL`, { name: 'Phone' })).statusCode, 403);
      assert.equal((await asUser('DELETE', `${base}/SOURCE/CALL`)).statusCode, 403);
      const order = codes(await t.call('GET', `${base}/SOURCE`));
      assert.equal((await asUser('PUT', `${base}/SOURCE/order`, { codes: order })).statusCode, 403);
    });

    it('answers 404 for unknown lists and values', async () => {
      assert.equal((await t.call('GET', `${base}/NOPE`)).statusCode, 404);
      assert.equal((await t.call('GET', `${base}/DEAL_STAGE`)).statusCode, 404, 'stages are served under pipelines');
      assert.equal((await t.call('POST', `${base}/NOPE`, { name: 'x' })).statusCode, 404);
      assert.equal((await t.call('PATCH', `${base}/SOURCE/NOPE`, { name: 'x' })).statusCode, 404);
      assert.equal((await t.call('DELETE', `${base}/SOURCE/NOPE`)).statusCode, 404);
    });

    it('refuses with 409 what would break a list: system statuses, the last value, the last in-progress status', async () => {
      const converted = await t.call('DELETE', `${base}/STATUS/CONVERTED`);
      assert.equal(converted.statusCode, 409);
      assert.equal(converted.json().error.details.reason, 'systemValue');
      assert.equal((await t.call('DELETE', `${base}/STATUS/JUNK`)).statusCode, 409);
      assert.equal((await t.call('PATCH', `${base}/STATUS/JUNK`, { semantic: 'P' })).statusCode, 409);
      for (const code of ['IN_PROCESS', 'PROCESSED']) assert.equal((await t.call('DELETE', `${base}/STATUS/${code}`)).statusCode, 204);
      const lastInProgress = await t.call('DELETE', `${base}/STATUS/NEW`);
      assert.equal(lastInProgress.statusCode, 409);
      assert.equal(lastInProgress.json().error.details.reason, 'semanticNeeded');
      assert.equal((await t.call('PATCH', `${base}/STATUS/NEW`, { semantic: 'F' })).statusCode, 409);

      for (const code of ['EMPLOYEES_2', 'EMPLOYEES_3', 'EMPLOYEES_4']) assert.equal((await t.call('DELETE', `${base}/EMPLOYEES/${code}`)).statusCode, 204);
      const last = await t.call('DELETE', `${base}/EMPLOYEES/EMPLOYEES_1`, undefined, { 'accept-language': 'pt-BR' });
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().error.details.reason, 'lastValue');
      assert.equal(last.json().error.message, 'Uma lista deve manter pelo menos um valor.');
    });

    it('lists the lists and their values in order, in the caller language', async () => {
      const lists = (await t.call('GET', base, undefined, { 'accept-language': 'pt-BR' })).json().lists;
      assert.deepEqual(lists.map((l: { id: string }) => l.id), ['STATUS', 'SOURCE', 'CONTACT_TYPE', 'COMPANY_TYPE', 'INDUSTRY', 'EMPLOYEES', 'DEAL_TYPE', 'HONORIFIC']);
      assert.equal(lists[0].name, 'Status de leads');
      const types = (await t.call('GET', `${base}/CONTACT_TYPE`, undefined, { 'accept-language': 'pt-BR' })).json().values;
      assert.deepEqual(types[0], { code: 'CLIENT', name: 'Clientes', nameEn: 'Clients', namePt: 'Clientes', sort: 10, semantic: null, color: null });
    });

    it('adds values with a generated code, renames and recolours them', async () => {
      const added = await t.call('POST', `${base}/SOURCE`, { nameEn: 'Trade fair', namePt: 'Feira', color: '#AABBCC' });
      assert.equal(added.statusCode, 201, added.body);
      const value = added.json();
      assert.match(value.code, /^UC_[A-Z0-9]{6}$/);
      assert.equal(value.sort, 130, 'after the last value');
      const status = (await t.call('POST', `${base}/STATUS`, { code: 'WAITING', name: 'Waiting' })).json();
      assert.equal(status.semantic, 'P');
      assert.equal(status.namePt, 'Waiting');

      const renamed = await t.call('PATCH', `${base}/SOURCE/${value.code}`, { name: 'Exposição', color: '#000000' }, { 'accept-language': 'pt-BR' });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json().namePt, 'Exposição');
      assert.equal(renamed.json().nameEn, 'Trade fair');
      assert.equal(renamed.json().color, '#000000');
      const lead = await t.call('POST', '/api/v1/leads', leadBody({ sourceId: value.code }));
      assert.equal(lead.statusCode, 201, 'the new value is usable at once');
    });

    it('reorders the whole list in one request', async () => {
      const before = codes(await t.call('GET', `${base}/DEAL_TYPE`));
      const reversed = [...before].reverse();
      const response = await t.call('PUT', `${base}/DEAL_TYPE/order`, { codes: reversed });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(codes(response), reversed);
      assert.deepEqual(codes(await t.call('GET', `${base}/DEAL_TYPE`)), reversed);
      assert.deepEqual(response.json().values.map((v: { sort: number }) => v.sort), reversed.map((_, i) => (i + 1) * 10));
    });

    it('refuses to delete a used value without a replacement, then moves every user (live and binned) with history', async () => {
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ sourceId: 'TRADE_SHOW' }))).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ sourceId: 'TRADE_SHOW' }))).json();
      const lead = (await t.call('POST', '/api/v1/leads', leadBody({ sourceId: 'TRADE_SHOW' }))).json();
      const binned = (await t.call('POST', '/api/v1/leads', leadBody({ sourceId: 'TRADE_SHOW' }))).json();
      await t.call('DELETE', `/api/v1/leads/${binned.id}`);
      const untouched = (await t.call('POST', '/api/v1/leads', leadBody({ sourceId: 'WEB' }))).json();

      const refused = await t.call('DELETE', `${base}/SOURCE/TRADE_SHOW`);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'CONFLICT');
      assert.equal(refused.json().error.details.usedBy, 4);

      const deleted = await t.call('DELETE', `${base}/SOURCE/TRADE_SHOW?replaceWith=PARTNER`);
      assert.equal(deleted.statusCode, 204);
      assert.ok(!codes(await t.call('GET', `${base}/SOURCE`)).includes('TRADE_SHOW'));

      for (const table of ['contacts', 'deals', 'leads']) {
        const left = await raw().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('source_id', '=', 'TRADE_SHOW').executeTakeFirstOrThrow();
        assert.equal(Number(left.n), 0, `no ${table} point at the deleted value`);
      }
      const binnedRow = await raw().selectFrom('leads').select(['source_id', 'version']).where('id', '=', binned.id).executeTakeFirstOrThrow();
      assert.equal(binnedRow.source_id, 'PARTNER', 'binned items move too');
      assert.equal(Number(binnedRow.version), binned.version + 2, 'deleted, then moved');

      for (const [plural, item] of [['contacts', contact], ['deals', deal], ['leads', lead]] as const) {
        const current = (await t.call('GET', `/api/v1/${plural}/${item.id}`)).json();
        assert.equal(current.sourceId, 'PARTNER');
        assert.equal(current.version, item.version + 1);
        assert.equal(current.updatedById, t.adminId);
        const history = (await t.call('GET', `/api/v1/${plural}/${item.id}/history`)).json().items;
        const change = history.find((h: { field: string }) => h.field === 'sourceId');
        assert.deepEqual([change.oldValue, change.newValue, change.author.id], ['TRADE_SHOW', 'PARTNER', t.adminId]);
      }
      assert.equal((await t.call('GET', `/api/v1/leads/${untouched.id}`)).json().version, 1, 'items with other values stay as they were');
    });

    it('moves leads to a replacement status with its group and close date', async () => {
      const lead = (await t.call('POST', '/api/v1/leads', leadBody({ statusId: 'WAITING' }))).json();
      assert.equal((await t.call('DELETE', `${base}/STATUS/WAITING?replaceWith=JUNK`)).statusCode, 204);
      const moved = (await t.call('GET', `/api/v1/leads/${lead.id}`)).json();
      assert.equal(moved.statusId, 'JUNK');
      assert.equal(moved.statusSemantic, 'F');
      assert.ok(moved.dateClosed);
      const company = (await t.call('POST', '/api/v1/companies', companyBody({ industry: 'IT' }))).json();
      assert.equal((await t.call('DELETE', `${base}/INDUSTRY/IT?replaceWith=TELECOM`)).statusCode, 204);
      assert.equal((await t.call('GET', `/api/v1/companies/${company.id}`)).json().industry, 'TELECOM');
    });
  });
}
