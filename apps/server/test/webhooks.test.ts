import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { seenAtStart } from '../src/modules/webhooks/webhook-start.ts';
import { companyBody, contactBody, dealBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 15, outgoing webhooks: a local receiver on 127.0.0.1 (allowed explicitly, R8) gets each change once, in
 * order, signed; the item as the owner may see it (R5); retries with the same delivery id; auto-pause after 8
 * failures with the administrators told, and resuming delivers what waited; R8 at registration and on redirects.
 */

/** The receiver's check, as docs/webhooks.md writes it. */
function verifySignature(secret: string, header: string, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; kind: string; webhookId: number; actor: { id: number; name: string } | null; item: Record<string, unknown> | null; changes: Record<string, { old: unknown; new: unknown }> };
}

/** A receiver that records every request and answers as `answer` says for its path (200 by default). */
async function startReceiver() {
  const received: Received[] = [];
  const answers = new Map<string, (request: http.IncomingMessage) => { status: number; headers?: Record<string, string> }>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body, json: body ? JSON.parse(body) : null });
      const answer = answers.get(path)?.(request) ?? { status: 200 };
      response.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, answers, at: (path: string) => received.filter((r) => r.path === path), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('where a webhook starts reading (PostgreSQL snapshots)', () => {
  it('passes over exactly the events its creation snapshot saw', () => {
    const seen = seenAtStart('100:110:100,104,107');
    const at = (tx: string) => seen({ id: 1, tx, occurredAt: '', type: 'item.created', entityType: 'deal', entityId: 1, actorId: null, changes: {} });
    assert.deepEqual(['99', '100', '103', '104', '107', '109', '110', '200'].map(at), [true, false, true, false, false, true, false, false]);
    assert.equal(seenAtStart(null)({ id: 1, tx: null, occurredAt: '', type: 'item.created', entityType: 'deal', entityId: 1, actorId: null, changes: {} }), false);
  });
});

