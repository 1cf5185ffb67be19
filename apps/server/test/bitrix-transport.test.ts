import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, listening, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The Bitrix24-compatible endpoint's transport (modules/bitrix): URLs, encodings, envelopes, webhooks, errors. */

for (const dialect of testDialects()) {
  describe(`Bitrix24-compatible transport [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
    });
    after(() => t.close());

    it('answers the official SDK: profile, user.current, scope, methods', async () => {
      const call = async (method: string) => {
        const answer = await client.b24.actions.v2.call.make({ method, params: {} });
        assert.equal(answer.isSuccess, true, method);
        return (answer.getData() as { result: any }).result;
      };
      const profile = await call('profile');
      assert.equal(profile.ID, String(t.adminId));
      assert.equal(profile.ADMIN, true);
      assert.equal((await call('user.current')).EMAIL, 'admin@example.com');
      assert.deepEqual(await call('scope'), ['crm']);
      assert.ok((await call('methods') as string[]).includes('profile'));
    });

    it('takes every URL form: .json, a trailing slash, any case, GET with brackets, forms and multipart', async () => {
      for (const path of ['profile', 'profile.json', 'profile/', 'PROFILE.json/', 'Profile']) {
        const answer = await client.raw(path);
        assert.equal(answer.status, 200, path);
        assert.equal(answer.body.result.ID, String(t.adminId), path);
        assert.ok(answer.body.time.date_start && typeof answer.body.time.operating === 'number', 'time is always there');
      }
      const form = await client.raw('scope', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'fields%5BTITLE%5D=x&select[]=ID' });
      assert.equal(form.status, 200);
      const multipart = new FormData();
      multipart.set('fields[TITLE]', 'x');
      assert.equal((await client.raw('scope', { method: 'POST', body: multipart })).status, 200);
      // A browser form on another site posts with its Origin: the path is the credential, no cookie is read.
      const crossSite = await client.raw('profile', { method: 'POST', headers: { origin: 'https://site.example', 'content-type': 'application/json' }, body: '{}' });
      assert.equal(crossSite.status, 200);
    });

    it("answers errors in Bitrix24's envelope: unknown method, wrong code, revoked webhook, a scope the webhook lacks", async () => {
      const unknown = await client.raw('crm.nothing.here');
      assert.deepEqual([unknown.status, unknown.body], [404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' }]);
      const sdk = await client.b24.actions.v2.call.make({ method: 'crm.nothing.here', params: {} }).catch((error: unknown) => error);
      assert.match(String((sdk as { code?: string }).code ?? (sdk as Error).message ?? sdk), /ERROR_METHOD_NOT_FOUND|Method not found/);

      const origin = await listening(t);
      const wrong = await fetch(`${origin}/rest/${client.userId}/not-the-code/profile`);
      assert.equal(wrong.status, 401);
      assert.deepEqual(await wrong.json(), { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
      assert.equal((await fetch(`${origin}/rest/abc/${client.code}/profile`)).status, 401);
      const v3 = await fetch(`${origin}/rest/api/${client.userId}/${client.code}/crm.item.get`, { method: 'POST' });
      assert.deepEqual([v3.status, await v3.json()], [404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' }], 'REST 3.0 is not served');

      const other = await bitrixClient(t, { scopes: ['user'] });
      const denied = await other.raw('methods');
      assert.equal(denied.status, 200);
      assert.ok(!(denied.body.result as string[]).some((m) => m.startsWith('crm.')), 'methods lists what the webhook may call');
      const listed = (await t.call('GET', '/api/v1/inbound-webhooks')).json().items as Array<{ id: number; codeHint: string }>;
      const mine = listed.find((w) => w.codeHint === other.code.slice(-4))!;
      assert.equal((await t.call('DELETE', `/api/v1/inbound-webhooks/${mine.id}`)).statusCode, 204);
      assert.equal((await other.raw('profile')).status, 401, 'a revoked webhook answers 401');
    });

    it('a user makes webhooks for themself only; the URL carries the user and is shown once', async () => {
      const seller = await t.addUser('Vendedora Rest');
      const own = await t.call('POST', '/api/v1/inbound-webhooks', { name: 'Minha integração' }, { authorization: `Bearer ${seller.token}` });
      assert.equal(own.statusCode, 201, own.body);
      assert.match(own.json().url, new RegExp(`/rest/${seller.id}/[a-z0-9]{16}/$`));
      const forAdmin = await t.call('POST', '/api/v1/inbound-webhooks', { name: 'x', userId: t.adminId }, { authorization: `Bearer ${seller.token}` });
      assert.equal(forAdmin.statusCode, 403);
      const theirs = (await t.call('GET', '/api/v1/inbound-webhooks', undefined, { authorization: `Bearer ${seller.token}` })).json().items as Array<{ user: { id: number } }>;
      assert.ok(theirs.length >= 1 && theirs.every((w) => w.user.id === seller.id));
      assert.equal((await t.call('POST', '/api/v1/inbound-webhooks', { name: 'x', scopes: ['telephony'] })).statusCode, 400);
    });
  });
}
