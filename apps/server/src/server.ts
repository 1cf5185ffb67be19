import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { migrate, openDatabase } from './db/database.ts';
import { purgeExpired } from './modules/recycle-bin/recycle-bin.service.ts';
import { sendDueReminders } from './modules/notifications/notification.service.ts';
import { ensureWebBuild, webDist } from './web/web-build.ts';

const hourMs = 3_600_000;
const shutdownGraceMs = 10_000;

/** Runs the CRM: migrates, serves HTTP, purges the recycle bin hourly, and stops cleanly on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  await ensureWebBuild((message) => console.log(message));
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: config.DATABASE_POOL_SIZE });
  await migrate(database);
  const app = await buildApp({
    database,
    logLevel: config.LOG_LEVEL,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    cookieSecure: config.COOKIE_SECURE,
    recycleBinDays: config.RECYCLE_BIN_DAYS,
    maxUploadMb: config.MAX_UPLOAD_MB,
    maxImportMb: config.MAX_IMPORT_MB,
    webRoot: webDist,
  });
  const purge = async () => {
    try {
      const purged = await purgeExpired(database, new Date(), config.RECYCLE_BIN_DAYS);
      if (purged > 0) app.log.info({ purged }, 'recycle bin: purged expired items');
    } catch (error) {
      app.log.error({ err: error }, 'recycle bin: purge failed');
    }
  };
  const timer = setInterval(purge, hourMs);
  timer.unref();
  void purge();
  // Activity reminders: every server sweeps once a minute; each reminder is sent once (notification.service.ts).
  const remind = async () => {
    try {
      await sendDueReminders(database, new Date());
    } catch (error) {
      app.log.error({ err: error }, 'reminders: sweep failed');
    }
  };
  const reminders = setInterval(remind, 60_000);
  reminders.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(timer);
    clearInterval(reminders);
    // Requests in flight get a few seconds to finish; a connection still open past that is closed.
    const deadline = setTimeout(() => {
      app.log.warn('shutdown: closing connections still open after 10 s');
      app.server.closeAllConnections();
    }, shutdownGraceMs);
    deadline.unref();
    await app.close();
    clearTimeout(deadline);
    await database.close();
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
