import type { ItemTypeName } from '@vinculo/shared';
import { sql, type ExpressionBuilder } from 'kysely';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import { requireActiveUsers } from '../org/active-users.ts';
import { groupBy, readableItem, refKey, requireReadable, titlesOf, uniqueRefs, type ItemRef } from '../timeline/item-refs.ts';
import { decodePageCursor, encodePageCursor } from '../timeline/page-cursor.ts';
import { timelineDb, type TimelineTables } from '../timeline/timeline.tables.ts';
import type { CreateTaskInput, TaskDto, UpdateTaskInput } from './task.schemas.ts';

/**
 * Tasks tied to the CRM: a responsible, co-workers and observers, a checklist, linked items. Visible to its people
 * and to whoever may read one of its linked items; changed by its creator, responsible and co-workers; deleted by its
 * creator (or an administrator). A task appears on the timelines of the items it is linked to.
 */

type TaskRow = TimelineTables['tasks'] & { id: number };

/** Tasks the caller may see, in SQL. */
export function visibleTasks(ctx: Context) {
  const me = ctx.actor.id;
  return timelineDb(ctx.db)
    .selectFrom('tasks')
    .where((eb) =>
      eb.or([
        eb('tasks.responsible_id', '=', me),
        eb('tasks.created_by_id', '=', me),
        eb.exists(eb.selectFrom('task_members').select(sql.lit(1).as('one')).whereRef('task_members.task_id', '=', 'tasks.id').where('task_members.user_id', '=', me)),
        eb.exists(eb.selectFrom('task_items').select(sql.lit(1).as('one')).whereRef('task_items.task_id', '=', 'tasks.id').where(readableItem(ctx, 'task_items.entity_type', 'task_items.entity_id'))),
      ]),
    );
}

export async function getTask(ctx: Context, id: number): Promise<TaskDto> {
  const row = (await visibleTasks(ctx).selectAll('tasks').where('tasks.id', '=', id).executeTakeFirst()) as TaskRow | undefined;
  if (!row) throw notFound();
  return (await taskDtos(ctx, [row]))[0];
}

