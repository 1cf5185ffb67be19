import { messages, translate, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { scopeOf } from '../access/access.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findJob, insertJob, type JobRow } from '../jobs/job.repository.ts';
import type { TransferFileRow } from '../transfer-files/transfer-file.repository.ts';
import { fileStream, ownTransferFile, storeStream } from '../transfer-files/transfer-file.service.ts';
import type { Lookups } from './cell-parsing.ts';
import { detectShape, readRows, UnreadableFile, type FileShape } from './file-reading.ts';
import { headerKey, headerSignature, proposeMapping, targetsOf, type Target } from './header-mapping.ts';
import type { ImportParams } from './import-job.ts';
import { loadLookups } from './import-lookups.ts';
import { countUndoable, outcomeCounts } from './import-rows.repository.ts';
import { planRow, RowRefusal } from './row-plan.ts';

/**
 * Import of a CSV or XLSX file into an item type: upload the file, preview it (how it reads, the proposed mapping,
 * the first rows as they will be imported), start the import (a background job), follow it, read the rejected rows,
 * undo it. Every step acts as the caller: their import right, their view of the fields.
 */

export type DuplicateMode = ImportParams['onDuplicate'];

export const previewRows = 10;

/** Stores an uploaded file for a later import (kept seven days). */
export async function uploadImportFile(ctx: Context, source: AsyncIterable<Uint8Array>, name: string, contentType: string, maxBytes: number) {
  requireImportRight(ctx);
  const stored = await storeStream(ctx, source, { purpose: 'import', name, contentType }, maxBytes, () => new AppError('PAYLOAD_TOO_LARGE', { maxBytes }, translate(ctx.locale, 'import.tooLarge', { max: Math.round(maxBytes / 1048576) })));
  if (stored.size === 0) throw invalid([{ field: 'file', rule: 'empty', message: translate(ctx.locale, 'import.file.empty') }]);
  return { fileId: stored.id, name, size: stored.size };
}

export interface PreviewRequest {
  fileId: number;
  /** One target (or null) per column; absent: the saved mapping for this header, else the proposed one. */
  mapping?: Array<Target | null>;
}

/** How a file reads, its mapping and the first rows as they will be imported (values or the reason each is refused). */
export async function previewImport(ctx: Context, name: ItemTypeName, request: PreviewRequest) {
  requireImportRight(ctx, name);
  const file = await importFile(ctx, request.fileId);
  const { shape, header, rows } = await readHead(ctx, file, previewRows);
  const type = ctx.catalog.visible[name];
  const saved = await savedMapping(ctx, name, header);
  const mapping = request.mapping ? checkMapping(ctx, name, request.mapping, header.length) : (saved ?? proposeMapping(type, header));
  const dayFirst = guessDayFirst(header, rows, ctx.locale);
  const lookups = await loadLookups(ctx, dayFirst);
  return {
    file: { id: file.id, name: file.name, size: file.size },
    shape,
    header,
    mapping,
    mappingSource: request.mapping ? 'given' : saved ? 'saved' : 'proposed',
    targets: targetsOf(type).map((target) => ({ target, label: targetLabel(ctx, name, target) })),
    dayFirst,
    rows: rows.map((cells, index) => previewRow(ctx, name, mapping, cells, lookups, index + 1)),
  };
}

function previewRow(ctx: Context, name: ItemTypeName, mapping: Array<Target | null>, cells: string[], lookups: Lookups, rowNo: number) {
  try {
    const plan = planRow(ctx.catalog.visible[name], mapping, cells, lookups);
    return { rowNo, cells, values: plan.input, company: plan.company ?? null, contact: plan.contact ?? null, error: null };
  } catch (error) {
    if (!(error instanceof RowRefusal)) throw error;
    return { rowNo, cells, values: null, company: null, contact: null, error: { code: error.code, column: error.column ?? null, message: reasonText(ctx, error.code) } };
  }
}

export interface StartRequest {
  fileId: number;
  mapping: Array<Target | null>;
  onDuplicate: DuplicateMode;
  /** Keep this mapping for the next file with the same header (default true). */
  saveMapping?: boolean;
  dayFirst?: boolean;
}

/** Queues the import of a file: a job whose first step stages the rows, then imports them in batches. */
export async function startImport(ctx: Context, name: ItemTypeName, request: StartRequest): Promise<{ jobId: number }> {
  requireImportRight(ctx, name);
  const file = await importFile(ctx, request.fileId);
  const { shape, header, rows } = await readHead(ctx, file, previewRows);
  const mapping = checkMapping(ctx, name, request.mapping, header.length);
  if (mapping.every((target) => target === null)) throw invalid([{ field: 'mapping', rule: 'empty', message: translate(ctx.locale, 'import.mappingEmpty') }]);
  const params: ImportParams = { fileId: file.id, fileName: file.name, shape, mapping, onDuplicate: request.onDuplicate, dayFirst: request.dayFirst ?? guessDayFirst(header, rows, ctx.locale) };
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now().toISOString();
    if (request.saveMapping !== false) await saveMapping(trx, ctx.actor.id, name, header, mapping, now);
    const jobId = await insertJob(trx, { kind: 'import', type: name, action: request.onDuplicate, createdById: ctx.actor.id, params, total: 0, now });
    await recordAudit({ ...ctx, db: trx }, { kind: 'import.started', target: { type: name, id: String(jobId) }, details: { file: file.name, onDuplicate: request.onDuplicate } });
    return { jobId };
  });
}

