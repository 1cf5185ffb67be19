import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';

/**
 * Several processes on one PostgreSQL database (issue 15): two `vinculo serve` processes without background work
 * (RUN_WORKER=false) and one `vinculo worker`. A browser signed in on server A sees, within a second, a deal moved
 * through server B; a webhook receiver gets each change once, from the worker; a sign-in throttled on A is throttled
 * on B. Needs PostgreSQL: SCALE_OUT_DATABASE_URL (CI sets it) or E2E_DATABASE_URL; skipped without either.
 */

const root = resolve(import.meta.dirname, '../..');
const adminUrl = process.env.SCALE_OUT_DATABASE_URL ?? process.env.E2E_DATABASE_URL;
const admin = { email: 'ana.souza@example.com.br', password: 'senha-forte-123', name: 'Ana Souza' };

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => done(port));
    });
  });
}

interface Running {
  process: ChildProcess;
  output: () => string;
}

function start(command: 'serve' | 'worker', env: Record<string, string>): Running {
  const child = spawn(process.execPath, [join(root, 'apps/server/bin/vinculo.js'), command], {
    cwd: root,
    // Each `serve` one process: the journey is about separate servers on one database.
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_CONCURRENCY: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { process: child, output: () => output };
}

async function listening(url: string, running: Running) {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (running.process.exitCode !== null) throw new Error(`A server stopped at start:\n${running.output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`A server did not start:\n${running.output()}`);
}

async function stop(running: Running) {
  const child = running.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

test.describe('two servers and a worker on one PostgreSQL database', () => {
  test.skip(!adminUrl, 'needs PostgreSQL: SCALE_OUT_DATABASE_URL or E2E_DATABASE_URL');
  // One set of processes for both tests.
  test.describe.configure({ mode: 'serial' });

  const name = `vinculo_e2e_scale_${process.pid}_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  const processes: Running[] = [];
  let urlA: string;
  let urlB: string;
  let apiA: APIRequestContext;
  let apiB: APIRequestContext;
  const received: Array<{ deliveryId: string; kind: string; eventId: string }> = [];
  let receiver: http.Server;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();

    // Server A migrates first; B and the worker find the database ready.
    const [portA, portB] = [await freePort(), await freePort()];
    urlA = `http://127.0.0.1:${portA}`;
    urlB = `http://127.0.0.1:${portB}`;
    const a = start('serve', { DATABASE_URL: databaseUrl, PORT: String(portA), RUN_WORKER: 'false' });
    processes.push(a);
    await listening(urlA, a);
    const b = start('serve', { DATABASE_URL: databaseUrl, PORT: String(portB), RUN_WORKER: 'false' });
    processes.push(b);
    await listening(urlB, b);
    processes.push(start('worker', { DATABASE_URL: databaseUrl }));

    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; kind: string };
        received.push({ deliveryId: String(req.headers['vinculo-delivery-id']), kind: body.kind, eventId: body.id });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));

    apiA = await playwrightRequest.newContext({ baseURL: urlA, extraHTTPHeaders: { 'accept-language': 'pt-BR' } });
    expect((await apiA.post('/api/v1/setup', { data: admin })).status()).toBe(201);
    await apiA.patch('/api/v1/auth/me', { data: { locale: 'pt-BR' } });
    apiB = await playwrightRequest.newContext({ baseURL: urlB, extraHTTPHeaders: { 'accept-language': 'pt-BR' } });
    const signedIn = await apiB.post('/api/v1/auth/login', { data: { email: admin.email, password: admin.password } });
    expect(signedIn.status(), await signedIn.text()).toBe(200);
  });

  test.afterAll(async () => {
    await apiA?.dispose();
    await apiB?.dispose();
    await Promise.all(processes.map(stop));
    await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
    await client.end();
  });

  test('a deal moved through B shows on A within a second, the webhook gets each change once', async ({ page }) => {
    const port = (receiver.address() as AddressInfo).port;
    expect((await apiA.put('/api/v1/settings/outbound', { data: { allowedHosts: ['127.0.0.1'] } })).status()).toBe(200);
    const hook = await apiA.post('/api/v1/webhooks', { data: { url: `http://127.0.0.1:${port}/hook`, kinds: ['deal.created', 'deal.updated', 'deal.stageMoved'] } });
    expect(hook.status(), await hook.text()).toBe(201);

    const created = await apiB.post('/api/v1/deals', { data: { title: 'Expansão — Ipê Amarelo', opportunity: '8800.00', stageId: 'NEW' } });
    expect(created.status(), await created.text()).toBe(201);
    const deal = (await created.json()) as { id: number; version: number };

    await page.goto(`${urlA}/login`);
    await page.getByLabel(/E-mail/).fill(admin.email);
    await page.getByLabel(/^Senha/).fill(admin.password);
    await page.getByRole('button', { name: /^Entrar$/ }).click();
    await expect(page).not.toHaveURL(/\/login/);
    await page.goto(`${urlA}/deals?view=kanban`);
    const column = (stage: string) => page.getByRole('region', { name: stage, exact: true });
    await expect(column('Novo').getByRole('link', { name: 'Expansão — Ipê Amarelo', exact: true })).toBeVisible({ timeout: 30_000 });
    // The board's live stream is open before the move.
    await page.waitForTimeout(500);

    const moved = await apiB.patch(`/api/v1/deals/${deal.id}`, { data: { stageId: 'PREPARATION', version: deal.version } });
    expect(moved.status(), await moved.text()).toBe(200);
    const movedAt = Date.now();
    await expect(column('Preparando documentos').getByRole('link', { name: 'Expansão — Ipê Amarelo', exact: true })).toBeVisible({ timeout: 5_000 });
    const seenAfter = Date.now() - movedAt;
    test.info().annotations.push({ type: 'seen on A after', description: `${seenAfter} ms` });
    console.log(`The move made through B was on A's board ${seenAfter} ms after B answered.`);
    expect(seenAfter, 'the move made on B shows on A').toBeLessThanOrEqual(1_000);

    // The worker delivers each change once, as its most specific kind: the creation, then the stage move.
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(1_000);
    expect(received.map((r) => r.kind)).toEqual(['deal.created', 'deal.stageMoved']);
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(received.length);
  });

  test('a sign-in throttled on A is throttled on B', async () => {
    const login = (api: APIRequestContext, password: string) => api.post('/api/v1/auth/login', { data: { email: admin.email, password }, failOnStatusCode: false });
    const fresh = async (url: string) => playwrightRequest.newContext({ baseURL: url });
    const onA = await fresh(urlA);
    const onB = await fresh(urlB);
    try {
      for (let i = 0; i < 5; i++) expect((await login(onA, 'senha errada')).status()).toBe(401);
      expect((await login(onA, admin.password)).status()).toBe(429);
      const throttled = await login(onB, admin.password);
      expect(throttled.status(), 'B counts the failures A saw').toBe(429);
      expect(throttled.headers()['retry-after']).toBeTruthy();
    } finally {
      await onA.dispose();
      await onB.dispose();
    }
  });
});
