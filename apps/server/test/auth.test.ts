import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/db/database.ts';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { contactBody } from './support/factories.ts';
import { createTestApp, freshDatabase, testDialects, type TestApp } from './support/test-app.ts';

const plurals = ['leads', 'contacts', 'companies', 'deals'];
const hourMs = 3_600_000;
const defaultTtlHours = 720;
const password = 'correct horse battery';

/** Every route of every item type, with a body that would be valid, so only the credentials are wrong. */
function itemRoutes(): Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown }> {
  return plurals.flatMap((plural) => [
    { method: 'GET' as const, url: `/api/v1/${plural}` },
    { method: 'POST' as const, url: `/api/v1/${plural}`, body: plural === 'contacts' ? contactBody() : { title: 'Should never be stored' } },
    { method: 'GET' as const, url: `/api/v1/${plural}/1` },
    { method: 'PATCH' as const, url: `/api/v1/${plural}/1`, body: { comments: 'never' } },
    { method: 'DELETE' as const, url: `/api/v1/${plural}/1` },
    { method: 'POST' as const, url: `/api/v1/${plural}/1/restore` },
    { method: 'GET' as const, url: `/api/v1/${plural}/1/history` },
    { method: 'GET' as const, url: `/api/v1/${plural}/1/dependencies` },
  ]);
}

/** The other authenticated /api/v1 routes. */
const otherProtectedRoutes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown }> = [
  { method: 'GET', url: '/api/v1/auth/me' },
  { method: 'PATCH', url: '/api/v1/auth/me', body: { locale: 'en' } },
  { method: 'POST', url: '/api/v1/auth/password', body: { currentPassword: password, newPassword: 'something else entirely' } },
  { method: 'GET', url: '/api/v1/users/directory' },
  { method: 'GET', url: '/api/v1/tokens' },
  { method: 'POST', url: '/api/v1/tokens', body: { name: 'sneaky' } },
  { method: 'DELETE', url: '/api/v1/tokens/1' },
  { method: 'GET', url: '/api/v1/recycle-bin' },
  { method: 'DELETE', url: '/api/v1/recycle-bin/contact/1' },
];

const cookieOf = (response: LightMyRequestResponse): string => {
  const header = response.headers['set-cookie'];
  const line = Array.isArray(header) ? header.find((c) => c.startsWith('vinculo_session=')) : header;
  if (!line?.startsWith('vinculo_session=')) assert.fail(`expected a session cookie, got ${JSON.stringify(header)}`);
  return line;
};
const cookiePair = (response: LightMyRequestResponse) => cookieOf(response).split(';')[0];
const cookieValue = (response: LightMyRequestResponse) => cookiePair(response).slice('vinculo_session='.length);

function assertUnauthenticated(response: LightMyRequestResponse, what: string) {
  assert.equal(response.statusCode, 401, `${what}: ${response.statusCode} ${response.body}`);
  assert.equal(response.json().error?.code, 'UNAUTHENTICATED', `${what}: ${response.body}`);
}

async function login(app: FastifyInstance, email: string, pass: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ email, password: pass }) });
}

async function countItems(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const plural of plurals) {
    const response = await t.call('GET', `/api/v1/${plural}?limit=1`);
    assert.equal(response.statusCode, 200, response.body);
    counts[plural] = response.json().total;
  }
  return counts;
}