/** An import job and what became of its rows. */
export async function importSummary(ctx: Context, jobId: number) {
  const [summary] = await summariesOf(ctx, [await ownImportJob(ctx, jobId, 'import')]);
  return summary;
}

/** The caller's latest imports, newest first, each as `importSummary` shows it: what a user finds again on any browser. */
export async function recentImports(ctx: Context, limit: number) {
  const jobs = await ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'import').where('created_by_id', '=', ctx.actor.id).orderBy('id', 'desc').limit(limit).execute();
  return { items: await summariesOf(ctx, jobs as JobRow[]) };
}

/** Imports as the API shows them: their rows' outcomes and their undo, read for all of them in two queries. */
async function summariesOf(ctx: Context, jobs: JobRow[]) {
  if (jobs.length === 0) return [];
  const ids = jobs.map((job) => Number(job.id));
  const counts = await outcomeCounts(ctx.db, ids);
  // The undo's params are `{"importJobId":N}` as insertJob writes them (or begin so, should they grow).
  const undos = await ctx.db
    .selectFrom('jobs')
    .select(['id', 'status', 'params'])
    .where('kind', '=', 'import-undo')
    .where((eb) => eb.or(ids.flatMap((id) => [eb('params', '=', `{"importJobId":${id}}`), eb('params', 'like', `{"importJobId":${id},%`)])))
    .orderBy('id', 'desc')
    .execute();
  const undoOf = new Map<number, { id: number; status: JobRow['status'] }>();
  for (const undo of undos) {
    const importJobId = Number((JSON.parse(undo.params) as { importJobId: number }).importJobId);
    if (!undoOf.has(importJobId)) undoOf.set(importJobId, { id: Number(undo.id), status: undo.status });
  }
  return jobs.map((job) => {
    const jobId = Number(job.id);
    const mine = counts.get(jobId) ?? {};
    const params = JSON.parse(job.params) as ImportParams;
    return {
      jobId,
      type: job.type,
      fileName: params.fileName,
      onDuplicate: params.onDuplicate,
      status: job.status,
      startedAt: new Date(job.created_at).toISOString(),
      created: mine.created ?? 0,
      updated: mine.updated ?? 0,
      skipped: mine.skipped ?? 0,
      rejected: mine.rejected ?? 0,
      undone: mine.undone ?? 0,
      undoJob: undoOf.get(jobId) ?? null,
    };
  });
}

/** Queues the undo of a finished import: what it created goes to the recycle bin, what it updated gets its values back. */
export async function undoImport(ctx: Context, jobId: number): Promise<{ jobId: number }> {
  const job = await ownImportJob(ctx, jobId, 'import');
  if (job.status !== 'done' && job.status !== 'failed' && job.status !== 'cancelled') throw new AppError('CONFLICT', { reason: 'importRunning' }, translate(ctx.locale, 'import.stillRunning'));
  return ctx.db.transaction().execute(async (trx) => {
    const total = await countUndoable(trx, jobId);
    const now = ctx.now().toISOString();
    const undoId = await insertJob(trx, { kind: 'import-undo', type: job.type, action: 'undo', createdById: ctx.actor.id, params: { importJobId: jobId }, total, now });
    await recordAudit({ ...ctx, db: trx }, { kind: 'import.undone', target: { type: job.type, id: String(jobId) }, details: { rows: total } });
    return { jobId: undoId };
  });
}

export async function ownImportJob(ctx: Context, jobId: number, kind: string): Promise<JobRow> {
  const job = await findJob(ctx.db, jobId);
  if (!job || job.kind !== kind || (job.created_by_id !== ctx.actor.id && !ctx.actor.isAdmin)) throw notFound();
  return job;
}

/** The import right on a type (or on any type, before the type is chosen): refused with 403 without it. */
export function requireImportRight(ctx: Context, name?: ItemTypeName) {
  const names = name ? [name] : (Object.keys(ctx.catalog.full) as ItemTypeName[]);
  if (names.every((type) => scopeOf(ctx.access, type, 'import') === 'none' || scopeOf(ctx.access, type, 'add') === 'none')) {
    throw new AppError('FORBIDDEN', { reason: 'import', action: 'import' }, translate(ctx.locale, 'import.forbidden'));
  }
}

async function importFile(ctx: Context, fileId: number): Promise<TransferFileRow> {
  const file = await ownTransferFile(ctx, fileId);
  if (file.purpose !== 'import') throw notFound();
  return file;
}