export async function createTask(ctx: Context, input: CreateTaskInput): Promise<TaskDto> {
  return inTransaction(ctx, async (tx) => {
    const items = uniqueRefs(input.items ?? []);
    await requireReadable(tx, items, 'items');
    const responsibleId = input.responsibleId ?? tx.actor.id;
    await requireActiveUsers(tx, 'responsibleId', [responsibleId]);
    await requireActiveUsers(tx, 'coworkerIds', input.coworkerIds ?? []);
    await requireActiveUsers(tx, 'observerIds', input.observerIds ?? []);
    const now = tx.now().toISOString();
    const status = input.status ?? 'new';
    const { id } = await timelineDb(tx.db)
      .insertInto('tasks')
      .values({
        title: input.title,
        description: input.description ?? null,
        status,
        deadline: input.deadline ?? null,
        responsible_id: responsibleId,
        created_by_id: tx.actor.id,
        created_at: now,
        updated_at: now,
        closed_at: status === 'done' ? now : null,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const taskId = Number(id);
    await writeMembers(tx, taskId, input.coworkerIds ?? [], input.observerIds ?? []);
    await writeChecklist(tx, taskId, input.checklist ?? [], new Map());
    await writeItems(tx, taskId, items);
    await appendEvent(tx.db, { type: 'task.created', entityType: 'task', entityId: taskId, actorId: tx.actor.id, occurredAt: now, changes: { title: [null, input.title] } });
    await notify(tx.db, tx.now(), [{ userId: responsibleId, kind: 'taskAssigned', actorId: tx.actor.id, taskId }]);
    return getTask(tx, taskId);
  });
}

export async function updateTask(ctx: Context, id: number, input: UpdateTaskInput): Promise<TaskDto> {
  return inTransaction(ctx, async (tx) => {
    const current = await changeable(tx, id);
    if (input.version !== undefined && input.version !== current.row.version) throw new AppError('VERSION_CONFLICT', { currentVersion: current.row.version });
    const now = tx.now().toISOString();
    const next: Partial<TaskRow> = {};
    const changes: Changes = {};
    const set = <K extends keyof TaskRow>(column: K, field: string, value: TaskRow[K] | undefined) => {
      if (value === undefined || value === current.row[column]) return;
      next[column] = value;
      changes[field] = [current.row[column], value];
    };
    set('title', 'title', input.title);
    set('description', 'description', input.description);
    set('status', 'status', input.status);
    set('deadline', 'deadline', input.deadline);
    if (input.responsibleId !== undefined && input.responsibleId !== current.row.responsible_id) await requireActiveUsers(tx, 'responsibleId', [input.responsibleId]);
    set('responsible_id', 'responsibleId', input.responsibleId);
    if (next.status !== undefined) next.closed_at = next.status === 'done' ? now : null;
    const dto = current.dto;
    if (input.coworkerIds || input.observerIds) {
      const coworkers = input.coworkerIds ?? dto.coworkerIds;
      const observers = input.observerIds ?? dto.observerIds;
      await requireActiveUsers(tx, 'coworkerIds', coworkers.filter((u) => !dto.coworkerIds.includes(u)));
      await requireActiveUsers(tx, 'observerIds', observers.filter((u) => !dto.observerIds.includes(u)));
      if (!sameSet(coworkers, dto.coworkerIds) || !sameSet(observers, dto.observerIds)) {
        await timelineDb(tx.db).deleteFrom('task_members').where('task_id', '=', id).execute();
        await writeMembers(tx, id, coworkers, observers);
        changes.members = [{ coworkerIds: dto.coworkerIds, observerIds: dto.observerIds }, { coworkerIds: coworkers, observerIds: observers }];
      }
    }
    if (input.checklist) {
      const known = new Map(dto.checklist.map((entry) => [entry.id, entry]));
      const unknown = input.checklist.findIndex((entry) => entry.id !== undefined && !known.has(entry.id));
      if (unknown >= 0) throw invalid([{ field: `checklist.${unknown}.id`, rule: 'reference' }]);
      await timelineDb(tx.db).deleteFrom('task_checklist').where('task_id', '=', id).execute();
      await writeChecklist(tx, id, input.checklist, known);
      changes.checklist = [dto.checklist.length, input.checklist.length];
    }
    if (input.items) {
      const items = uniqueRefs(input.items);
      const before = new Set(dto.items.map(refKey));
      await requireReadable(tx, items.filter((ref) => !before.has(refKey(ref))), 'items');
      // Links to items the caller may not read stay: they cannot see them to remove them.
      const hidden = (await storedItems(tx, id)).filter((ref) => !dto.items.some((shown) => refKey(shown) === refKey(ref)));
      await timelineDb(tx.db).deleteFrom('task_items').where('task_id', '=', id).execute();
      await writeItems(tx, id, uniqueRefs([...items, ...hidden]));
      changes.items = [dto.items.map(refKey), items.map(refKey)];
    }
    if (Object.keys(changes).length === 0) return dto;
    await timelineDb(tx.db).updateTable('tasks').set({ ...next, updated_at: now, version: current.row.version + 1 }).where('id', '=', id).execute();
    await appendEvent(tx.db, { type: 'task.updated', entityType: 'task', entityId: id, actorId: tx.actor.id, occurredAt: now, changes });
    if (next.responsible_id !== undefined) await notify(tx.db, tx.now(), [{ userId: next.responsible_id, kind: 'taskAssigned', actorId: tx.actor.id, taskId: id }]);
    return getTask(tx, id);
  });
}

export async function updateChecklistEntry(ctx: Context, id: number, entryId: number, input: { done?: boolean; text?: string }): Promise<TaskDto> {
  return inTransaction(ctx, async (tx) => {
    const current = await changeable(tx, id);
    const entry = current.dto.checklist.find((e) => e.id === entryId);
    if (!entry) throw notFound();
    const now = tx.now().toISOString();
    await timelineDb(tx.db)
      .updateTable('task_checklist')
      .set({ ...(input.done !== undefined ? { done: input.done ? 1 : 0 } : {}), ...(input.text !== undefined ? { text: input.text } : {}) })
      .where('id', '=', entryId)
      .execute();
    await timelineDb(tx.db).updateTable('tasks').set({ updated_at: now, version: current.row.version + 1 }).where('id', '=', id).execute();
    await appendEvent(tx.db, { type: 'task.updated', entityType: 'task', entityId: id, actorId: tx.actor.id, occurredAt: now, changes: { [`checklist.${entryId}`]: [entry, { ...entry, ...input }] } });
    return getTask(tx, id);
  });
}

export async function deleteTask(ctx: Context, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await changeable(tx, id);
    if (current.row.created_by_id !== tx.actor.id && !tx.actor.isAdmin) throw new AppError('FORBIDDEN', { reason: 'creator' });
    await timelineDb(tx.db).deleteFrom('tasks').where('id', '=', id).execute();
    await appendEvent(tx.db, { type: 'task.deleted', entityType: 'task', entityId: id, actorId: tx.actor.id, occurredAt: tx.now().toISOString(), changes: { title: [current.row.title, null] } });
  });
}

