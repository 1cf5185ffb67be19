import { sql, type Selectable } from 'kysely';
import type { Db, DialectName, SystemTables } from '../../db/types.ts';

/** Kysely queries of the `jobs` table. No business rules here: the runner (job-runner.ts) decides. */

export type JobRow = Selectable<SystemTables['jobs']>;
export type JobStatus = JobRow['status'];

/** One item a job left alone, and why: a code (`FORBIDDEN`, `CONFLICT`…) and what its message needs. */
export interface StoredRefusal {
  id: number;
  code: string;
  params?: Record<string, string | number>;
}

/** The most refusals a job keeps with their reasons; `refused` counts them all. */
export const refusalsKept = 1000;

export interface NewJob {
  kind: string;
  type: string;
  action: string;
  createdById: number;
  params: unknown;
  total: number;
  now: string;
}

export async function insertJob(db: Db, job: NewJob): Promise<number> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      type: job.type,
      action: job.action,
      created_by_id: job.createdById,
      status: 'queued',
      params: JSON.stringify(job.params),
      total: job.total,
      created_at: job.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export const findJob = (db: Db, id: number): Promise<JobRow | undefined> => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * Takes the oldest job that is queued, or running under a lease that has expired (its server died or hung), for
 * `owner` until `leaseUntil`, in one statement: of two servers claiming at once, one gets it (PostgreSQL: the row
 * lock, skipping a row another claim holds, and the condition checked again under it; SQLite: one writer at a time).
 * With `kinds`, only jobs of those kinds (a CLI command that runs its own job, next to servers that run any).
 */
export async function claimNext(db: Db, dialect: DialectName, owner: string, now: string, leaseUntil: string, kinds?: string[]): Promise<JobRow | undefined> {
  const ofKind = kinds ? sql` and kind in (${sql.join(kinds)})` : sql``;
  const claimable = sql`(((status = 'queued' and (run_after is null or run_after <= ${now})) or (status = 'running' and lease_expires_at < ${now}))${ofKind})`;
  // A read first: most looks find nothing, and an UPDATE would take SQLite's write lock even then.
  if ((await sql`select 1 from jobs where ${claimable} limit 1`.execute(db)).rows.length === 0) return undefined;
  const skipLocked = sql.raw(dialect === 'postgres' ? ' for update skip locked' : '');
  const result = await sql<JobRow>`
    update jobs set status = 'running', lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, started_at = coalesce(started_at, ${now})
    where id = (select id from jobs where ${claimable} order by id limit 1${skipLocked}) and ${claimable}
    returning *`.execute(db);
  return result.rows[0];
}

export interface Progress {
  processed: number;
  succeeded: number;
  refused: number;
  /** The refusals kept so far (at most `refusalsKept`); written only when `refusalsChanged`. */
  refusals: StoredRefusal[];
  refusalsChanged: boolean;
}

/**
 * Records a job's progress and renews its lease, if `owner` still holds it and the job still runs (not cancelled,
 * not claimed by another server after the lease ran out). Returns false otherwise: the caller's transaction must
 * then roll back, so the batch it wrote is undone with it.
 */
export async function recordProgress(db: Db, id: number, owner: string, leaseUntil: string, progress: Progress): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      processed: progress.processed,
      succeeded: progress.succeeded,
      refused: progress.refused,
      ...(progress.refusalsChanged ? { refusals: JSON.stringify(progress.refusals) } : {}),
      lease_expires_at: leaseUntil,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Ends a job `owner` holds: done, failed (with an error code) or, at shutdown, back to queued for any server to take
 * up at once. A finished job drops its selection from `params` (up to 100,000 ids): only the counts and refusals stay.
 */
export async function releaseJob(db: Db, id: number, owner: string, status: 'done' | 'failed' | 'queued', now: string, error: string | null = null, params?: unknown): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      status,
      error,
      lease_owner: null,
      lease_expires_at: null,
      ...(status === 'queued' ? {} : { finished_at: now }),
      ...(params === undefined ? {} : { params: JSON.stringify(params) }),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Replaces a running job's params: for work that keeps where it stopped with its progress (an export's cursor), in
 * the batch's transaction, so a resumed job reads the state of its last committed batch.
 */
export async function saveJobParams(db: Db, id: number, params: unknown): Promise<void> {
  await db.updateTable('jobs').set({ params: JSON.stringify(params) }).where('id', '=', id).execute();
}

/**
 * After an unexpected failure: back to the queue, to be claimed again from `runAfter` on (its progress kept: the
 * batches it finished stay finished), or, once it has failed `attempts` times too many, onto the dead-letter list.
 */
export async function failJob(db: Db, id: number, owner: string, now: string, outcome: { attempts: number; lastError: string; runAfter: string | null; params?: unknown }): Promise<void> {
  const dead = outcome.runAfter === null;
  await db
    .updateTable('jobs')
    .set({
      status: dead ? 'failed' : 'queued',
      attempts: outcome.attempts,
      last_error: outcome.lastError.slice(0, 2000),
      run_after: outcome.runAfter,
      lease_owner: null,
      lease_expires_at: null,
      ...(dead ? { error: 'internal', dead_at: now, finished_at: now } : {}),
      ...(dead && outcome.params !== undefined ? { params: JSON.stringify(outcome.params) } : {}),
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .execute();
}

/** The dead-letter list: jobs that kept failing, newest first. */
export const deadJobs = (db: Db, limit: number): Promise<JobRow[]> =>
  db.selectFrom('jobs').selectAll().where('dead_at', 'is not', null).orderBy('dead_at', 'desc').orderBy('id', 'desc').limit(limit).execute();

/** Takes a job off the dead-letter list and queues it again, its attempts counted afresh. Returns whether it was there. */
export async function requeueDeadJob(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', attempts: 0, run_after: null, dead_at: null, error: null, finished_at: null })
    .where('id', '=', id)
    .where('dead_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Cancels a job that has not finished; a runner working on it stops at its next batch. Returns whether it was cancelled. */
export async function cancelJob(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now, lease_owner: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
