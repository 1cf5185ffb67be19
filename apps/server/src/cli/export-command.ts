import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import qs from 'qs';
import { messages, translate, type MessageKey } from '@vinculo/shared';
import type { Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import { itemTypeNames, typeNameOf } from '../modules/catalog/catalog.ts';
import { startExport, type ExportFormat } from '../modules/export/export.service.ts';
import { exportJobs } from '../modules/export/export-job.ts';
import { authorContext } from '../modules/jobs/job-context.ts';
import { startJobRunner } from '../modules/jobs/job-runner.ts';
import { findJob } from '../modules/jobs/job.repository.ts';
import { findTransferFile } from '../modules/transfer-files/transfer-file.repository.ts';
import { fileStream } from '../modules/transfer-files/transfer-file.service.ts';
import { getListView } from '../modules/views/list-view.service.ts';
import { cliLocale, say } from './messages.ts';
import { progressLine } from './progress.ts';

/**
 * `vinculo export <type> --format csv|xlsx [--filter 'filter[stageId]=WON&sort=-id'] [--output F] [--as E] [--all-fields]`:
 * the export the list screen makes (modules/export), as a user (their rights, fields and list columns), run by a job
 * runner in this process that takes only export jobs (a server sharing the database may take it instead: either
 * way the CLI follows the job), then the file to --output or stdout. Progress goes to stderr.
 */

export interface ExportOptions {
  type: string | undefined;
  format: string | undefined;
  filter?: string;
  output?: string;
  as?: string;
  allFields: boolean;
}

/** A reason the command refuses its input, said to the user (exit 2 with the usage). */
export class ExportUsageError extends Error {}

export async function exportCommand(database: Database, options: ExportOptions): Promise<number> {
  const name = options.type === undefined ? undefined : (typeNameOf(options.type) ?? itemTypeNames.find((n) => n === options.type));
  if (!name) throw new ExportUsageError(say('export.badType', { type: options.type ?? '' }));
  if (options.format !== 'csv' && options.format !== 'xlsx') throw new ExportUsageError(say('export.badFormat', { format: options.format ?? '' }));
  const query = parseQuery(options.filter);

  const user = await actingUser(database, options.as);
  if (!user) {
    console.error(options.as ? say('userNotFound', { email: options.as }) : say('needAdmin'));
    return 1;
  }
  const now = () => new Date();
  const ctx = { ...(await authorContext(database, user.id, now)), locale: cliLocale() };
  let started;
  try {
    const columns = options.allFields ? undefined : (await getListView(ctx, name)).columns.map((column) => column.field);
    started = await startExport(ctx, name, { format: options.format as ExportFormat, columns, ...query });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const details = Array.isArray(error.details) ? error.details.map((d) => `${d.field} (${d.rule})`).join(', ') : '';
    console.error(say('export.refused', { reason: error.message !== error.code ? error.message : details || error.code }));
    return 1;
  }

  const runner = startJobRunner(database, { handlers: { export: exportJobs() }, now, kinds: ['export'], pollMs: 1000 });
  const progress = progressLine(process.stderr);
  const number = (n: number) => n.toLocaleString(cliLocale());
  const begun = performance.now();
  try {
    for (;;) {
      const job = (await findJob(database.db, started.jobId))!;
      const seconds = (performance.now() - begun) / 1000;
      progress(say('export.progress', { done: number(job.succeeded), total: number(job.total), rate: number(Math.round(job.succeeded / Math.max(seconds, 0.001))) }), job.status !== 'queued' && job.status !== 'running');
      if (job.status === 'done') break;
      if (job.status === 'failed' || job.status === 'cancelled') {
        progress.end();
        const key = `job.error.${job.error ?? 'internal'}`;
        console.error(say('export.jobFailed', { reason: key in messages ? translate(cliLocale(), key as MessageKey) : (job.error ?? job.status) }));
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await runner.stop();
  }
  progress.end();
  const file = (await findTransferFile(database.db, started.fileId))!;
  await pipeline(fileStream(database.db, file), options.output ? createWriteStream(options.output) : process.stdout);
  const job = (await findJob(database.db, started.jobId))!;
  console.error(say('export.done', { rows: number(job.succeeded), file: options.output ?? 'stdout', size: (file.size / 1e6).toFixed(1), seconds: ((performance.now() - begun) / 1000).toFixed(1) }));
  return 0;
}

/** `--filter` takes the list's query string: `filter[…]`, `search` and `sort`; anything else is refused by name. */
function parseQuery(text: string | undefined): { filter?: Record<string, unknown>; search?: string; sort?: string } {
  if (!text) return {};
  const parsed = qs.parse(text.replace(/^\?/, ''), { depth: 3, arrayLimit: 500, parameterLimit: 200, plainObjects: true }) as Record<string, unknown>;
  const unknown = Object.keys(parsed).filter((key) => !['filter', 'search', 'sort'].includes(key));
  if (unknown.length > 0) throw new ExportUsageError(say('export.badFilter', { keys: unknown.join(', ') }));
  const { filter, search, sort } = parsed;
  if ((filter !== undefined && (typeof filter !== 'object' || filter === null || Array.isArray(filter))) || (search !== undefined && typeof search !== 'string') || (sort !== undefined && typeof sort !== 'string')) {
    throw new ExportUsageError(say('export.badFilter', { keys: 'filter' }));
  }
  return { ...(filter ? { filter: filter as Record<string, unknown> } : {}), ...(search ? { search } : {}), ...(sort ? { sort } : {}) };
}

/** The user named by --as (active), or the first active administrator. */
async function actingUser(database: Database, email: string | undefined) {
  let query = database.db.selectFrom('users').select(['id', 'email']).where('is_active', '=', 1);
  query = email ? query.where('email', '=', email.trim().toLowerCase()) : query.where('is_admin', '=', 1).orderBy('id');
  return query.executeTakeFirst();
}
