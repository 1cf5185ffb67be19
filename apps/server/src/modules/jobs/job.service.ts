import { messages, translate, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { notFound } from '../../http/app-error.ts';
import { requireOrgAdmin } from '../org/org.policy.ts';
import { cancelJob, deadJobs, findJob, requeueDeadJob, type JobRow, type StoredRefusal } from './job.repository.ts';

/** A job as its author reads it: progress, the refused items with why (in the reader's language), the outcome. */

export interface JobDto {
  id: number;
  kind: string;
  type: string;
  action: string;
  status: JobRow['status'];
  total: number;
  processed: number;
  succeeded: number;
  refused: number;
  refusals: Array<{ id: number; code: string; reason: string }>;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string } | null;
  /** The file a finished job wrote (an export), to download at GET /api/v1/transfer-files/{id}/content; else null. */
  fileId: number | null;
  attempts: number;
  deadAt: string | null;
}

export interface DeadJobDto extends JobDto {
  lastError: string | null;
  createdBy: { id: number; name: string };
}

/** A job of the caller's (an administrator reads anyone's); anyone else's is a 404, as if it did not exist. */
export async function readJob(ctx: Context, id: number): Promise<JobDto> {
  return presentJob(ctx, await ownJob(ctx, id));
}

/** Stops a job that has not ended (the batch in hand finishes; what was done stays done) and answers it. */
export async function cancelOwnJob(ctx: Context, id: number): Promise<JobDto> {
  await ownJob(ctx, id);
  await cancelJob(ctx.db, id, ctx.now().toISOString());
  return presentJob(ctx, (await findJob(ctx.db, id))!);
}

/** The dead-letter list, for administrators: the jobs that failed too often, with their last error and author. */
export async function deadLetters(ctx: Context): Promise<DeadJobDto[]> {
  requireOrgAdmin(ctx);
  const jobs = await deadJobs(ctx.db, 200);
  const ids = [...new Set(jobs.map((job) => job.created_by_id))];
  const names = new Map(ids.length === 0 ? [] : (await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()).map((u) => [u.id, u.name]));
  return jobs.map((job) => ({ ...presentJob(ctx, job), lastError: job.last_error, createdBy: { id: job.created_by_id, name: names.get(job.created_by_id) ?? '' } }));
}

/** Queues a dead-lettered job again (administrators). */
export async function retryDeadJob(ctx: Context, id: number): Promise<JobDto> {
  requireOrgAdmin(ctx);
  if (!(await requeueDeadJob(ctx.db, id))) throw notFound();
  return presentJob(ctx, (await findJob(ctx.db, id))!);
}

async function ownJob(ctx: Context, id: number): Promise<JobRow> {
  const job = await findJob(ctx.db, id);
  if (!job || (job.created_by_id !== ctx.actor.id && !ctx.actor.isAdmin)) throw notFound();
  return job;
}

function presentJob(ctx: Context, job: JobRow): JobDto {
  const refusals = (JSON.parse(job.refusals) as StoredRefusal[]).map((refusal) => ({ id: refusal.id, code: refusal.code, reason: reasonOf(ctx, job, refusal) }));
  return {
    id: job.id,
    kind: job.kind,
    type: job.type,
    action: job.action,
    status: job.status,
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    refused: job.refused,
    refusals,
    createdAt: job.created_at,
    startedAt: job.started_at,
    finishedAt: job.finished_at,
    error: job.error === null ? null : { code: job.error, message: translate(ctx.locale, known(`job.error.${job.error}`) ?? 'job.error.internal') },
    fileId: job.status === 'done' ? outputFileOf(job) : null,
    attempts: job.attempts,
    deadAt: job.dead_at,
  };
}

/** A job that writes a file keeps its id as `outputFileId` in its params (see modules/export). */
function outputFileOf(job: JobRow): number | null {
  const params = JSON.parse(job.params) as { outputFileId?: unknown };
  return typeof params.outputFileId === 'number' ? params.outputFileId : null;
}

const known = (key: string): MessageKey | undefined => (key in messages ? (key as MessageKey) : undefined);

/** Why an item was refused, in the reader's language; a field is named by its label as the reader knows it. */
function reasonOf(ctx: Context, job: JobRow, refusal: StoredRefusal): string {
  const params = refusal.params ?? {};
  if (refusal.code === 'INVALID') {
    const type = ctx.catalog.full[job.type as ItemTypeName];
    const label = (name: string) => type?.fields.find((f) => f.name === name)?.label[ctx.locale] ?? name;
    const field = String(params.field ?? '');
    const fields = String(params.rule) === 'requireOneOf' ? (type?.requireOneOf ?? []).map(label).join(', ') : '';
    return `${label(field)} ${translate(ctx.locale, known(`rule.${params.rule}`) ?? 'rule.type', { ...params, fields })}`;
  }
  // An import refuses rows (`id` is the row's number) for the reasons of modules/import.
  if (job.kind === 'import') return translate(ctx.locale, known(`import.reason.${refusal.code}`) ?? 'import.reason.other');
  const key = known(`bulk.refused.${refusal.code}.${job.action}`) ?? known(`bulk.refused.${refusal.code}`) ?? 'error.CONFLICT';
  return translate(ctx.locale, key, params);
}
