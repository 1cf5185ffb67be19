/**
 * The server under test, in a process of its own (so the load generator does not share its event loop): the real
 * app (`buildApp`), silent logger, on 127.0.0.1 at a free port, which it reports to the parent. With
 * BENCH_SERVER_PROCESSES=N it is N processes on that one port (node:cluster), as `WEB_CONCURRENCY=N vinculo serve`.
 */
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../apps/server/src/app.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';

const url = process.env.BENCH_SERVER_DATABASE_URL;
if (!url) throw new Error('BENCH_SERVER_DATABASE_URL is not set');
const processes = Number(process.env.BENCH_SERVER_PROCESSES ?? 1);

if (processes > 1 && cluster.isPrimary) {
  const workers = Array.from({ length: processes }, () => cluster.fork());
  // Every process listens on the port the first one got.
  const ports = await Promise.all(workers.map((worker) => new Promise<number>((resolve) => worker.once('listening', (address) => resolve(address.port)))));
  process.send?.({ port: ports[0] });
  const stop = () => {
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 200);
  };
  process.on('message', (message) => message === 'stop' && stop());
  process.on('disconnect', stop);
} else {
  const database = openDatabase(url, { poolSize: Number(process.env.BENCH_SERVER_POOL_SIZE ?? 10) });
  const app = await buildApp({ database, logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_SERVER_PORT ?? 0) });
  const close = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  if (cluster.isWorker) {
    process.on('SIGTERM', () => void close());
  } else {
    process.send?.({ port: (app.server.address() as AddressInfo).port });
    process.on('message', (message) => message === 'stop' && void close());
    process.on('disconnect', () => process.exit(0));
  }
}
