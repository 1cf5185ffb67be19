/**
 * The server under test, in a process of its own (so the load generator does not share its event loop):
 * the real app (`buildApp`), silent logger, on 127.0.0.1 at a free port, which it reports to the parent.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../apps/server/src/app.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';

const url = process.env.BENCH_SERVER_DATABASE_URL;
if (!url) throw new Error('BENCH_SERVER_DATABASE_URL is not set');
const database = openDatabase(url, { poolSize: Number(process.env.BENCH_SERVER_POOL_SIZE ?? 10) });
const app = await buildApp({ database, logLevel: 'silent' });
await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ port: (app.server.address() as AddressInfo).port });

process.on('message', (message) => {
  if (message !== 'stop') return;
  void (async () => {
    await app.close();
    await database.close();
    process.exit(0);
  })();
});
process.on('disconnect', () => process.exit(0));
