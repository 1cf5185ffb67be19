import type { FieldDef, ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure, type JobHandler } from '../jobs/job-runner.ts';
import { saveJobParams } from '../jobs/job.repository.ts';
import { findTransferFile, renameTransferFile } from '../transfer-files/transfer-file.repository.ts';
import { partWriter } from '../transfer-files/transfer-file.service.ts';
import { csvBatch, csvDelimiter } from './csv-encoder.ts';
import type { ExportColumn } from './export-columns.ts';
import { readPage } from './export-query.ts';
import { recordExport, type ExportColumnPlan, type ExportParams } from './export.service.ts';
import { cellRows, cellsOf, loadNames, namesMemory } from './export-values.ts';
import { XlsxTooLarge, xlsxRows, xlsxTail } from './xlsx-writer.ts';

/**
 * Runs exports (`kind: export`). Each batch reads the next page of the selection as the job's author is now (their
 * read and export scopes, their view of the fields) outside any transaction, turns it into the file's bytes, and
 * then, in the batch's transaction together with the job's progress, appends those bytes as a part of the file and
 * saves where it stopped (the keyset cursor, the XLSX writer's numbers). A job resumed after a crash or on another
 * server carries on after the last committed batch: no row is written twice or skipped. The last batch writes the
 * end of the file and the audit entry.
 */

/**
 * Rows per batch: enough that a million rows take few transactions, few enough to hold in memory. PostgreSQL takes
 * more per batch: each of a batch's dozen statements is a round trip there, where SQLite's are calls in the process.
 */
export const exportBatchRows = { sqlite: 2000, postgres: 5000 } as const;

export function exportJobs(options: { batchRows?: number } = {}): JobHandler {
  return {
    async open(database, job, now) {
      const name = job.type as ItemTypeName;
      if (!itemTypeNames.includes(name)) throw new JobFailure('unknownKind');
      let params = JSON.parse(job.params) as ExportParams & { written?: number };
      const memory = namesMemory();
      // The size of the last batch's bytes: the next one's buffer starts about that large.
      let batchBytes = 0;
      return {
        total: job.total,
        batchSize: options.batchRows ?? exportBatchRows[database.dialect],
        finishedParams: { format: params.format, outputFileId: params.outputFileId },
        async batch(from, size) {
          const author = await authorContext(database, job.created_by_id, now);
          const ctx: Context = { ...author, locale: params.locale };
          const last = from + size >= job.total;
          const columns = currentColumns(ctx, name, params.columns);
          const page = await guarded(() => readPage(ctx, name, params, columns, { cursor: params.cursor, ids: params.ids?.slice(from, from + size), size }));
          const cells = await cellsOf(ctx, ctx.catalog.full[name], columns, page.page, await loadNames(ctx, memory));
          const xlsx = params.xlsx && structuredClone(params.xlsx);
          const bytes = guardedSync(() =>
            xlsx
              ? xlsxRows(
                  xlsx,
                  params.columns.map((c) => c.kind),
                  cellRows(cells, columns.length),
                )
              : csvBatch(cells, columns.length, csvDelimiter(params.locale), batchBytes + (batchBytes >> 3)),
          );
          batchBytes = bytes.byteLength;
          const next = { ...params, cursor: page.cursor, ...(xlsx ? { xlsx } : {}), written: (params.written ?? 0) + cells.count };
          return async (trx) => {
            const file = await findTransferFile(trx, params.outputFileId);
            if (!file) throw new JobFailure('fileGone');
            const writer = partWriter(trx, file.id, file.parts);
            await writer.write(bytes);
            if (last && xlsx) await writer.write(guardedSync(() => xlsxTail(xlsx, file.size + writer.size)));
            await writer.end();
            await saveJobParams(trx, job.id, next);
            if (last) await renameTransferFile(trx, file.id, params.fileName, file.content_type);
            if (last) await recordExport({ ...ctx, db: trx, address: params.address }, name, job.id, next, next.written);
            params = next;
            return { succeeded: cells.count, refusals: [] };
          };
        },
      };
    },
  };
}

/**
 * The columns as planned when the export was asked for, with each field as the author's view has it now: a field
 * hidden from them (or deleted) since then keeps its column, empty from then on.
 */
function currentColumns(ctx: Context, name: ItemTypeName, plan: ExportColumnPlan[]): ExportColumn[] {
  const view = ctx.catalog.visible[name];
  return plan.map((column) => {
    const field: FieldDef = view.fields.find((f) => f.name === column.field) ?? { name: column.field, type: 'string', bitrix: '', label: { en: '', 'pt-BR': '' } };
    return { title: '', field, kind: column.kind, ...(column.valueType ? { valueType: column.valueType } : {}) };
  });
}

/** A filter or sort that no longer fits the author's view (a field hidden since) stops the job with why. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw new JobFailure('selectionChanged');
    throw error;
  }
}

function guardedSync<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof XlsxTooLarge) throw new JobFailure('tooLarge');
    throw error;
  }
}
