import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../../api/client';
import { filterQuery } from '../../../api/filters';
import type { FilterTerm, ListPage } from '../../../api/types';

/** A group action as the API takes it (docs/api.md, "Group actions and jobs"). */
export type BulkAction =
  | { kind: 'assign'; assignedById: number }
  | { kind: 'stage'; stageId: string }
  | { kind: 'set'; field: string; value: unknown }
  | { kind: 'export'; include: boolean }
  | { kind: 'delete' };

/** The items to act on: those ticked (with the versions read), or every one that matches. */
export type BulkTarget = { kind: 'items'; items: Array<{ id: number; version: number }> } | { kind: 'all'; filter: readonly FilterTerm[]; search: string | undefined };

export interface Refusal {
  id: number;
  code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'STAGE_NOT_IN_PIPELINE' | 'INVALID' | string;
  reason: string;
}

export interface Job {
  id: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  total: number;
  processed: number;
  succeeded: number;
  refused: number;
  refusals: Refusal[];
  error: { code: string; message: string } | null;
}

export const jobEnded = (job: Pick<Job, 'status'>) => job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';

const bulkLimit = 100_000;

/** "All that match" found nothing to act on. */
export class NothingMatchesError extends Error {
  constructor() {
    super('nothing matches');
    this.name = 'NothingMatchesError';
  }
}

/**
 * Starts a group action: ticked items go with their versions (an item changed since is refused, not overwritten);
 * "all that match" goes as the filter, and the quick search with it. A server that does not take `search` in a
 * group action yet (400 `unknown` on `search`) gets the matching items listed instead, so the action never reaches
 * more than the list shows.
 */
export async function startBulk(plural: string, target: BulkTarget, action: BulkAction): Promise<{ jobId: number; total: number }> {
  if (target.kind === 'items') return api.post(`/${plural}/bulk`, { items: target.items, action });
  const search = target.search?.trim();
  if (!search) return api.post(`/${plural}/bulk`, { filter: target.filter, action });
  try {
    return await api.post(`/${plural}/bulk`, { filter: target.filter, search, action });
  } catch (error) {
    const searchRefused = error instanceof ApiError && error.fieldIssues.some((issue) => issue.field === 'search' && issue.rule === 'unknown');
    if (!searchRefused) throw error;
    return api.post(`/${plural}/bulk`, { items: await matchingItems(plural, target.filter, search), action });
  }
}

async function matchingItems(plural: string, filter: readonly FilterTerm[], search: string) {
  const items: Array<{ id: number; version: number }> = [];
  let cursor: string | null = null;
  do {
    const page: ListPage = await api.get<ListPage>(`/${plural}`, { fields: 'id,version', limit: 500, cursor: cursor ?? undefined, total: 'false', search, ...filterQuery([...filter]) });
    for (const item of page.items) items.push({ id: item.id, version: item.version });
    cursor = page.nextCursor;
  } while (cursor && items.length <= bulkLimit);
  if (items.length === 0) throw new NothingMatchesError();
  return items.slice(0, bulkLimit + 1);
}

/** A job's progress, asked every 700 ms until it ends. */
export function useJob(jobId: number | null) {
  return useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api.get<Job>(`/jobs/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data && jobEnded(query.state.data) ? false : 700),
    refetchIntervalInBackground: true,
    gcTime: 0,
  });
}
