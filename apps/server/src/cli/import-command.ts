import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { translate, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import type { Context } from '../context.ts';
import type { Database } from '../db/database.ts';
import { itemTypeNames } from '../modules/catalog/catalog.ts';
import { findJob } from '../modules/jobs/job.repository.ts';
import { authorContext } from '../modules/jobs/job-context.ts';
import { startJobRunner } from '../modules/jobs/job-runner.ts';
import { importBatch, importJobs, stageRows, type ImportParams } from '../modules/import/import-job.ts';
import { loadLookups } from '../modules/import/import-lookups.ts';
import { outcomeCounts, rejectedRows, stagedRows } from '../modules/import/import-rows.repository.ts';
import { importSummary, previewImport, reasonText, startImport, targetLabel, uploadImportFile, type DuplicateMode } from '../modules/import/import.service.ts';
import { sayImport } from './import-messages.ts';
import { cliLocale } from './messages.ts';
import { progressLine } from './progress.ts';

/** A refusal of the command line itself (exit code 2, with the usage). */
export class ImportUsageError extends Error {}

/**
 * `vinculo import <type> <file> [--mapping m.json] [--on-duplicate skip|update|create] [--dry-run] [--as email]`:
 * the same import as the web app's (modules/import), run in this process with a progress line. The mapping file is
 * JSON, `{ "<column header>": "<target>" | null }`, applied over the proposed (or saved) mapping.
 */
export async function importCommand(database: Database, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { mapping: { type: 'string' }, 'on-duplicate': { type: 'string' }, 'dry-run': { type: 'boolean' }, as: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [plural, file] = positionals;
  if (!plural || !file || positionals.length > 2) throw new ImportUsageError(sayImport('missingArguments'));
  const name = itemTypeNames.find((type) => `${type}s` === plural || type === plural || (type === 'company' && plural === 'companies'));
  if (!name) throw new ImportUsageError(sayImport('unknownType', { type: plural }));
  if (!existsSync(file)) {
    console.error(sayImport('noFile', { file }));
    return 1;
  }
  const onDuplicate = (values['on-duplicate'] ?? 'skip') as DuplicateMode;
  if (!['skip', 'update', 'create'].includes(onDuplicate)) throw new ImportUsageError(sayImport('badDuplicateMode'));

  const ctx = await importer(database, values.as);
  if (!ctx) return 1;
  const uploaded = await uploadImportFile(ctx, createReadStream(file), basename(file), 'application/octet-stream', Number.MAX_SAFE_INTEGER);
  const preview = await previewImport(ctx, name, { fileId: uploaded.fileId });
  const mapping = values.mapping ? applyMappingFile(values.mapping, preview.header, preview.mapping) : preview.mapping;
  const { format, encoding = '', delimiter = '' } = preview.shape;
  const read = { file: basename(file), format: format.toUpperCase(), encoding, delimiter: delimiter === '\t' ? 'TAB' : delimiter };
  console.error(sayImport(format === 'xlsx' ? 'readWorkbook' : format === 'html' ? 'readHtml' : 'read', read));
  preview.header.forEach((header, index) => {
    const target = mapping[index];
    console.error(sayImport('column', { header, target: target ? targetLabel(ctx, name, target) : sayImport('notImported') }));
  });

  if (values['dry-run']) return dryRun(database, ctx, name, preview.header, { fileId: uploaded.fileId, fileName: basename(file), shape: preview.shape, mapping, onDuplicate, dayFirst: preview.dayFirst });

  const { jobId } = await startImport(ctx, name, { fileId: uploaded.fileId, mapping, onDuplicate, saveMapping: false });
  const progress = progressLine(process.stderr);
  const runner = startJobRunner(database, { handlers: { import: importJobs }, now: () => new Date(), batchSize: 500 });
  const timer = setInterval(async () => {
    const job = await findJob(database.db, jobId);
    if (job && job.total > 0) progress(sayImport('progress', { done: job.processed, total: job.total }));
    else progress(sayImport('staging'));
  }, 1000);
  try {
    runner.wake();
    await runner.whenIdle();
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
  const job = (await findJob(database.db, jobId))!;
  progress(sayImport('progress', { done: job.processed, total: job.total }), true);
  progress.end();
  if (job.status === 'failed') {
    console.error(sayImport('failed', { reason: translate(ctx.locale, `job.error.${job.error}` as MessageKey) }));
    return 1;
  }
  const summary = await importSummary(ctx, jobId);
  await printRejected(ctx, jobId, summary.rejected, preview.header);
  console.log(sayImport('done', { job: jobId, created: summary.created, updated: summary.updated, skipped: summary.skipped, rejected: summary.rejected }));
  return 0;
}

/** Who imports: the user named by --as, else the first administrator. */
async function importer(database: Database, email: string | undefined): Promise<Context | undefined> {
  const query = database.db.selectFrom('users').select('id').where('is_active', '=', 1);
  const user = await (email ? query.where('email', '=', email.trim().toLowerCase()) : query.where('is_admin', '=', 1).orderBy('id')).executeTakeFirst();
  if (!user) {
    console.error(email ? sayImport('noUser', { email }) : sayImport('noAdmin'));
    return undefined;
  }
  return authorContext(database, Number(user.id), () => new Date());
}

/** The mapping file's targets (by column header) over the proposed mapping. */
function applyMappingFile(path: string, header: string[], proposed: Array<string | null>): Array<string | null> {
  let given: Record<string, unknown>;
  try {
    given = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Error('{ "header": "target" }');
  } catch (error) {
    throw new ImportUsageError(sayImport('badMapping', { file: path, reason: (error as Error).message }));
  }
  const mapping = [...proposed];
  for (const [column, target] of Object.entries(given)) {
    const index = header.findIndex((title) => title === column);
    if (index < 0) throw new ImportUsageError(sayImport('badMapping', { file: path, reason: sayImport('unknownHeader', { header: column }) }));
    if (target !== null && typeof target !== 'string') throw new ImportUsageError(sayImport('badMapping', { file: path, reason: `"${column}"` }));
    mapping[index] = target;
  }
  return mapping;
}

class RolledBack extends Error {}

/** The whole import in one transaction that is rolled back: what it would do, row by row, with nothing saved. */
async function dryRun(database: Database, ctx: Context, name: ItemTypeName, header: string[], params: ImportParams): Promise<number> {
  let counts: Record<string, number> = {};
  let rejected: Array<{ rowNo: number; code: string; column?: number; value?: string }> = [];
  const progress = progressLine(process.stderr);
  try {
    await database.db.transaction().execute(async (trx) => {
      const tx = { ...ctx, db: trx };
      const job = await trx
        .insertInto('jobs')
        .values({ kind: 'import', type: name, action: params.onDuplicate, created_by_id: ctx.actor.id, params: JSON.stringify(params), total: 0, created_at: new Date().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      const jobId = Number(job.id);
      const total = await stageRows(trx, jobId, params);
      const lookups = await loadLookups(tx, params.dayFirst);
      for (let from = 0; from < total; from += 500) {
        await importBatch(tx, name, jobId, params, await stagedRows(trx, jobId, from + 1, from + 500), lookups);
        progress(sayImport('progress', { done: Math.min(total, from + 500), total }), from + 500 >= total);
      }
      counts = (await outcomeCounts(trx, [jobId])).get(jobId) ?? {};
      rejected = (await rejectedRows(trx, jobId, 0, 10)).map((row) => ({ rowNo: row.rowNo, ...row.reason }));
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  progress.end();
  for (const row of rejected) console.error(sayImport('rejectedRow', { row: row.rowNo + 1, reason: rejectedText(row.code, row.column, row.value, header) }));
  console.log(sayImport('dryRunDone', { created: counts.created ?? 0, updated: counts.updated ?? 0, skipped: counts.skipped ?? 0, rejected: counts.rejected ?? 0 }));
  return 0;
}

/** Why a row was rejected, in the CLI's language: the column, the reason, the value read. */
function rejectedText(code: string, column: number | undefined, value: string | undefined, header: string[]): string {
  const reason = reasonText({ locale: cliLocale() }, code);
  const where = column !== undefined && header[column] !== undefined ? `${header[column]}: ` : '';
  return `${where}${reason}${value !== undefined ? ` ("${value}")` : ''}`;
}

async function printRejected(ctx: Context, jobId: number, count: number, header: string[]) {
  if (count === 0) return;
  const rows = await rejectedRows(ctx.db, jobId, 0, 10);
  for (const row of rows) console.error(sayImport('rejectedRow', { row: row.rowNo + 1, reason: rejectedText(row.reason.code, row.reason.column, row.reason.value, header) }));
  if (count > rows.length) console.error(sayImport('moreRejected', { count: count - rows.length, job: jobId }));
}