for (const dialect of testDialects()) {
  describe(`outgoing webhooks [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let seller: { id: number; token: string };
    const raw = () => t.database.db as unknown as Kysely<any>;
    const as = (user: { token: string }) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${user.token}` });

    /** Waits for the dispatcher until `done` holds (retries wait out their back-off between rounds). */
    async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) {
      const started = Date.now();
      for (;;) {
        await t.app.worker!.events.whenIdle();
        if (await done()) return;
        if (Date.now() - started > timeoutMs) assert.fail(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    const register = async (path: string, kinds: string[], user?: { token: string }) => {
      const response = await (user ? as(user) : t.call)('POST', '/api/v1/webhooks', { url: `${receiver.base}${path}`, description: path, kinds });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: number; secret: string; url: string };
    };
    const webhook = async (id: number) => (await t.call('GET', `/api/v1/webhooks/${id}`)).json();
    const deliveries = async (id: number) => (await t.call('GET', `/api/v1/webhooks/${id}/deliveries?limit=200`)).json().items as Array<Record<string, any>>;

    before(async () => {
      t = await createTestApp(dialect, { worker: { backoffMs: 20, eventPollMs: 50 } });
      receiver = await startReceiver();
      seller = await t.addUser('Seller');
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    it('answers 403 to anyone but an administrator', async () => {
      const asSeller = as(seller);
      for (const [method, url, body] of [
        ['GET', '/api/v1/webhooks'],
        ['GET', '/api/v1/webhooks/kinds'],
        ['POST', '/api/v1/webhooks', { url: 'https://example.com/hook', kinds: ['deal.created'] }],
        ['GET', '/api/v1/settings/outbound'],
        ['PUT', '/api/v1/settings/outbound', { allowedHosts: ['127.0.0.1'] }],
      ] as const) {
        const response = await asSeller(method, url, body);
        assert.equal(response.statusCode, 403, `${method} ${url}: ${response.body}`);
      }
      assert.equal((await t.anonymous('GET', '/api/v1/webhooks')).statusCode, 401);
    });

    it('refuses bad input with the field: unknown kind, no kinds, a bad URL, a loopback URL not allowed', async () => {
      const post = (body: unknown) => t.call('POST', '/api/v1/webhooks', body);
      const fieldOf = async (body: unknown) => {
        const response = await post(body);
        assert.equal(response.statusCode, 400, response.body);
        return response.json().error.details[0] as { field: string; rule: string; message: string };
      };
      assert.deepEqual(await fieldOf({ url: 'https://example.com/hook', kinds: ['deal.exploded'] }).then((d) => [d.field, d.rule]), ['kinds.0', 'unknown']);
      assert.equal((await fieldOf({ url: 'https://example.com/hook', kinds: [] })).field, 'kinds');
      assert.equal((await fieldOf({ url: 'https://example.com/hook' })).field, 'kinds');
      assert.equal((await fieldOf({ url: 'not a url', kinds: ['deal.created'] })).field, 'url');
      assert.deepEqual(await fieldOf({ url: 'ftp://example.com/hook', kinds: ['deal.created'] }).then((d) => [d.field, d.rule]), ['url', 'scheme']);
      const loopback = await fieldOf({ url: `${receiver.base}/hook`, kinds: ['deal.created'] });
      assert.deepEqual([loopback.field, loopback.rule], ['url', 'address']);
      assert.match(loopback.message, /loopback/);
      const metadata = await fieldOf({ url: 'http://169.254.169.254/latest/meta-data/', kinds: ['deal.created'] });
      assert.deepEqual([metadata.field, metadata.rule], ['url', 'address']);
      assert.equal((await t.call('GET', '/api/v1/webhooks')).json().items.length, 0, 'nothing was registered');
    });

    it('lists the kinds labelled in the caller’s language', async () => {
      const en = (await t.call('GET', '/api/v1/webhooks/kinds')).json().kinds as Array<{ kind: string; label: string }>;
      assert.equal(en.find((k) => k.kind === 'deal.stageMoved')?.label, 'Deal moved to another stage');
      const pt = (await t.call('GET', '/api/v1/webhooks/kinds', undefined, { 'accept-language': 'pt-BR' })).json().kinds as Array<{ kind: string; label: string }>;
      assert.equal(pt.find((k) => k.kind === 'company.created')?.label, 'Empresa criada');
      for (const kind of ['lead.converted', 'lead.stageMoved', 'contact.merged', 'activity.created', 'comment.added', 'task.deleted']) assert.ok(en.some((k) => k.kind === kind), kind);
    });

    it('an allowed 127.0.0.1 receiver gets a deal created, updated and moved, once each, in order, signed', async () => {
      const allowed = await t.call('PUT', '/api/v1/settings/outbound', { allowedHosts: ['127.0.0.1'] });
      assert.deepEqual(allowed.json(), { allowedHosts: ['127.0.0.1'] });
      // On PostgreSQL a transaction left open elsewhere holds the feed's reading point back, before this deal: the
      // webhook must still start after it.
      const holder = dialect === 'postgres' ? new pg.Client({ connectionString: t.url }) : null;
      await holder?.connect();
      await holder?.query('begin');
      await holder?.query('select pg_current_xact_id()');
      const earlier = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      const hook = await register('/deals', ['deal.created', 'deal.updated', 'deal.stageMoved']);
      await holder?.query('rollback');
      await holder?.end();
      assert.match(hook.secret, /^whsec_/);
      assert.equal('secret' in (await webhook(hook.id)), false, 'the secret is shown only at creation');

      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ title: 'Licenças 2027' }))).json();
      assert.equal((await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Licenças 2027 (renovação)' })).statusCode, 200);
      assert.equal((await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'PREPARATION' })).statusCode, 200);
      await until(() => receiver.at('/deals').length >= 3, 'three deliveries');
      await t.app.worker!.events.whenIdle();

      const got = receiver.at('/deals');
      assert.deepEqual(got.map((r) => r.json.kind), ['deal.created', 'deal.updated', 'deal.stageMoved'], 'each once, in order; nothing from before the webhook');
      assert.ok(got.every((r) => r.json.item?.id === deal.id && r.json.item?.type === 'deal'));
      assert.ok(!got.some((r) => r.json.item?.id === earlier.id));
      assert.equal(got[1].json.item?.title, 'Licenças 2027 (renovação)');
      assert.deepEqual(got[1].json.changes.title, { old: 'Licenças 2027', new: 'Licenças 2027 (renovação)' });
      assert.deepEqual(got[2].json.changes.stageId, { old: 'NEW', new: 'PREPARATION' });
      assert.deepEqual(got[0].json.actor, { id: t.adminId, name: 'Admin' });
      for (const r of got) {
        assert.ok(verifySignature(hook.secret, String(r.headers['vinculo-signature']), r.body), 'the signature verifies');
        assert.equal(verifySignature(hook.secret, String(r.headers['vinculo-signature']), r.body.replace('Licen', 'LICEN')), false, 'a changed body does not');
        assert.equal(r.headers['content-type'], 'application/json');
        assert.equal(r.headers['user-agent'], 'Vinculo-Webhooks/1');
        assert.equal(r.headers['vinculo-event-id'], r.json.id);
        assert.equal(r.headers['vinculo-delivery-id'], `webhook:${hook.id}:${r.json.id}`);
        assert.equal(r.headers['vinculo-attempt'], '1');
        assert.equal(r.json.webhookId, hook.id);
      }
      const log = await deliveries(hook.id);
      assert.deepEqual(log.map((d) => [d.kind, d.status, d.responseCode, d.attempt]), [
        ['deal.stageMoved', 'delivered', 200, 1],
        ['deal.updated', 'delivered', 200, 1],
        ['deal.created', 'delivered', 200, 1],
      ]);
      const listed = (await t.call('GET', '/api/v1/webhooks')).json().items.find((w: { id: number }) => w.id === hook.id);
      assert.deepEqual([listed.status, listed.failures, listed.lastDelivery.status, listed.lastDelivery.responseCode], ['active', 0, 'delivered', 200]);
      const audit = (await t.call('GET', '/api/v1/audit?kind=settings.')).json().items.map((e: { kind: string }) => e.kind);
      assert.ok(audit.includes('settings.webhook.created') && audit.includes('settings.outbound.updated'), audit.join());
    });

    it('sends the item as the owner may see it: hidden fields out of item and changes, unreadable items skipped', async () => {
      // An administrator registers it, then loses the administrator right: their role hides the amount of deals and
      // lets them read their own deals only.
      const bia = await t.addUser('Bia');
      await raw().updateTable('users').set({ is_admin: 1 }).where('id', '=', bia.id).execute();
      const hook = await register('/owner-view', ['deal.created', 'deal.updated'], bia);
      await raw().updateTable('users').set({ is_admin: 0 }).where('id', '=', bia.id).execute();
      await setRoles(t, [
        { userId: bia.id, permissions: { items: { ...everywhere('all'), deal: every('own') }, fields: { deal: { opportunity: 'hidden' } } } },
        { userId: seller.id, permissions: { items: everywhere('all') } },
      ]);

      const hers = (await t.call('POST', '/api/v1/deals', dealBody({ assignedById: bia.id, opportunity: '9000.00' }))).json();
      await t.call('PATCH', `/api/v1/deals/${hers.id}`, { opportunity: '9500.00', title: 'Renovação Bia' });
      await t.call('POST', '/api/v1/deals', dealBody({ assignedById: t.adminId }));
      await until(async () => (await deliveries(hook.id)).length >= 3, 'three logged deliveries');

      const got = receiver.at('/owner-view');
      assert.deepEqual(got.map((r) => [r.json.kind, r.json.item?.id]), [['deal.created', hers.id], ['deal.updated', hers.id]], 'the deal she may not read was not sent');
      for (const r of got) {
        assert.equal('opportunity' in (r.json.item ?? {}), false, 'the hidden amount is not in the item');
        assert.equal('opportunity' in r.json.changes, false, 'nor in the changes');
        assert.ok(!r.body.includes('9500') && !r.body.includes('9000'), 'the amount appears nowhere');
      }
      assert.deepEqual(got[1].json.changes.title, { old: hers.title, new: 'Renovação Bia' });
      const log = await deliveries(hook.id);
      assert.deepEqual(log.map((d) => [d.eventId > 0, d.status]), [[true, 'skipped'], [true, 'delivered'], [true, 'delivered']]);
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all') } }]);
      assert.equal((await t.call('DELETE', `/api/v1/webhooks/${hook.id}`)).statusCode, 204);
    });

    it('an owner who is deactivated pauses the webhook (ownerInactive) at its next delivery', async () => {
      const carla = await t.addUser('Carla');
      await raw().updateTable('users').set({ is_admin: 1 }).where('id', '=', carla.id).execute();
      const hook = await register('/carla', ['lead.created'], carla);
      await raw().updateTable('users').set({ is_active: 0 }).where('id', '=', carla.id).execute();
      await t.call('POST', '/api/v1/leads', { title: 'Pedido de orçamento', name: 'João' });
      await until(async () => (await webhook(hook.id)).status === 'paused', 'the pause');
      assert.equal((await webhook(hook.id)).pausedReason, 'ownerInactive');
      assert.equal(receiver.at('/carla').length, 0, 'nothing was sent');
      const notes = (await t.call('GET', '/api/v1/notifications')).json().items.filter((n: { kind: string; webhook: { id: number } | null }) => n.kind === 'webhookPaused' && n.webhook?.id === hook.id);
      assert.equal(notes.length, 1);
    });

    it('a receiver answering 500 gets the same delivery again, with the same id, until it takes it', async () => {
      let calls = 0;
      receiver.answers.set('/flaky', () => ({ status: ++calls <= 2 ? 500 : 200 }));
      const hook = await register('/flaky', ['contact.created']);
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      await until(() => receiver.at('/flaky').length >= 3, 'three attempts');
      const got = receiver.at('/flaky');
      assert.equal(got.length, 3);
      assert.deepEqual(got.map((r) => r.headers['vinculo-attempt']), ['1', '2', '3']);
      assert.equal(new Set(got.map((r) => r.headers['vinculo-delivery-id'])).size, 1, 'one delivery id for every attempt');
      assert.equal(got[0].json.item?.id, contact.id);
      assert.ok(got.every((r) => verifySignature(hook.secret, String(r.headers['vinculo-signature']), r.body)));
      const log = await deliveries(hook.id);
      assert.deepEqual(log.map((d) => [d.status, d.responseCode, d.attempt]), [['delivered', 200, 3], ['failed', 500, 2], ['failed', 500, 1]]);
      assert.equal((await webhook(hook.id)).failures, 0, 'a success clears the failures');
    });

    it('8 failures in a row pause it and tell the administrators; resuming delivers what waited, in order', async () => {
      let up = false;
      receiver.answers.set('/down', () => ({ status: up ? 204 : 503 }));
      const hook = await register('/down', ['company.created']);
      const first = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      await until(async () => (await webhook(hook.id)).status === 'paused', 'the pause', 30_000);
      const paused = await webhook(hook.id);
      assert.deepEqual([paused.pausedReason, paused.failures], ['failures', 8]);
      assert.equal(receiver.at('/down').length, 8);
      const notes = (await t.call('GET', '/api/v1/notifications')).json().items.filter((n: { kind: string; webhook: { id: number } | null }) => n.kind === 'webhookPaused' && n.webhook?.id === hook.id);
      assert.equal(notes.length, 1, 'told once');
      assert.deepEqual(notes[0].webhook, { id: hook.id, url: hook.url });

      const second = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      await t.app.worker!.events.whenIdle();
      assert.equal(receiver.at('/down').length, 8, 'nothing is sent while paused');

      up = true;
      const resumed = await t.call('PATCH', `/api/v1/webhooks/${hook.id}`, { status: 'active' });
      assert.deepEqual([resumed.json().status, resumed.json().failures, resumed.json().pausedReason], ['active', 0, null]);
      await until(() => receiver.at('/down').length >= 10, 'the backlog');
      const delivered = receiver.at('/down').slice(8);
      assert.deepEqual(delivered.map((r) => r.json.item?.id), [first.id, second.id]);
      assert.equal(delivered[0].headers['vinculo-delivery-id'], receiver.at('/down')[0].headers['vinculo-delivery-id']);
    });

    it('a redirect into a private address is refused at delivery and logged as failed; the test ping answers its delivery', async () => {
      receiver.answers.set('/redirect', () => ({ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }));
      const hook = await register('/redirect', ['task.created']);
      const refused = await t.call('POST', `/api/v1/webhooks/${hook.id}/test`);
      assert.equal(refused.statusCode, 200, refused.body);
      assert.equal(refused.json().status, 'failed');
      assert.match(refused.json().error, /refused/);
      assert.equal(receiver.at('/redirect').length, 1, 'only the first hop was made');

      const fine = await register('/ping', ['task.created']);
      const ping = (await t.call('POST', `/api/v1/webhooks/${fine.id}/test`)).json();
      assert.deepEqual([ping.kind, ping.status, ping.responseCode], ['ping', 'delivered', 200]);
      const got = receiver.at('/ping')[0];
      assert.equal(got.json.kind, 'ping');
      assert.ok(verifySignature(fine.secret, String(got.headers['vinculo-signature']), got.body));

      const rotated = (await t.call('POST', `/api/v1/webhooks/${fine.id}/secret`)).json();
      assert.notEqual(rotated.secret, fine.secret);
      await t.call('POST', `/api/v1/webhooks/${fine.id}/test`);
      const again = receiver.at('/ping')[1];
      assert.ok(verifySignature(rotated.secret, String(again.headers['vinculo-signature']), again.body));
      assert.equal(verifySignature(fine.secret, String(again.headers['vinculo-signature']), again.body), false);

      assert.equal((await t.call('DELETE', `/api/v1/webhooks/${fine.id}`)).statusCode, 204);
      assert.equal((await t.call('GET', `/api/v1/webhooks/${fine.id}`)).statusCode, 404);
      assert.equal((await raw().selectFrom('event_consumers').select('name').where('name', '=', `webhook:${fine.id}`).execute()).length, 0, 'its consumer row went too');
    });
  });
}
