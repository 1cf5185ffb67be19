import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ensureConsumer } from '../src/modules/events/event-consumer.repository.ts';
import { feedEnd, feedStart, readFeed, type StoredEvent } from '../src/modules/events/event-feed.ts';
import { idempotencyKey, startDispatcher, type EventListener } from '../src/modules/events/dispatcher.ts';
import { insertJob } from '../src/modules/jobs/job.repository.ts';
import { startJobRunner, type JobHandler } from '../src/modules/jobs/job-runner.ts';
import { startPeriodic } from '../src/modules/worker/periodic.ts';
import { dealBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The outbox delivered (modules/events), job retries and the dead-letter list (modules/jobs), periodic tasks (modules/worker). */

/** A listener that keeps what it was handed, with each delivery's idempotency key. */
function recorder(name: string) {
  const seen: Array<{ key: string; event: StoredEvent }> = [];
  const listener: EventListener = {
    name,
    handle: async (events) => {
      for (const event of events) seen.push({ key: idempotencyKey(name, event), event });
    },
  };
  return { listener, seen };
}

for (const dialect of testDialects()) {
  describe(`event delivery [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { worker: false });
    });
    after(() => t.close());

    const createDeal = async (title: string) => {
      const response = await t.call('POST', '/api/v1/deals', dealBody({ title }));
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: number; version: number };
    };
    const start = async (name: string) => ensureConsumer(t.database.db, name, await feedEnd(t.database.db, t.database.dialect), new Date().toISOString());

    it('hands a listener every event once, in order per item, even when concurrent writes commit out of id order', async () => {
      const { listener, seen } = recorder('test:once');
      await start(listener.name);
      const dispatcher = startDispatcher(t.database, { sources: [async () => [listener]], now: () => new Date(), pollMs: 20, batchSize: 7 });
      try {
        const deals = await Promise.all(Array.from({ length: 8 }, (_, i) => createDeal(`Concurrent ${i}`)));
        // Many writers at once, each deal updated several times in turn: on PostgreSQL their events commit out of id order.
        await Promise.all(
          deals.map(async (deal) => {
            for (let round = 1; round <= 4; round++) {
              const response = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { opportunity: round * 100 });
              assert.equal(response.statusCode, 200, response.body);
            }
          }),
        );
        await dispatcher.whenIdle();
      } finally {
        await dispatcher.stop();
      }
      const ids = new Set(dealIdsOf(seen));
      const stored = await t.database.db.selectFrom('events').select(['id', 'entity_id']).where('entity_type', '=', 'deal').where('entity_id', 'in', [...ids]).execute();
      assert.equal(stored.length, 8 * 5);
      assert.equal(seen.length, stored.length, 'every event once');
      assert.equal(new Set(seen.map((s) => s.key)).size, seen.length, 'none twice');
      for (const id of ids) {
        const amounts = seen.filter((s) => s.event.entityId === id && s.event.type === 'item.updated').map((s) => Number((s.event.changes.opportunity as [unknown, string])[1]));
        assert.deepEqual(amounts, [100, 200, 300, 400], `the changes of deal ${id} in the order they were made`);
      }
    });

    it('never moves past an event whose transaction is still running (PostgreSQL: ids commit out of order)', { skip: dialect !== 'postgres' }, async () => {
      const { listener, seen } = recorder('test:in-flight');
      await start(listener.name);
      const dispatcher = startDispatcher(t.database, { sources: [async () => [listener]], now: () => new Date(), pollMs: 60_000 });
      const event = (entityId: number) => ({ occurred_at: new Date().toISOString(), type: 'test.event', entity_type: 'test', entity_id: entityId, actor_id: null, changes: '{}' });
      let commit!: () => void;
      const gate = new Promise<void>((resolve) => (commit = resolve));
      let inserted!: () => void;
      const written = new Promise<void>((resolve) => (inserted = resolve));
      // The slow transaction takes the lower id and commits last.
      const slow = t.database.db.transaction().execute(async (trx) => {
        await trx.insertInto('events').values(event(1)).execute();
        inserted();
        await gate;
      });
      await written;
      await t.database.db.insertInto('events').values(event(2)).execute();
      await dispatcher.whenIdle();
      assert.deepEqual(
        seen.map((s) => s.event.entityId),
        [],
        'the later event waits while an earlier transaction runs',
      );
      commit();
      await slow;
      await dispatcher.whenIdle();
      await dispatcher.stop();
      assert.deepEqual(seen.map((s) => s.event.entityId).sort(), [1, 2], 'both, once each');
    });

    it("is not held back by a long transaction in another database of the server (PostgreSQL's transaction ids are the cluster's)", { skip: dialect !== 'postgres' }, async () => {
      const { listener, seen } = recorder('test:other-database');
      await start(listener.name);
      const other = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await other.connect();
      try {
        // Another application's batch job: a write transaction that stays open.
        await other.query('begin');
        await other.query('select pg_current_xact_id()');
        const deal = await createDeal('While another database works');
        const dispatcher = startDispatcher(t.database, { sources: [async () => [listener]], now: () => new Date(), pollMs: 60_000 });
        await dispatcher.whenIdle();
        await dispatcher.stop();
        assert.deepEqual(
          seen.map((s) => s.event.entityId),
          [deal.id],
        );
      } finally {
        await other.query('rollback').catch(() => {});
        await other.end();
      }
    });

    it('a worker that stalls past its lease is taken over: the events are handed over again with the same keys, and the late worker cannot move the position', async () => {
      const name = 'test:takeover';
      await start(name);
      const deals = [await createDeal('Takeover 1'), await createDeal('Takeover 2')];
      let now = Date.now();
      const clock = () => new Date(now);
      const stalled: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const stalling: EventListener = {
        name,
        handle: async (events) => {
          for (const event of events) stalled.push(idempotencyKey(name, event));
          await gate;
        },
      };
      const a = startDispatcher(t.database, { sources: [async () => [stalling]], now: clock, owner: 'worker-a', pollMs: 60_000, leaseMs: 10_000 });
      while (stalled.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      // Worker A dies (hangs) holding the listener; after its lease, worker B takes over and hands the same events again.
      now += 11_000;
      const { listener, seen } = recorder(name);
      const b = startDispatcher(t.database, { sources: [async () => [listener]], now: clock, owner: 'worker-b', pollMs: 60_000, leaseMs: 10_000 });
      await b.whenIdle();
      release();
      await a.stop();
      await b.stop();
      assert.deepEqual(
        seen.map((s) => s.key),
        stalled,
        'the same events, with the same idempotency keys',
      );
      assert.ok(seen.some((s) => s.event.entityId === deals[1].id));
      const row = await t.database.db.selectFrom('event_consumers').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      assert.equal(Number(row.position_id), seen.at(-1)!.event.id, "worker B's position stands; worker A's late move was refused");
      assert.equal(row.lease_owner, null);
    });

    it('retries a failing listener after growing back-offs, without handing over again what it had dealt with', async () => {
      const name = 'test:backoff';
      await start(name);
      await createDeal('Backoff 1');
      await createDeal('Backoff 2');
      let now = Date.now();
      const handed: number[][] = [];
      let failures = 0;
      const flaky: EventListener = {
        name,
        handle: async (events, progress) => {
          handed.push(events.map((e) => e.id));
          if (failures < 3) {
            failures++;
            // The first event of the first batch is dealt with before the failure.
            if (failures === 1) progress.handled = 1;
            throw new Error(`receiver down (${failures})`);
          }
        },
      };
      const dispatcher = startDispatcher(t.database, { sources: [async () => [flaky]], now: () => new Date(now), pollMs: 60_000, backoffMs: 1_000 });
      const delays: number[] = [];
      try {
        for (let attempt = 1; attempt <= 3; attempt++) {
          await dispatcher.whenIdle();
          const row = await t.database.db.selectFrom('event_consumers').select(['attempts', 'retry_at', 'last_error']).where('name', '=', name).executeTakeFirstOrThrow();
          assert.equal(row.attempts, attempt);
          assert.match(row.last_error ?? '', /receiver down/);
          const retryAt = new Date(row.retry_at as string).getTime();
          delays.push(retryAt - now);
          now = retryAt;
        }
        await dispatcher.whenIdle();
      } finally {
        await dispatcher.stop();
      }
      assert.ok(delays[0] >= 1_000 && delays[0] < 1_200, `first back-off ${delays[0]}`);
      assert.ok(delays[1] >= 2_000 && delays[1] < 2_300, `second back-off ${delays[1]}`);
      assert.ok(delays[2] >= 4_000 && delays[2] < 4_500, `third back-off ${delays[2]}`);
      assert.equal(handed.length, 4);
      assert.deepEqual(handed[1], handed[0].slice(1), 'the event dealt with before the failure is not handed over again');
      const row = await t.database.db.selectFrom('event_consumers').select(['attempts', 'retry_at']).where('name', '=', name).executeTakeFirstOrThrow();
      assert.equal(row.attempts, 0);
      assert.equal(row.retry_at, null);
    });

    it('writes a listener returns as a step happen in the transaction that moves its position', async () => {
      const name = 'test:step';
      await start(name);
      await createDeal('Step 1');
      let fail = true;
      const listener: EventListener = {
        name,
        handle: async () => async (trx) => {
          await trx.updateTable('app_settings').set({ value: 'written' }).where('key', '=', 'test.step').execute();
          if (fail) throw new Error('the step failed');
        },
      };
      await t.database.db.insertInto('app_settings').values({ key: 'test.step', value: 'before' }).execute();
      const dispatcher = startDispatcher(t.database, { sources: [async () => [listener]], now: () => new Date(), pollMs: 60_000, backoffMs: 1 });
      await dispatcher.whenIdle();
      const setting = async () => (await t.database.db.selectFrom('app_settings').select('value').where('key', '=', 'test.step').executeTakeFirstOrThrow()).value;
      assert.equal(await setting(), 'before', 'the failed step is rolled back with the move');
      fail = false;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await dispatcher.whenIdle();
      await dispatcher.stop();
      assert.equal(await setting(), 'written');
    });

    it('reads the feed from the start in commit order', async () => {
      const all = await readFeed(t.database.db, t.database.dialect, feedStart, 100_000);
      assert.ok(all.length > 0);
      const ids = all.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  });

  describe(`job retries and the dead-letter list [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { worker: false });
    });
    after(() => t.close());

    it('retries a job that fails unexpectedly after a back-off, then lists it as dead with its error; an administrator queues it again', async () => {
      let now = Date.now();
      let broken = true;
      const runs: number[] = [];
      const flaky: JobHandler = {
        open: async (_database, job) => ({
          total: 1,
          batch: async () => async () => {
            runs.push(job.id);
            if (broken) throw new Error('the disk is full');
            return { succeeded: 1, refusals: [] };
          },
        }),
      };
      const id = await insertJob(t.database.db, { kind: 'flaky', type: 'deal', action: 'test', createdById: t.adminId, params: {}, total: 1, now: new Date(now).toISOString() });
      const runner = startJobRunner(t.database, { handlers: { flaky }, now: () => new Date(now), pollMs: 60_000, maxAttempts: 3, backoffMs: 1_000 });
      try {
        await runner.whenIdle();
        let job = await t.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(job.status, 'queued');
        assert.equal(job.attempts, 1);
        assert.match(job.last_error ?? '', /the disk is full/);
        // Not before its back-off.
        runner.wake();
        await runner.whenIdle();
        assert.equal(runs.length, 1);
        for (let attempt = 2; attempt <= 3; attempt++) {
          now = new Date(job.run_after as string).getTime();
          runner.wake();
          await runner.whenIdle();
          job = await t.database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        }
        assert.equal(runs.length, 3);
        assert.equal(job.status, 'failed');
        assert.ok(job.dead_at);

        const seller = await t.addUser('Seller Dead');
        assert.equal((await t.call('GET', '/api/v1/jobs/dead-letters', undefined, { authorization: `Bearer ${seller.token}` })).statusCode, 403);
        const list = await t.call('GET', '/api/v1/jobs/dead-letters');
        assert.equal(list.statusCode, 200, list.body);
        const dead = list.json().items.find((item: { id: number }) => item.id === id);
        assert.equal(dead.attempts, 3);
        assert.match(dead.lastError, /the disk is full/);
        assert.equal(dead.createdBy.name, 'Admin');
        assert.equal(dead.error.code, 'internal');

        broken = false;
        const retried = await t.call('POST', `/api/v1/jobs/${id}/retry`);
        assert.equal(retried.statusCode, 200, retried.body);
        assert.equal(retried.json().status, 'queued');
        runner.wake();
        await runner.whenIdle();
        const done = await t.call('GET', `/api/v1/jobs/${id}`);
        assert.equal(done.json().status, 'done');
        assert.equal(done.json().deadAt, null);
        assert.equal((await t.call('POST', `/api/v1/jobs/${id}/retry`)).statusCode, 404, 'a job not on the list');
      } finally {
        await runner.stop();
      }
    });
  });

  describe(`periodic tasks [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { worker: false });
    });
    after(() => t.close());

    it('runs once per period across processes', async () => {
      let now = Date.now();
      const runs: string[] = [];
      const task = (owner: string) => ({ name: 'test-task', everyMs: 60_000, run: async () => void runs.push(owner) });
      const a = startPeriodic(t.database, [task('a')], { now: () => new Date(now), checkMs: 3_600_000, owner: 'a' });
      const b = startPeriodic(t.database, [task('b')], { now: () => new Date(now), checkMs: 3_600_000, owner: 'b' });
      try {
        await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
        assert.equal(runs.length, 1, 'one run in the first period');
        now += 30_000;
        await Promise.all([a.tick(), b.tick()]);
        assert.equal(runs.length, 1);
        now += 31_000;
        await Promise.all([b.tick(), a.tick()]);
        assert.equal(runs.length, 2, 'one run in the next period');
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });
}

function dealIdsOf(seen: Array<{ event: StoredEvent }>): number[] {
  return seen.filter((s) => s.event.entityType === 'deal').map((s) => s.event.entityId);
}
