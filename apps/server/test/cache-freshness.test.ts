import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { every } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Every process caches what each request would otherwise read again (a user's compiled access, the item types with
 * their custom fields): nothing cached may outlive a change. One process (the test app) changes a role, a custom field
 * and a token while a client keeps calling another process on the same database; the next request after each change
 * answers as the change says.
 */

for (const dialect of testDialects()) {
  describe(`caches are never stale across processes [${dialect}]`, () => {
    let t: TestApp;
    let otherDatabase: Database;
    let other: FastifyInstance;
    before(async () => {
      t = await createTestApp(dialect);
      otherDatabase = openDatabase(t.url, { poolSize: 2 });
      other = await buildApp({ database: otherDatabase, logLevel: 'silent', worker: false });
    });
    after(async () => {
      await other.close();
      await otherDatabase.close();
      await t.close();
    });

    it('a role, a custom field and a token changed in one process are seen by the next request in another', async () => {
      const seller = await t.addUser('Vendedora Cache');
      const asSeller = (url: string) => other.inject({ method: 'GET', url, headers: { authorization: `Bearer ${seller.token}` } });
      // Only the role made here applies to the seller (the starting "everyone" role is assigned to no one).
      for (const existing of (await t.call('GET', '/api/v1/roles')).json().roles as Array<{ id: number }>) {
        assert.equal((await t.call('PUT', `/api/v1/roles/${existing.id}/assignments`, { assignments: [] })).statusCode, 200);
      }
      const contact = (await t.call('POST', '/api/v1/contacts', { name: 'Rosa', lastName: 'Cache', post: 'Diretora' })).json();
      const role = await t.call('POST', '/api/v1/roles', { name: 'Vendas', permissions: { items: { lead: every('all'), contact: every('all'), company: every('all'), deal: every('all') } } });
      assert.equal(role.statusCode, 201, role.body);
      const roleId = role.json().id as number;
      const assigned = await t.call('PUT', `/api/v1/roles/${roleId}/assignments`, { assignments: [{ userId: seller.id }] });
      assert.equal(assigned.statusCode, 200, assigned.body);

      // A client calls the other process all along; each change is checked on the very next call.
      const seen = await asSeller(`/api/v1/contacts/${contact.id}`);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().post, 'Diretora');

      const hide = await t.call('PATCH', `/api/v1/roles/${roleId}`, { permissions: { items: { lead: every('all'), contact: every('all'), company: every('all'), deal: every('all') }, fields: { contact: { post: 'hidden' } } } });
      assert.equal(hide.statusCode, 200, hide.body);
      const hidden = await asSeller(`/api/v1/contacts/${contact.id}`);
      assert.equal(hidden.statusCode, 200);
      assert.equal('post' in hidden.json(), false, 'the hidden field is gone at once');

      const noRead = await t.call('PATCH', `/api/v1/roles/${roleId}`, { permissions: { items: { lead: every('all'), contact: { ...every('all'), read: 'none' }, company: every('all'), deal: every('all') } } });
      assert.equal(noRead.statusCode, 200, noRead.body);
      assert.equal((await asSeller(`/api/v1/contacts/${contact.id}`)).statusCode, 404, 'no read right: not found at once');
      assert.equal((await asSeller('/api/v1/contacts?limit=5')).json().items.length, 0);

      const back = await t.call('PATCH', `/api/v1/roles/${roleId}`, { permissions: { items: { lead: every('all'), contact: every('all'), company: every('all'), deal: every('all') } } });
      assert.equal(back.statusCode, 200, back.body);
      assert.equal((await asSeller(`/api/v1/contacts/${contact.id}`)).json().post, 'Diretora', 'shown again at once');

      // A new custom field: known to the other process's filters and answers at once.
      assert.equal((await asSeller('/api/v1/contacts?filter[ufCrmCacheTier]=2')).statusCode, 400, 'unknown before');
      const field = await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_CACHE_TIER', type: 'integer', labelEn: 'Tier', labelPt: 'Nível' });
      assert.equal(field.statusCode, 201, field.body);
      await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { ufCrmCacheTier: 2 });
      const filtered = await asSeller('/api/v1/contacts?filter[ufCrmCacheTier]=2');
      assert.equal(filtered.statusCode, 200, filtered.body);
      assert.deepEqual(filtered.json().items.map((c: { id: number; ufCrmCacheTier: number }) => [c.id, c.ufCrmCacheTier]), [[contact.id, 2]]);

      // A revoked token: refused at once.
      const tokens = await other.inject({ method: 'GET', url: '/api/v1/tokens', headers: { authorization: `Bearer ${seller.token}` } });
      const tokenId = tokens.json().items[0].id as number;
      assert.equal((await t.call('DELETE', `/api/v1/tokens/${tokenId}`, undefined, { authorization: `Bearer ${seller.token}` })).statusCode, 204);
      assert.equal((await asSeller(`/api/v1/contacts/${contact.id}`)).statusCode, 401, 'the revoked token no longer works anywhere');
    });
  });
}