/** The file's shape, header and first data rows; an unreadable file is a 400 saying why. */
async function readHead(ctx: Context, file: TransferFileRow, count: number): Promise<{ shape: FileShape; header: string[]; rows: string[][] }> {
  const source = () => fileStream(ctx.db, file);
  try {
    const shape = await detectShape(source);
    const rows: string[][] = [];
    let header: string[] | undefined;
    for await (const row of readRows(source, shape)) {
      if (!header) header = withoutTrailingEmpty(row);
      else rows.push(row.slice(0, header.length));
      if (rows.length >= count) break;
    }
    return { shape, header: header!, rows };
  } catch (error) {
    if (error instanceof UnreadableFile) {
      throw invalid([{ field: 'file', rule: error.code, message: translate(ctx.locale, `import.file.${error.code}` as MessageKey, error.params), params: error.params }]);
    }
    throw error;
  }
}

/** A header ending in an empty title (a Bitrix24 export's `;` after the last value) ends before it. */
const withoutTrailingEmpty = (header: string[]) => {
  let end = header.length;
  while (end > 0 && header[end - 1].trim() === '') end--;
  return header.slice(0, end);
};

function checkMapping(ctx: Context, name: ItemTypeName, mapping: Array<Target | null>, columns: number): Array<Target | null> {
  const allowed = new Set(targetsOf(ctx.catalog.visible[name]));
  const issues = mapping.flatMap((target, index) => (target !== null && !allowed.has(target) ? [{ field: `mapping.${index}`, rule: 'target', message: `${translate(ctx.locale, 'import.unknownTarget', { target })}` }] : []));
  if (mapping.length > columns) issues.push({ field: 'mapping', rule: 'columns', message: translate(ctx.locale, 'import.mappingTooLong', { columns }) });
  const seen = new Set<string>();
  mapping.forEach((target, index) => {
    if (target === null || target.includes(':')) return;
    if (seen.has(target)) issues.push({ field: `mapping.${index}`, rule: 'duplicate', message: translate(ctx.locale, 'import.targetTwice', { target }) });
    seen.add(target);
  });
  if (issues.length > 0) throw invalid(issues);
  return [...mapping, ...Array<null>(columns - mapping.length).fill(null)];
}

/**
 * Day before month unless the file's dates say otherwise (a first number over 12 settles it), then by the language of
 * the header (a Portuguese header writes days first), then by the user's language.
 */
function guessDayFirst(header: string[], rows: string[][], locale: Context['locale']): boolean {
  for (const row of rows) {
    for (const cell of row) {
      const match = /^(\d{1,2})\/(\d{1,2})\/\d{2,4}/.exec(cell.trim());
      if (!match) continue;
      if (Number(match[1]) > 12) return true;
      if (Number(match[2]) > 12) return false;
    }
  }
  const words = header.map(headerKey).join(' ');
  if (/\b(nome|sobrenome|data|valor|fase|titulo|empresa|telefone|celular|responsavel|cargo|moeda|funil|fonte|renda)\b/.test(words)) return true;
  if (/\b(name|date|amount|income|stage|title|company|phone|mobile|responsible|position|currency|pipeline|source)\b/.test(words)) return false;
  return locale !== 'en';
}

async function savedMapping(ctx: Context, name: ItemTypeName, header: string[]): Promise<Array<Target | null> | undefined> {
  const row = await ctx.db
    .selectFrom('import_mappings')
    .select('mapping')
    .where('user_id', '=', ctx.actor.id)
    .where('entity_type', '=', name)
    .where('header_key', '=', headerSignature(header))
    .executeTakeFirst();
  if (!row) return undefined;
  const mapping = JSON.parse(row.mapping) as Array<Target | null>;
  // A field deleted or hidden since is left out.
  const allowed = new Set(targetsOf(ctx.catalog.visible[name]));
  return mapping.map((target) => (target !== null && allowed.has(target) ? target : null));
}

async function saveMapping(db: Context['db'], userId: number, name: ItemTypeName, header: string[], mapping: Array<Target | null>, now: string) {
  const key = headerSignature(header);
  await db.deleteFrom('import_mappings').where('user_id', '=', userId).where('entity_type', '=', name).where('header_key', '=', key).execute();
  await db.insertInto('import_mappings').values({ user_id: userId, entity_type: name, header_key: key, mapping: JSON.stringify(mapping), updated_at: now }).execute();
}

/** A target as the wizard names it: the field's label, with the kind of phone or e-mail; the relations in words. */
export function targetLabel(ctx: Context, name: ItemTypeName, target: Target): string {
  const type = ctx.catalog.visible[name];
  const [fieldName, valueType] = target.split(':');
  const field = type.fields.find((f) => f.name === fieldName);
  if (field && valueType) return `${field.label[ctx.locale]} (${translate(ctx.locale, `import.valueType.${valueType}` as MessageKey)})`;
  if (field) return field.label[ctx.locale];
  return translate(ctx.locale, `import.target.${target}` as MessageKey);
}

/** Why a row is refused, in the reader's language (an engine error code, or a cell's reason). */
export const reasonText = (ctx: Pick<Context, 'locale'>, code: string) => {
  const key = `import.reason.${code}`;
  return translate(ctx.locale, (key in messages ? key : 'import.reason.other') as MessageKey);
};