export interface TaskQuery {
  role: 'responsible' | 'coworker' | 'observer' | 'creator' | 'any';
  status?: string[];
  item?: ItemRef;
  overdue?: boolean;
  cursor?: string;
  limit: number;
}

/** A page of the tasks the caller may see, by deadline (none last), then id. */
export async function listTasks(ctx: Context, query: TaskQuery) {
  const me = ctx.actor.id;
  const member = (eb: ExpressionBuilder<any, any>, role: string) =>
    eb.exists(eb.selectFrom('task_members').select(sql.lit(1).as('one')).whereRef('task_members.task_id', '=', 'tasks.id').where('task_members.user_id', '=', me).where('task_members.role', '=', role));
  let select = visibleTasks(ctx).selectAll('tasks');
  if (query.role === 'responsible') select = select.where('tasks.responsible_id', '=', me);
  if (query.role === 'creator') select = select.where('tasks.created_by_id', '=', me);
  if (query.role === 'coworker' || query.role === 'observer') select = select.where((eb) => member(eb, query.role));
  if (query.role === 'any') select = select.where((eb) => eb.or([eb('tasks.responsible_id', '=', me), eb('tasks.created_by_id', '=', me), member(eb, 'coworker'), member(eb, 'observer')]));
  if (query.status) select = select.where('tasks.status', 'in', query.status);
  if (query.overdue) select = select.where('tasks.deadline', '<', ctx.now().toISOString()).where('tasks.status', 'not in', ['done', 'deferred']);
  if (query.item) {
    const item = query.item;
    select = select.where('tasks.id', 'in', (eb) => eb.selectFrom('task_items').select('task_items.task_id').where('task_items.entity_type', '=', item.type).where('task_items.entity_id', '=', item.id));
  }
  // Deadline order with the tasks without one last: (no deadline, deadline, id) as the key.
  const noDeadline = sql<number>`(case when tasks.deadline is null then 1 else 0 end)`;
  const after = decodePageCursor(query.cursor, ['number', 'string', 'number']) as [number, string, number] | undefined;
  if (after) {
    const [none, deadline, id] = after;
    select = select.where((eb) =>
      none === 1
        ? eb.and([eb('tasks.deadline', 'is', null), eb('tasks.id', '>', id)])
        : eb.or([eb('tasks.deadline', 'is', null), eb('tasks.deadline', '>', deadline), eb.and([eb('tasks.deadline', '=', deadline), eb('tasks.id', '>', id)])]),
    );
  }
  const rows = (await select.orderBy(noDeadline).orderBy('tasks.deadline').orderBy('tasks.id').limit(query.limit + 1).execute()) as TaskRow[];
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: await taskDtos(ctx, page), nextCursor: rows.length > query.limit ? encodePageCursor([last.deadline === null ? 1 : 0, last.deadline ?? '', Number(last.id)]) : null };
}

