import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { ApiVersion, B24Hook } from '@bitrix24/b24jssdk';
import type { TestApp } from './test-app.ts';

/**
 * The official Bitrix24 JS SDK pointed at a test app, as an integration would use it: a real HTTP server on
 * 127.0.0.1, an inbound webhook made through the API, and `B24Hook` with its own throttle relaxed. The SDK always
 * speaks HTTPS (docs: bitrix24-rest.md §18.2); a request interceptor sends its calls over plain HTTP instead.
 */

export interface BitrixClient {
  b24: B24Hook;
  /** The webhook's base URL, `http://127.0.0.1:<port>/rest/<userId>/<code>/`. */
  url: string;
  userId: number;
  code: string;
  /** A raw call: `fetch` to `<url><path>`. */
  raw(path: string, init?: RequestInit): Promise<{ status: number; body: any }>;
}

/** The app listening on 127.0.0.1 (once per app), and its origin. */
export async function listening(t: TestApp): Promise<string> {
  if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** A webhook for the admin (or the user of `token`) with `scopes`, and an SDK client on it. */
export async function bitrixClient(t: TestApp, options: { token?: string; scopes?: string[]; userId?: number } = {}): Promise<BitrixClient> {
  const origin = await listening(t);
  const created = await t.call('POST', '/api/v1/inbound-webhooks', { name: 'SDK', ...(options.scopes ? { scopes: options.scopes } : {}), ...(options.userId ? { userId: options.userId } : {}) }, options.token ? { authorization: `Bearer ${options.token}` } : {});
  assert.equal(created.statusCode, 201, created.body);
  const path = new URL(created.json().url as string).pathname;
  const [, , userId, code] = path.split('/');
  const url = `${origin}/rest/${userId}/${code}/`;
  const b24 = new B24Hook(
    { b24Url: origin.replace(/^http:\/\//, ''), userId: Number(userId), secret: code },
    { restrictionParams: { rateLimit: { burstLimit: 100_000, drainRate: 100_000, adaptiveEnabled: false } } },
  );
  for (const version of [ApiVersion.v2, ApiVersion.v3]) {
    b24.getHttpClient(version).ajaxClient.interceptors.request.use(<T extends { url?: string; baseURL?: string }>(config: T): T => {
      if (config.url) config.url = config.url.replace(/^https:/, 'http:');
      if (config.baseURL) config.baseURL = config.baseURL.replace(/^https:/, 'http:');
      return config;
    });
  }
  return {
    b24,
    url,
    userId: Number(userId),
    code,
    raw: async (rest, init) => {
      const response = await fetch(`${url}${rest}`, init);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}
