import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contactBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

for (const dialect of testDialects()) {
  describe(`smoke [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('creates and reads a contact', async () => {
      const created = await t.call('POST', '/api/v1/contacts', contactBody());
      assert.equal(created.statusCode, 201, created.body);
      const got = await t.call('GET', `/api/v1/contacts/${created.json().id}`);
      assert.equal(got.statusCode, 200);
      assert.equal(got.json().phones[0].normalized, '+5511987654321');
    });
  });
}