export async function taskDtos(ctx: Context, rows: TaskRow[]): Promise<TaskDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.id));
  const db = timelineDb(ctx.db);
  const members = await db.selectFrom('task_members').select(['task_id', 'user_id', 'role']).where('task_id', 'in', ids).orderBy('user_id').execute();
  const checklist = await db.selectFrom('task_checklist').select(['id', 'task_id', 'text', 'done']).where('task_id', 'in', ids).orderBy('task_id').orderBy('sort').execute();
  const links = await db.selectFrom('task_items').select(['task_id', 'entity_type', 'entity_id']).where('task_id', 'in', ids).orderBy('task_id').orderBy('sort').execute();
  const titles = await titlesOf(ctx, links.map((link) => ({ type: link.entity_type as ItemTypeName, id: Number(link.entity_id) })));
  const byTask = <T extends { task_id: number }>(list: T[]) => groupBy(list, (entry) => Number(entry.task_id));
  const membersOf = byTask(members);
  const checklistOf = byTask(checklist);
  const linksOf = byTask(links);
  return rows.map((row) => {
    const id = Number(row.id);
    const mine = <T>(groups: Map<number, T[]>) => groups.get(id) ?? [];
    return {
      id,
      title: row.title,
      description: row.description,
      status: row.status,
      deadline: row.deadline,
      responsibleId: Number(row.responsible_id),
      coworkerIds: mine(membersOf).filter((m) => m.role === 'coworker').map((m) => Number(m.user_id)),
      observerIds: mine(membersOf).filter((m) => m.role === 'observer').map((m) => Number(m.user_id)),
      checklist: mine(checklistOf).map((entry) => ({ id: Number(entry.id), text: entry.text, done: Number(entry.done) === 1 })),
      items: mine(linksOf).flatMap((link) => {
        const ref = { type: link.entity_type as ItemTypeName, id: Number(link.entity_id) };
        const title = titles.get(refKey(ref));
        return title === undefined ? [] : [{ ...ref, title }];
      }),
      createdById: row.created_by_id === null ? null : Number(row.created_by_id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      closedAt: row.closed_at,
      version: Number(row.version),
    };
  });
}

/** The task, locked, if the caller may see it (404) and change it (403): its creator, responsible, co-workers or an administrator. */
async function changeable(ctx: Context, id: number): Promise<{ row: TaskRow; dto: TaskDto }> {
  let select = visibleTasks(ctx).selectAll('tasks').where('tasks.id', '=', id);
  if (ctx.dialect === 'postgres') select = select.forUpdate();
  const row = (await select.executeTakeFirst()) as TaskRow | undefined;
  if (!row) throw notFound();
  const [dto] = await taskDtos(ctx, [row]);
  const me = ctx.actor.id;
  if (!ctx.actor.isAdmin && row.created_by_id !== me && row.responsible_id !== me && !dto.coworkerIds.includes(me)) throw new AppError('FORBIDDEN', { reason: 'taskMember' });
  return { row, dto };
}

async function storedItems(ctx: Context, id: number): Promise<ItemRef[]> {
  const rows = await timelineDb(ctx.db).selectFrom('task_items').select(['entity_type', 'entity_id']).where('task_id', '=', id).orderBy('sort').execute();
  return rows.map((row) => ({ type: row.entity_type as ItemTypeName, id: Number(row.entity_id) }));
}

async function writeMembers(ctx: Context, id: number, coworkers: number[], observers: number[]) {
  const rows = [...new Set(coworkers)].map((user_id) => ({ task_id: id, user_id, role: 'coworker' })).concat([...new Set(observers)].map((user_id) => ({ task_id: id, user_id, role: 'observer' })));
  if (rows.length > 0) await timelineDb(ctx.db).insertInto('task_members').values(rows).execute();
}

async function writeChecklist(ctx: Context, id: number, entries: Array<{ id?: number; text: string; done?: boolean }>, known: Map<number, { done: boolean }>) {
  if (entries.length === 0) return;
  await timelineDb(ctx.db)
    .insertInto('task_checklist')
    .values(entries.map((entry, sort) => ({ ...(entry.id !== undefined ? { id: entry.id } : {}), task_id: id, text: entry.text, done: (entry.done ?? (entry.id !== undefined ? known.get(entry.id)?.done : false)) ? 1 : 0, sort })))
    .execute();
}

async function writeItems(ctx: Context, id: number, items: ItemRef[]) {
  if (items.length > 0) await timelineDb(ctx.db).insertInto('task_items').values(items.map((ref, sort) => ({ task_id: id, entity_type: ref.type, entity_id: ref.id, sort }))).execute();
}

const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));
