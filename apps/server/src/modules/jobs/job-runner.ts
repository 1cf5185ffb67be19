import { randomBytes } from 'node:crypto';
import { startPoller } from '../worker/poller.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Db } from '../../db/types.ts';
import { backoffDelay } from '../worker/backoff.ts';
import { claimNext, failJob, recordProgress, refusalsKept, releaseJob, type JobRow, type StoredRefusal } from './job.repository.ts';

/**
 * The in-process job runner every app server starts. Servers are stateless and several may share one database: a
 * runner claims a queued job (or one whose lease ran out: its server died) under a lease, works through it in batches,
 * each batch and the job's progress in one transaction (so a batch is done once, whoever finishes the job), renews the
 * lease with every batch, and at shutdown hands the job back after the batch in hand. A new job wakes the runner of
 * the server that took it at once; a timer looks for the others' (and for expired leases) now and then.
 *
 * A job that fails for a reason its kind names (`JobFailure`: a bad file, its author deactivated) ends as failed. One
 * that fails unexpectedly (a bug, the database gone for a moment) goes back to the queue and is tried again after an
 * exponential back-off, from the batch it was at; after `maxAttempts` it lands on the dead-letter list with its
 * error, where an administrator sees it and may queue it again (job.routes.ts).
 */

declare module 'fastify' {
  interface FastifyInstance {
    /** This server's job runner (modules/jobs): `wake()` after queueing a job. */
    jobRunner: JobRunner;
  }
}

/** What one batch did: the items it changed (or found already as asked) and those it left alone, with why. */
export interface BatchOutcome {
  succeeded: number;
  refusals: StoredRefusal[];
}

/**
 * A claimed job's work: `total` units, done in order. `batch(from, size)` prepares units `from`..`from + size - 1`
 * outside any transaction (e.g. the author's current rights) and returns the step to run in the batch's transaction.
 */
export interface JobWork {
  total: number;
  batch(from: number, size: number): Promise<(trx: Db) => Promise<BatchOutcome>>;
  /** What stays of `params` once the job has ended (its selection can be large); default: all of it. */
  finishedParams?: unknown;
  /** Units per batch when this kind wants other than the runner's (an export writes thousands of rows per batch). */
  batchSize?: number;
}

/** How a kind of job is done (`bulk`: group actions). */
export interface JobHandler {
  open(database: Database, job: JobRow, now: () => Date): Promise<JobWork>;
}

/** A reason to end a job as failed that its author is told (`error.code`); anything else fails it as `internal`. */
export class JobFailure extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export interface JobRunner {
  /** Looks for work now (a job was just queued). */
  wake(): void;
  /** Resolves when the runner has nothing left to do: every job it could claim is finished. */
  whenIdle(): Promise<void>;
  /** Stops after the batch in hand; a job left unfinished goes back to the queue. Idempotent. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  handlers: Record<string, JobHandler>;
  now: () => Date;
  log?: FastifyBaseLogger;
  /** Who holds the leases this runner takes; unique per process by default. */
  owner?: string;
  batchSize?: number;
  /** How long a claim (or the last batch) holds the job: past it, another server may take the job up. */
  leaseMs?: number;
  /** How often to look for jobs queued by other servers and leases that ran out. */
  pollMs?: number;
  /** Claim only jobs of these kinds (default: any); the CLI's `export` runs its own kind next to running servers. */
  kinds?: string[];
  /** Unexpected failures before a job goes to the dead-letter list. */
  maxAttempts?: number;
  /** The delay before the first retry; it doubles with each next one (at most an hour). */
  backoffMs?: number;
}

export const defaultMaxAttempts = 5;

export const defaultBatchSize = 500;
export const defaultLeaseMs = 60_000;

class LeaseLost extends Error {}

export function startJobRunner(database: Database, options: RunnerOptions): JobRunner {
  const owner = options.owner ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
  const batchSize = options.batchSize ?? defaultBatchSize;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const runAll = async () => {
    while (!polling.stopped) {
      const now = options.now();
      const job = await claimNext(database.db, database.dialect, owner, now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), options.kinds);
      if (!job) return;
      await runJob(job);
    }
  };

  const runJob = async (job: JobRow) => {
    const leaseUntil = () => new Date(options.now().getTime() + leaseMs).toISOString();
    const progress = { processed: job.processed, succeeded: job.succeeded, refused: job.refused, refusals: JSON.parse(job.refusals) as StoredRefusal[], refusalsChanged: false };
    let work: JobWork | undefined;
    try {
      const handler = options.handlers[job.kind];
      if (!handler) throw new JobFailure('unknownKind');
      work = await handler.open(database, job, options.now);
      while (progress.processed < work.total) {
        if (polling.stopped) {
          await releaseJob(database.db, job.id, owner, 'queued', options.now().toISOString());
          return;
        }
        const size = Math.min(work.batchSize ?? batchSize, work.total - progress.processed);
        const step = await work.batch(progress.processed, size);
        const next = await database.db.transaction().execute(async (trx) => {
          const outcome = await step(trx);
          const kept = outcome.refusals.slice(0, Math.max(0, refusalsKept - progress.refusals.length));
          const after = {
            processed: progress.processed + size,
            succeeded: progress.succeeded + outcome.succeeded,
            refused: progress.refused + outcome.refusals.length,
            refusals: kept.length > 0 ? [...progress.refusals, ...kept] : progress.refusals,
            refusalsChanged: kept.length > 0,
          };
          if (!(await recordProgress(trx, job.id, owner, leaseUntil(), after))) throw new LeaseLost();
          return after;
        });
        Object.assign(progress, next);
        // Between batches, other requests get their turn (SQLite serves them all on one connection).
        await new Promise((resolve) => setImmediate(resolve));
      }
      await releaseJob(database.db, job.id, owner, 'done', options.now().toISOString(), null, work.finishedParams);
    } catch (error) {
      // Cancelled, or taken over by another server after this one stalled past its lease: theirs now.
      if (error instanceof LeaseLost) return;
      if (error instanceof JobFailure) {
        await releaseJob(database.db, job.id, owner, 'failed', options.now().toISOString(), error.code, work?.finishedParams);
        return;
      }
      const attempts = job.attempts + 1;
      const dead = attempts >= (options.maxAttempts ?? defaultMaxAttempts);
      options.log?.error({ err: error, jobId: job.id, attempts, dead }, dead ? 'jobs: a job failed too often; it is on the dead-letter list' : 'jobs: a job failed; it will be tried again');
      const now = options.now();
      const runAfter = dead ? null : new Date(now.getTime() + backoffDelay(attempts, options.backoffMs ?? 5_000, 3_600_000)).toISOString();
      const lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await failJob(database.db, job.id, owner, now.toISOString(), { attempts, lastError, runAfter, params: work?.finishedParams });
    }
  };

  const polling = startPoller(runAll, { pollMs: options.pollMs ?? 5_000, onError: (error) => options.log?.error({ err: error }, 'jobs: looking for work failed') });
  polling.wake();

  return { wake: polling.wake, whenIdle: polling.settled, stop: polling.stop };
}
