import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiVersion } from '@bitrix24/b24jssdk';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Bitrix24's leaky bucket (BITRIX_RATE_LIMIT_*): 503 QUERY_LIMIT_EXCEEDED past the burst, drained with time, per webhook. */

for (const dialect of testDialects()) {
  describe(`Bitrix24 rate limit [${dialect}]`, () => {
    let t: TestApp;
    let shift = 0;
    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(Date.now() + shift), bitrixRateLimit: { perSecond: 1, burst: 3 } });
    });
    after(() => t.close());

    const get = (client: BitrixClient, method: string) => client.raw(method);

    it('refuses the call past the burst with 503 QUERY_LIMIT_EXCEEDED, and lets calls through again as the bucket drains', async () => {
      const client = await bitrixClient(t);
      const other = await bitrixClient(t);
      for (let i = 0; i < 3; i++) assert.equal((await get(client, 'profile')).status, 200);
      const refused = await get(client, 'crm.deal.list');
      assert.equal(refused.status, 503);
      assert.deepEqual(refused.body, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
      // Another webhook has its own bucket.
      assert.equal((await get(other, 'profile')).status, 200);
      // A refused call is not counted: one second later exactly one more call fits.
      shift += 1000;
      assert.equal((await get(client, 'profile')).status, 200);
      assert.equal((await get(client, 'profile')).status, 503);
      // A batch of many commands is one call.
      shift += 1000;
      const cmd = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, 'profile']));
      const batch = await client.raw('batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ halt: 0, cmd }) });
      assert.equal(batch.status, 200, JSON.stringify(batch.body));
      assert.equal(Object.keys(batch.body.result.result).length, 10);
    });

    it('the official SDK waits and retries a refused call until it goes through', async () => {
      shift += 10_000;
      const client = await bitrixClient(t);
      let refusals = 0;
      client.b24.getHttpClient(ApiVersion.v2).ajaxClient.interceptors.response.use(undefined, (error: { response?: { status?: number } }) => {
        if (error.response?.status === 503) refusals++;
        throw error;
      });
      for (let i = 0; i < 3; i++) assert.equal((await get(client, 'profile')).status, 200);
      // The bucket is full: the SDK's first try is refused, it backs off (about a second) and the bucket has drained.
      const answer = await client.b24.actions.v2.call.make({ method: 'profile', params: {} });
      assert.ok(answer.isSuccess, answer.getErrorMessages().join('; '));
      assert.equal((answer.getData() as { result: { ID: string } }).result.ID, String(t.adminId));
      assert.ok(refusals >= 1, 'the first try was refused');
    });
  });
}
