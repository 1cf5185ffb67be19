import type { ItemTypeName, Locale } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { isAllowed } from '../items/item-access.ts';
import { readStored, scopedReader } from '../items/item-reader.ts';
import { notify } from '../notifications/notification.service.ts';
import { requireActiveUsers } from '../org/active-users.ts';
import { readableItem, refKey, requireReadable, titlesOf, uniqueRefs, type ItemRef } from '../timeline/item-refs.ts';
import { decodePageCursor, encodePageCursor } from '../timeline/page-cursor.ts';
import { timelineDb, type TimelineTables } from '../timeline/timeline.tables.ts';
import type { ActivityDto, CreateActivityInput, UpdateActivityInput } from './activity.schemas.ts';
import { refreshNextActivity } from './next-activity.ts';

/**
 * Activities: calls, meetings, e-mails logged by hand and to-dos, each owned by one item and concerning any number of
 * items. Visible to whoever may read the owner item and to the responsible (the owner must be live: an item in the
 * recycle bin takes its activities with it). Planning one needs the right to change the owner item; changing one is
 * for its responsible, its creator and whoever may change the owner. Every write keeps the items' `nextActivityAt`,
 * appends an `activity.*` event (the history of the activity) and tells a new responsible.
 */

type ActivityRow = TimelineTables['activities'] & { id: number };

/** Activities the caller may see, in SQL. */
export function visibleActivities(ctx: Context) {
  return timelineDb(ctx.db)
    .selectFrom('activities')
    .where(readableItem(ctx, 'activities.owner_type', 'activities.owner_id', (eb) => eb('activities.responsible_id', '=', ctx.actor.id)));
}

export async function getActivity(ctx: Context, id: number): Promise<ActivityDto> {
  const row = (await visibleActivities(ctx).selectAll('activities').where('activities.id', '=', id).executeTakeFirst()) as ActivityRow | undefined;
  if (!row) throw notFound();
  return (await activityDtos(ctx, [row]))[0];
}

