import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createHash } from 'node:crypto';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const password = 'correct horse battery';
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const sessions = '/api/v1/auth/sessions';

interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  address: string | null;
  current: boolean;
}

for (const dialect of testDialects()) {
  describe(`active sessions [${dialect}]`, () => {
    let t: TestApp;
    let clock: number | null = null;
    const now = () => (clock === null ? new Date() : new Date(clock));
    before(async () => {
      t = await createTestApp(dialect, { now });
    });
    after(() => t.close());

    let people = 0;
    /** A new user with an API token; e-mails differ per test so their sessions never mix. */
    const person = async () => {
      people++;
      const user = await t.addUser(`Person ${people}`);
      return { ...user, email: `person.${people}@example.com` };
    };
    /** Signs in from a browser and an address; answers the cookie pair. */
    const signIn = async (email: string, userAgent = firefox, address = '203.0.113.7') => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: address,
        headers: { 'content-type': 'application/json', 'user-agent': userAgent },
        payload: JSON.stringify({ email, password }),
      });
      assert.equal(response.statusCode, 200, response.body);
      const cookie = response.cookies.find((c) => c.name === 'vinculo_session');
      assert.ok(cookie, 'a session cookie');
      return `vinculo_session=${cookie.value}`;
    };
    const as = (cookie: string) => (method: 'GET' | 'POST' | 'DELETE', url: string) => t.anonymous(method, url, undefined, { cookie });
    const asToken = (token: string) => (method: 'GET' | 'POST' | 'DELETE', url: string) => t.call(method, url, undefined, { authorization: `Bearer ${token}` });
    const list = async (send: ReturnType<typeof as>): Promise<Session[]> => {
      const response = await send('GET', sessions);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items;
    };
    const assertUnauthenticated = (response: LightMyRequestResponse, what: string) => {
      assert.equal(response.statusCode, 401, `${what}: ${response.statusCode} ${response.body}`);
      assert.equal(response.json().error.code, 'UNAUTHENTICATED', what);
    };

    it('answers 401 without a session or token, before validating the id', async () => {
      assertUnauthenticated(await t.anonymous('GET', sessions), 'list');
      assertUnauthenticated(await t.anonymous('DELETE', `${sessions}/${'a'.repeat(24)}`), 'end one');
      assertUnauthenticated(await t.anonymous('DELETE', `${sessions}/not-an-id`), 'end one, bad id');
      assertUnauthenticated(await t.anonymous('POST', `${sessions}/end-others`), 'end the others');
      assertUnauthenticated(await t.anonymous('GET', sessions, undefined, { cookie: 'vinculo_session=forged' }), 'forged cookie');
    });

    it('refuses a malformed session id with 400 naming it', async () => {
      const user = await person();
      for (const id of ['short', 'A'.repeat(24), `${'a'.repeat(24)}0`, '1']) {
        const response = await asToken(user.token)('DELETE', `${sessions}/${id}`);
        assert.equal(response.statusCode, 400, `${id}: ${response.body}`);
        assert.equal(response.json().error.details[0].field, 'params.id', id);
      }
    });

    it('lists your own live sessions with browser, address and dates, marks this one, and never shows a secret', async () => {
      const ana = await person();
      const laptop = await signIn(ana.email, firefox, '203.0.113.7');
      const phone = await signIn(ana.email, iphone, '198.51.100.20');
      const bruno = await person();
      await signIn(bruno.email);

      const seen = await list(as(phone));
      assert.equal(seen.length, 2, JSON.stringify(seen));
      assert.deepEqual(
        seen.map((s) => [s.current, s.userAgent, s.address]),
        [
          [true, iphone, '198.51.100.20'],
          [false, firefox, '203.0.113.7'],
        ],
        'this device first',
      );
      for (const s of seen) {
        assert.match(s.id, /^[0-9a-f]{24}$/);
        for (const moment of [s.createdAt, s.lastSeenAt, s.expiresAt]) assert.ok(!Number.isNaN(Date.parse(moment)), moment);
      }
      const body = JSON.stringify(seen);
      for (const cookie of [laptop, phone]) {
        const secret = cookie.split('=')[1];
        assert.ok(!body.includes(secret), 'the secret is never shown');
        assert.ok(!body.includes(createHash('sha256').update(secret).digest('hex')), 'nor its hash');
      }
      assert.deepEqual((await list(as(laptop))).map((s) => s.current), [true, false], 'the other device sees itself as current');
      // With an API token no session is the current one; Bruno's session is never among Ana's.
      const byToken = await list(asToken(ana.token));
      assert.deepEqual(byToken.map((s) => s.current), [false, false]);
      assert.deepEqual(new Set(byToken.map((s) => s.id)), new Set(seen.map((s) => s.id)));
    });

    it('leaves out expired sessions', async () => {
      const carla = await person();
      clock = Date.now() - 800 * 3_600_000; // past the 720-hour lifetime
      await signIn(carla.email);
      clock = null;
      const fresh = await signIn(carla.email);
      assert.equal((await list(as(fresh))).length, 1);
      const ended = await as(fresh)('POST', `${sessions}/end-others`);
      assert.deepEqual(ended.json(), { ended: 0 }, 'an expired session is not counted as ended');
    });

    it("ends one of your sessions at once (its next request is 401); someone else's is 404 and keeps working", async () => {
      const dora = await person();
      const here = await signIn(dora.email);
      const there = await signIn(dora.email, iphone);
      const elias = await person();
      const his = await signIn(elias.email);
      const hisId = (await list(as(his)))[0].id;

      for (const send of [as(here), asToken(dora.token)]) {
        const refused = await send('DELETE', `${sessions}/${hisId}`);
        assert.equal(refused.statusCode, 404, refused.body);
        assert.equal(refused.json().error.code, 'NOT_FOUND');
      }
      assert.equal((await as(his)('GET', '/api/v1/auth/me')).statusCode, 200, "Elias's session was not touched");
      assert.equal((await list(as(his))).length, 1);
      assert.equal((await as(here)('DELETE', `${sessions}/${'0'.repeat(24)}`)).statusCode, 404, 'unknown id');

      const other = (await list(as(here))).find((s) => !s.current)!;
      assert.equal((await as(there)('GET', '/api/v1/contacts')).statusCode, 200);
      const ended = await as(here)('DELETE', `${sessions}/${other.id}`);
      assert.equal(ended.statusCode, 204, ended.body);
      assertUnauthenticated(await as(there)('GET', '/api/v1/contacts'), 'the ended session');
      assertUnauthenticated(await as(there)('GET', sessions), 'the ended session, listing');
      assert.deepEqual((await list(as(here))).map((s) => s.current), [true]);
      assert.equal((await as(here)('DELETE', `${sessions}/${other.id}`)).statusCode, 404, 'ending it again');
      const events = await t.database.db.selectFrom('events').select('type').where('entity_type', '=', 'user').where('entity_id', '=', dora.id).execute();
      assert.deepEqual(events.map((e) => e.type), ['user.sessionEnded']);
    });

    it('"sign out everywhere else" ends every other session at once, keeps this one and the API tokens', async () => {
      const fabio = await person();
      const here = await signIn(fabio.email);
      const others = [await signIn(fabio.email, iphone), await signIn(fabio.email, firefox, '192.0.2.1')];
      const gil = await person();
      const hers = await signIn(gil.email);

      const response = await as(here)('POST', `${sessions}/end-others`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { ended: 2 });
      for (const cookie of others) assertUnauthenticated(await as(cookie)('GET', '/api/v1/auth/me'), 'another session');
      assert.equal((await as(here)('GET', '/api/v1/auth/me')).statusCode, 200, 'this session stays');
      assert.equal((await asToken(fabio.token)('GET', '/api/v1/auth/me')).statusCode, 200, 'the API token stays');
      assert.equal((await as(hers)('GET', '/api/v1/auth/me')).statusCode, 200, "another user's session stays");
      assert.deepEqual((await list(as(here))).length, 1);
      assert.deepEqual((await as(here)('POST', `${sessions}/end-others`)).json(), { ended: 0 });
      // The audit log has it, in the same transaction; ending none adds nothing.
      const audited = await t.database.db.selectFrom('audit_log').select(['kind', 'details']).where('actor_id', '=', fabio.id).where('kind', '=', 'auth.sessionsEnded').execute();
      assert.deepEqual(audited.map((entry) => JSON.parse(entry.details) as unknown), [{ ended: 2 }]);

      // With an API token the request has no session of its own: every session ends.
      const byToken = await asToken(fabio.token)('POST', `${sessions}/end-others`);
      assert.deepEqual(byToken.json(), { ended: 1 });
      assertUnauthenticated(await as(here)('GET', '/api/v1/auth/me'), 'the last session');
    });

    it('R10: a password change leaves only the session that made it', async () => {
      const hugo = await person();
      const here = await signIn(hugo.email);
      const other = await signIn(hugo.email, iphone);
      assert.equal((await list(as(here))).length, 2);
      const changed = await t.anonymous('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'a new long password' }, { cookie: here });
      assert.equal(changed.statusCode, 204, changed.body);
      assertUnauthenticated(await as(other)('GET', sessions), 'the other session');
      assert.deepEqual((await list(as(here))).map((s) => s.current), [true]);
    });

    it('R10: deactivation ends every session at once, and reactivating does not bring them back', async () => {
      const iris = await person();
      const cookies = [await signIn(iris.email), await signIn(iris.email, iphone)];
      const off = await t.call('PATCH', `/api/v1/users/${iris.id}`, { isActive: false });
      assert.equal(off.statusCode, 200, off.body);
      for (const cookie of cookies) assertUnauthenticated(await as(cookie)('GET', sessions), 'a session of a deactivated user');
      const on = await t.call('PATCH', `/api/v1/users/${iris.id}`, { isActive: true });
      assert.equal(on.statusCode, 200, on.body);
      for (const cookie of cookies) assertUnauthenticated(await as(cookie)('GET', '/api/v1/auth/me'), 'a session from before the deactivation');
      const again = await signIn(iris.email);
      assert.deepEqual((await list(as(again))).map((s) => s.current), [true]);
    });
  });
}
