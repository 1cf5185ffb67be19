import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { migrate, openDatabase } from './db/database.ts';
import { startWorker } from './modules/worker/worker.ts';
import { ensureWebBuild, webDist } from './web/web-build.ts';

const shutdownGraceMs = 10_000;
const restartDelayMs = 1_000;

/** The address this server hands out in URLs (PUBLIC_URL, else http://localhost:PORT). */
export const publicUrlOf = (config: Config) => (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

/** The worker settings of a process, from its configuration. */
export const workerSettings = (config: Config) => ({ periodic: { recycleBinDays: config.RECYCLE_BIN_DAYS }, leaseMs: config.WORKER_LEASE_SECONDS * 1000, jobPollMs: 1_000, publicUrl: publicUrlOf(config) });

/**
 * Runs the CRM: migrates, serves HTTP and (unless RUN_WORKER=false) the background work — jobs, event delivery, the
 * periodic tasks (modules/worker) — and stops cleanly on SIGINT/SIGTERM. With WEB_CONCURRENCY above one (by default,
 * one process per core) a primary process migrates and builds once, then starts that many server processes sharing
 * the port (node:cluster), restarts one that dies, and stops them all on a signal. They share nothing but the database:
 * every cache is checked against its versions on each request, so any process sees another's change at once.
 */
export async function serve(config: Config): Promise<void> {
  const processes = config.WEB_CONCURRENCY ?? availableParallelism();
  if (processes > 1 && cluster.isPrimary) return servePrimary(config, processes);
  // Of several processes, the first runs the background work (the others could too: it is claimed under leases).
  const index = Number(process.env.VINCULO_PROCESS_INDEX ?? 0);
  await serveOne(index === 0 ? config : { ...config, RUN_WORKER: 'false' }, cluster.isWorker);
}

async function servePrimary(config: Config, processes: number): Promise<void> {
  await ensureWebBuild((message) => console.log(message));
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  let stopping = false;
  const running = new Map<number, Worker>();
  let failed: (error: Error) => void = () => {};
  // Until one process listens, a process that exits could not start (a busy port, a bad setting) and would fail again.
  let started = false;
  const start = (index: number) => {
    const worker = cluster.fork({ VINCULO_PROCESS_INDEX: String(index) });
    running.set(index, worker);
    worker.once('listening', () => (started = true));
    worker.once('exit', (code, signal) => {
      running.delete(index);
      if (stopping) return;
      if (!started) return failed(new Error(`server process ${index + 1} could not start (exit ${signal ?? code})`));
      console.error(`Server process ${index + 1} (pid ${worker.process.pid}) stopped (${signal ?? code}); starting another`);
      setTimeout(() => !stopping && start(index), restartDelayMs).unref();
    });
  };
  for (let index = 0; index < processes; index++) start(index);
  console.log(`Vínculo: ${processes} server processes on port ${config.PORT} (WEB_CONCURRENCY)`);
  await new Promise<void>((resolve, reject) => {
    const stop = (error?: Error) => {
      if (stopping) return;
      stopping = true;
      const done = () => (error ? reject(error) : resolve());
      if (running.size === 0) return done();
      for (const worker of running.values()) {
        worker.once('exit', () => running.size === 0 && done());
        worker.process.kill('SIGTERM');
      }
    };
    failed = stop;
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
  });
}

async function serveOne(config: Config, inCluster: boolean): Promise<void> {
  // In a cluster the primary built the web app and migrated the database.
  if (!inCluster) await ensureWebBuild((message) => console.log(message));
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: config.DATABASE_POOL_SIZE });
  if (!inCluster) await migrate(database);
  const app = await buildApp({
    database,
    logLevel: config.LOG_LEVEL,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    cookieSecure: config.COOKIE_SECURE,
    recycleBinDays: config.RECYCLE_BIN_DAYS,
    maxUploadMb: config.MAX_UPLOAD_MB,
    maxImportMb: config.MAX_IMPORT_MB,
    webRoot: webDist,
    publicUrl: publicUrlOf(config),
    bitrixRateLimit: config.BITRIX_RATE_LIMIT_PER_SECOND > 0 ? { perSecond: config.BITRIX_RATE_LIMIT_PER_SECOND, burst: config.BITRIX_RATE_LIMIT_BURST } : undefined,
    worker: config.RUN_WORKER === 'true' ? { ...workerSettings(config), afterListen: true } : false,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // Requests in flight get a few seconds to finish; a connection still open past that is closed.
    const deadline = setTimeout(() => {
      app.log.warn('shutdown: closing connections still open after 10 s');
      app.server.closeAllConnections();
    }, shutdownGraceMs);
    deadline.unref();
    await app.close();
    clearTimeout(deadline);
    await database.close();
    // A cluster's server process is held open by its channel to the primary: let go of it.
    if (inCluster) cluster.worker?.disconnect();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    // Release the pool too, or PostgreSQL's idle clients keep a failed process alive.
    await stop('listen failed');
    throw error;
  }
  app.log.info({ database: database.dialect, location: database.location }, `Vínculo is serving on http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`);
}

/** `vinculo worker`: the background work alone, next to any number of `vinculo serve` processes (RUN_WORKER=false there or not). */
export async function work(config: Config): Promise<void> {
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: config.DATABASE_POOL_SIZE });
  await migrate(database);
  const log = pino({ level: config.LOG_LEVEL });
  const worker = startWorker(database, { ...workerSettings(config), now: () => new Date(), log });
  log.info({ database: database.dialect, location: database.location }, 'Vínculo worker is running');
  // The worker's timers do not hold a process open (a server's socket does): this one does, until a signal.
  const alive = setInterval(() => {}, 3_600_000);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      clearInterval(alive);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await worker.stop();
  await database.close();
}