export async function createActivity(ctx: Context, input: CreateActivityInput): Promise<ActivityDto> {
  return inTransaction(ctx, async (tx) => {
    const owner = await readStored(scopedReader(tx), input.owner.type, input.owner.id);
    if (!owner) throw new AppError('NOT_FOUND', { field: 'owner', type: input.owner.type, id: input.owner.id });
    if (!isAllowed(tx, tx.catalog.full[input.owner.type], 'update', owner)) throw new AppError('FORBIDDEN', { reason: 'scope', action: 'update' });
    const others = (input.items ?? []).filter((ref) => refKey(ref) !== refKey(input.owner));
    const items = uniqueRefs([input.owner, ...others]);
    await requireReadable(tx, items.slice(1), 'items');
    const responsibleId = input.responsibleId ?? tx.actor.id;
    await requireActiveUsers(tx, 'responsibleId', [responsibleId]);
    const values = checkedTimes(input.kind, input);
    const now = tx.now().toISOString();
    const completed = input.completed === true;
    const inserted = await timelineDb(tx.db)
      .insertInto('activities')
      .values({
        kind: input.kind,
        direction: input.kind === 'call' || input.kind === 'email' ? (input.direction ?? 'outgoing') : null,
        subject: input.subject,
        description: input.description ?? null,
        owner_type: input.owner.type,
        owner_id: input.owner.id,
        responsible_id: responsibleId,
        priority: input.priority ?? 'normal',
        completed: completed ? 1 : 0,
        completed_at: completed ? now : null,
        deadline: values.deadline,
        start_at: values.startAt,
        end_at: values.endAt,
        duration_seconds: input.durationSeconds ?? null,
        result: input.result ?? null,
        place: input.place ?? null,
        remind_at: input.remindAt ?? null,
        created_by_id: tx.actor.id,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await writeItems(tx, id, items);
    await appendEvent(tx.db, { type: 'activity.created', entityType: 'activity', entityId: id, actorId: tx.actor.id, occurredAt: now, changes: { subject: [null, input.subject], deadline: [null, values.deadline] } });
    await refreshNextActivity(tx.db, tx.catalog, items);
    if (!completed) await notify(tx.db, tx.now(), [{ userId: responsibleId, kind: 'activityAssigned', actorId: tx.actor.id, item: input.owner, activityId: id }]);
    return getActivity(tx, id);
  });
}

export async function updateActivity(ctx: Context, id: number, input: UpdateActivityInput): Promise<ActivityDto> {
  return inTransaction(ctx, async (tx) => {
    const current = await changeable(tx, id);
    if (input.version !== undefined && input.version !== current.version) throw new AppError('VERSION_CONFLICT', { currentVersion: current.version });
    const before = await itemsOf(tx, [id]);
    const owner: ItemRef = { type: current.owner_type as ItemTypeName, id: current.owner_id };
    let items = before.get(id) ?? [owner];
    if (input.items) {
      items = uniqueRefs([owner, ...input.items.filter((ref) => refKey(ref) !== refKey(owner))]);
      const added = items.filter((ref) => !(before.get(id) ?? []).some((old) => refKey(old) === refKey(ref)));
      await requireReadable(tx, added, 'items');
    }
    if (input.responsibleId !== undefined && input.responsibleId !== current.responsible_id) await requireActiveUsers(tx, 'responsibleId', [input.responsibleId]);
    const merged = {
      deadline: input.deadline !== undefined ? input.deadline : current.deadline,
      startAt: input.startAt !== undefined ? input.startAt : current.start_at,
      endAt: input.endAt !== undefined ? input.endAt : current.end_at,
    };
    // A meeting moved by its start keeps its deadline with it.
    if (current.kind === 'meeting' && input.startAt !== undefined && input.deadline === undefined) merged.deadline = input.startAt;
    const times = checkedTimes(current.kind, merged);
    const now = tx.now().toISOString();
    const next: Partial<ActivityRow> = {};
    const set = <K extends keyof ActivityRow>(column: K, value: ActivityRow[K] | undefined) => {
      if (value !== undefined && value !== current[column]) next[column] = value;
    };
    set('subject', input.subject);
    set('description', input.description);
    set('direction', current.kind === 'call' || current.kind === 'email' ? input.direction ?? undefined : undefined);
    set('deadline', times.deadline);
    set('start_at', times.startAt);
    set('end_at', times.endAt);
    set('duration_seconds', input.durationSeconds);
    set('result', input.result);
    set('place', input.place);
    set('responsible_id', input.responsibleId);
    set('priority', input.priority);
    set('remind_at', input.remindAt);
    if (input.completed !== undefined) {
      set('completed', input.completed ? 1 : 0);
      if (next.completed !== undefined) next.completed_at = input.completed ? now : null;
    }
    // A new reminder time (or a reopened activity) sends the reminder again.
    if (next.remind_at !== undefined || next.deadline !== undefined || next.completed === 0) next.reminded_at = null;
    const itemsChanged = input.items !== undefined && JSON.stringify(items.map(refKey)) !== JSON.stringify((before.get(id) ?? []).map(refKey));
    if (Object.keys(next).length === 0 && !itemsChanged) return getActivity(tx, id);

    await timelineDb(tx.db).updateTable('activities').set({ ...next, updated_at: now, version: current.version + 1 }).where('id', '=', id).execute();
    if (itemsChanged) {
      await timelineDb(tx.db).deleteFrom('activity_items').where('activity_id', '=', id).execute();
      await writeItems(tx, id, items);
    }
    const changes: Changes = {};
    for (const [column, value] of Object.entries(next)) if (column !== 'reminded_at' && column !== 'completed_at') changes[camel(column)] = [current[column as keyof ActivityRow], value];
    if (next.completed !== undefined) changes.completed = [current.completed === 1, next.completed === 1];
    if (itemsChanged) changes.items = [(before.get(id) ?? []).map(refKey), items.map(refKey)];
    const type = next.completed === 1 ? 'activity.completed' : next.deadline !== undefined ? 'activity.rescheduled' : 'activity.updated';
    await appendEvent(tx.db, { type, entityType: 'activity', entityId: id, actorId: tx.actor.id, occurredAt: now, changes });
    await refreshNextActivity(tx.db, tx.catalog, [...(before.get(id) ?? []), ...items]);
    if (next.responsible_id !== undefined && (next.completed ?? current.completed) === 0) {
      await notify(tx.db, tx.now(), [{ userId: next.responsible_id, kind: 'activityAssigned', actorId: tx.actor.id, item: owner, activityId: id }]);
    }
    return getActivity(tx, id);
  });
}

export async function deleteActivity(ctx: Context, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await changeable(tx, id);
    const items = (await itemsOf(tx, [id])).get(id) ?? [];
    await timelineDb(tx.db).deleteFrom('activities').where('id', '=', id).execute();
    await appendEvent(tx.db, { type: 'activity.deleted', entityType: 'activity', entityId: id, actorId: tx.actor.id, occurredAt: tx.now().toISOString(), changes: { subject: [current.subject, null] } });
    await refreshNextActivity(tx.db, tx.catalog, items);
  });
}

