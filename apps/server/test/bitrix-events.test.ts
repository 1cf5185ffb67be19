import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** event.bind|unbind|get and Bitrix24-shaped event deliveries through the outbox dispatcher, to a receiver on 127.0.0.1. */

for (const dialect of testDialects()) {
  describe(`Bitrix24 events [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    let receiver: http.Server;
    let url: string;
    const received: Array<Record<string, string>> = [];
    before(async () => {
      t = await createTestApp(dialect, { worker: { eventPollMs: 60_000, backoffMs: 10 } });
      client = await bitrixClient(t);
      receiver = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), ...Object.fromEntries(new URLSearchParams(body)) });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
      url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      assert.equal((await t.call('PUT', '/api/v1/settings/outbound', { allowedHosts: ['127.0.0.1'] })).statusCode, 200);
    });
    after(async () => {
      await new Promise<void>((done) => receiver.close(() => done()));
      await t.close();
    });

    const call = async (b24: BitrixClient, method: string, params: Record<string, unknown>) =>
      b24.raw(method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
    const delivered = async () => {
      await t.app.worker!.events.whenIdle();
      return received.splice(0);
    };

    it('binds a handler and POSTs each new deal to it in Bitrix24’s form, after the commit', async () => {
      const bound = await client.b24.actions.v2.call.make({ method: 'event.bind', params: { event: 'onCrmDealAdd', handler: `${url}/deals` } });
      assert.equal((bound.getData() as { result: unknown }).result, true);
      const again = await call(client, 'event.bind', { event: 'ONCRMDEALADD', handler: `${url}/deals` });
      assert.equal(again.body.error, 'ERROR_EVENT_HANDLER_ALREADY_BOUND');
      assert.equal((await call(client, 'event.bind', { event: 'ONCRMNOTHING', handler: `${url}/x` })).body.error, 'ERROR_EVENT_NOT_FOUND');
      assert.equal((await call(client, 'event.bind', { event: 'ONCRMDEALADD', handler: 'http://169.254.169.254/latest' })).body.error, 'ERROR_WRONG_HANDLER_URL', 'R8: the metadata address is refused');
      const listed = (await call(client, 'event.get', {})).body.result as Array<{ event: string; handler: string; application_token: string }>;
      assert.deepEqual(listed.map((h) => [h.event, h.handler]), [['ONCRMDEALADD', `${url}/deals`]]);

      const deal = await t.call('POST', '/api/v1/deals', { title: 'Evento — Ipê' });
      assert.equal(deal.statusCode, 201, deal.body);
      await t.call('PATCH', `/api/v1/deals/${deal.json().id}`, { opportunity: '10.00' });
      const got = await delivered();
      assert.equal(got.length, 1, 'the update is not an ONCRMDEALADD');
      assert.equal(got[0].contentType, 'application/x-www-form-urlencoded');
      assert.equal(got[0].path, '/deals');
      assert.equal(got[0].event, 'ONCRMDEALADD');
      assert.equal(got[0]['data[FIELDS][ID]'], String(deal.json().id));
      assert.equal(got[0]['auth[application_token]'], listed[0].application_token);
      assert.ok(Number(got[0].ts) > 0 && got[0].event_handler_id);
    });

    it("sends a handler only the items its webhook's user may read, and nothing once unbound", async () => {
      const seller = await t.addUser('Vendedora Eventos');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { deal: every('own'), contact: every('own'), company: every('own'), lead: every('own') } } }]);
      const theirs = await bitrixClient(t, { token: seller.token });
      assert.equal((await call(theirs, 'event.bind', { event: 'ONCRMDEALADD', handler: `${url}/seller` })).body.result, true);
      await t.call('POST', '/api/v1/deals', { title: 'Não é dela' });
      const hers = await t.call('POST', '/api/v1/deals', { title: 'É dela', assignedById: seller.id });
      const got = (await delivered()).filter((r) => r.path === '/seller');
      assert.deepEqual(got.map((r) => r['data[FIELDS][ID]']), [String(hers.json().id)]);

      const unbound = await call(theirs, 'event.unbind', { event: 'ONCRMDEALADD', handler: `${url}/seller` });
      assert.deepEqual(unbound.body.result, { count: 1 });
      await t.call('POST', '/api/v1/deals', { title: 'Depois', assignedById: seller.id });
      assert.deepEqual((await delivered()).filter((r) => r.path === '/seller'), []);
    });

    it('sends moves to another pipeline, activities and timeline comments as Bitrix24 names them', async () => {
      for (const event of ['ONCRMDEALMOVETOCATEGORY', 'onCrmActivityAdd', 'ONCRMACTIVITYUPDATE', 'ONCRMACTIVITYDELETE', 'ONCRMTIMELINECOMMENTADD', 'ONCRMTIMELINECOMMENTUPDATE', 'ONCRMTIMELINECOMMENTDELETE']) {
        assert.equal((await call(client, 'event.bind', { event, handler: `${url}/more` })).body.result, true, event);
      }
      const deal = (await t.call('POST', '/api/v1/deals', { title: 'Muda de funil' })).json();
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { opportunity: '5.00' });
      const pipeline = await t.call('POST', '/api/v1/pipelines', { name: 'Revendas' });
      assert.equal(pipeline.statusCode, 201, pipeline.body);
      const categoryId = pipeline.json().id as number;
      const moved = await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId });
      assert.equal(moved.statusCode, 200, moved.body);

      const activity = await t.call('POST', '/api/v1/activities', { kind: 'call', subject: 'Ligar', owner: { type: 'deal', id: deal.id }, deadline: '2030-01-01T10:00:00.000Z' });
      assert.equal(activity.statusCode, 201, activity.body);
      const activityId = activity.json().id as number;
      await t.call('PATCH', `/api/v1/activities/${activityId}`, { completed: true });
      await t.call('DELETE', `/api/v1/activities/${activityId}`);
      const comment = (await t.call('POST', `/api/v1/deals/${deal.id}/comments`, { text: 'Primeira' })).json();
      await t.call('PATCH', `/api/v1/comments/${comment.id}`, { text: 'Editada' });
      await t.call('DELETE', `/api/v1/comments/${comment.id}`);

      const got = (await delivered()).filter((r) => r.path === '/more');
      const summary = got.map((r) => [r.event, r['data[FIELDS][ID]'], r['data[FIELDS][CATEGORY_ID]'] ?? r['data[ID]'] ?? null]);
      assert.deepEqual(summary, [
        ['ONCRMDEALMOVETOCATEGORY', String(deal.id), String(categoryId)],
        ['ONCRMACTIVITYADD', String(activityId), null],
        ['ONCRMACTIVITYUPDATE', String(activityId), null],
        ['ONCRMACTIVITYDELETE', String(activityId), null],
        ['ONCRMTIMELINECOMMENTADD', String(comment.id), String(comment.id)],
        ['ONCRMTIMELINECOMMENTUPDATE', String(comment.id), String(comment.id)],
        ['ONCRMTIMELINECOMMENTDELETE', String(comment.id), String(comment.id)],
      ]);
      assert.equal(got[0]['data[FIELDS][STAGE_ID]'], moved.json().stageId, 'the stage it moved to');
      assert.ok((await call(client, 'events', {})).body.result.includes('ONCRMTIMELINECOMMENTDELETE'));
    });

    it("sends a handler only the comments and activities its webhook's user may read", async () => {
      const seller = await t.addUser('Vendedora Comentários');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { deal: every('own'), contact: every('own'), company: every('own'), lead: every('own') } } }]);
      const theirs = await bitrixClient(t, { token: seller.token });
      for (const event of ['ONCRMTIMELINECOMMENTADD', 'ONCRMACTIVITYADD']) assert.equal((await call(theirs, 'event.bind', { event, handler: `${url}/notes` })).body.result, true);
      const hers = (await t.call('POST', '/api/v1/deals', { title: 'Dela', assignedById: seller.id })).json();
      const other = (await t.call('POST', '/api/v1/deals', { title: 'De outra pessoa' })).json();
      const comments = [];
      for (const deal of [other, hers]) comments.push((await t.call('POST', `/api/v1/deals/${deal.id}/comments`, { text: 'Nota' })).json().id);
      const activity = (await t.call('POST', '/api/v1/activities', { kind: 'call', subject: 'Ligar', owner: { type: 'deal', id: other.id }, deadline: '2030-01-01T10:00:00.000Z' })).json();
      assert.ok(activity.id);
      const got = (await delivered()).filter((r) => r.path === '/notes');
      assert.deepEqual(got.map((r) => [r.event, r['data[FIELDS][ID]']]), [['ONCRMTIMELINECOMMENTADD', String(comments[1])]], 'only the comment on her deal; not the other deal\'s comment or activity');
    });
  });
}
