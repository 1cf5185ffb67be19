import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import { bulkJobs } from '../bulk/bulk-job.ts';
import { duplicateScanJobs } from '../duplicates/duplicate-scan.ts';
import { startDispatcher, type Dispatcher, type ListenerSource } from '../events/dispatcher.ts';
import { exportJobs } from '../export/export-job.ts';
import { importJobs } from '../import/import-job.ts';
import { importUndoJobs } from '../import/import-undo-job.ts';
import { startJobRunner, type JobHandler, type JobRunner } from '../jobs/job-runner.ts';
import { sendDueReminders } from '../notifications/notification.service.ts';
import { purgeExpired } from '../recycle-bin/recycle-bin.service.ts';
import { bitrixEventListeners } from '../bitrix/bitrix-events.ts';
import { webhookListeners } from '../webhooks/webhook-listener.ts';
import { startPeriodic, type Periodic, type PeriodicTask } from './periodic.ts';

/**
 * The background work of a process: the job runner (imports, exports, group actions, duplicate scans), the outbox
 * dispatcher (webhooks and every other listener) and the periodic tasks. `vinculo serve` runs one next to the HTTP
 * server unless RUN_WORKER=false; `vinculo worker` runs one alone. Any number may run on one database: jobs and
 * listeners are claimed under leases, periodic tasks once per period across them all.
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's background work, when it runs one (tests wait on `worker.events.whenIdle()`). */
    worker?: Worker;
  }
}

export interface Worker {
  jobs: JobRunner;
  events: Dispatcher;
  periodic: Periodic | null;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  now: () => Date;
  log?: FastifyBaseLogger;
  /** Run the periodic tasks (off in tests, which call them directly). */
  periodic?: { recycleBinDays: number } | false;
  /** How often to look for jobs and events other processes wrote. */
  jobPollMs?: number;
  eventPollMs?: number;
  /** Listeners besides the webhooks (tests). */
  listeners?: ListenerSource[];
  /** Lease of a claimed job or listener: past it, another process takes over (a process that died). */
  leaseMs?: number;
  /** The first retry's delay after a failure; it doubles with each next one. */
  backoffMs?: number;
  /** The server's public address (PUBLIC_URL), named in what Bitrix24-style event handlers receive. */
  publicUrl?: string;
}

/** Every kind of background job, by the name stored in `jobs.kind`. */
export const jobHandlers: Record<string, JobHandler> = {
  bulk: bulkJobs,
  import: importJobs,
  'import-undo': importUndoJobs,
  'duplicate-scan': duplicateScanJobs,
  export: exportJobs(),
};

export function periodicTasks(recycleBinDays: number, log?: FastifyBaseLogger): PeriodicTask[] {
  return [
    {
      name: 'recycle-bin-purge',
      everyMs: 3_600_000,
      run: async (database, now) => {
        const purged = await purgeExpired(database, now, recycleBinDays);
        if (purged > 0) log?.info({ purged }, 'recycle bin: purged expired items');
      },
    },
    // Each reminder is sent once even if two sweeps overlapped (notification.service.ts); the turn keeps it to one sweep a minute.
    { name: 'activity-reminders', everyMs: 60_000, run: async (database, now) => void (await sendDueReminders(database, now)) },
  ];
}

export function startWorker(database: Database, options: WorkerOptions): Worker {
  const jobs = startJobRunner(database, { handlers: jobHandlers, now: options.now, log: options.log, pollMs: options.jobPollMs, leaseMs: options.leaseMs, backoffMs: options.backoffMs });
  const events = startDispatcher(database, {
    sources: [webhookListeners(database, options.now, options.log), bitrixEventListeners(database, options.publicUrl ?? 'http://localhost', options.now, options.log), ...(options.listeners ?? [])],
    now: options.now,
    log: options.log,
    pollMs: options.eventPollMs,
    leaseMs: options.leaseMs,
    backoffMs: options.backoffMs,
  });
  const periodic = options.periodic ? startPeriodic(database, periodicTasks(options.periodic.recycleBinDays, options.log), { now: options.now, log: options.log }) : null;
  return {
    jobs,
    events,
    periodic,
    async stop() {
      await Promise.all([jobs.stop(), events.stop(), periodic?.stop()]);
    },
  };
}
