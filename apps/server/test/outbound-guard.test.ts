import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkUrl, forbiddenRange, guardedRequest, OutboundRefused, type OutboundPolicy } from '../src/modules/outbound/outbound-guard.ts';

/**
 * QUALITY.md R8: outbound requests to addresses users give never reach loopback, private, link-local or metadata
 * addresses, in any spelling, through a name that resolves to one, or through a redirect; an administrator may
 * allow a host. A local HTTP receiver on 127.0.0.1 stands for an allowed internal system.
 */

const names: Record<string, string[]> = {
  'intranet.example': ['10.1.2.3'],
  'metadata.example': ['169.254.169.254'],
  'mixed.example': ['93.184.216.34', '192.168.0.10'],
  'v6local.example': ['fd00:ec2::254'],
  'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
};
const policy = (allowedHosts: string[] = []): OutboundPolicy => ({ allowedHosts, resolve: async (host) => names[host] ?? [] });

async function refusal(url: string, p: OutboundPolicy = policy()): Promise<string> {
  try {
    await checkUrl(url, p);
  } catch (error) {
    if (error instanceof OutboundRefused) return error.reason;
    return `threw ${(error as Error).message}`;
  }
  return 'allowed';
}

describe('outbound requests, QUALITY.md R8', () => {
  it('refuses every forbidden address in every spelling', async () => {
    const forbidden = [
      'http://127.0.0.1/',
      'http://127.1/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://0x7f.0.0.1/',
      'http://0177.0.0.1/',
      'http://127.000.000.001/',
      'http://localhost./',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://172.31.255.255/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://0/',
      'http://255.255.255.255/',
      'http://224.0.0.1/',
      'http://[::1]/',
      'http://[::]/',
      'http://[0:0:0:0:0:0:0:1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
      'http://[fd00:ec2::254]/',
      'http://[64:ff9b::a00:1]/',
      'http://[2002:7f00:1::]/',
      'http://[ff02::1]/',
      'https://intranet.example/',
      'http://metadata.example/',
      'http://mixed.example/',
      'http://v6local.example/',
    ];
    for (const url of forbidden) assert.equal(await refusal(url), url.includes('localhost') ? 'unresolved' : 'address', url);
    // The real resolver: localhost is loopback.
    assert.equal(await refusal('http://localhost:8080/', { allowedHosts: [] }), 'address');
  });

  it('refuses other schemes and names that do not resolve, and lets public addresses through', async () => {
    for (const url of ['ftp://93.184.216.34/', 'file:///etc/passwd', 'gopher://93.184.216.34/', 'javascript:alert(1)']) assert.equal(await refusal(url), 'scheme', url);
    assert.equal(await refusal('http://nowhere.example/'), 'unresolved');
    for (const url of ['http://93.184.216.34/', 'https://public.example/hook', 'http://[2606:2800:220:1:248:1893:25c8:1946]/', 'http://8.8.8.8:8080/x']) assert.equal(await refusal(url), 'allowed', url);
    assert.equal(forbiddenRange('93.184.216.34'), null);
    assert.equal(forbiddenRange('::ffff:10.0.0.1'), 'private');
  });

  it('lets an administrator allow a host by name or address', async () => {
    assert.equal(await refusal('http://intranet.example/', policy(['intranet.example'])), 'allowed');
    assert.equal(await refusal('http://127.0.0.1:9000/', policy(['127.0.0.1'])), 'allowed');
    assert.equal(await refusal('http://[::1]/', policy(['::1'])), 'allowed');
    assert.equal(await refusal('http://10.0.0.2/', policy(['10.0.0.1'])), 'address', 'only the host allowed');
  });

  describe('requests and redirects', () => {
    let receiver: http.Server;
    let port = 0;
    const seen: string[] = [];
    before(async () => {
      receiver = http.createServer((request, response) => {
        seen.push(`${request.method} ${request.url}`);
        if (request.url === '/to-private') response.writeHead(302, { location: 'http://10.0.0.1/admin' }).end();
        else if (request.url === '/to-metadata') response.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        else if (request.url === '/to-self') response.writeHead(303, { location: '/hook' }).end();
        else if (request.url === '/loop') response.writeHead(302, { location: '/loop' }).end();
        else response.writeHead(200, { 'content-type': 'text/plain' }).end('recebido');
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      port = (receiver.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

    it('reaches an allowed local receiver, and follows a redirect that stays allowed', async () => {
      const allowed = policy(['127.0.0.1']);
      const direct = await guardedRequest(`http://127.0.0.1:${port}/hook`, { method: 'POST', body: '{"event":"x"}', headers: { 'content-type': 'application/json' } }, allowed);
      assert.equal(direct.status, 200);
      assert.equal(direct.body, 'recebido');
      const redirected = await guardedRequest(`http://127.0.0.1:${port}/to-self`, { method: 'POST', body: '{}' }, allowed);
      assert.equal(redirected.status, 200);
      assert.deepEqual(seen.slice(-2), ['POST /to-self', 'GET /hook'], 'a 303 continues as a GET');
    });

    it('refuses the receiver when it is not allowed, and a redirect into a forbidden address', async () => {
      await assert.rejects(guardedRequest(`http://127.0.0.1:${port}/hook`, {}, policy()), (error: Error) => error instanceof OutboundRefused && error.reason === 'address');
      const allowed = policy(['127.0.0.1']);
      for (const path of ['/to-private', '/to-metadata']) {
        await assert.rejects(guardedRequest(`http://127.0.0.1:${port}${path}`, { method: 'POST', body: '{}' }, allowed), (error: Error) => error instanceof OutboundRefused && error.reason === 'address', path);
      }
      await assert.rejects(guardedRequest(`http://127.0.0.1:${port}/loop`, {}, allowed), (error: Error) => error instanceof OutboundRefused && error.reason === 'redirects');
    });

    it('checks the address a name resolves to when it connects, not only when the URL is checked', async () => {
      // A name that answers a public address to the check and the loopback one to the connection (DNS rebinding).
      const rebinding: OutboundPolicy = { allowedHosts: [], resolve: async () => ['93.184.216.34'] };
      const before = seen.length;
      await assert.rejects(guardedRequest(`http://localhost:${port}/hook`, {}, rebinding), (error: Error) => error instanceof OutboundRefused && error.reason === 'address');
      assert.equal(seen.length, before, 'nothing reached the receiver');
    });
  });
});
