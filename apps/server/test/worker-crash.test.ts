import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * R13: background work is never lost or doubled. Three `vinculo worker` processes deliver webhooks from one
 * PostgreSQL database while contacts are created and updated through the API, and a chaos loop `kill -9`s a random
 * worker every 0.3–1.5 s and starts it again. At the end every event has reached every webhook, the first arrivals
 * of each contact's events are in the order they were made, and every event that arrived twice carried the same
 * `Vinculo-Delivery-Id` both times (the receiver's idempotency guard noticed it).
 *
 * WORKER_CRASH_EVENTS (default 10,000) sets the number of events. PostgreSQL only: a SQLite install runs one process.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = 'apps/server/bin/vinculo.js';
const totalEvents = Number(process.env.WORKER_CRASH_EVENTS ?? 10_000);

interface Arrival {
  webhookId: number;
  eventId: number;
  deliveryId: string;
  entityId: number;
}

for (const dialect of testDialects().filter((d) => d === 'postgres')) {
  describe(`workers killed at random lose and double nothing (R13) [${dialect}]`, () => {
    let t: TestApp;
    const arrivals: Arrival[] = [];
    let receiver: http.Server;
    let receiverUrl: string;
    before(async () => {
      t = await createTestApp(dialect, { worker: false });
      receiver = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; webhookId: number; item: { id: number } | null };
          arrivals.push({ webhookId: body.webhookId, eventId: Number(body.id), deliveryId: String(req.headers['vinculo-delivery-id']), entityId: body.item?.id ?? -1 });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    });
    after(async () => {
      await new Promise<void>((done) => receiver.close(() => done()));
      await t.close();
    });

    it(`${totalEvents.toLocaleString('en-US')} events through three workers killed and restarted at random`, { timeout: 15 * 60_000 }, async () => {
      assert.equal((await t.call('PUT', '/api/v1/settings/outbound', { allowedHosts: ['127.0.0.1'] })).statusCode, 200);
      const webhookIds: number[] = [];
      for (const description of ['ERP', 'Site']) {
        const created = await t.call('POST', '/api/v1/webhooks', { url: receiverUrl, description, kinds: ['contact.created', 'contact.updated'] });
        assert.equal(created.statusCode, 201, created.body);
        webhookIds.push(created.json().id);
      }

      const workers: Array<ChildProcess | null> = [null, null, null];
      const startWorker = (slot: number) => {
        workers[slot] = spawn(process.execPath, [bin, 'worker'], {
          cwd: repoRoot,
          env: { ...process.env, DATABASE_URL: t.url, WORKER_LEASE_SECONDS: '2', LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '4' },
          stdio: 'ignore',
        });
      };
      const kill = async (slot: number) => {
        const child = workers[slot];
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGKILL');
        await exited;
      };
      for (let slot = 0; slot < 3; slot++) startWorker(slot);

      let kills = 0;
      let chaos = true;
      const chaosLoop = (async () => {
        while (chaos) {
          await new Promise((done) => setTimeout(done, 300 + Math.random() * 1200));
          if (!chaos) break;
          const slot = Math.floor(Math.random() * 3);
          await kill(slot);
          kills++;
          await new Promise((done) => setTimeout(done, 100 + Math.random() * 400));
          startWorker(slot);
        }
      })();

      // The events: contacts created, a tenth of them then updated twice (each contact's events in a known order).
      const updatedEvery = 10;
      const contacts = Math.ceil(totalEvents / (1 + 2 / updatedEvery));
      let made = 0;
      const writer = async () => {
        while (made < contacts) {
          const i = made++;
          const created = await t.call('POST', '/api/v1/contacts', { name: 'Caos', lastName: `Trabalhador ${i}` });
          assert.equal(created.statusCode, 201, created.body);
          if (i % updatedEvery === 0) {
            const { id } = created.json() as { id: number };
            for (const position of ['Primeira', 'Segunda']) assert.equal((await t.call('PATCH', `/api/v1/contacts/${id}`, { post: position })).statusCode, 200);
          }
        }
      };
      await Promise.all([writer(), writer(), writer(), writer()]);
      const events = await t.database.db.selectFrom('events').select(['id', 'entity_id']).where('entity_type', '=', 'contact').orderBy('id').execute();
      assert.ok(events.length >= totalEvents, `${events.length} events written`);

      // Chaos goes on until half of the deliveries are in, then the workers finish the rest undisturbed.
      const expected = events.length * webhookIds.length;
      const distinct = () => new Set(arrivals.map((a) => `${a.webhookId}:${a.eventId}`)).size;
      const deadline = Date.now() + 10 * 60_000;
      while (distinct() < expected / 2 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
      chaos = false;
      await chaosLoop;
      while (distinct() < expected && Date.now() < deadline) await new Promise((done) => setTimeout(done, 200));
      for (let slot = 0; slot < 3; slot++) await kill(slot);

      for (const webhookId of webhookIds) {
        const mine = arrivals.filter((a) => a.webhookId === webhookId);
        const got = new Set(mine.map((a) => a.eventId));
        const lost = events.filter((e) => !got.has(Number(e.id)));
        assert.equal(lost.length, 0, `webhook ${webhookId}: events never delivered: ${lost.slice(0, 10).map((e) => e.id).join(', ')}`);

        // Every repeat carried the key of the first delivery of that event.
        const keyOf = new Map<number, string>();
        let repeats = 0;
        for (const arrival of mine) {
          const first = keyOf.get(arrival.eventId);
          if (first === undefined) keyOf.set(arrival.eventId, arrival.deliveryId);
          else {
            repeats++;
            assert.equal(arrival.deliveryId, first, `event ${arrival.eventId} repeated under another delivery id`);
          }
        }

        // In order per contact: the first arrival of each of its events follows the order of the events.
        const firstArrival = new Map<number, number>();
        mine.forEach((arrival, index) => {
          if (!firstArrival.has(arrival.eventId)) firstArrival.set(arrival.eventId, index);
        });
        const byContact = new Map<number, number[]>();
        for (const event of events) byContact.set(Number(event.entity_id), [...(byContact.get(Number(event.entity_id)) ?? []), Number(event.id)]);
        for (const [contact, ids] of byContact) {
          const order = ids.map((id) => firstArrival.get(id)!);
          assert.deepEqual(order, [...order].sort((a, b) => a - b), `contact ${contact}: events arrived out of order`);
        }
        console.log(`webhook ${webhookId}: ${got.size} events delivered, ${repeats} repeats noticed by the delivery id; ${kills} kills`);
      }
      assert.ok(kills >= 3, `the chaos loop killed ${kills} workers`);
    });
  });
}
