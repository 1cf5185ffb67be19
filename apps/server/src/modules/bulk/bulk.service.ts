import { translate, type ItemTypeName } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid } from '../../http/app-error.ts';
import { checkFilter, filterFromQuery, type FilterNode, type Operator } from '../items/filter.ts';
import { matching } from '../items/item-list.service.ts';
import { scopedReader, viewOf } from '../items/item-reader.ts';
import { insertJob } from '../jobs/job.repository.ts';
import { planAction, type BulkAction } from './bulk-action.ts';
import type { BulkParams } from './bulk-job.ts';

/**
 * Starts a group action: checks the action (a 400 naming the field, before anything is queued), fixes the selection
 * (the ids given, or every item matching the filter that the caller may read at this moment: the "all N that match"
 * the user saw), and queues a job that the runner works through in batches.
 */

/** The most items one group action takes. */
export const maxSelection = 100_000;

export interface BulkRequest {
  ids?: number[];
  items?: Array<{ id: number; version: number }>;
  /** Terms `{ field, op, value }` (all must hold), or the list endpoint's form `{ field: value | { op: value } }`. */
  filter?: Array<{ field: string; op: string; value?: unknown }> | Record<string, unknown>;
  /** The list's quick search: alone, or narrowing `filter`. */
  search?: string;
  action: BulkAction;
}

export async function startBulkJob(ctx: Context, name: ItemTypeName, request: BulkRequest): Promise<{ jobId: number; total: number }> {
  // The quick search selects as a filter does (the two narrow each other), so it goes with neither ids nor items.
  const given = (['ids', 'items', 'filter'] as const).filter((key) => request[key] !== undefined || (key === 'filter' && request.search !== undefined));
  if (given.length !== 1) {
    const field = given[1] === 'filter' && request.filter === undefined ? 'search' : (given[1] ?? 'ids');
    throw invalid([{ field, rule: 'selection', message: `${field}: ${translate(ctx.locale, 'rule.selection', { fields: 'ids, items, filter' })}` }]);
  }
  await planAction(ctx, name, request.action);
  const selection = await selectionOf(ctx, name, request);
  const jobId = await insertJob(ctx.db, {
    kind: 'bulk',
    type: name,
    action: request.action.kind,
    createdById: ctx.actor.id,
    params: { action: request.action, ...selection } satisfies BulkParams,
    total: selection.ids.length,
    now: ctx.now().toISOString(),
  });
  return { jobId, total: selection.ids.length };
}

/** The items a request selects, in id order (the order batches take them and lock their rows in). */
async function selectionOf(ctx: Context, name: ItemTypeName, request: BulkRequest): Promise<Omit<BulkParams, 'action'>> {
  if (request.ids) return { ids: [...new Set(request.ids)].sort((a, b) => a - b) };
  if (request.items) {
    const versions = new Map<number, number>();
    const issues: Array<{ field: string; rule: string }> = [];
    request.items.forEach((item, index) => {
      if (versions.has(item.id) && versions.get(item.id) !== item.version) issues.push({ field: `items.${index}.id`, rule: 'duplicate' });
      versions.set(item.id, item.version);
    });
    if (issues.length > 0) throw invalid(issues);
    const ids = [...versions.keys()].sort((a, b) => a - b);
    return { ids, versions: ids.map((id) => versions.get(id)!) };
  }
  const reader = scopedReader(ctx);
  const type = viewOf(reader, name);
  const filter = Array.isArray(request.filter) ? { and: request.filter.map((term) => ({ field: term.field, op: term.op as Operator, value: term.value })) } : filterFromQuery(request.filter);
  const checked = checkFilter(type, filter as FilterNode, ctx.actor.id);
  const table = type.table;
  const rows = await matching(reader, name, checked, request.search).select(`${table}.id`).orderBy(`${table}.id`).limit(maxSelection + 1).execute();
  if (rows.length > maxSelection) {
    throw invalid([{ field: 'filter', rule: 'tooMany', message: `filter ${translate(ctx.locale, 'rule.tooMany', { max: maxSelection })}` }]);
  }
  return { ids: rows.map((row) => Number(row.id)) };
}
