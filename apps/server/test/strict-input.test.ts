import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { contactBody, dealBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: input is taken only as written. Numbers that a loose coercion would read (`0x1`, `1e3`, `[1]`),
 * parameters given twice, unknown or prototype-polluting keys, foreign cursors: each is a 400 that names it, never
 * a silent guess. Before, `DELETE /contacts/0x1` deleted contact 1.
 */

for (const dialect of testDialects()) {
  describe(`strict input [${dialect}]`, () => {
    let t: TestApp;
    let contactId: number;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const issues = (response: { json(): any }) => (response.json().error.details as Array<{ field: string; rule: string }>).map((i) => [i.field, i.rule]);

    before(async () => {
      t = await createTestApp(dialect);
      contactId = (await t.call('POST', '/api/v1/contacts', contactBody())).json().id;
      assert.equal(contactId, 1);
    });
    after(() => t.close());

    it('takes ids only as plain whole numbers', async () => {
      for (const id of ['0x1', '1e0', '01', '+1', '1.0', ' 1', '1 ', '0', '-1', '99999999999']) {
        const response = await t.call('GET', `/api/v1/contacts/${encodeURIComponent(id)}`);
        assert.equal(response.statusCode, 400, `${id}: ${response.body}`);
      }
      assert.equal((await t.call('DELETE', '/api/v1/contacts/0x1')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/contacts/1')).statusCode, 200, 'contact 1 is still there');
      for (const url of ['/api/v1/pipelines/0x0', '/api/v1/files/0x1', '/api/v1/users/1e0']) {
        assert.equal((await t.call('GET', url)).statusCode, 400, url);
      }
      assert.equal((await t.call('DELETE', '/api/v1/recycle-bin/contact/1e0')).statusCode, 400);
    });

    it('refuses a parameter given twice, a list where one value goes, and keys it does not know, __proto__ included', async () => {
      assert.deepEqual(issues(await t.call('GET', '/api/v1/contacts?filter[name]=Maria&filter[name]=Ana')), [['filter.name', 'duplicate']]);
      assert.deepEqual(issues(await t.call('GET', '/api/v1/contacts?filter[name][eq]=Maria&filter[name][eq]=Ana')), [['filter.name.eq', 'duplicate']]);
      assert.equal((await t.call('GET', '/api/v1/contacts?filter[id][in][]=1&filter[id][in][]=2')).statusCode, 200, 'in takes a list');
      assert.deepEqual(issues(await t.call('GET', '/api/v1/contacts?filter[__proto__]=x')), [['filter.__proto__', 'unknown']]);
      assert.equal((await t.call('GET', '/api/v1/contacts?__proto__[x]=1')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/contacts?limit[]=1')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/contacts?limit=1&limit=2')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/contacts?limit=1e1')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/contacts?sort=name&sort=id')).statusCode, 400);
      assert.deepEqual(issues(await t.call('GET', '/api/v1/contacts?colour=blue')), [['querystring.colour', 'unknown']]);
      assert.equal(({} as Record<string, unknown>).x, undefined, 'nothing reached a prototype');
    });

    it('answers 400 to a cursor that is not one of its own, on the board too', async () => {
      assert.deepEqual(issues(await t.call('GET', '/api/v1/contacts?cursor=garbage')), [['cursor', 'cursor']]);
      assert.equal((await t.call('GET', '/api/v1/deals/kanban?cursor=garbage')).statusCode, 400, 'the board has no cursor of its own');
      assert.deepEqual(issues(await t.call('GET', '/api/v1/deals/kanban/columns/NEW?cursor=garbage')), [['cursor', 'cursor']]);
      assert.equal((await t.call('GET', '/api/v1/contacts/1/history?cursor=1e3')).statusCode, 400);
    });

    it('keeps a contact named: an update may not clear every name, nor a required title', async () => {
      const cleared = await t.call('PATCH', `/api/v1/contacts/${contactId}`, { name: null, lastName: '', secondName: null });
      assert.equal(cleared.statusCode, 400, cleared.body);
      assert.equal(cleared.json().error.details[0].rule, 'requireOneOf');
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${contactId}`, { name: null, lastName: 'Souza' })).statusCode, 200, 'one name is enough');
      const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      const untitled = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: '' });
      assert.equal(untitled.statusCode, 400, untitled.body);
      assert.deepEqual(issues(untitled), [['title', 'required']]);
      const stored = await raw().selectFrom('contacts').select(['name', 'last_name']).where('id', '=', contactId).executeTakeFirstOrThrow();
      assert.deepEqual([stored.name, stored.last_name], [null, 'Souza']);
    });

    it('refuses a sign-in (and any write without a token) that another site sends: no login CSRF', async () => {
      const crossSite = await t.anonymous('POST', '/api/v1/auth/login', { email: 'admin@example.com', password: 'correct horse battery' }, { origin: 'https://evil.example', host: 'localhost:3000' });
      assert.equal(crossSite.statusCode, 403, crossSite.body);
      assert.equal(crossSite.headers['set-cookie'], undefined, 'no session was started');
      const fetchSite = await t.anonymous('POST', '/api/v1/auth/login', { email: 'admin@example.com', password: 'correct horse battery' }, { 'sec-fetch-site': 'cross-site' });
      assert.equal(fetchSite.statusCode, 403);
      const sameSite = await t.anonymous('POST', '/api/v1/auth/login', { email: 'admin@example.com', password: 'correct horse battery' }, { origin: 'http://localhost:3000', host: 'localhost:3000' });
      assert.equal(sameSite.statusCode, 200, sameSite.body);
      const tokenWrite = await t.call('POST', '/api/v1/contacts', contactBody(), { origin: 'https://integration.example' });
      assert.equal(tokenWrite.statusCode, 201, 'a Bearer token is not a browser credential: scripts may write from anywhere');
    });
  });
}
