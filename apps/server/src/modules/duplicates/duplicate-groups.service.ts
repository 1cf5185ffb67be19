import { sql } from 'kysely';
import { translate, type ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { itemsQuery, presentRows, scopedReader, unscopedReader, viewOf, type ItemReader } from '../items/item-reader.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import type { Row } from '../items/item.repository.ts';
import { checkedTypes } from './duplicate-check.service.ts';
import * as repository from './duplicates.repository.ts';

/**
 * The review of a scan's groups: each caller sees the groups of which they may read at least two live items, with
 * only those items and only the fields their roles show; a group's shared value is shown when its field is one
 * they see (a name key is never shown: the items' names say it). Dismissing a group ("not duplicates") keeps it
 * out of later scans while no other item joins it.
 */

type Criterion = 'email' | 'phone' | 'name';

export interface GroupDto {
  id: number;
  /** What the items share first (phone, then e-mail, then name), and everything they share. */
  criterion: Criterion;
  criteria: Criterion[];
  /** The shared e-mail or phone (normalised), when the caller may see that field; null for names. */
  value: string | null;
  items: ItemDto[];
}

export interface GroupPage {
  /** When the groups shown were found (null: no scan has finished yet), and a scan queued or running now. */
  scan: { finishedAt: string | null; runningJobId: number | null };
  items: GroupDto[];
  nextCursor: string | null;
}

const criterionField: Record<string, string> = { phone: 'phones', email: 'emails' };

/** A page of groups, in the order the scan numbered them; `cursor` is the last group number of the previous page. */
export async function listGroups(ctx: Context, name: ItemTypeName, cursor: string | undefined, limit: number, fields: 'summary' | 'all' = 'summary'): Promise<GroupPage> {
  requireChecked(name);
  const after = cursor === undefined ? 0 : Number(cursor);
  if (!/^\d{1,10}$/.test(cursor ?? '0') || after > 2_147_483_647) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const scan = await repository.currentScan(ctx.db, name);
  const running = (await repository.runningScan(ctx.db, name)) ?? null;
  const page: GroupPage = { scan: { finishedAt: scan ? new Date(scan.finished_at).toISOString() : null, runningJobId: running }, items: [], nextCursor: null };
  if (!scan) return page;
  const reader = scopedReader(ctx);
  const table = ctx.catalog.full[name].table;
  const jobId = Number(scan.job_id);
  const numbers = await itemsQuery(reader, name)
    .innerJoin('duplicate_members as m', 'm.entity_id', `${table}.id`)
    .where('m.job_id', '=', jobId)
    .where('m.group_no', '>', after)
    .select('m.group_no')
    .groupBy('m.group_no')
    .having(sql`count(*)`, '>=', 2)
    .orderBy('m.group_no')
    .limit(limit + 1)
    .execute();
  const shown = numbers.slice(0, limit).map((row) => Number(row.group_no));
  page.items = await presentGroups(reader, name, jobId, shown, fields);
  page.nextCursor = numbers.length > limit ? String(shown[shown.length - 1]) : null;
  return page;
}

/** One group of the current scan, with every field of its items the caller may see (what the merge dialog shows). */
export async function getGroup(ctx: Context, name: ItemTypeName, id: number): Promise<GroupDto> {
  requireChecked(name);
  const group = await currentGroup(ctx, name, id);
  const [shown] = await presentGroups(scopedReader(ctx), name, group.job_id, [group.group_no], 'all');
  if (!shown || shown.items.length < 2) throw notFound();
  return shown;
}

/**
 * Marks a group as not duplicates. The caller must be able to read every live item of it (they decide for items
 * others see too); the decision is recorded in the audit log.
 */
export async function dismissGroup(ctx: Context, name: ItemTypeName, id: number): Promise<void> {
  requireChecked(name);
  await inTransaction(ctx, async (tx) => {
    const group = await currentGroup(tx, name, id);
    const ids = await repository.memberIds(tx.db, group.job_id, group.group_no);
    const table = tx.catalog.full[name].table;
    const live = await itemsQuery(unscopedReader(tx, 'every live item of the group, to know whether the caller may read them all'), name).select(`${table}.id`).where(`${table}.id`, 'in', ids).execute();
    const readable = await itemsQuery(scopedReader(tx), name).select(`${table}.id`).where(`${table}.id`, 'in', ids).execute();
    if (readable.length < 2) throw notFound();
    if (readable.length < live.length) throw new AppError('FORBIDDEN', { reason: 'groupNotReadable' }, translate(tx.locale, 'duplicates.groupNotReadable'));
    await repository.dismissGroup(tx.db, group, ids, tx.actor.id, tx.now().toISOString());
    await recordAudit(tx, { kind: 'duplicates.dismissed', target: { type: name, id: ids[0] }, details: { criteria: group.criterion.split(','), ids } });
  });
}

function requireChecked(name: ItemTypeName) {
  if (!checkedTypes.includes(name)) throw notFound();
}

/** A group of the type's current scan; one of an older scan (or another type) is a 404. */
async function currentGroup(ctx: Context, name: ItemTypeName, id: number) {
  const scan = await repository.currentScan(ctx.db, name);
  const group = await repository.findGroup(ctx.db, id);
  if (!scan || !group || group.entity_type !== name || Number(group.job_id) !== Number(scan.job_id)) throw notFound();
  return { ...group, id: Number(group.id), job_id: Number(group.job_id), group_no: Number(group.group_no) };
}

const summaryFields = ['id', 'version', 'name', 'secondName', 'lastName', 'title', 'companyTitle', 'emails', 'phones', 'assignedById', 'createdAt'];

/** The groups numbered `numbers` with the items of each the reader may read (live), in that order. */
async function presentGroups(reader: ItemReader, name: ItemTypeName, jobId: number, numbers: number[], fields: 'summary' | 'all'): Promise<GroupDto[]> {
  if (numbers.length === 0) return [];
  const table = reader.ctx.catalog.full[name].table;
  const view = viewOf(reader, name);
  const rows = (await itemsQuery(reader, name)
    .innerJoin('duplicate_members as m', 'm.entity_id', `${table}.id`)
    .where('m.job_id', '=', jobId)
    .where('m.group_no', 'in', numbers)
    .selectAll(table)
    .select('m.group_no as dup_group_no')
    .orderBy('m.group_no')
    .orderBy(`${table}.id`)
    .execute()) as Array<Row & { dup_group_no: number }>;
  const items = await presentRows(reader, name, rows, fields === 'all' ? view.fields : view.fields.filter((f) => summaryFields.includes(f.name)));
  const groups = new Map((await repository.groupsOf(reader.ctx.db, jobId, numbers)).map((g) => [Number(g.group_no), g]));
  const visible = new Set(view.fields.map((f) => f.name));
  return numbers.flatMap((no) => {
    const group = groups.get(no);
    if (!group) return [];
    const members = items.filter((_, index) => Number(rows[index].dup_group_no) === no);
    const criteria = group.criterion.split(',') as Criterion[];
    const field = criterionField[criteria[0]];
    return [{ id: Number(group.id), criterion: criteria[0], criteria, value: field && visible.has(field) ? group.match_key : null, items: members }];
  });
}
