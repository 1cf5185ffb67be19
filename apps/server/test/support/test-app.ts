import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { migrate, openDatabase, type Database } from '../../src/db/database.ts';
import type { DialectName } from '../../src/db/types.ts';
import { createToken, createUser } from '../../src/modules/auth/auth.service.ts';

/** The dialects this run tests (TEST_DIALECTS, set by `npm test`). */
export function testDialects(): DialectName[] {
  return (process.env.TEST_DIALECTS ?? 'sqlite').split(',').map((d) => d.trim()).filter(Boolean) as DialectName[];
}

/** A fresh, migrated database: a temporary SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(dialect: DialectName): Promise<{ database: Database; url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-test-'));
    const url = join(dir, 'test.sqlite');
    const database = openDatabase(url);
    await migrate(database);
    return { database, url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is needed for PostgreSQL tests');
  const name = `vinculo_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString(), { poolSize: 20 });
  await migrate(database);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export interface TestApp {
  dialect: DialectName;
  app: FastifyInstance;
  database: Database;
  /** Database URL (SQLite path or PostgreSQL URL) of this app's database. */
  url: string;
  adminId: number;
  token: string;
  /** Sends a request as the admin (Bearer token) unless `headers.authorization` is given. */
  call(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The same without credentials. */
  anonymous(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** A second, non-admin user ("Seller" unless named) with an API token. */
  addUser(name?: string): Promise<{ id: number; token: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: () => Date;
  /** The app's background work (jobs, event delivery): shorter back-offs, extra listeners, or none (`false`). */
  worker?: AppOptions['worker'];
  /** The Bitrix24-compatible API's leaky bucket. */
  bitrixRateLimit?: AppOptions['bitrixRateLimit'];
}

export async function createTestApp(dialect: DialectName, options: TestAppOptions = {}): Promise<TestApp> {
  const { database, url, drop } = await freshDatabase(dialect);
  const app = await buildApp({ database, logLevel: 'silent', now: options.now, worker: options.worker, bitrixRateLimit: options.bitrixRateLimit });
  const adminId = await createUser(database.db, { email: 'admin@example.com', password: 'correct horse battery', name: 'Admin', isAdmin: true }, new Date());
  // Answers follow the user's saved language without an Accept-Language header; the tests read English unless they ask.
  await database.db.updateTable('users').set({ locale: 'en' }).execute();
  const { token } = await createToken(database.db, adminId, 'tests', new Date());
  const send = (auth: boolean) => (method: InjectOptions['method'], path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url: path,
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return {
    dialect,
    app,
    database,
    url,
    adminId,
    token,
    call: send(true),
    anonymous: send(false),
    addUser: async (name = 'Seller') => {
      const id = await createUser(database.db, { email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`, password: 'correct horse battery', name }, new Date());
      await database.db.updateTable('users').set({ locale: 'en' }).where('id', '=', id).execute();
      return { id, token: (await createToken(database.db, id, 'tests', new Date())).token };
    },
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
