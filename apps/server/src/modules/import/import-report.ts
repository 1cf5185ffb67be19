import { Readable } from 'node:stream';
import type { Context } from '../../context.ts';
import { csvBom, csvDelimiter, csvLine } from '../export/csv-encoder.ts';
import { rejectedRows } from './import-rows.repository.ts';
import { ownImportJob, reasonText } from './import.service.ts';
import type { ImportParams } from './import-job.ts';

const page = 1000;

/**
 * The rejected rows of an import as a CSV to open in a spreadsheet, fix and import again: the row's number in the
 * file, the reason in the reader's language (the column it concerns), then the row's cells as they were.
 */
export async function rejectedRowsCsv(ctx: Context, jobId: number): Promise<{ fileName: string; stream: Readable }> {
  const job = await ownImportJob(ctx, jobId, 'import');
  const params = JSON.parse(job.params) as ImportParams;
  const labels = ctx.locale === 'en' ? ['Row', 'Reason'] : ['Linha', 'Motivo'];
  const db = ctx.db;
  const delimiter = csvDelimiter(ctx.locale);
  async function* lines() {
    yield csvBom;
    yield csvLine(labels, delimiter);
    let after = 0;
    for (;;) {
      const rows = await rejectedRows(db, jobId, after, page);
      if (rows.length === 0) return;
      for (const row of rows) {
        const field = row.reason.issues?.map((issue) => issue.label ?? issue.field).join(', ');
        const column = row.reason.column !== undefined ? ` (${ctx.locale === 'en' ? 'column' : 'coluna'} ${row.reason.column + 1})` : field ? ` (${field})` : '';
        yield csvLine([String(row.rowNo + 1), `${reasonText(ctx, row.reason.code)}${column}`, ...row.cells], delimiter);
      }
      after = rows[rows.length - 1].rowNo;
    }
  }
  const base = params.fileName.replace(/\.[^.]+$/, '');
  return { fileName: `${base.replace(/[^\w.-]+/g, '_')}-rejected.csv`, stream: Readable.from(lines()) };
}
