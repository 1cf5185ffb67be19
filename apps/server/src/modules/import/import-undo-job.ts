import type { ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { deleteItem, updateItem } from '../items/item.service.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure, type BatchOutcome, type JobHandler } from '../jobs/job-runner.ts';
import { recordOutcomes, undoableRows } from './import-rows.repository.ts';

/**
 * Undoes an import (`kind: import-undo`), newest row first: an item a row created goes to the recycle bin (with the
 * company or contact the row created for it), an item a row updated gets back the values the row replaced. Each row
 * is marked `undone` in the batch that reverses it, so a resumed undo never reverses a row twice. An item someone has
 * since deleted is left as it is; one the author may no longer change is counted as refused.
 */
export const importUndoJobs: JobHandler = {
  async open(database, job, now) {
    const { importJobId } = JSON.parse(job.params) as { importJobId: number };
    const name = job.type as ItemTypeName;
    if (!itemTypeNames.includes(name)) throw new JobFailure('unknownKind');
    return {
      total: job.total,
      async batch(_from, size) {
        const ctx = await authorContext(database, job.created_by_id, now);
        return async (trx) => {
          const rows = await undoableRows(trx, importJobId, size);
          const outcome: BatchOutcome = { succeeded: 0, refusals: [] };
          for (const row of rows) {
            try {
              await undoRow({ ...ctx, db: trx }, name, row);
              outcome.succeeded++;
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              outcome.refusals.push({ id: row.itemId, code: error.code });
            }
          }
          await recordOutcomes(trx, database.dialect, importJobId, rows.map((row) => ({ rowNo: row.rowNo, outcome: 'undone', itemId: row.itemId, previous: row.previous })));
          return outcome;
        };
      },
    };
  },
};

async function undoRow(ctx: Context, name: ItemTypeName, row: Awaited<ReturnType<typeof undoableRows>>[number]) {
  if (row.outcome === 'updated') {
    if (row.previous?.values) await updateItem(ctx, name, row.itemId, row.previous.values);
  } else {
    await binIfThere(ctx, name, row.itemId);
  }
  if (row.previous?.createdContactId) await binIfThere(ctx, 'contact', row.previous.createdContactId);
  for (const companyId of row.previous?.createdCompanyIds ?? []) await binIfThere(ctx, 'company', companyId);
}

/** Deleted by someone else meanwhile: nothing left to undo. */
async function binIfThere(ctx: Context, name: ItemTypeName, id: number) {
  try {
    await deleteItem(ctx, name, id);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
  }
}
