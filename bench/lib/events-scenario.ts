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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function eventFigures(s: Setup, database: Database, createWithoutWebhook: number | undefined): Promise<Figure[]> {
  const figures: Figure[] = [];
  const seconds = s.loadSeconds;

  // 1. The server's create throughput while its worker delivers every new contact to a webhook.
  const hook = await receiver();
  const allowed = await request('PUT', '/api/v1/settings/outbound', s.adminToken, { allowedHosts: ['127.0.0.1'] });
  if (allowed.status !== 200) throw new Error(`PUT /api/v1/settings/outbound answered ${allowed.status}: ${allowed.body.slice(0, 300)}`);
  const created = await request('POST', '/api/v1/webhooks', s.adminToken, { url: hook.url, kinds: ['contact.created'], description: 'bench' });
  if (created.status !== 201) throw new Error(`POST /api/v1/webhooks answered ${created.status}: ${created.body.slice(0, 300)}`);
  const webhookId = (JSON.parse(created.body) as { id: number }).id;
  let n = 0;
  let baseline = createWithoutWebhook;
  if (baseline === undefined) {
    log('  events: create throughput without a webhook…');
    const pause = await request('PATCH', `/api/v1/webhooks/${webhookId}`, s.adminToken, { status: 'paused' });
    if (pause.status !== 200) throw new Error(`pausing the webhook answered ${pause.status}`);
    baseline = (await load(seconds, s.adminToken, { requests: [{ method: 'POST', path: '/api/v1/contacts', setupRequest: (req: any) => ({ ...req, body: createBody('base', n++) }) }] })).rps;
    await request('PATCH', `/api/v1/webhooks/${webhookId}`, s.adminToken, { status: 'active' });
    // What was created while paused is delivered on resume: let it drain before measuring.
    await drain(hook.keys, n, 120_000);
    hook.keys.clear();
  }
  log('  events: create throughput while each new contact goes to a webhook…');
  n = 0;
  const withWebhook = await load(seconds, s.adminToken, { requests: [{ method: 'POST', path: '/api/v1/contacts', setupRequest: (req: any) => ({ ...req, body: createBody('hook', n++) }) }] });
  figures.push({
    key: 'events.createWithWebhook',
    label: 'REST create contact while a webhook gets each one (req/s)',
    kind: 'throughput',
    api: withWebhook,
    sql: { rps: baseline, p50: 0, p99: 0, errors: 0 },
  });

  // 2. Webhook deliveries per second: the backlog of the creates above, drained by the server's worker.
  const createdCount = Math.round(withWebhook.rps * seconds) || n;
  const drained = await drain(hook.keys, createdCount, 300_000);
  const { first, last } = hook.window();
  const delivered = hook.keys.size;
  const duplicates = [...hook.keys.values()].reduce((sum, count) => sum + count - 1, 0);
  log(`  events: ${delivered.toLocaleString('en-US')} deliveries (${duplicates} repeated) in ${((last - first) / 1000).toFixed(1)} s${drained ? '' : ' (timed out before all arrived)'}`);
  await request('DELETE', `/api/v1/webhooks/${webhookId}`, s.adminToken);
  await hook.close();

  // 3. A no-op listener in this process over the same stretch of the feed: the dispatcher's own cost.
  const position = await feedEnd(database.db, database.dialect);
  log('  events: a no-op listener over 20,000 new events…');
  n = 0;
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
    label: `webhook deliveries to a local receiver (${delivered.toLocaleString('en-US')})`,
    kind: 'throughput',
    api: { rps: delivered / Math.max(0.001, (last - first) / 1000), p50: 0, p99: 0, errors: drained ? duplicates : createdCount - delivered },
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
