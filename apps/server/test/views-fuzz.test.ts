import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * QUALITY.md R3 for the caller's own settings (list views, filter presets, profile): generated bodies, type names
 * and ids, well-formed and not, never get a 5xx. Answers are serialized through the routes' own response schemas, so
 * a 2xx body that broke its schema would be a 500 here too.
 */

const scalar = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const fieldName = fc.oneof(fc.constantFrom('title', 'assignedById', 'opportunity', 'stageSemantic', 'closeDate', 'contactIds', 'phones', 'phone', '__proto__', 'constructor'), fc.string());
const term = fc.record({
  field: fieldName,
  op: fc.oneof(fc.constantFrom('eq', 'ne', 'in', 'gt', 'empty', 'contains', 'startsWith'), fc.string()),
  value: fc.oneof(scalar, fc.constant('@me'), fc.array(scalar, { maxLength: 5 })),
});
const presetBody = fc.record(
  { name: fc.oneof(fc.string(), fc.string({ unit: 'binary' })), filter: fc.oneof(fc.array(term, { maxLength: 5 }), fc.anything()), search: fc.option(fc.string()), isDefault: fc.option(fc.boolean()) },
  { requiredKeys: [] },
);
const viewBody = fc.record(
  {
    columns: fc.oneof(fc.array(fc.record({ field: fieldName, width: fc.oneof(fc.integer(), fc.double()) }), { maxLength: 5 }), fc.anything()),
    sort: fc.oneof(fc.constant(null), fc.record({ field: fieldName, direction: fc.string() }), fc.anything()),
    presetId: fc.oneof(fc.constant(null), fc.integer(), fc.anything()),
  },
  { requiredKeys: [] },
);
const profileBody = fc.record({ name: scalar, locale: fc.oneof(fc.constantFrom('en', 'pt-BR'), scalar) }, { requiredKeys: [] });

for (const dialect of testDialects()) {
  describe(`own settings never answer 5xx, QUALITY.md R3 [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('generated views, presets and profile changes get a 2xx or a 4xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('deals', 'leads', 'contacts', 'companies', 'deal', 'x'), presetBody, viewBody, profileBody, fc.integer({ min: -5, max: 2 ** 33 }), async (type, preset, view, profile, id) => {
          const requests = [
            ['POST', `/api/v1/filter-presets/${type}`, preset],
            ['PATCH', `/api/v1/filter-presets/${type}/${id}`, preset],
            ['DELETE', `/api/v1/filter-presets/${type}/${id}`, undefined],
            ['GET', `/api/v1/filter-presets/${type}`, undefined],
            ['PUT', `/api/v1/views/${type}`, view],
            ['GET', `/api/v1/views/${type}`, undefined],
            ['PATCH', '/api/v1/auth/me', profile],
          ] as const;
          for (const [method, url, body] of requests) {
            const response = await t.call(method, url, body);
            assert.ok(response.statusCode < 500, `${method} ${url} ${JSON.stringify(body)} → ${response.statusCode} ${response.body}`);
          }
        }),
        { numRuns: 300 },
      );
    });
  });
}
