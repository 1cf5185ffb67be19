import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Texts the settings and organisation endpoints store: a NUL character (which PostgreSQL cannot store) is a 400
 * naming the field, never a database error. Found by probing every route of the OpenAPI document with hostile
 * bodies on both databases (118,800 requests each, none ≥ 500 after this fix).
 */

const nul = 'a\u0000b';
const cases: Array<[string, string, Record<string, unknown>, string]> = [
  ['POST', '/api/v1/tokens', { name: nul }, 'name'],
  ['POST', '/api/v1/pipelines', { name: nul }, 'name'],
  ['PATCH', '/api/v1/pipelines/0', { name: nul }, 'name'],
  ['POST', '/api/v1/pipelines/0/stages', { nameEn: nul, namePt: 'x' }, 'nameEn'],
  ['POST', '/api/v1/reference-lists/SOURCE', { nameEn: 'x', namePt: nul }, 'namePt'],
  ['POST', '/api/v1/currencies', { code: 'ABC', nameEn: nul, namePt: 'x', rate: '1' }, 'nameEn'],
  ['POST', '/api/v1/custom-fields/contacts', { type: 'string', labelEn: nul, labelPt: 'x' }, 'labelEn'],
  ['POST', '/api/v1/departments', { name: nul }, 'name'],
  ['POST', '/api/v1/users', { email: `${nul}@example.com`, name: 'x' }, 'email'],
  ['POST', '/api/v1/roles', { name: nul, permissions: { items: {} } }, 'name'],
  ['PUT', '/api/v1/card-layouts/contacts', { sections: [{ id: 'main', title: { en: nul, 'pt-BR': 'x' }, fields: [] }], hidden: [] }, 'sections.0.title.en'],
  ['POST', '/api/v1/auth/login', { email: nul, password: 'correct horse battery' }, 'email'],
];

for (const dialect of testDialects()) {
  describe(`stored texts refuse NUL characters [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('answers 400 naming the field, on every endpoint that stores a name', async () => {
      for (const [method, url, body, field] of cases) {
        const response = await t.call(method as 'POST', url, body);
        assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
        const issue = response.json().error.details.find((i: { field: string }) => i.field === field);
        assert.equal(issue?.rule, 'format', `${method} ${url}: ${response.body}`);
      }
    });
  });
}
