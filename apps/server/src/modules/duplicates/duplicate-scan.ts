import { sql, type RawBuilder } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Db, DialectName } from '../../db/types.ts';
import { documentedTypes } from '../catalog/catalog.ts';
import { insertJob } from '../jobs/job.repository.ts';
import { defaultBatchSize, JobFailure, type JobHandler } from '../jobs/job-runner.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { scopeOf } from '../access/access.service.ts';
import { checkedTypes } from './duplicate-check.service.ts';
import { nameSources, storedNameKey } from './duplicate-keys.ts';
import * as repository from './duplicates.repository.ts';

/**
 * The duplicate scan of one item type, a background job (`kind: duplicate-scan`): the groups of live items sharing a
 * normalised phone, a normalised e-mail or a name key, found by SQL alone (window functions over the multifields
 * index and the folded names; no row goes through JavaScript), written as `duplicate_members` under the job's id.
 * Its last step numbers the groups, leaves out those a user dismissed, and makes this scan the type's current one.
 *
 * Every item is scanned whoever started it (the groups are the same for everyone); the review API shows each caller
 * only the items they may read. A value shared by more than `maxGroupSize` items (a switchboard number, a generic
 * e-mail) is a shared value rather than a duplicate: it makes no group.
 */

export const maxGroupSize = 100;

type Step = (db: Db, dialect: DialectName, jobId: number, name: ItemTypeName, now: string) => Promise<void>;

const steps: Step[] = [
  (db, _dialect, jobId, name) => sharedValueStep(db, jobId, name, 'phone'),
  (db, _dialect, jobId, name) => sharedValueStep(db, jobId, name, 'email'),
  (db, _dialect, jobId, name) => nameStep(db, jobId, name),
  (db, dialect, jobId, name, now) => repository.finishScan(db, dialect, jobId, name, now),
];

/**
 * The job's units: each step counts as `defaultBatchSize` units, so the runner does one step per batch (each in its
 * own transaction, with the job's progress) and the progress moves step by step. With another batch size a batch
 * runs every step whose first unit falls in it.
 */
const unitsPerStep = defaultBatchSize;

export const duplicateScanJobs: JobHandler = {
  async open(database, job, now) {
    const name = job.type as ItemTypeName;
    if (!checkedTypes.includes(name)) throw new JobFailure('unknownKind');
    return {
      total: steps.length * unitsPerStep,
      async batch(from, size) {
        const due = steps.map((step, index) => ({ step, start: index * unitsPerStep })).filter(({ start }) => start >= from && start < from + size);
        return async (trx) => {
          for (const { step } of due) await step(trx, database.dialect, job.id, name, now().toISOString());
          return { succeeded: size, refusals: [] };
        };
      },
    };
  },
};

/** Queues a scan of the type (or answers the one queued or running already). */
export async function startScan(ctx: Context, name: ItemTypeName): Promise<{ jobId: number }> {
  if (!checkedTypes.includes(name)) throw notFound();
  // Someone who may read none of the type has no groups to review: the scan is not theirs to start.
  if (scopeOf(ctx.access, name, 'read') === 'none') throw new AppError('FORBIDDEN', { reason: 'scope', action: 'read' });
  const running = await repository.runningScan(ctx.db, name);
  if (running !== undefined) return { jobId: running };
  const jobId = await insertJob(ctx.db, { kind: repository.scanKind, type: name, action: 'scan', createdById: ctx.actor.id, params: {}, total: steps.length * unitsPerStep, now: ctx.now().toISOString() });
  return { jobId };
}

/**
 * The groups of items sharing a normalised phone or e-mail, each item once per group. First the values held more than
 * once, read from the multifields index alone (kind, value, type: no row is read, and most values are held once), then
 * only their rows, joined with the live items.
 */
async function sharedValueStep(db: Db, jobId: number, name: ItemTypeName, kind: 'phone' | 'email'): Promise<void> {
  const table = sql.table(tableOf(name));
  const repeated = sql`select value_normalized from multifields where kind = ${kind} and entity_type = ${name} group by value_normalized having count(*) > 1`;
  const values = sql`select distinct mf.value_normalized as k, mf.entity_id as id
    from multifields mf join ${table} it on it.id = mf.entity_id and it.deleted_at is null
    where mf.kind = ${kind} and mf.entity_type = ${name} and mf.value_normalized in (${repeated})`;
  await insertGroups(db, jobId, kind, values);
}

/** The groups of items whose name key (duplicate-keys.ts) is the same. */
async function nameStep(db: Db, jobId: number, name: ItemTypeName): Promise<void> {
  const source = nameSources[name]!;
  const keyed = sql`select id, k from (select it.id as id, ${storedNameKey(source, 'it')} as k from ${sql.table(tableOf(name))} it where it.deleted_at is null) named where k <> ''`;
  await insertGroups(db, jobId, 'name', keyed);
}

/** Members of every key (`k`) that 2 to `maxGroupSize` items (`id`) of `keyed` share, numbered after the groups so far. */
async function insertGroups(db: Db, jobId: number, criterion: string, keyed: RawBuilder<unknown>): Promise<void> {
  const base = await repository.lastGroupNo(db, jobId);
  await sql`insert into duplicate_members (job_id, group_no, entity_id, criterion, match_key)
    select ${jobId}, ${base} + dense_rank() over (order by k), id, ${criterion}, k
    from (select id, k, count(*) over (partition by k) as n from (${keyed}) keyed) counted
    where n between 2 and ${maxGroupSize}`.execute(db);
}

const tableOf = (name: ItemTypeName) => documentedTypes[name].table;
