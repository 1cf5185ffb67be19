import { sql } from 'kysely';
import type { ItemTypeName } from '@vinculo/shared';
import type { Db, DialectName } from '../../db/types.ts';

/** Kysely queries of the duplicate tables (see the migration 2026-11-30T02-30_duplicates). No rules here. */

export const scanKind = 'duplicate-scan';

/** A scan of the type that is queued or running, if any. */
export async function runningScan(db: Db, name: ItemTypeName): Promise<number | undefined> {
  const row = await db.selectFrom('jobs').select('id').where('kind', '=', scanKind).where('type', '=', name).where('status', 'in', ['queued', 'running']).orderBy('id', 'desc').executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

/** The scan whose groups the type shows now. */
export const currentScan = (db: Db, name: ItemTypeName) => db.selectFrom('duplicate_scans').select(['job_id', 'finished_at']).where('entity_type', '=', name).executeTakeFirst();

export async function lastGroupNo(db: Db, jobId: number): Promise<number> {
  const row = await db.selectFrom('duplicate_members').select((eb) => eb.fn.max('group_no').as('last')).where('job_id', '=', jobId).executeTakeFirst();
  return row?.last == null ? 0 : Number(row.last);
}

/**
 * The scan's last step: one `duplicate_groups` row per group, a group of the same items as an earlier one folded into
 * it (two people sharing a phone and an e-mail are one group, `criterion` "phone,email"), the groups a user dismissed
 * left out (same value, no item outside the dismissed ones), the previous scans' findings deleted and this scan made
 * the type's current one.
 */
export async function finishScan(db: Db, dialect: DialectName, jobId: number, name: ItemTypeName, now: string): Promise<void> {
  await sql`insert into duplicate_groups (job_id, group_no, entity_type, criterion, match_key, size)
    select job_id, group_no, ${name}, min(criterion), min(match_key), count(*) from duplicate_members where job_id = ${jobId} group by job_id, group_no`.execute(db);
  await foldSameGroups(db, dialect, jobId);
  const dismissed = await sql<{ group_no: number }>`select g.group_no from duplicate_groups g
    where g.job_id = ${jobId} and exists (
      select 1 from duplicate_dismissals d
      where d.entity_type = ${name} and (g.criterion = d.criterion or g.criterion like (d.criterion || ',%')) and d.match_key = g.match_key
        and not exists (
          select 1 from duplicate_members m where m.job_id = g.job_id and m.group_no = g.group_no
            and not exists (select 1 from duplicate_dismissal_members dm where dm.dismissal_id = d.id and dm.entity_id = m.entity_id)))`.execute(db);
  const gone = dismissed.rows.map((row) => Number(row.group_no));
  for (let start = 0; start < gone.length; start += 500) {
    const chunk = gone.slice(start, start + 500);
    await db.deleteFrom('duplicate_members').where('job_id', '=', jobId).where('group_no', 'in', chunk).execute();
    await db.deleteFrom('duplicate_groups').where('job_id', '=', jobId).where('group_no', 'in', chunk).execute();
  }
  const older = (eb: any) => eb.selectFrom('jobs').select('id').where('kind', '=', scanKind).where('type', '=', name).where('id', '<', jobId);
  await db.deleteFrom('duplicate_members').where('job_id', 'in', older).execute();
  await db.deleteFrom('duplicate_groups').where('job_id', 'in', older).execute();
  const current = await currentScan(db, name);
  if (!current) await db.insertInto('duplicate_scans').values({ entity_type: name, job_id: jobId, finished_at: now }).execute();
  else if (Number(current.job_id) < jobId) await db.updateTable('duplicate_scans').set({ job_id: jobId, finished_at: now }).where('entity_type', '=', name).execute();
}

/**
 * Folds groups of the same items into the first of them (phone before e-mail before name: the order the scan numbers
 * them in), whose `criterion` lists them all. Groups are compared by their items' ids, listed in order by the database.
 */
async function foldSameGroups(db: Db, dialect: DialectName, jobId: number): Promise<void> {
  const members =
    dialect === 'postgres'
      ? sql`select group_no, string_agg(entity_id::text, ',' order by entity_id) as ids from duplicate_members where job_id = ${jobId} group by group_no order by group_no`
      : // SQLite joins in the order rows come: the inner query reads them by the primary key (job, group, item).
        sql`select group_no, group_concat(entity_id, ',') as ids from (select group_no, entity_id from duplicate_members where job_id = ${jobId} order by group_no, entity_id) m group by group_no order by group_no`;
  const groups = (await sql<{ group_no: number; ids: string }>`${members}`.execute(db)).rows;
  const criteria = new Map((await db.selectFrom('duplicate_groups').select(['group_no', 'criterion']).where('job_id', '=', jobId).execute()).map((g) => [Number(g.group_no), g.criterion]));
  const first = new Map<string, number>();
  const folded: number[] = [];
  const kept = new Map<number, string>();
  for (const group of groups) {
    const no = Number(group.group_no);
    const into = first.get(group.ids);
    if (into === undefined) {
      first.set(group.ids, no);
      continue;
    }
    folded.push(no);
    const listed = kept.get(into) ?? criteria.get(into)!;
    if (!listed.split(',').includes(criteria.get(no)!)) kept.set(into, `${listed},${criteria.get(no)}`);
  }
  const byCriteria = new Map<string, number[]>();
  for (const [no, listed] of kept) (byCriteria.get(listed) ?? byCriteria.set(listed, []).get(listed)!).push(no);
  for (const [listed, numbers] of byCriteria) {
    for (let start = 0; start < numbers.length; start += 500) {
      await db.updateTable('duplicate_groups').set({ criterion: listed }).where('job_id', '=', jobId).where('group_no', 'in', numbers.slice(start, start + 500)).execute();
    }
  }
  for (let start = 0; start < folded.length; start += 500) {
    const chunk = folded.slice(start, start + 500);
    await db.deleteFrom('duplicate_members').where('job_id', '=', jobId).where('group_no', 'in', chunk).execute();
    await db.deleteFrom('duplicate_groups').where('job_id', '=', jobId).where('group_no', 'in', chunk).execute();
  }
}

export const findGroup = (db: Db, id: number) => db.selectFrom('duplicate_groups').selectAll().where('id', '=', id).executeTakeFirst();

export const groupsOf = (db: Db, jobId: number, groupNos: number[]) =>
  groupNos.length === 0 ? Promise.resolve([]) : db.selectFrom('duplicate_groups').selectAll().where('job_id', '=', jobId).where('group_no', 'in', groupNos).execute();

/** Every item of a group (live or not, readable or not). */
export async function memberIds(db: Db, jobId: number, groupNo: number): Promise<number[]> {
  const rows = await db.selectFrom('duplicate_members').select('entity_id').where('job_id', '=', jobId).where('group_no', '=', groupNo).orderBy('entity_id').execute();
  return rows.map((row) => Number(row.entity_id));
}

/** Records that a group's items are not duplicates of each other, and takes the group out of the current scan. */
export async function dismissGroup(db: Db, group: { id: number; job_id: number; group_no: number; entity_type: string; criterion: string; match_key: string }, ids: number[], actorId: number, now: string): Promise<void> {
  const dismissal = await db
    .insertInto('duplicate_dismissals')
    .values({ entity_type: group.entity_type, criterion: group.criterion.split(',')[0], match_key: group.match_key, dismissed_by_id: actorId, dismissed_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (ids.length > 0) await db.insertInto('duplicate_dismissal_members').values(ids.map((id) => ({ dismissal_id: Number(dismissal.id), entity_id: id }))).execute();
  await db.deleteFrom('duplicate_members').where('job_id', '=', group.job_id).where('group_no', '=', group.group_no).execute();
  await db.deleteFrom('duplicate_groups').where('id', '=', group.id).execute();
}
