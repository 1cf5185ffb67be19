import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { buildApp } from '../src/app.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * QUALITY.md R9 at the API (issue 10): after 5 failed sign-ins of one account from one address within 10 minutes,
 * the next attempts from that address get 429 with Retry-After, without a password being hashed; the right password
 * from another address still works; the count lives in the database, so every process sees it; it ends with time.
 */

for (const dialect of testDialects()) {
  describe(`sign-in throttling, R9 [${dialect}]`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-11-29T10:00:00Z');
    const raw = () => t.database.db as unknown as Kysely<any>;
    const login = (password: string, address: string, app = t.app) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'admin@example.com', password }) });

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
    });
    after(() => t.close());

    it('answers 429 with Retry-After after five failures of one account from one address, the right password included', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await login('wrong password', '203.0.113.7')).statusCode, 401, `attempt ${i + 1}`);
      const throttled = await login('correct horse battery', '203.0.113.7');
      assert.equal(throttled.statusCode, 429, throttled.body);
      assert.equal(throttled.json().error.code, 'RATE_LIMITED');
      assert.equal(throttled.headers['retry-after'], '600');
      clock += 60_000;
      assert.equal((await login('wrong password', '203.0.113.7')).headers['retry-after'], '540', 'the wait shrinks as time passes');
    });

    it('lets the right password in from another address, and counts in the database, for every process', async () => {
      assert.equal((await login('correct horse battery', '198.51.100.20')).statusCode, 200);
      const second = await buildApp({ database: t.database, logLevel: 'silent', now: () => new Date(clock) });
      assert.equal((await login('correct horse battery', '203.0.113.7', second)).statusCode, 429, 'a second process sees the same count');
      await second.close();
    });

    it('does no password work for a throttled attempt, and lets the address in again once the failures are ten minutes old', async () => {
      // A stored hash made very costly to verify: ten throttled attempts together take less than one verification,
      // which they would take ten times over if they hashed the password before being refused.
      const stored = (await raw().selectFrom('users').select('password_hash').where('email', '=', 'admin@example.com').executeTakeFirstOrThrow()).password_hash;
      await raw().updateTable('users').set({ password_hash: await hash('correct horse battery', { algorithm: 2, memoryCost: 19456, timeCost: 150, parallelism: 1 }) }).where('email', '=', 'admin@example.com').execute();
      const started = performance.now();
      assert.equal((await login('wrong password', '192.0.2.1')).statusCode, 401);
      const oneVerification = performance.now() - started;
      const throttledStart = performance.now();
      for (let i = 0; i < 10; i++) assert.equal((await login('wrong password', '203.0.113.7')).statusCode, 429);
      const tenThrottled = performance.now() - throttledStart;
      assert.ok(tenThrottled < oneVerification, `ten throttled attempts took ${tenThrottled.toFixed(0)} ms, one verification ${oneVerification.toFixed(0)} ms`);
      await raw().updateTable('users').set({ password_hash: stored }).where('email', '=', 'admin@example.com').execute();
      const failures = Number((await raw().selectFrom('login_failures').select((eb) => eb.fn.countAll().as('n')).where('address', '=', '203.0.113.7').executeTakeFirstOrThrow()).n);
      assert.equal(failures, 5, 'throttled attempts are not counted as failures: the wait does not grow');
      clock += 10 * 60_000;
      assert.equal((await login('correct horse battery', '203.0.113.7')).statusCode, 200);
    });
  });
}