/** The activity's history: its events, oldest first. */
export async function activityHistory(ctx: Context, id: number) {
  await getActivity(ctx, id);
  const rows = await timelineDb(ctx.db)
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_id')
    .select(['events.occurred_at', 'events.type', 'events.actor_id', 'users.name as actor_name', 'events.changes'])
    .where('events.entity_type', '=', 'activity')
    .where('events.entity_id', '=', id)
    .orderBy('events.id')
    .execute();
  return {
    items: rows.map((row) => ({
      date: row.occurred_at,
      type: row.type.replace(/^activity\./, ''),
      author: row.actor_id === null ? null : { id: Number(row.actor_id), name: row.actor_name ?? '' },
      changes: JSON.parse(row.changes) as Changes,
    })),
  };
}

export interface ActivityQuery {
  responsibleId?: number | 'me';
  kind?: string[];
  completed?: boolean;
  from?: string;
  to?: string;
  item?: ItemRef;
  cursor?: string;
  limit: number;
}

/**
 * A page of the activities the caller may see: open ones by deadline (earliest first), then done ones by completion
 * (newest first). The cursor says which of the two runs it is in and where.
 */
export async function listActivities(ctx: Context, query: ActivityQuery) {
  const after = decodePageCursor(query.cursor, ['number', 'string', 'number']) as [number, string, number] | undefined;
  const runs = query.completed === undefined ? [0, 1] : [query.completed ? 1 : 0];
  const rows: ActivityRow[] = [];
  let more = false;
  for (const done of runs) {
    if (after && done < after[0]) continue;
    const keyColumn = done ? 'activities.completed_at' : 'activities.deadline';
    let select = filtered(ctx, query).selectAll('activities').where('activities.completed', '=', done);
    if (after && after[0] === done) {
      const [, key, id] = after;
      select = done
        ? select.where((eb) => eb.or([eb(keyColumn, '<', key), eb.and([eb(keyColumn, '=', key), eb('activities.id', '>', id)])]))
        : select.where((eb) => eb.or([eb(keyColumn, '>', key), eb.and([eb(keyColumn, '=', key), eb('activities.id', '>', id)])]));
    }
    const wanted = query.limit - rows.length + 1;
    const found = (await select.orderBy(keyColumn, done ? 'desc' : 'asc').orderBy('activities.id').limit(wanted).execute()) as ActivityRow[];
    rows.push(...found);
    if (rows.length > query.limit) {
      more = true;
      break;
    }
  }
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await activityDtos(ctx, page),
    nextCursor: more && last ? encodePageCursor([last.completed, (last.completed ? last.completed_at : last.deadline) ?? '', Number(last.id)]) : null,
  };
}

function filtered(ctx: Context, query: ActivityQuery) {
  let select = visibleActivities(ctx);
  if (query.responsibleId !== undefined) select = select.where('activities.responsible_id', '=', query.responsibleId === 'me' ? ctx.actor.id : query.responsibleId);
  if (query.kind) select = select.where('activities.kind', 'in', query.kind);
  if (query.from) select = select.where('activities.deadline', '>=', query.from);
  if (query.to) select = select.where('activities.deadline', '<', query.to);
  if (query.item) {
    const item = query.item;
    select = select.where('activities.id', 'in', (eb) => eb.selectFrom('activity_items').select('activity_items.activity_id').where('activity_items.entity_type', '=', item.type).where('activity_items.entity_id', '=', item.id));
  }
  return select;
}

/** The caller's open activities: overdue (deadline passed), due later today (in `timeZone`), and later. */
export async function activityCounters(ctx: Context, timeZone: string) {
  const now = ctx.now();
  const endOfToday = endOfDay(now, timeZone).toISOString();
  const row = await visibleActivities(ctx)
    .where('activities.responsible_id', '=', ctx.actor.id)
    .where('activities.completed', '=', 0)
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('activities.deadline', '<', now.toISOString()).then(1).else(0).end()).as('overdue'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('activities.deadline', '>=', now.toISOString()), eb('activities.deadline', '<', endOfToday)])).then(1).else(0).end()).as('today'),
      eb.fn.countAll<number>().as('open'),
    ])
    .executeTakeFirstOrThrow();
  const overdue = Number(row.overdue ?? 0);
  const today = Number(row.today ?? 0);
  return { overdue, today, upcoming: Number(row.open) - overdue - today };
}

