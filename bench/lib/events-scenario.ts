/**
 * Event delivery (issue 15): events handed to a no-op listener per second, webhook deliveries to a local receiver per
 * second, and the API's create throughput while those deliveries run, beside the same load without a webhook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../apps/server/src/db/database.ts';
import { ensureConsumer } from '../../apps/server/src/modules/events/event-consumer.repository.ts';
import { startDispatcher, type EventListener } from '../../apps/server/src/modules/events/dispatcher.ts';
import { feedEnd } from '../../apps/server/src/modules/events/event-feed.ts';
import { load, request } from './measure.ts';
import { log } from './options.ts';
import type { Figure, Setup } from './scenarios.ts';

const createBody = (tag: string, i: number) => JSON.stringify({ name: 'Evento', lastName: `Webhook ${tag}-${i}`, emails: [{ value: `evento.${tag}.${i}@exemplo.com.br`, valueType: 'WORK' }] });

/** A local webhook receiver: answers 200 at once and counts what it got, by delivery id. */
async function receiver() {
  const keys = new Map<string, number>();
  let first = 0;
  let last = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['vinculo-delivery-id'] ?? '');
      keys.set(key, (keys.get(key) ?? 0) + 1);
      last = performance.now();
      if (first === 0) first = last;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    keys,
    window: () => ({ first, last }),
    reset: () => {
      keys.clear();
      first = 0;
      last = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function eventFigures(s: Setup, database: Database): Promise<Figure[]> {
  const figures: Figure[] = [];
  const seconds = s.loadSeconds;
  const run = Date.now().toString(36);
  const creates = (tag: string, counter: { n: number }) =>
    load(seconds, s.adminToken, { requests: [{ method: 'POST', path: '/api/v1/contacts', setupRequest: (req: any) => ({ ...req, body: createBody(`${run}-${tag}`, counter.n++) }) }] });
  // Requests cut off when the load stops were counted but never made a contact: count what was made, once the
  // requests still in the server have ended.
  const made = async (tag: string) => (await new Promise((resolve) => setTimeout(resolve, 1_000)), Number((await s.floor.all(`select count(*) as n from contacts where last_name like ?`, [`Webhook ${run}-${tag}-%`]))[0].n));

  const hook = await receiver();
  const allowed = await request('PUT', '/api/v1/settings/outbound', s.adminToken, { allowedHosts: ['127.0.0.1'] });
  if (allowed.status !== 200) throw new Error(`PUT /api/v1/settings/outbound answered ${allowed.status}: ${allowed.body.slice(0, 300)}`);
  const created = await request('POST', '/api/v1/webhooks', s.adminToken, { url: hook.url, kinds: ['contact.created'], description: 'bench' });
  if (created.status !== 201) throw new Error(`POST /api/v1/webhooks answered ${created.status}: ${created.body.slice(0, 300)}`);
  const webhookId = (JSON.parse(created.body) as { id: number }).id;
  const setStatus = async (status: 'paused' | 'active') => {
    const answer = await request('PATCH', `/api/v1/webhooks/${webhookId}`, s.adminToken, { status });
    if (answer.status !== 200) throw new Error(`setting the webhook ${status} answered ${answer.status}`);
  };

  // 1. Creates with the webhook paused: the baseline, and a backlog of one event per contact.
  log('  events: create throughput with the webhook paused…');
  await setStatus('paused');
  const backlog = { n: 0 };
  const without = await creates('base', backlog);
  backlog.n = await made('base');

  // 2. Deliveries per second: the backlog drained by the server's worker once the webhook is resumed.
  log(`  events: resuming the webhook: ${backlog.n.toLocaleString('en-US')} deliveries waiting…`);
  const resumed = performance.now();
  await setStatus('active');
  const drained = await drain(hook.keys, backlog.n, 300_000);
  const { last } = hook.window();
  const delivered = hook.keys.size;
  const repeats = [...hook.keys.values()].reduce((sum, count) => sum + count - 1, 0);
  const drainSeconds = (last - resumed) / 1000;
  log(`  events: ${delivered.toLocaleString('en-US')} deliveries (${repeats} repeated) in ${drainSeconds.toFixed(1)} s${drained ? '' : ' (timed out before all arrived)'}`);
  hook.reset();

  // 3. Creates while the worker delivers each new contact, beside the baseline.
  log('  events: create throughput while each new contact goes to the webhook…');
  const live = { n: 0 };
  const withWebhook = await creates('hook', live);
  figures.push({
    key: 'events.createWithWebhook',
    label: 'REST create contact while a webhook gets each one (req/s)',
    kind: 'throughput',
    api: withWebhook,
    sql: without,
  });
  await drain(hook.keys, await made('hook'), 300_000);
  await request('DELETE', `/api/v1/webhooks/${webhookId}`, s.adminToken);
  await hook.close();

  // 3. A no-op listener in this process over the same stretch of the feed: the dispatcher's own cost.
  const position = await feedEnd(database.db, database.dialect);
  log('  events: a no-op listener over 20,000 new events…');
  let n = 0;
  await load(Math.max(2, Math.round(seconds / 2)), s.adminToken, { amount: 20_000, requests: [{ method: 'POST', path: '/api/v1/contacts', setupRequest: (req: any) => ({ ...req, body: createBody('noop', n++) }) }] });
  await ensureConsumer(database.db, 'bench:noop', position, new Date().toISOString());
  let handled = 0;
  const noop: EventListener = { name: 'bench:noop', handle: async (events) => void (handled += events.length) };
  const started = performance.now();
  const dispatcher = startDispatcher(database, { sources: [async () => [noop]], now: () => new Date(), pollMs: 60_000, batchSize: 500 });
  await dispatcher.whenIdle();
  await dispatcher.stop();
  const noopSeconds = (performance.now() - started) / 1000;
  await database.db.deleteFrom('event_consumers').where('name', '=', 'bench:noop').execute();

  // The floor of both: reading the same events in SQL, in batches of 500.
  const floorStarted = performance.now();
  let read = 0;
  let after = position.id;
  for (;;) {
    const rows = await s.floor.all(`select id, occurred_at, type, entity_type, entity_id, actor_id, changes from events where id > ? order by id limit 500`, [after]);
    if (rows.length === 0) break;
    read += rows.length;
    after = Number(rows[rows.length - 1].id);
  }
  const floorRate = read / ((performance.now() - floorStarted) / 1000);
  figures.push({
    key: 'events.noop',
    label: `events to a no-op listener (${handled.toLocaleString('en-US')} events)`,
    kind: 'throughput',
    api: { rps: handled / noopSeconds, p50: 0, p99: 0, errors: 0 },
    sql: { rps: floorRate, p50: 0, p99: 0, errors: 0 },
  });
  figures.push({
    key: 'events.webhook',
    label: `webhook deliveries to a local receiver (a backlog of ${delivered.toLocaleString('en-US')})`,
    kind: 'throughput',
    api: { rps: delivered / Math.max(0.001, drainSeconds), p50: 0, p99: 0, errors: drained ? repeats : backlog.n - delivered },
    sql: { rps: handled / noopSeconds, p50: 0, p99: 0, errors: 0 },
  });
  return figures;
}

/** Waits until `keys` holds `count` deliveries (or `timeoutMs` passes); false on timeout. */
async function drain(keys: Map<string, number>, count: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let seen = -1;
  let still = performance.now();
  while (keys.size < count && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (keys.size !== seen) {
      seen = keys.size;
      still = performance.now();
    } else if (performance.now() - still > 15_000) return false;
  }
  return keys.size >= count;
}
