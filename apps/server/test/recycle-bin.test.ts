import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { purgeExpired } from '../src/modules/recycle-bin/recycle-bin.service.ts';
import { companyBody, contactBody, dealBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const day = 86_400_000;

for (const dialect of testDialects()) {
  describe(`recycle bin [${dialect}]`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-01-10T12:00:00Z');
    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
    });
    after(() => t.close());

    it('refuses anonymous callers, bad types and unknown ids', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/recycle-bin')).statusCode, 401);
      assert.equal((await t.anonymous('DELETE', '/api/v1/recycle-bin/contact/1')).statusCode, 401);
      assert.equal((await t.call('GET', '/api/v1/recycle-bin?type=invoice')).statusCode, 400);
      assert.equal((await t.call('DELETE', '/api/v1/recycle-bin/invoice/1')).statusCode, 400);
      assert.equal((await t.call('DELETE', '/api/v1/recycle-bin/contact/424242')).statusCode, 404);
      const live = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      assert.equal((await t.call('DELETE', `/api/v1/recycle-bin/contact/${live.id}`)).statusCode, 404, 'only binned items can be purged');
    });

    it('keeps a deleted item restorable for 30 days, then purges it with its values and links', async () => {
      const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [company.id] }))).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id, contactIds: [contact.id] }))).json();
      await t.call('DELETE', `/api/v1/contacts/${contact.id}`);

      clock += 29 * day;
      assert.equal(await purgeExpired(t.database, new Date(clock), 30), 0, 'nothing is purged before 30 days');
      assert.equal((await t.call('POST', `/api/v1/contacts/${contact.id}/restore`)).statusCode, 200);
      await t.call('DELETE', `/api/v1/contacts/${contact.id}`);

      clock += 31 * day;
      assert.equal(await purgeExpired(t.database, new Date(clock), 30), 1);
      assert.equal((await t.call('POST', `/api/v1/contacts/${contact.id}/restore`)).statusCode, 404);
      const leftovers = await t.database.db.selectFrom('multifields').select('id').where('entity_type', '=', 'contact').where('entity_id', '=', contact.id).execute();
      assert.deepEqual(leftovers, []);
      assert.deepEqual((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().contactIds, [], 'links to the purged contact are gone');
      assert.deepEqual((await t.call('GET', `/api/v1/companies/${company.id}`)).json().contactIds, []);
      const events = await t.database.db.selectFrom('events').select('type').where('entity_type', '=', 'contact').where('entity_id', '=', contact.id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.type), ['item.created', 'item.deleted', 'item.restored', 'item.deleted', 'item.purged']);
    });

    it('purges one binned item on request', async () => {
      const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id }))).json();
      await t.call('DELETE', `/api/v1/companies/${company.id}`);
      assert.equal((await t.call('DELETE', `/api/v1/recycle-bin/company/${company.id}`)).statusCode, 204);
      assert.equal((await t.call('POST', `/api/v1/companies/${company.id}/restore`)).statusCode, 404);
      assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().companyId, null, 'the deal no longer points at it');
    });
  });
}