/** The instant the day of `now` ends in `timeZone` (the next local midnight). */
export function endOfDay(now: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const localAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = localAsUtc - Math.floor(now.getTime() / 1000) * 1000;
  const localMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + 1);
  return new Date(localMidnight - offset);
}

export const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** API objects of activity rows: their items titled as the caller may read them, in one query per type. */
export async function activityDtos(ctx: Context, rows: ActivityRow[]): Promise<ActivityDto[]> {
  if (rows.length === 0) return [];
  const items = await itemsOf(ctx, rows.map((row) => Number(row.id)));
  const refs = [...items.values()].flat();
  const titles = await titlesOf(ctx, refs);
  const titleOf = (ref: ItemRef) => titles.get(refKey(ref)) ?? `${ctx.catalog.full[ref.type].label[ctx.locale as Locale]} #${ref.id}`;
  return rows.map((row) => {
    const owner: ItemRef = { type: row.owner_type as ItemTypeName, id: Number(row.owner_id) };
    return {
      id: Number(row.id),
      kind: row.kind,
      direction: row.direction,
      subject: row.subject,
      description: row.description,
      deadline: row.deadline,
      startAt: row.start_at,
      endAt: row.end_at,
      durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
      result: row.result,
      place: row.place,
      responsibleId: Number(row.responsible_id),
      priority: row.priority,
      completed: Number(row.completed) === 1,
      completedAt: row.completed_at,
      remindAt: row.remind_at,
      owner: { ...owner, title: titleOf(owner) },
      // Linked items the caller may not read stay out; the owner is always named (the responsible sees what it concerns).
      items: (items.get(Number(row.id)) ?? [owner]).filter((ref) => refKey(ref) === refKey(owner) || titles.has(refKey(ref))).map((ref) => ({ ...ref, title: titleOf(ref) })),
      createdById: row.created_by_id === null ? null : Number(row.created_by_id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: Number(row.version),
    };
  });
}

/** The items each activity concerns, the owner first. */
async function itemsOf(ctx: Context, ids: number[]): Promise<Map<number, ItemRef[]>> {
  const rows = await timelineDb(ctx.db).selectFrom('activity_items').select(['activity_id', 'entity_type', 'entity_id']).where('activity_id', 'in', ids).orderBy('activity_id').orderBy('sort').execute();
  const byActivity = new Map<number, ItemRef[]>();
  for (const row of rows) {
    const list = byActivity.get(Number(row.activity_id)) ?? byActivity.set(Number(row.activity_id), []).get(Number(row.activity_id))!;
    list.push({ type: row.entity_type as ItemTypeName, id: Number(row.entity_id) });
  }
  return byActivity;
}

async function writeItems(ctx: Context, id: number, items: ItemRef[]) {
  await timelineDb(ctx.db)
    .insertInto('activity_items')
    .values(items.map((ref, sort) => ({ activity_id: id, entity_type: ref.type, entity_id: ref.id, sort })))
    .execute();
}

/** The activity, locked, if the caller may see it (404) and change it (403): its responsible, its creator, or who may change its owner. */
async function changeable(ctx: Context, id: number): Promise<ActivityRow> {
  let select = visibleActivities(ctx).selectAll('activities').where('activities.id', '=', id);
  if (ctx.dialect === 'postgres') select = select.forUpdate();
  const row = (await select.executeTakeFirst()) as ActivityRow | undefined;
  if (!row) throw notFound();
  if (ctx.actor.isAdmin || row.responsible_id === ctx.actor.id || row.created_by_id === ctx.actor.id) return row;
  const owner = await readStored(scopedReader(ctx), row.owner_type as ItemTypeName, row.owner_id);
  if (!owner || !isAllowed(ctx, ctx.catalog.full[row.owner_type as ItemTypeName], 'update', owner)) throw new AppError('FORBIDDEN', { reason: 'scope', action: 'update' });
  return row;
}

/** The deadline (a meeting's is its start) and a meeting's times, checked: something planned has a time. */
function checkedTimes(kind: string, input: { deadline?: string | null; startAt?: string | null; endAt?: string | null }) {
  const startAt = input.startAt ?? null;
  const endAt = input.endAt ?? null;
  const deadline = input.deadline ?? startAt;
  const issues: Array<{ field: string; rule: string }> = [];
  if (!deadline) issues.push({ field: kind === 'meeting' ? 'startAt' : 'deadline', rule: 'required' });
  if (startAt && endAt && endAt < startAt) issues.push({ field: 'endAt', rule: 'afterStart' });
  if (issues.length > 0) throw invalid(issues);
  return { deadline, startAt, endAt };
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
