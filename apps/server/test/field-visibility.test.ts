import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { bumpAccessVersion } from '../src/modules/access/access-version.ts';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { contactBody, dealBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** QUALITY.md R5: a field a role hides never appears in any answer for that role; writes to hidden or read-only fields are refused. */

for (const dialect of testDialects()) {
  describe(`field visibility per role, QUALITY.md R5 [${dialect}]`, () => {
    let t: TestApp;
    let token: string;
    let userId: number;
    let contactId: number;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asUser = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${token}` });
    const issues = (response: { json(): any }) => response.json().error.details as Array<{ field: string; rule: string }>;

    before(async () => {
      t = await createTestApp(dialect);
      userId = await createUser(t.database.db, { email: 'seller@example.com', password: 'correct horse battery', name: 'Seller' }, new Date());
      token = (await createToken(t.database.db, userId, 'tests', new Date())).token;
      for (const body of [
        { type: 'string', labelEn: 'Salary expectation', labelPt: 'Pretensão salarial', name: 'UF_CRM_SECRET' },
        { type: 'integer', labelEn: 'Rating', labelPt: 'Nota', name: 'UF_CRM_RATING' },
      ]) {
        assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', body)).statusCode, 201);
      }
      const contact = await t.call('POST', '/api/v1/contacts', contactBody({ ufCrmSecret: 'R$ 20.000', ufCrmRating: 5, assignedById: userId }));
      contactId = contact.json().id;
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${contactId}`, { ufCrmSecret: 'R$ 25.000' })).statusCode, 200);
      await t.call('POST', '/api/v1/deals', dealBody({ contactIds: [contactId], assignedById: userId }));
      // The seller's role hides one field and makes another read-only; everything else is open.
      const all = { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' };
      const permissions = JSON.stringify({ items: { lead: all, contact: all, company: all, deal: all }, fields: { contact: { ufCrmSecret: 'hidden', ufCrmRating: 'readOnly' } } });
      const now = new Date().toISOString();
      await raw().deleteFrom('role_assignments').execute();
      const role = await raw().insertInto('roles').values({ name: 'Seller', permissions, may_change_settings: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await raw().insertInto('role_assignments').values({ role_id: role.id, user_id: userId, department_id: null }).execute();
      await bumpAccessVersion(t.database.db);
    });
    after(() => t.close());

    it('never shows the hidden field: item, list, field selection, history, Kanban-free types, card layout', async () => {
      const secret = /R\$ 2[05]\.000|ufCrmSecret|UF_CRM_SECRET/;
      for (const url of [
        `/api/v1/contacts/${contactId}`,
        '/api/v1/contacts',
        `/api/v1/contacts/${contactId}/history`,
        `/api/v1/contacts/${contactId}/dependencies`,
        '/api/v1/card-layouts/contacts',
      ]) {
        const response = await asUser('GET', url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        assert.doesNotMatch(response.body, secret, url);
      }
      const own = (await asUser('GET', `/api/v1/contacts/${contactId}`)).json();
      assert.equal(own.ufCrmRating, 5, 'the read-only field shows');
      // The admin still sees both.
      assert.equal((await t.call('GET', `/api/v1/contacts/${contactId}`)).json().ufCrmSecret, 'R$ 25.000');
    });

    it('refuses to filter, sort, select or write the hidden field, and to change the read-only one', async () => {
      assert.equal(issues(await asUser('GET', '/api/v1/contacts?filter[ufCrmSecret]=x'))[0].rule, 'unknown');
      assert.equal(issues(await asUser('GET', '/api/v1/contacts?sort=ufCrmSecret'))[0].rule, 'unknown');
      assert.equal(issues(await asUser('GET', '/api/v1/contacts?fields=ufCrmSecret'))[0].rule, 'unknown');
      assert.deepEqual(issues(await asUser('POST', '/api/v1/contacts', contactBody({ ufCrmSecret: 'x' }))).map((i) => [i.field, i.rule]), [['ufCrmSecret', 'unknown']]);
      assert.deepEqual(issues(await asUser('PATCH', `/api/v1/contacts/${contactId}`, { ufCrmSecret: 'x' })).map((i) => [i.field, i.rule]), [['ufCrmSecret', 'unknown']]);
      assert.deepEqual(issues(await asUser('PATCH', `/api/v1/contacts/${contactId}`, { ufCrmRating: 1 })).map((i) => [i.field, i.rule]), [['ufCrmRating', 'readOnly']]);
      assert.deepEqual(issues(await asUser('POST', '/api/v1/contacts', contactBody({ ufCrmRating: 1 }))).map((i) => [i.field, i.rule]), [['ufCrmRating', 'readOnly']]);
      // Sending back what was read is not a change.
      const echoed = await asUser('PATCH', `/api/v1/contacts/${contactId}`, { ufCrmRating: 5, post: 'Gerente' });
      assert.equal(echoed.statusCode, 200, echoed.body);
      const stored = await raw().selectFrom('contacts').select(['uf_crm_secret', 'uf_crm_rating']).where('id', '=', contactId).executeTakeFirstOrThrow();
      assert.deepEqual([stored.uf_crm_secret, Number(stored.uf_crm_rating)], ['R$ 25.000', 5], 'nothing the role may not write was written');
    });
  });
}
