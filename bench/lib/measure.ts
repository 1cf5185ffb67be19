/** Timing: latency percentiles, saturation runs, the keep-alive HTTP client and autocannon. */
import http from 'node:http';
import { createRequire } from 'node:module';

// ---------------------------------------------------------------------------------------------- statistics

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

export interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** Seconds one latency scenario may take; a slow one stops early (with at least 5 samples) and says so by `n`. */
let timeBox = 20;

/** Seconds a latency scenario may take (shorter in quick mode). */
export const setTimeBox = (seconds: number) => {
  timeBox = seconds;
};

/** Times `work` `count` times after `warmup` untimed runs; milliseconds. */
export async function timeIt(count: number, warmup: number, work: (i: number) => Promise<unknown> | unknown): Promise<Latency> {
  const started = performance.now();
  for (let i = 0; i < warmup && performance.now() - started < (timeBox * 1000) / 4; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await work(warmup + i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (samples.length >= 5 && performance.now() - started > timeBox * 1000) break;
  }
  return percentiles(samples);
}

/** Runs `work` with `concurrency` workers for `seconds`; requests per second and latency. */
export async function saturate(seconds: number, concurrency: number, work: (i: number) => Promise<unknown> | unknown): Promise<Throughput> {
  const samples: number[] = [];
  let counter = 0;
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        try {
          await work(counter++);
        } catch {
          errors++;
        }
        samples.push(performance.now() - start);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const stats = percentiles(samples);
  return { rps: samples.length / elapsed, p50: stats.p50, p99: stats.p99, errors };
}

// ---------------------------------------------------------------------------------------------- HTTP

export const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let port = 0;

/** The server's port, once it listens. */
export const setPort = (value: number) => {
  port = value;
};
export const serverPort = () => port;

export function request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function apiGet(path: string, token: string): Promise<any> {
  const response = await request('GET', path, token);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body);
}

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}
export type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; this is the part of its API used here.
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export async function load(seconds: number, token: string, requestOptions: Record<string, unknown>): Promise<Throughput> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: seconds,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...requestOptions,
  });
  const total = result['2xx'] + result.non2xx;
  return { rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx + (total === 0 ? 1 : 0) };
}