for (const dialect of testDialects()) {
  describe(`auth [${dialect}]`, () => {
    let t: TestApp;
    // A clock the app reads; tests move it to make sessions expire.
    let clock: number | null = null;
    const now = () => (clock === null ? new Date() : new Date(clock));
    let otherUserId: number;
    let otherToken: { id: number; token: string };

    before(async () => {
      t = await createTestApp(dialect, { now });
      otherUserId = await createUser(t.database.db, { email: 'other@example.com', password, name: 'Other' }, new Date());
      otherToken = await createToken(t.database.db, otherUserId, 'other-cli', new Date());
    });
    after(() => t.close());

    describe('refusals', () => {
      let credentials: Array<{ what: string; headers: Record<string, string> }>;
      let contactId: number;

      before(async () => {
        // A real contact, so "not found" can never be what answers instead of 401.
        const created = await t.call('POST', '/api/v1/contacts', contactBody());
        assert.equal(created.statusCode, 201, created.body);
        contactId = created.json().id;

        const revoked = await createToken(t.database.db, t.adminId, 'to revoke', new Date());
        const revoke = await t.call('DELETE', `/api/v1/tokens/${revoked.id}`);
        assert.equal(revoke.statusCode, 204, revoke.body);

        // A session from 800 hours ago, past the 720-hour lifetime.
        clock = Date.now() - 800 * hourMs;
        const old = await login(t.app, 'admin@example.com', password);
        clock = null;
        assert.equal(old.statusCode, 200, old.body);

        const loggedIn = await login(t.app, 'admin@example.com', password);
        assert.equal(loggedIn.statusCode, 200, loggedIn.body);
        const loggedOut = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: cookiePair(loggedIn) } });
        assert.equal(loggedOut.statusCode, 204, loggedOut.body);

        credentials = [
          { what: 'no credentials', headers: {} },
          { what: 'empty Bearer', headers: { authorization: 'Bearer ' } },
          { what: 'Bearer without a token', headers: { authorization: 'Bearer' } },
          { what: 'malformed Bearer', headers: { authorization: 'Bearer not a token at all' } },
          { what: 'Bearer without the vk_ prefix', headers: { authorization: `Bearer ${t.token.slice(3)}` } },
          { what: 'unknown Bearer', headers: { authorization: `Bearer vk_${randomBytes(32).toString('base64url')}` } },
          { what: 'overlong Bearer', headers: { authorization: `Bearer vk_${'a'.repeat(400)}` } },
          { what: 'token with a trailing character', headers: { authorization: `Bearer ${t.token}x` } },
          { what: 'token as Basic auth', headers: { authorization: `Basic ${Buffer.from(`admin@example.com:${t.token}`).toString('base64')}` } },
          { what: 'revoked Bearer', headers: { authorization: `Bearer ${revoked.token}` } },
          { what: 'unknown session cookie', headers: { cookie: `vinculo_session=${randomBytes(32).toString('base64url')}` } },
          { what: 'empty session cookie', headers: { cookie: 'vinculo_session=' } },
          { what: 'expired session cookie', headers: { cookie: cookiePair(old) } },
          { what: 'logged-out session cookie', headers: { cookie: cookiePair(loggedIn) } },
        ];
      });

      it('refuses every item route with 401 for every missing or bad credential, and stores nothing', async () => {
        const before = await countItems(t);
        let checked = 0;
        for (const route of itemRoutes()) {
          const url = route.url.replace('/contacts/1', `/contacts/${contactId}`);
          for (const { what, headers } of credentials) {
            const response = await t.app.inject({
              method: route.method,
              url,
              headers: { ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
              ...(route.body !== undefined ? { payload: JSON.stringify(route.body) } : {}),
            });
            assertUnauthenticated(response, `${route.method} ${url} with ${what}`);
            checked += 1;
          }
        }
        assert.equal(checked, plurals.length * 8 * credentials.length);
        assert.deepEqual(await countItems(t), before);
        const contact = await t.call('GET', `/api/v1/contacts/${contactId}`);
        assert.equal(contact.statusCode, 200, 'the DELETE attempts must not have binned the contact');
        assert.equal(contact.json().version, 1, 'the PATCH attempts must not have changed the contact');
      });

      it('refuses the other protected /api/v1 routes with 401 too', async () => {
        for (const route of otherProtectedRoutes) {
          for (const { what, headers } of credentials) {
            const response = await t.app.inject({
              method: route.method,
              url: route.url,
              headers: { ...(route.body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
              ...(route.body !== undefined ? { payload: JSON.stringify(route.body) } : {}),
            });
            assertUnauthenticated(response, `${route.method} ${route.url} with ${what}`);
          }
        }
      });

      it('answers 401 before validating: a bad id or body without credentials is still 401', async () => {
        assertUnauthenticated(await t.anonymous('GET', '/api/v1/contacts/not-a-number'), 'bad id');
        assertUnauthenticated(await t.anonymous('POST', '/api/v1/contacts', { nonsense: true }), 'bad body');
        assertUnauthenticated(await t.anonymous('POST', '/api/v1/contacts', '{not json'), 'broken JSON');
      });

      it('refuses a login with a wrong password or an unknown e-mail (401, no cookie)', async () => {
        for (const [email, pass] of [
          ['admin@example.com', 'wrong password'],
          ['admin@example.com', ''],
          ['nobody@example.com', password],
        ]) {
          const response = await login(t.app, email, pass);
          assertUnauthenticated(response, `login ${email}/${pass}`);
          assert.equal(response.headers['set-cookie'], undefined);
        }
      });

      it('refuses malformed login input with 400', async () => {
        const missing = await t.anonymous('POST', '/api/v1/auth/login', { email: 'admin@example.com' });
        assert.equal(missing.statusCode, 400, missing.body);
        assert.ok(missing.json().error.details.some((d: { field: string }) => d.field === 'password'), missing.body);
        const extra = await t.anonymous('POST', '/api/v1/auth/login', { email: 'admin@example.com', password, remember: true });
        assert.equal(extra.statusCode, 400, extra.body);
        assert.ok(extra.json().error.details.some((d: { field: string }) => d.field === 'remember'), extra.body);
      });

      it('refuses a cookie-authenticated write from a foreign origin (403) and does not perform it', async () => {
        const session = await login(t.app, 'admin@example.com', password);
        const cookie = cookiePair(session);
        const before = await countItems(t);
        for (const headers of [
          { origin: 'https://evil.example' },
          { origin: 'http://localhost:3001', host: 'localhost:3000' },
          { origin: 'null' },
          { 'sec-fetch-site': 'cross-site' },
        ]) {
          for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
            const url = method === 'POST' ? '/api/v1/contacts' : `/api/v1/contacts/${contactId}`;
            const response = await t.app.inject({
              method,
              url,
              headers: { cookie, ...headers, ...(method !== 'DELETE' ? { 'content-type': 'application/json' } : {}) },
              ...(method === 'POST' ? { payload: JSON.stringify(contactBody()) } : method === 'PATCH' ? { payload: JSON.stringify({ comments: 'csrf' }) } : {}),
            });
            assert.equal(response.statusCode, 403, `${method} with ${JSON.stringify(headers)}: ${response.body}`);
            assert.equal(response.json().error.code, 'FORBIDDEN');
          }
        }
        // Logging out someone from another site is refused too.
        const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: 'https://evil.example' } });
        assert.equal(logout.statusCode, 403, logout.body);
        assert.deepEqual(await countItems(t), before);
        const contact = await t.call('GET', `/api/v1/contacts/${contactId}`);
        assert.equal(contact.json().version, 1);
        // The session still works for reads (a cross-site GET is harmless and allowed).
        const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie, origin: 'https://evil.example' } });
        assert.equal(me.statusCode, 200, me.body);
      });
    });

    describe('first-run setup', () => {
      let database: Database;
      let drop: () => Promise<void>;
      let app: FastifyInstance;

      before(async () => {
        ({ database, drop } = await freshDatabase(dialect));
        app = await buildApp({ database, logLevel: 'silent' });
      });
      after(async () => {
        await app.close();
        await database.close();
        await drop();
      });

      const setup = (body: unknown) =>
        app.inject({ method: 'POST', url: '/api/v1/setup', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

      it('says setup is needed on an empty database', async () => {
        const response = await app.inject({ method: 'GET', url: '/api/v1/setup' });
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { needed: true });
      });

      it('refuses bad setup input with 400 naming the field, and creates nobody', async () => {
        const cases: Array<[unknown, string, string]> = [
          [{ email: 'not-an-email', password: 'long enough' }, 'email', 'email'],
          [{ email: 'admin@example.com', password: 'short7!' }, 'password', 'password'],
          [{ email: 'admin@example.com', password: 'long enough', role: 'owner' }, 'role', 'unknown'],
          [{ password: 'long enough' }, 'email', 'required'],
          [{ email: 'admin@example.com' }, 'password', 'required'],
        ];
        for (const [body, field, rule] of cases) {
          const response = await setup(body);
          assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
          const error = response.json().error;
          assert.equal(error.code, 'VALIDATION_FAILED');
          const issue = error.details.find((d: { field: string }) => d.field === field);
          assert.ok(issue, `${JSON.stringify(body)} should name ${field}: ${response.body}`);
          assert.equal(issue.rule, rule, response.body);
          assert.equal(response.headers['set-cookie'], undefined);
        }
        assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 0);
        const still = await app.inject({ method: 'GET', url: '/api/v1/setup' });
        assert.deepEqual(still.json(), { needed: true });
      });

      it('creates the first administrator (201) and signs them in with an HttpOnly SameSite=Lax cookie', async () => {
        const response = await setup({ email: ' First.Admin@Example.COM ', password: 'a good password', name: 'Primeira' });
        assert.equal(response.statusCode, 201, response.body);
        const body = response.json();
        assert.equal(body.email, 'first.admin@example.com');
        assert.equal(body.name, 'Primeira');
        assert.equal(body.isAdmin, true);
        assert.equal(body.password, undefined);
        const cookie = cookieOf(response);
        assert.match(cookie, /;\s*HttpOnly/i);
        assert.match(cookie, /;\s*SameSite=Lax/i);
        assert.match(cookie, /;\s*Path=\//i);
        assert.match(cookie, /;\s*Expires=/i);
        const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: cookiePair(response) } });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().id, body.id);
        const needed = await app.inject({ method: 'GET', url: '/api/v1/setup' });
        assert.deepEqual(needed.json(), { needed: false });
      });

      it('refuses a second setup with 409 SETUP_ALREADY_DONE', async () => {
        const response = await setup({ email: 'intruder@example.com', password: 'a good password' });
        assert.equal(response.statusCode, 409, response.body);
        assert.equal(response.json().error.code, 'SETUP_ALREADY_DONE');
        assert.equal(response.headers['set-cookie'], undefined);
        const intruder = await login(app, 'intruder@example.com', 'a good password');
        assert.equal(intruder.statusCode, 401);
      });

      it('refuses concurrent setups: exactly one administrator is created', async () => {
        const other = await freshDatabase(dialect);
        const otherApp = await buildApp({ database: other.database, logLevel: 'silent' });
        try {
          const responses = await Promise.all(
            [1, 2, 3, 4].map((n) =>
              otherApp.inject({ method: 'POST', url: '/api/v1/setup', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: `racer${n}@example.com`, password: 'a good password' }) }),
            ),
          );
          const statuses = responses.map((r) => r.statusCode).sort();
          assert.deepEqual(statuses, [201, 409, 409, 409], responses.map((r) => r.body).join('\n'));
          assert.equal((await other.database.db.selectFrom('users').select('id').execute()).length, 1);
        } finally {
          await otherApp.close();
          await other.database.close();
          await other.drop();
        }
      });
    });

    describe('sessions', () => {
      it('logs in: sets the cookie, which works on /auth/me and on item routes', async () => {
        const response = await login(t.app, 'ADMIN@example.com', password);
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { id: t.adminId, email: 'admin@example.com', name: 'Admin', isAdmin: true });
        const cookie = cookieOf(response);
        assert.match(cookie, /;\s*HttpOnly/i);
        assert.match(cookie, /;\s*SameSite=Lax/i);
        assert.doesNotMatch(cookie, /;\s*Secure/i, 'a localhost cookie is not Secure (COOKIE_SECURE=auto)');
        const headers = { cookie: cookiePair(response) };

        const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().email, 'admin@example.com');

        for (const plural of plurals) {
          const list = await t.app.inject({ method: 'GET', url: `/api/v1/${plural}`, headers });
          assert.equal(list.statusCode, 200, `${plural}: ${list.body}`);
        }
        // A write with the cookie and no Origin (a non-browser client) is accepted.
        const created = await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(contactBody()) });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal(created.json().createdById, t.adminId);
      });

      it('marks the cookie Secure when the site is not localhost (COOKIE_SECURE=auto)', async () => {
        const response = await login(t.app, 'admin@example.com', password, { host: 'crm.example.com' });
        assert.equal(response.statusCode, 200, response.body);
        assert.match(cookieOf(response), /;\s*Secure/i);
      });

      it('accepts a cookie-authenticated write from the same origin', async () => {
        const response = await login(t.app, 'admin@example.com', password);
        const cookie = cookiePair(response);
        for (const headers of [
          { host: 'localhost:3000', origin: 'http://localhost:3000' },
          { host: 'crm.example.com', origin: 'https://crm.example.com' },
          { 'sec-fetch-site': 'same-origin' },
        ]) {
          const created = await t.app.inject({
            method: 'POST',
            url: '/api/v1/contacts',
            headers: { cookie, 'content-type': 'application/json', ...headers },
            payload: JSON.stringify(contactBody()),
          });
          assert.equal(created.statusCode, 201, `${JSON.stringify(headers)}: ${created.body}`);
          const patched = await t.app.inject({
            method: 'PATCH',
            url: `/api/v1/contacts/${created.json().id}`,
            headers: { cookie, 'content-type': 'application/json', ...headers },
            payload: JSON.stringify({ comments: 'same origin', version: 1 }),
          });
          assert.equal(patched.statusCode, 200, `${JSON.stringify(headers)}: ${patched.body}`);
        }
      });

      it('a Bearer token is not subject to the Origin check', async () => {
        const created = await t.call('POST', '/api/v1/contacts', contactBody(), { origin: 'https://elsewhere.example' });
        assert.equal(created.statusCode, 201, created.body);
      });

      it('logout revokes the session at once and clears the cookie', async () => {
        const response = await login(t.app, 'admin@example.com', password);
        const headers = { cookie: cookiePair(response) };
        assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode, 200);
        const logout = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
        assert.equal(logout.statusCode, 204, logout.body);
        assert.match(cookieOf(logout), /^vinculo_session=;/, 'the cookie is cleared');
        assertUnauthenticated(await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers }), 'me after logout');
        assertUnauthenticated(await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers }), 'list after logout');
        const hash = createHash('sha256').update(cookieValue(response)).digest('hex');
        assert.equal((await t.database.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hash).execute()).length, 0);
        // Logging out without a session is harmless.
        assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode, 204);
      });

      it('keeps a session for its lifetime and refuses it once expired', async () => {
        const start = Date.now();
        clock = start;
        try {
          const response = await login(t.app, 'admin@example.com', password);
          const headers = { cookie: cookiePair(response) };
          clock = start + (defaultTtlHours - 1) * hourMs;
          assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode, 200);
          clock = start + defaultTtlHours * hourMs + 60_000;
          assertUnauthenticated(await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers }), 'expired session');
        } finally {
          clock = null;
        }
      });

      it('stores passwords as argon2id hashes and sessions as SHA-256 hashes', async () => {
        const users = await t.database.db.selectFrom('users').select(['email', 'password_hash']).execute();
        assert.ok(users.length >= 2);
        for (const user of users) {
          assert.ok(user.password_hash, `${user.email} has a password hash`);
          assert.ok(user.password_hash.startsWith('$argon2id$'), `${user.email}: ${user.password_hash}`);
          assert.ok(!user.password_hash.includes(password));
        }
        const response = await login(t.app, 'admin@example.com', password);
        const sessionId = cookieValue(response);
        const sessions = await t.database.db.selectFrom('sessions').selectAll().execute();
        assert.ok(sessions.length > 0);
        for (const session of sessions) assert.match(session.id_hash, /^[0-9a-f]{64}$/);
        assert.ok(sessions.some((s) => s.id_hash === createHash('sha256').update(sessionId).digest('hex')));
        assert.ok(!JSON.stringify(sessions).includes(sessionId), 'the session id itself is never stored');
      });
    });

    describe('API tokens', () => {
      let created: { id: number; name: string; token: string };

      it('creates a token and returns the secret once', async () => {
        const response = await t.call('POST', '/api/v1/tokens', { name: 'Zapier' });
        assert.equal(response.statusCode, 201, response.body);
        created = response.json();
        assert.equal(created.name, 'Zapier');
        assert.ok(Number.isInteger(created.id));
        assert.match(created.token, /^vk_[A-Za-z0-9_-]{43}$/);
        const me = await t.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${created.token}` });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().id, t.adminId);
      });

      it('refuses a bad token name with 400', async () => {
        for (const body of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, {}, { name: 'ok', scope: 'all' }]) {
          const response = await t.call('POST', '/api/v1/tokens', body);
          assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        }
      });

      it('lists the tokens without their secrets, and only your own', async () => {
        const response = await t.call('GET', '/api/v1/tokens');
        assert.equal(response.statusCode, 200, response.body);
        const items = response.json().items as Array<Record<string, unknown>>;
        const listed = items.find((i) => i.id === created.id);
        assert.ok(listed, response.body);
        assert.equal(listed.name, 'Zapier');
        assert.equal(listed.revokedAt, null);
        assert.equal(listed.token, undefined);
        assert.equal(typeof listed.prefix, 'string');
        assert.ok(created.token.startsWith(listed.prefix as string));
        assert.ok((listed.prefix as string).length < 16, 'the prefix is a short hint, not the secret');
        assert.ok(!response.body.includes(created.token), 'the secret never appears in the list');
        assert.ok(!response.body.includes(t.token));
        assert.ok(!items.some((i) => i.id === otherToken.id), "another user's token is not listed");
      });

      it('stores only a SHA-256 hex hash of each token', async () => {
        const rows = await t.database.db.selectFrom('api_tokens').selectAll().execute();
        const row = rows.find((r) => r.id === created.id);
        assert.ok(row);
        assert.match(row.token_hash, /^[0-9a-f]{64}$/);
        assert.equal(row.token_hash, createHash('sha256').update(created.token).digest('hex'));
        const dump = JSON.stringify(rows);
        for (const token of [created.token, t.token, otherToken.token]) {
          assert.ok(!dump.includes(token), 'a plain token is never stored');
          assert.ok(!dump.includes(token.slice(3)), 'nor its secret part');
        }
      });

      it("refuses to delete another user's token (404) and leaves it working", async () => {
        const response = await t.call('DELETE', `/api/v1/tokens/${otherToken.id}`);
        assert.equal(response.statusCode, 404, response.body);
        assert.equal(response.json().error.code, 'NOT_FOUND');
        const me = await t.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${otherToken.token}` });
        assert.equal(me.statusCode, 200, me.body);
        assert.equal(me.json().id, otherUserId);
        const missing = await t.call('DELETE', '/api/v1/tokens/999999');
        assert.equal(missing.statusCode, 404, missing.body);
        const bad = await t.call('DELETE', '/api/v1/tokens/abc');
        assert.equal(bad.statusCode, 400, bad.body);
      });

      it('revokes a token: it gets 401 at once and shows as revoked', async () => {
        const response = await t.call('DELETE', `/api/v1/tokens/${created.id}`);
        assert.equal(response.statusCode, 204, response.body);
        const headers = { authorization: `Bearer ${created.token}` };
        assertUnauthenticated(await t.call('GET', '/api/v1/auth/me', undefined, headers), 'revoked token on me');
        assertUnauthenticated(await t.call('GET', '/api/v1/contacts', undefined, headers), 'revoked token on contacts');
        assertUnauthenticated(await t.call('POST', '/api/v1/contacts', contactBody(), headers), 'revoked token on create');
        const list = await t.call('GET', '/api/v1/tokens');
        const listed = (list.json().items as Array<{ id: number; revokedAt: string | null }>).find((i) => i.id === created.id);
        assert.ok(listed?.revokedAt, list.body);
        const again = await t.call('DELETE', `/api/v1/tokens/${created.id}`);
        assert.equal(again.statusCode, 404, 'a revoked token cannot be revoked twice');
        // The admin's other token still works.
        assert.equal((await t.call('GET', '/api/v1/auth/me')).statusCode, 200);
      });

      it('a token can revoke itself', async () => {
        const { id, token } = (await t.call('POST', '/api/v1/tokens', { name: 'self' })).json();
        const response = await t.call('DELETE', `/api/v1/tokens/${id}`, undefined, { authorization: `Bearer ${token}` });
        assert.equal(response.statusCode, 204, response.body);
        assertUnauthenticated(await t.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${token}` }), 'self-revoked token');
      });
    });

    describe('your own account', () => {
      const asToken = (token: string) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) =>
        t.call(method, url, body, { authorization: `Bearer ${token}`, ...headers });
      const withCookie = (cookie: string) => (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
        t.app.inject({ method, url, headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      /** A user with a password and an API token, who speaks English until they say otherwise. */
      const person = async (name: string) => {
        const email = `${name.toLowerCase()}@example.com`;
        const id = await createUser(t.database.db, { email, password, name }, new Date());
        await t.database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', id).execute();
        return { id, email, token: (await createToken(t.database.db, id, 'tests', new Date())).token };
      };
      const issues = (response: LightMyRequestResponse) => (response.json().error.details as Array<{ field: string; rule: string }>).map((d) => [d.field, d.rule]);

      it('GET /auth/me says who you are, your language, whether you may configure the CRM, and its mode', async () => {
        const paulo = await person('Paulo');
        const me = await asToken(paulo.token)('GET', '/api/v1/auth/me');
        assert.equal(me.statusCode, 200, me.body);
        assert.deepEqual(me.json(), { id: paulo.id, email: 'paulo@example.com', name: 'Paulo', isAdmin: false, locale: 'en', mayConfigure: false, crmMode: 'classic' });
        const admin = (await t.call('GET', '/api/v1/auth/me')).json();
        assert.equal(admin.isAdmin, true);
        assert.equal(admin.mayConfigure, true);
        // A role with the settings right gives it to a user who is not an administrator.
        await setRoles(t, [{ userId: paulo.id, permissions: { items: everywhere('all') }, mayChangeSettings: true }]);
        assert.equal((await asToken(paulo.token)('GET', '/api/v1/auth/me')).json().mayConfigure, true);
        // The CRM mode as the settings say.
        assert.equal((await t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'simple', confirm: true })).statusCode, 200);
        try {
          assert.equal((await asToken(paulo.token)('GET', '/api/v1/auth/me')).json().crmMode, 'simple');
        } finally {
          assert.equal((await t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'classic' })).statusCode, 200);
        }
        assert.equal((await asToken(paulo.token)('GET', '/api/v1/auth/me')).json().crmMode, 'classic');
      });

      it('PATCH /auth/me changes your name and language; errors then come in that language without Accept-Language', async () => {
        const rita = await person('Rita');
        const as = asToken(rita.token);
        assert.equal((await as('GET', '/api/v1/contacts/999999')).json().error.message, 'Not found.');
        const changed = await as('PATCH', '/api/v1/auth/me', { locale: 'pt-BR', name: '  Rita de Cássia  ' });
        assert.equal(changed.statusCode, 200, changed.body);
        assert.deepEqual(changed.json(), { id: rita.id, email: 'rita@example.com', name: 'Rita de Cássia', isAdmin: false, locale: 'pt-BR', mayConfigure: false, crmMode: 'classic' });
        assert.deepEqual((await as('GET', '/api/v1/auth/me')).json(), changed.json());
        const notFound = await as('GET', '/api/v1/contacts/999999');
        assert.equal(notFound.statusCode, 404);
        assert.equal(notFound.json().error.message, 'Não encontrado.');
        const invalid = await as('PATCH', '/api/v1/auth/me', { name: '' });
        assert.equal(invalid.json().error.message, 'Alguns campos não são válidos.');
        assert.match(invalid.json().error.details[0].message, /^Nome /);
        // Accept-Language still wins over the saved language.
        assert.equal((await as('GET', '/api/v1/contacts/999999', undefined, { 'accept-language': 'en' })).json().error.message, 'Not found.');
        assert.equal((await as('PATCH', '/api/v1/auth/me', { locale: 'en' })).json().locale, 'en');
        assert.equal((await as('GET', '/api/v1/contacts/999999')).json().error.message, 'Not found.');
        // Another user is untouched.
        assert.equal((await t.call('GET', '/api/v1/auth/me')).json().name, 'Admin');
      });

      it('PATCH /auth/me refuses bad input with 400 naming the field, and changes nothing', async () => {
        const saulo = await person('Saulo');
        const as = asToken(saulo.token);
        const cases: Array<[unknown, string, string]> = [
          [{ locale: 'fr' }, 'locale', 'valueType'],
          [{ locale: 'pt' }, 'locale', 'valueType'],
          [{ name: '' }, 'name', 'minLength'],
          [{ name: '   ' }, 'name', 'minLength'],
          [{ name: 'x'.repeat(101) }, 'name', 'maxLength'],
          [{ name: 'a\u0000b' }, 'name', 'format'],
          [{ email: 'new@example.com' }, 'email', 'unknown'],
          [{ isAdmin: true }, 'isAdmin', 'unknown'],
        ];
        for (const [body, field, rule] of cases) {
          const response = await as('PATCH', '/api/v1/auth/me', body);
          assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
          assert.deepEqual(issues(response), [[field, rule]], JSON.stringify(body));
        }
        const me = (await as('GET', '/api/v1/auth/me')).json();
        assert.deepEqual([me.name, me.locale, me.isAdmin, me.email], ['Saulo', 'en', false, 'saulo@example.com']);
      });

      it('POST /auth/password: a wrong current password is 400, the right one 204; the old password stops working, the new one works; other sessions end, this one and the API tokens stay', async () => {
        const tania = await person('Tania');
        const current = cookiePair(await login(t.app, tania.email, password));
        const other = cookiePair(await login(t.app, tania.email, password));
        const newPassword = 'a brand new passphrase';

        const wrong = await withCookie(current)('POST', '/api/v1/auth/password', { currentPassword: 'not my password', newPassword });
        assert.equal(wrong.statusCode, 400, wrong.body);
        assert.deepEqual(issues(wrong), [['currentPassword', 'wrongPassword']]);
        assert.equal(wrong.json().error.details[0].message, 'Current password is not correct');
        const short = await withCookie(current)('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'short' });
        assert.deepEqual(issues(short), [['newPassword', 'password']]);
        assert.match(short.json().error.details[0].message, /^New password must have at least 8 characters/);
        const both = await withCookie(current)('POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'short' });
        assert.deepEqual(issues(both), [
          ['currentPassword', 'wrongPassword'],
          ['newPassword', 'password'],
        ]);
        for (const body of [{ currentPassword: password }, { newPassword }, { currentPassword: password, newPassword, confirm: newPassword }]) {
          assert.equal((await withCookie(current)('POST', '/api/v1/auth/password', body)).statusCode, 400, JSON.stringify(body));
        }
        // Nothing changed so far: both sessions work, the old password signs in.
        assert.equal((await withCookie(other)('GET', '/api/v1/auth/me')).statusCode, 200);
        assert.equal((await login(t.app, tania.email, password)).statusCode, 200);
        const another = cookiePair(await login(t.app, tania.email, password));

        const changed = await withCookie(current)('POST', '/api/v1/auth/password', { currentPassword: password, newPassword });
        assert.equal(changed.statusCode, 204, changed.body);
        assertUnauthenticated(await login(t.app, tania.email, password), 'the old password');
        const fresh = await login(t.app, tania.email, newPassword);
        assert.equal(fresh.statusCode, 200, fresh.body);
        assertUnauthenticated(await withCookie(other)('GET', '/api/v1/auth/me'), 'another session');
        assertUnauthenticated(await withCookie(another)('GET', '/api/v1/contacts'), 'a third session');
        const still = await withCookie(current)('GET', '/api/v1/auth/me');
        assert.equal(still.statusCode, 200, 'the session that changed it stays');
        assert.equal(still.json().id, tania.id);
        assert.equal((await asToken(tania.token)('GET', '/api/v1/auth/me')).statusCode, 200, 'API tokens stay');
        const stored = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', tania.id).executeTakeFirstOrThrow();
        assert.ok(stored.password_hash?.startsWith('$argon2id$'), stored.password_hash ?? 'no hash');
        assert.ok(!stored.password_hash?.includes(newPassword));
      });

      it('POST /auth/password with an API token ends every session and keeps the tokens', async () => {
        const ugo = await person('Ugo');
        const session = cookiePair(await login(t.app, ugo.email, password));
        const changed = await asToken(ugo.token)('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'another long password' });
        assert.equal(changed.statusCode, 204, changed.body);
        assertUnauthenticated(await withCookie(session)('GET', '/api/v1/auth/me'), 'the session');
        assert.equal((await asToken(ugo.token)('GET', '/api/v1/auth/me')).statusCode, 200);
        assert.equal((await login(t.app, ugo.email, 'another long password')).statusCode, 200);
      });

      it('wrong current passwords count toward the sign-in throttle: the sixth answer is 429, and sign-in from that address waits too', async () => {
        const vera = await person('Vera');
        const as = asToken(vera.token);
        for (let attempt = 1; attempt <= 5; attempt++) {
          const response = await as('POST', '/api/v1/auth/password', { currentPassword: `guess ${attempt}`, newPassword: 'whatever it is' });
          assert.equal(response.statusCode, 400, `attempt ${attempt}: ${response.body}`);
        }
        const throttled = await as('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'whatever it is' });
        assert.equal(throttled.statusCode, 429, throttled.body);
        assert.ok(Number(throttled.headers['retry-after']) > 0, JSON.stringify(throttled.headers));
        assert.equal((await login(t.app, vera.email, password)).statusCode, 429, 'the same count as sign-in');
        const stored = await t.database.db.selectFrom('users').select('password_hash').where('id', '=', vera.id).executeTakeFirstOrThrow();
        assert.ok(stored.password_hash && !stored.password_hash.includes('whatever'), 'the password did not change');
      });

      it('GET /users/directory lets any signed-in user find people to pick, by a piece of name or e-mail', async () => {
        const seller = await person('Xavier');
        await t.call('POST', '/api/v1/users', { email: 'joao.conceicao@example.com', name: 'João Conceição', password });
        const leaving = (await t.call('POST', '/api/v1/users', { email: 'leaving@example.com', name: 'Conceição Leaving', password })).json();
        assert.equal((await t.call('PATCH', `/api/v1/users/${leaving.id}`, { isActive: false })).statusCode, 200);
        const as = asToken(seller.token);
        const find = async (query: string) => {
          const response = await as('GET', `/api/v1/users/directory${query}`);
          assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
          return response.json().items as Array<{ id: number; name: string; email: string; active: boolean }>;
        };
        const found = await find('?q=conceicao');
        assert.deepEqual(found.map((u) => [u.name, u.email, u.active]), [['João Conceição', 'joao.conceicao@example.com', true]], 'accents and case aside; inactive users left out');
        assert.deepEqual(Object.keys(found[0]).sort(), ['active', 'email', 'id', 'name']);
        assert.deepEqual((await find('?q=CONCEIÇÃO&includeInactive=true')).map((u) => [u.name, u.active]), [
          ['Conceição Leaving', false],
          ['João Conceição', true],
        ]);
        assert.deepEqual((await find('?q=xavier@')).map((u) => u.id), [seller.id], 'by e-mail');
        assert.deepEqual(await find('?q=100%25'), [], 'a % is a character, not a wildcard');
        const all = await find('');
        assert.ok(all.length >= 5 && all.length <= 20, String(all.length));
        const names = all.map((u) => u.name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
        assert.deepEqual(names, [...names].sort(), 'by name');
        assert.equal((await find('?limit=2')).length, 2);
        for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?q=' + 'x'.repeat(101), '?includeInactive=yes', '?role=admin']) {
          assert.equal((await as('GET', `/api/v1/users/directory${query}`)).statusCode, 400, query);
        }
      });
    });
  });
}
