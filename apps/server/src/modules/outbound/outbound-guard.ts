import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * R8: the requests the server makes to addresses users give it (outgoing webhooks, Bitrix24 event handlers) never
 * reach its own network. Only http(s) to a public unicast address goes out: loopback, private, link-local (the cloud
 * metadata service at 169.254.169.254 among them), carrier-grade NAT, multicast, reserved and unspecified addresses
 * are refused, in every spelling — the URL parser turns `2130706433`, `0x7f.1` and `0177.0.0.1` into 127.0.0.1, and
 * IPv6 addresses that carry an IPv4 one (`::ffff:127.0.0.1`, NAT64 `64:ff9b::…`, 6to4 `2002:…`, Teredo) are judged
 * by the IPv4 address inside. A host name is judged by every address it resolves to, at connection time (the
 * resolved address is the one connected to: a name cannot resolve to a public address for the check and a private
 * one for the connection), and every redirect is checked as a new request. An administrator may allow hosts by name
 * or address (an internal system on the company's network).
 */

export interface OutboundPolicy {
  /** Host names or IP addresses an administrator allowed, compared as the URL parser writes them (lower case, IPv6 in brackets or not). */
  allowedHosts: readonly string[];
  /** How names are resolved (tests give their own); the system resolver by default. */
  resolve?: (host: string) => Promise<string[]>;
}

export type RefusalReason = 'scheme' | 'address' | 'unresolved' | 'redirects';

export class OutboundRefused extends Error {
  readonly reason: RefusalReason;
  readonly host: string;
  constructor(reason: RefusalReason, host: string, detail: string) {
    super(`outbound request to ${host} refused: ${detail}`);
    this.reason = reason;
    this.host = host;
  }
}

/** The kind of address `address` is when it may not be reached (`loopback`, `private`…), or null for a public one. */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) parsed = embedded;
  }
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

/** The IPv4 address an IPv6 one carries: mapped (`::ffff:a.b.c.d`), translated (RFC 6145, NAT64 RFC 6052), 6to4 or Teredo. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  // Teredo keeps the client's address inverted in the last four bytes.
  if (range === 'teredo') return new ipaddr.IPv4(bytes.slice(12, 16).map((b) => b ^ 0xff));
  return null;
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

const isAllowed = (policy: OutboundPolicy, host: string) => policy.allowedHosts.some((allowed) => bare(allowed) === bare(host));

/** Refuses (OutboundRefused) a URL that is not http(s) or names a forbidden address; names are resolved and every address checked. */
export async function checkUrl(target: string | URL, policy: OutboundPolicy): Promise<URL> {
  const url = typeof target === 'string' ? new URL(target) : target;
  const host = bare(url.hostname);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('scheme', host, `${url.protocol} is not http or https`);
  if (isAllowed(policy, host)) return url;
  if (ipaddr.isValid(host)) {
    const range = forbiddenRange(host);
    if (range) throw new OutboundRefused('address', host, `${range} address`);
    return url;
  }
  const addresses = await (policy.resolve ?? systemResolve)(host).catch(() => []);
  if (addresses.length === 0) throw new OutboundRefused('unresolved', host, 'the name does not resolve');
  for (const address of addresses) {
    const range = forbiddenRange(address);
    if (range) throw new OutboundRefused('address', host, `resolves to a ${range} address (${address})`);
  }
  return url;
}

const systemResolve = (host: string) =>
  new Promise<string[]>((resolve, reject) => dnsLookup(host, { all: true }, (error, found: LookupAddress[]) => (error ? reject(error) : resolve(found.map((f) => f.address)))));

/**
 * A `lookup` for node:http that resolves as the system does and refuses forbidden addresses: the address checked is
 * the address connected to.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, found: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = isAllowed(policy, hostname);
      const bad = allowed ? undefined : found.find((f) => forbiddenRange(f.address) !== null);
      if (bad) return callback(new OutboundRefused('address', hostname, `resolves to a ${forbiddenRange(bad.address)} address (${bad.address})`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, found);
      return callback(null, found[0].address, found[0].family);
    });
  };
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The start of the body (at most `maxBodyBytes`), as text. */
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
}

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  maxRedirects?: number;
  maxBodyBytes?: number;
}

/**
 * Sends a request under the policy: the URL checked, names resolved through `guardedLookup`, each redirect (at most
 * `maxRedirects`, 3 by default) checked again; 307/308 keep the method and body, the others become a GET.
 */
export async function guardedRequest(target: string, request: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  let url = await checkUrl(target, policy);
  let method = request.method ?? 'GET';
  let body = request.body;
  for (let hop = 0; ; hop++) {
    const response = await send(url, method, body, request, policy);
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return { ...response, url: url.toString() };
    if (hop >= (request.maxRedirects ?? 3)) throw new OutboundRefused('redirects', bare(url.hostname), 'too many redirects');
    url = await checkUrl(new URL(location, url), policy);
    if (response.status !== 307 && response.status !== 308) {
      method = 'GET';
      body = undefined;
    }
  }
}

function send(url: URL, method: string, body: string | Buffer | undefined, request: OutboundRequest, policy: OutboundPolicy): Promise<Omit<OutboundResponse, 'url'>> {
  const transport = url.protocol === 'https:' ? https : http;
  const limit = request.maxBodyBytes ?? 4096;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      url,
      {
        method,
        headers: { ...request.headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
        lookup: guardedLookup(policy),
        timeout: request.timeoutMs ?? 10_000,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < limit) chunks.push(chunk.subarray(0, limit - size));
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer from ${url.host} in ${request.timeoutMs ?? 10_000} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
