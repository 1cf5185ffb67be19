import { translate, type ItemTypeName, type Locale } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { invalid } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkFilter, filterFromQuery, type FilterNode, type Operator } from '../items/filter.ts';
import { countMatching, scopedReader, viewOf } from '../items/item-reader.ts';
import { dynamic } from '../items/item.repository.ts';
import { parseSort } from '../items/sort.ts';
import { insertJob } from '../jobs/job.repository.ts';
import { insertTransferFile } from '../transfer-files/transfer-file.repository.ts';
import { expiryFrom, partWriter, unfinishedSuffix } from '../transfer-files/transfer-file.service.ts';
import { csvBom, csvDelimiter, csvLine } from './csv-encoder.ts';
import { exportColumns, exportFields, type CellKind } from './export-columns.ts';
import { requireExportRight, selected, type Selection } from './export-query.ts';
import { xlsxContentType, xlsxHead, xlsxTail, type XlsxState } from './xlsx-writer.ts';

/**
 * Starts an export: checks the right (403), the columns, filter and sort (400 naming the field), counts the items,
 * and in one transaction makes the file with its beginning (the title row), and queues the job that writes the rows
 * (export-job.ts). The job's params keep everything a batch needs to carry on: the selection, the columns, and where
 * the last committed batch stopped.
 */

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportRequest {
  format: ExportFormat;
  /** The list's columns (field names) in order; absent: every field of the caller's view. */
  columns?: string[];
  ids?: number[];
  filter?: Array<{ field: string; op: string; value?: unknown }> | Record<string, unknown>;
  search?: string;
  sort?: string;
}

/** The most ids one export of ticked rows takes (a filter takes any number of items). */
export const maxExportIds = 100_000;
/** Excel's last row, less the title row. */
export const maxXlsxRows = 1_048_575;

export interface ExportColumnPlan {
  field: string;
  valueType?: string;
  kind: CellKind;
}

export interface ExportParams extends Selection {
  format: ExportFormat;
  locale: Locale;
  /** The file the job writes (read by the job DTO as the file to download). */
  outputFileId: number;
  /** Its name once written (until then it ends in `unfinishedSuffix`). */
  fileName: string;
  columns: ExportColumnPlan[];
  /** Filter mode: the cursor after the last row a committed batch wrote. */
  cursor: string | null;
  xlsx?: XlsxState;
  address?: string;
}

export interface StartedExport {
  jobId: number;
  fileId: number;
  total: number;
}

export async function startExport(ctx: Context, name: ItemTypeName, request: ExportRequest): Promise<StartedExport> {
  requireExportRight(ctx, name);
  if (request.ids && (request.filter !== undefined || request.search !== undefined)) {
    throw invalid([{ field: 'ids', rule: 'selection', message: `ids: ${translate(ctx.locale, 'rule.selection', { fields: 'ids, filter' })}` }]);
  }
  const reader = scopedReader(ctx);
  const view = viewOf(reader, name);
  const full = ctx.catalog.full[name];
  const fields = exportFields(view, request.columns);
  const columns = exportColumns(full, fields, ctx.locale);
  const filter: FilterNode | undefined =
    request.filter === undefined ? undefined : Array.isArray(request.filter) ? { and: request.filter.map((term) => ({ field: term.field, op: term.op as Operator, value: term.value })) } : filterFromQuery(request.filter);
  if (filter) checkFilter(view, filter, ctx.actor.id);
  parseSort(view, request.sort);

  const newest = await dynamic(ctx.db).selectFrom(full.table).select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const ids = request.ids && [...new Set(request.ids)].sort((a, b) => a - b);
  const selection: Selection = { ...(filter ? { filter } : {}), ...(request.search ? { search: request.search } : {}), ...(request.sort ? { sort: request.sort } : {}), ...(ids ? { ids } : {}), maxId: Number(newest?.id ?? 0) };
  // Ticked rows: one unit per id (a batch takes the next ids); a filter: one unit per matching item.
  const total = ids ? ids.length : await countMatching(reader, selected(ctx, name, selection));
  if (request.format === 'xlsx' && total > maxXlsxRows) {
    throw invalid([{ field: 'format', rule: 'tooMany', message: `format ${translate(ctx.locale, 'rule.tooMany', { max: maxXlsxRows })}` }]);
  }

  const now = ctx.now();
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const titles = columns.map((c) => c.title);
  const fileName = `${full.plural}-${stamp}.${request.format}`;
  return ctx.db.transaction().execute(async (trx) => {
    const fileId = await insertTransferFile(trx, {
      purpose: 'export',
      name: total === 0 ? fileName : `${fileName}${unfinishedSuffix}`,
      contentType: request.format === 'csv' ? 'text/csv; charset=utf-8' : xlsxContentType,
      createdById: ctx.actor.id,
      now: now.toISOString(),
      expiresAt: expiryFrom(now),
    });
    const writer = partWriter(trx, fileId);
    let xlsx: XlsxState | undefined;
    if (request.format === 'csv') {
      await writer.write(csvBom);
      await writer.write(Buffer.from(csvLine(titles, csvDelimiter(ctx.locale)), 'utf8'));
    } else {
      const head = xlsxHead(full.label[ctx.locale], titles, now);
      xlsx = head.state;
      await writer.write(head.bytes);
      if (total === 0) await writer.write(xlsxTail(xlsx, head.bytes.length));
    }
    await writer.end();
    const params: ExportParams = {
      ...selection,
      format: request.format,
      locale: ctx.locale,
      outputFileId: fileId,
      fileName,
      columns: columns.map((c) => ({ field: c.field.name, ...(c.valueType ? { valueType: c.valueType } : {}), kind: c.kind })),
      cursor: null,
      ...(xlsx ? { xlsx } : {}),
      ...(ctx.address ? { address: ctx.address } : {}),
    };
    const jobId = await insertJob(trx, { kind: 'export', type: name, action: request.format, createdById: ctx.actor.id, params, total, now: now.toISOString() });
    // Nothing to export: the file is whole already, and the job ends as soon as a runner sees it.
    if (total === 0) await recordExport({ ...ctx, db: trx }, name, jobId, params, 0);
    return { jobId, fileId, total };
  });
}

/** The audit entry of an export (R11), written in the transaction that completes its file. */
export async function recordExport(tx: Context & { db: Db }, name: ItemTypeName, jobId: number, params: ExportParams, count: number): Promise<void> {
  await recordAudit(tx, {
    kind: 'export.completed',
    target: { type: 'job', id: jobId },
    details: { itemType: name, format: params.format, count, columns: params.columns.length, selection: params.ids ? 'ids' : 'filter', fileId: params.outputFileId },
  });
}
