import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createTestApp, freshDatabase, testDialects, type TestApp } from './support/test-app.ts';

const plurals = ['leads', 'contacts', 'companies', 'deals'];

for (const dialect of testDialects()) {
  describe(`health [${dialect}]`, () => {
    it('GET /healthz answers 200 {status: ok} without credentials while the database is reachable', async () => {
      const t = await createTestApp(dialect);
      try {
        const response = await t.anonymous('GET', '/healthz');
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { status: 'ok', database: dialect });
      } finally {
        await t.close();
      }
    });

    it('GET /healthz answers 503 once the database connection is closed under the app', async () => {
      const { database, drop } = await freshDatabase(dialect);
      const app = await buildApp({ database, logLevel: 'silent' });
      try {
        assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
        await database.close();
        const response = await app.inject({ method: 'GET', url: '/healthz' });
        assert.equal(response.statusCode, 503, response.body);
        assert.deepEqual(response.json(), { status: 'unavailable', database: dialect });
      } finally {
        await app.close();
        await drop();
      }
    });

    if (dialect === 'postgres') {
      it('GET /healthz answers 503 when the PostgreSQL database is dropped under the app', async () => {
        const { database, url, drop } = await freshDatabase(dialect);
        const app = await buildApp({ database, logLevel: 'silent' });
        try {
          assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
          const name = new URL(url).pathname.slice(1);
          const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
          await admin.connect();
          try {
            await admin.query(`drop database ${name} with (force)`);
          } finally {
            await admin.end();
          }
          const response = await app.inject({ method: 'GET', url: '/healthz' });
          assert.equal(response.statusCode, 503, response.body);
          assert.deepEqual(response.json(), { status: 'unavailable', database: 'postgres' });
        } finally {
          await app.close();
          await database.close();
          await drop();
        }
      });
    }
  });

  describe(`OpenAPI and docs [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('GET /api/openapi.json is a public OpenAPI 3.1 document', async () => {
      const response = await t.anonymous('GET', '/api/openapi.json');
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /application\/json/);
      const doc = response.json();
      assert.equal(typeof doc.openapi, 'string');
      assert.ok(doc.openapi.startsWith('3.1'), `openapi is ${doc.openapi}`);
      assert.equal(doc.info?.title, 'Vínculo API');
    });

    it('lists every route of all four item types', async () => {
      const doc = (await t.anonymous('GET', '/api/openapi.json')).json();
      const paths = doc.paths as Record<string, Record<string, unknown>>;
      const expected: Record<string, string[]> = {};
      for (const plural of plurals) {
        expected[`/api/v1/${plural}`] = ['get', 'post'];
        expected[`/api/v1/${plural}/{id}`] = ['get', 'patch', 'delete'];
        expected[`/api/v1/${plural}/{id}/history`] = ['get'];
        expected[`/api/v1/${plural}/{id}/dependencies`] = ['get'];
        expected[`/api/v1/${plural}/{id}/restore`] = ['post'];
      }
      for (const [path, methods] of Object.entries(expected)) {
        assert.ok(paths[path], `missing path ${path}; have ${Object.keys(paths).join(', ')}`);
        for (const method of methods) {
          const operation = paths[path][method] as { security?: unknown[]; responses?: Record<string, unknown> } | undefined;
          assert.ok(operation, `missing ${method.toUpperCase()} ${path}`);
          assert.deepEqual(operation.security, [{ bearerAuth: [] }, { sessionCookie: [] }], `${method} ${path} security`);
          assert.ok(operation.responses?.['401'], `${method} ${path} documents 401`);
        }
      }
      for (const path of ['/healthz', '/api/v1/setup', '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/tokens', '/api/v1/tokens/{id}']) {
        assert.ok(paths[path], `missing path ${path}`);
      }
      assert.equal(paths['/api/openapi.json'], undefined, 'the document itself is hidden');
      // The :id parameter is declared as a path parameter.
      const get = paths['/api/v1/contacts/{id}'].get as { parameters?: Array<{ name: string; in: string; required?: boolean }> };
      assert.ok(get.parameters?.some((p) => p.name === 'id' && p.in === 'path' && p.required === true), JSON.stringify(get.parameters));
    });

    it('declares the security schemes: bearer token and session cookie', async () => {
      const doc = (await t.anonymous('GET', '/api/openapi.json')).json();
      const schemes = doc.components?.securitySchemes;
      assert.ok(schemes, 'components.securitySchemes');
      assert.deepEqual({ type: schemes.bearerAuth?.type, scheme: schemes.bearerAuth?.scheme }, { type: 'http', scheme: 'bearer' });
      assert.deepEqual(schemes.sessionCookie, { type: 'apiKey', in: 'cookie', name: 'vinculo_session' });
    });

    it('GET /api/docs answers 200 HTML without credentials (following a redirect)', async () => {
      let response = await t.anonymous('GET', '/api/docs');
      for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
        const location = String(response.headers.location);
        response = await t.anonymous('GET', new URL(location, 'http://localhost/api/docs').pathname);
      }
      assert.equal(response.statusCode, 200, `GET /api/docs: ${response.statusCode} ${response.body}`);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /swagger/i);
    });

    it('the docs page assets answer without credentials', async () => {
      const response = await t.anonymous('GET', '/api/docs/static/swagger-ui.css');
      assert.equal(response.statusCode, 200, `${response.statusCode} ${response.body.slice(0, 200)}`);
    });
  });
}
