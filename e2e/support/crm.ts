import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import pg from 'pg';

const root = resolve(import.meta.dirname, '../..');

export interface Crm {
  url: string;
  /** The administrator created for the journey (unless it asked for a fresh install). */
  admin: { email: string; password: string; name: string };
  /** REST calls signed in as the administrator: the quick way to put data in place. */
  api: APIRequestContext;
  /** Signs `page` in through the login screen. */
  signIn(page: Page, email?: string, password?: string): Promise<void>;
  /** A user with a role, created through the API; returns their credentials. */
  addUser(name: string, options?: { roleId?: number; locale?: 'pt-BR' | 'en' }): Promise<{ id: number; email: string; password: string }>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A database only this journey uses: a SQLite file, or a new PostgreSQL database (E2E_DATABASE_URL). */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.E2E_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-e2e-'));
    return { url: join(dir, 'crm.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `vinculo_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function startServer(databaseUrl: string): Promise<{ url: string; process: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/server/bin/vinculo.js'), 'serve'], {
    cwd: root,
    // One server process per journey: the browsers and Playwright's workers share the machine's cores with it.
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`The server stopped at start:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, process: child, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`The server did not start in 15 s:\n${output}`);
}

/** SIGTERM, then SIGKILL if the server has not stopped in 10 s; never waits on a process that already ended. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

export const adminCredentials = { email: 'ana.souza@example.com.br', password: 'senha-forte-123', name: 'Ana Souza' };

type Fixtures = { crm: Crm; freshInstall: boolean };

export const test = base.extend<Fixtures>({
  /** `test.use({ freshInstall: true })`: no administrator yet (the setup screen). */
  freshInstall: [false, { option: true }],
  crm: async ({ freshInstall }, use) => {
    const database = await freshDatabase();
    const server = await startServer(database.url);
    const api = await playwrightRequest.newContext({ baseURL: server.url, extraHTTPHeaders: { 'accept-language': 'pt-BR' } });
    if (!freshInstall) {
      const response = await api.post('/api/v1/setup', { data: adminCredentials });
      expect(response.status(), await response.text()).toBe(201);
      // The journeys read Portuguese unless they switch.
      await api.patch('/api/v1/auth/me', { data: { locale: 'pt-BR' } });
    }
    let users = 0;
    const crm: Crm = {
      url: server.url,
      admin: adminCredentials,
      api,
      async signIn(page, email = adminCredentials.email, password = adminCredentials.password) {
        await page.goto(`${server.url}/login`);
        await page.getByLabel(/E-mail/).fill(email);
        await page.getByLabel(/^Senha|^Password/).fill(password);
        await page.getByRole('button', { name: /^Entrar$|^Sign in$/ }).click();
        await expect(page).not.toHaveURL(/\/login/);
      },
      async addUser(name, options = {}) {
        users += 1;
        const email = `user${users}.${randomBytes(3).toString('hex')}@example.com.br`;
        const password = 'senha-do-usuario-1';
        const created = await api.post('/api/v1/users', { data: { email, name, password } });
        expect(created.status(), await created.text()).toBe(201);
        const user = (await created.json()) as { id: number };
        if (options.locale) await api.patch(`/api/v1/users/${user.id}`, { data: { locale: options.locale } });
        if (options.roleId !== undefined) {
          const assigned = await api.put(`/api/v1/roles/${options.roleId}/assignments`, { data: { assignments: [{ userId: user.id }] } });
          expect(assigned.ok(), await assigned.text()).toBe(true);
        }
        return { id: user.id, email, password };
      },
    };
    await use(crm);
    await api.dispose();
    await stopServer(server.process);
    await database.drop();
  },
});

export { expect };
