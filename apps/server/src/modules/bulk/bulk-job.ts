import type { ItemTypeName } from '@vinculo/shared';
import { itemTypeNames } from '../catalog/catalog.ts';
import { authorContext } from '../jobs/job-context.ts';
import { JobFailure, type JobHandler } from '../jobs/job-runner.ts';
import { runBatch, type BulkAction } from './bulk-action.ts';

/** What a group action's job keeps: the action, and the selection fixed when it was made (ids in order, versions when given). */
export interface BulkParams {
  action: BulkAction;
  ids: number[];
  /** `versions[i]` is the version the caller read `ids[i]` at. */
  versions?: number[];
}

/** Runs group actions (`kind: bulk`): each batch as the job's author, with their rights as they are at that batch. */
export const bulkJobs: JobHandler = {
  async open(database, job, now) {
    const params = JSON.parse(job.params) as BulkParams;
    const name = job.type as ItemTypeName;
    if (!itemTypeNames.includes(name)) throw new JobFailure('unknownKind');
    return {
      total: params.ids.length,
      finishedParams: { action: params.action },
      async batch(from, size) {
        const ctx = await authorContext(database, job.created_by_id, now);
        const ids = params.ids.slice(from, from + size);
        const versions = params.versions && new Map(ids.map((id, index) => [id, params.versions![from + index]]));
        return (trx) => runBatch({ ...ctx, db: trx }, name, params.action, { ids, versions });
      },
    };
  },
};
