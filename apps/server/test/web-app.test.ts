import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildApp } from '../src/app.ts';
import { migrate, openDatabase, type Database } from '../src/db/database.ts';
import { staleReason } from '../src/web/web-build.ts';
import type { FastifyInstance } from 'fastify';

/** A built app as Vite leaves it: index.html and hashed files under assets/. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'vinculo-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(root, 'assets', 'index-Ab12.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

describe('the server serves the web app', () => {
  let root: string;
  let dir: string;
  let database: Database;
  let app: FastifyInstance;

  before(async () => {
    root = fakeBuild();
    dir = mkdtempSync(join(tmpdir(), 'vinculo-web-db-'));
    database = openDatabase(join(dir, 'db.sqlite'));
    await migrate(database);
    app = await buildApp({ database, logLevel: 'silent', webRoot: root });
  });

  after(async () => {
    await app.close();
    await database.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / and any deep link with the app, revalidated every time, under a CSP without inline scripts or eval', async () => {
    for (const url of ['/', '/deals/12', '/contacts?view=list&q=maria', '/recycle-bin']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(response.headers['content-type'] as string, /text\/html/);
      assert.match(response.body, /<div id="root">/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      const csp = response.headers['content-security-policy'] as string;
      const scripts = /script-src ([^;]*)/.exec(csp)?.[1];
      assert.equal(scripts, "'self'", `${url}: ${csp}`);
      assert.doesNotMatch(csp, /unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('caches hashed assets for a year and compresses them', async () => {
    const response = await app.inject({ url: '/assets/index-Ab12.js', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(response.rawPayload).toString(), /^console\.log/);
    assert.match(response.headers['content-type'] as string, /javascript/);
  });

  it('keeps 404 for missing assets and unknown API paths, in the API shape', async () => {
    for (const url of ['/assets/gone-123.js', '/api/v1/nothing-here', '/api/nope']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().error.code, 'NOT_FOUND', url);
    }
  });

  it('still asks for credentials on the API, and answers JSON compressed when the client accepts it', async () => {
    assert.equal((await app.inject({ url: '/api/v1/deals' })).statusCode, 401);
    const docs = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'br' } });
    assert.equal(docs.statusCode, 200);
    assert.equal(docs.headers['content-encoding'], 'br');
  });

  it('needs no session for the app itself: a stale cookie does not turn a page into an error', async () => {
    const response = await app.inject({ url: '/deals', headers: { cookie: 'vinculo_session=not-a-session' } });
    assert.equal(response.statusCode, 200);
  });
});

describe('the web app is built on start when its build is missing or older than its sources', () => {
  it('names the reason, and nothing once the build is newer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-webdir-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'main.tsx'), 'export {};');
      assert.equal(staleReason(dir), 'missing');
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html>');
      const past = new Date(Date.now() - 3_600_000);
      utimesSync(join(dir, 'dist', 'index.html'), past, past);
      assert.equal(staleReason(dir), 'older than its sources');
      const future = new Date(Date.now() + 3_600_000);
      utimesSync(join(dir, 'dist', 'index.html'), future, future);
      assert.equal(staleReason(dir), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
