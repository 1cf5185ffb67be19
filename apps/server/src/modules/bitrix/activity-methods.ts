import { isStorableText, messages, translate, type FieldIssue, type ItemTypeName, type Localized, type MessageKey } from '@vinculo/shared';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { zodErrorIssues } from '../../http/error-handler.ts';
import { createActivityBody, updateActivityBody, type ActivityDto } from '../activities/activity.schemas.ts';
import { activityDtos, createActivity, deleteActivity, getActivity, updateActivity, visibleActivities } from '../activities/activity.service.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import { readStored, readStoredMany, scopedReader, showItem } from '../items/item-reader.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { requireActiveUsers } from '../org/active-users.ts';
import { refKey, uniqueRefs, type ItemRef } from '../timeline/item-refs.ts';
import { idOf } from './crm-entity-methods.ts';
import { bitrixDateTime, type BitrixAnswer } from './bitrix-envelope.ts';
import { invalidArgument, notFound } from './bitrix-errors.ts';
import type { BitrixCall, MethodTable } from './bitrix-methods.ts';
import { intParam, listParam, objectParam, param, type Params } from './bitrix-params.ts';
import { asList, parseBitrixDateTime, parseFlag } from './bitrix-values.ts';
import { describeFields, pageSize, yesNo } from './dictionary-support.ts';

/**
 * `crm.activity.*` (bitrix24-rest.md §8.1) over the activities service, as the webhook's user: an activity is seen by
 * whoever may read its owner item and by its responsible, planned by whoever may change the owner. Bitrix24's TYPE_ID
 * maps to our kinds (1 meeting, 2 call, 4 e-mail; 3 task and 6 universal are our to-do, answered as 6 / CRM_TODO);
 * COMMUNICATIONS become the items the activity concerns and are answered from those items' phones, e-mails or names.
 * An e-mail is recorded, never sent. Fields we do not store (FILES, SETTINGS, ORIGIN_ID…) are accepted and ignored.
 */

type Kind = 'meeting' | 'call' | 'email' | 'todo';

const kinds: Record<Kind, { typeId: number; provider: string; providerType: string; channel: 'PHONE' | 'EMAIL' | '' }> = {
  meeting: { typeId: 1, provider: 'CRM_MEETING', providerType: 'MEETING', channel: '' },
  call: { typeId: 2, provider: 'VOXIMPLANT_CALL', providerType: 'CALL', channel: 'PHONE' },
  email: { typeId: 4, provider: 'CRM_EMAIL', providerType: 'EMAIL', channel: 'EMAIL' },
  todo: { typeId: 6, provider: 'CRM_TODO', providerType: 'TODO', channel: '' },
};
const kindByTypeId: Record<number, Kind> = { 1: 'meeting', 2: 'call', 3: 'todo', 4: 'email', 6: 'todo' };
const kindByProvider: Record<string, Kind> = Object.fromEntries(Object.entries(kinds).map(([kind, k]) => [k.provider, kind as Kind]));
const priorities: Record<number, string> = { 1: 'low', 2: 'normal', 3: 'high' };
const directions: Record<number, string | null> = { 0: null, 1: 'incoming', 2: 'outgoing' };
const notifyUnits: Record<number, number> = { 1: 60, 2: 3600, 3: 86_400 };

const say = (ctx: Context, text: Localized) => text[ctx.locale];

/** A positive id from a number or a string of digits (Bitrix24 reads `intval`: anything else is none). */
function positiveId(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const id = Number(text);
  return id > 0 && id <= 2_147_483_647 ? id : undefined;
}

/** A whole number ≥ 0 (enumerations, NOTIFY_VALUE), or undefined. */
function wholeOf(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  return /^\d{1,7}$/.test(text) ? Number(text) : undefined;
}

const typeNameOf = (ctx: Context, entityTypeId: number | undefined): ItemTypeName | undefined =>
  itemTypeNames.find((name) => ctx.catalog.full[name].entityTypeId === entityTypeId);

const isGiven = (raw: unknown) => raw !== undefined && raw !== null && raw !== '';

/** A date-time as clients write it (bitrix-values.ts), as ISO; year 0 is refused (PostgreSQL has none). */
function parsedTime(raw: unknown): string | undefined {
  const parsed = typeof raw === 'string' ? parseBitrixDateTime(raw) : undefined;
  return parsed && !parsed.startsWith('0000') ? parsed : undefined;
}

// ---- input ---------------------------------------------------------------------------------------------------

function ownerOf(ctx: Context, fields: Params): ItemRef {
  const typeRaw = param(fields, 'OWNER_TYPE_ID');
  const id = positiveId(param(fields, 'OWNER_ID'));
  if (!isGiven(typeRaw)) throw invalidArgument('OWNER_TYPE_ID is not assigned.');
  if (id === undefined) throw invalidArgument('OWNER_ID is not assigned.');
  const type = typeNameOf(ctx, positiveId(typeRaw));
  if (!type) {
    throw invalidArgument(say(ctx, { en: `OWNER_TYPE_ID ${String(typeRaw)} is not supported: 1 (lead), 2 (deal), 3 (contact) or 4 (company)`, 'pt-BR': `OWNER_TYPE_ID ${String(typeRaw)} não é suportado: 1 (lead), 2 (negócio), 3 (contato) ou 4 (empresa)` }));
  }
  return { type, id };
}

function kindOf(fields: Params): Kind {
  const typeId = positiveId(param(fields, 'TYPE_ID'));
  const kind = typeId !== undefined ? kindByTypeId[typeId] : kindByProvider[String(param(fields, 'PROVIDER_ID') ?? '').toUpperCase()];
  if (kind) return kind;
  if (typeId === 5) throw invalidArgument('The activity type "Calendar event" is not supported in current context');
  throw invalidArgument('The field TYPE_ID is not defined or invalid');
}

function subjectOf(fields: Params): string | undefined {
  const raw = param(fields, 'SUBJECT');
  if (raw === undefined) return undefined;
  if ((typeof raw !== 'string' && typeof raw !== 'number') || String(raw).trim() === '') throw invalidArgument('The field SUBJECT is not defined or empty');
  return String(raw);
}

/** A text field as given (the schema trims and checks it); `''` or null clears it. */
function textOf(ctx: Context, fields: Params, name: string): string | null | undefined {
  const raw = param(fields, name);
  if (raw === undefined) return undefined;
  if (raw === null || raw === '') return null;
  if (typeof raw === 'object') throw invalidArgument(`${name} ${translate(ctx.locale, 'rule.type')}`);
  return String(raw);
}

function timeOf(ctx: Context, fields: Params, name: string): string | null | undefined {
  const raw = param(fields, name);
  if (raw === undefined) return undefined;
  if (raw === null || raw === '') return null;
  const parsed = parsedTime(raw);
  if (!parsed) throw invalidArgument(`${name} ${translate(ctx.locale, 'rule.format')}`);
  return parsed;
}

/** An enumeration field (PRIORITY, DIRECTION) through its table; absent or empty is undefined. */
function enumOf<T>(ctx: Context, fields: Params, name: string, table: Record<number, T>, allowed: Localized): T | undefined {
  const raw = param(fields, name);
  if (!isGiven(raw)) return undefined;
  const number = wholeOf(raw);
  if (number === undefined || !(number in table)) throw invalidArgument(`${name}: ${say(ctx, allowed)}`);
  return table[number];
}

/** COMPLETED (Y/N), or else STATUS (1 waiting; 2, 3 completed). */
function completedOf(fields: Params): boolean | undefined {
  const completed = param(fields, 'COMPLETED');
  if (isGiven(completed)) return parseFlag(completed) ?? false;
  const status = wholeOf(param(fields, 'STATUS'));
  return status === 1 ? false : status === 2 || status === 3 ? true : undefined;
}

/**
 * COMMUNICATIONS as the items the activity concerns (Bitrix24's bindings): an entry counts when it has a VALUE and,
 * for a call or an e-mail, no TYPE other than PHONE or EMAIL; one without ENTITY_TYPE_ID/ENTITY_ID is the owner's.
 */
function communicationsOf(ctx: Context, fields: Params, kind: Kind, owner: ItemRef, isAdd: boolean): ItemRef[] | undefined {
  const raw = param(fields, 'COMMUNICATIONS');
  if (raw === undefined && !isAdd) return undefined;
  const channel = kinds[kind].channel;
  const refs: ItemRef[] = [];
  for (const entry of asList(raw)) {
    if (!entry || typeof entry !== 'object') continue;
    const value = param(entry as Params, 'VALUE');
    if (!isGiven(value)) continue;
    const type = String(param(entry as Params, 'TYPE') ?? '').toUpperCase();
    if (channel && type !== '' && type !== channel) continue;
    const typeId = positiveId(param(entry as Params, 'ENTITY_TYPE_ID'));
    const id = positiveId(param(entry as Params, 'ENTITY_ID'));
    if (typeId === undefined || id === undefined) {
      refs.push(owner);
      continue;
    }
    const name = typeNameOf(ctx, typeId);
    if (!name) throw invalidArgument('The field COMMUNICATIONS is not defined or invalid');
    refs.push({ type: name, id });
  }
  if (refs.length === 0 && kind !== 'todo') throw invalidArgument('The field COMMUNICATIONS is not defined or invalid');
  if ((kind === 'call' || kind === 'meeting') && refs.length > 1) throw invalidArgument('The only one communication is allowed for activity of specified type');
  return refs;
}

/** The reminder as seconds before the activity's start (NOTIFY_TYPE 0: none), the missing half taken from `current`. */
function reminderOf(ctx: Context, fields: Params, current?: { type: number; value: number }): number | null | undefined {
  const typeRaw = param(fields, 'NOTIFY_TYPE');
  const valueRaw = param(fields, 'NOTIFY_VALUE');
  if (!isGiven(typeRaw) && !isGiven(valueRaw)) return undefined;
  const type = isGiven(typeRaw) ? wholeOf(typeRaw) : (current?.type ?? 0);
  if (type === undefined || (type !== 0 && !(type in notifyUnits))) throw invalidArgument(`NOTIFY_TYPE: ${say(ctx, { en: '0 (none), 1 (minutes), 2 (hours) or 3 (days)', 'pt-BR': '0 (nenhum), 1 (minutos), 2 (horas) ou 3 (dias)' })}`);
  if (type === 0) return null;
  if (!isGiven(valueRaw) && !current) throw invalidArgument('NOTIFY_VALUE is not assigned.');
  const value = isGiven(valueRaw) ? wholeOf(valueRaw) : current!.value;
  if (value === undefined || value > 10_000) throw invalidArgument(`NOTIFY_VALUE: ${say(ctx, { en: 'a whole number from 0 to 10000', 'pt-BR': 'um número inteiro de 0 a 10000' })}`);
  return value * notifyUnits[type];
}

/** What a reminder counts back from: a to-do's deadline, else the start. */
const reminderBase = (kind: string, startAt: string | null, deadline: string | null) => (kind === 'todo' ? deadline : (startAt ?? deadline));

function remindAt(base: string | null, seconds: number | null): string | null {
  if (seconds === null || base === null) return null;
  return new Date(Date.parse(base) - seconds * 1000).toISOString();
}

/** Bitrix24's default responsible: the owner item's, when it is an active user; else the webhook's user. */
async function defaultResponsible(ctx: Context, owner: ItemRef): Promise<number> {
  const stored = await readStored(scopedReader(ctx), owner.type, owner.id);
  const assignee = typeof stored?.assignedById === 'number' ? stored.assignedById : undefined;
  if (assignee === undefined) return ctx.actor.id;
  const isActive = await requireActiveUsers(ctx, 'responsibleId', [assignee]).then(() => true, () => false);
  return isActive ? assignee : ctx.actor.id;
}

/** Input checked by the same schema as the native API's, so the same limits hold (`undefined` means not given). */
function checked<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', zodErrorIssues(parsed.error, ''));
  return parsed.data;
}

async function addActivity(ctx: Context, fields: Params): Promise<number> {
  const owner = ownerOf(ctx, fields);
  const kind = kindOf(fields);
  const subject = subjectOf(fields);
  if (subject === undefined) throw invalidArgument('The field SUBJECT is not defined or empty');
  const items = communicationsOf(ctx, fields, kind, owner, true);
  const startAt = timeOf(ctx, fields, 'START_TIME');
  const endAt = timeOf(ctx, fields, 'END_TIME');
  // Bitrix24 takes a deadline from START_TIME (from END_TIME for a task); we also take DEADLINE itself.
  const deadline = timeOf(ctx, fields, 'DEADLINE') ?? (kind === 'todo' ? (endAt ?? startAt) : (startAt ?? endAt));
  const reminder = reminderOf(ctx, fields);
  const given = positiveId(param(fields, 'RESPONSIBLE_ID'));
  const input = checked(createActivityBody, {
    kind,
    owner,
    subject,
    description: textOf(ctx, fields, 'DESCRIPTION'),
    direction: enumOf(ctx, fields, 'DIRECTION', directions, { en: '1 (incoming) or 2 (outgoing)', 'pt-BR': '1 (recebida) ou 2 (enviada)' }),
    deadline,
    startAt,
    endAt,
    place: textOf(ctx, fields, 'LOCATION'),
    responsibleId: given ?? (await defaultResponsible(ctx, owner)),
    priority: enumOf(ctx, fields, 'PRIORITY', priorities, { en: '1 (low), 2 (medium) or 3 (high)', 'pt-BR': '1 (baixa), 2 (média) ou 3 (alta)' }),
    completed: completedOf(fields),
    remindAt: reminder === undefined ? undefined : remindAt(reminderBase(kind, startAt ?? null, deadline ?? null), reminder),
    items,
  });
  return (await createActivity(ctx, input)).id;
}

async function changeActivity(ctx: Context, id: number, fields: Params): Promise<void> {
  const current = await getActivity(ctx, id);
  const kind = (current.kind in kinds ? current.kind : 'todo') as Kind;
  const owner: ItemRef = { type: current.owner.type as ItemTypeName, id: current.owner.id };
  const ownerTypeId = positiveId(param(fields, 'OWNER_TYPE_ID'));
  const ownerId = positiveId(param(fields, 'OWNER_ID'));
  if ((ownerTypeId !== undefined && typeNameOf(ctx, ownerTypeId) !== owner.type) || (ownerId !== undefined && ownerId !== owner.id)) {
    throw invalidArgument(say(ctx, { en: 'The owner of an activity cannot be changed (OWNER_TYPE_ID, OWNER_ID)', 'pt-BR': 'O dono de uma atividade não pode ser alterado (OWNER_TYPE_ID, OWNER_ID)' }));
  }
  const responsibleRaw = param(fields, 'RESPONSIBLE_ID');
  if (isGiven(responsibleRaw) && positiveId(responsibleRaw) === undefined) throw invalidArgument('The field RESPONSIBLE_ID is not defined or invalid');
  const startAt = timeOf(ctx, fields, 'START_TIME');
  const endAt = timeOf(ctx, fields, 'END_TIME');
  const source = kind === 'todo' ? endAt : startAt;
  const deadline = timeOf(ctx, fields, 'DEADLINE') ?? (source ? source : undefined);
  // A reminder is relative to the start: moving the activity moves it, as in Bitrix24.
  const notify = notifyOf(current);
  const reminder = reminderOf(ctx, fields, notify.type === 0 ? undefined : notify);
  const moved = startAt !== undefined || deadline !== undefined;
  const seconds = reminder !== undefined ? reminder : moved && current.remindAt ? notify.seconds : undefined;
  const pick = <T>(next: T | undefined, now: T) => (next !== undefined ? next : now);
  // A meeting's deadline follows its start (the service's rule), so the reminder counts from the new start too.
  const nextStart = pick(startAt, current.startAt);
  const nextDeadline = pick(deadline, kind === 'meeting' && startAt ? startAt : current.deadline);
  const input = checked(updateActivityBody, {
    subject: subjectOf(fields),
    description: textOf(ctx, fields, 'DESCRIPTION'),
    direction: enumOf(ctx, fields, 'DIRECTION', directions, { en: '1 (incoming) or 2 (outgoing)', 'pt-BR': '1 (recebida) ou 2 (enviada)' }),
    deadline,
    startAt,
    endAt,
    place: textOf(ctx, fields, 'LOCATION'),
    responsibleId: positiveId(responsibleRaw),
    priority: enumOf(ctx, fields, 'PRIORITY', priorities, { en: '1 (low), 2 (medium) or 3 (high)', 'pt-BR': '1 (baixa), 2 (média) ou 3 (alta)' }),
    completed: completedOf(fields),
    remindAt: seconds === undefined ? undefined : remindAt(reminderBase(kind, nextStart, nextDeadline), seconds),
    items: communicationsOf(ctx, fields, kind, owner, false),
  });
  await updateActivity(ctx, id, input);
}

// ---- output --------------------------------------------------------------------------------------------------

const dateTime = (value: string | null) => (value ? bitrixDateTime(new Date(value)) : '');

/** NOTIFY_TYPE / NOTIFY_VALUE of a reminder: the largest unit it is a whole number of, before the start. */
function notifyOf(activity: ActivityDto): { type: number; value: number; seconds: number | null } {
  const base = reminderBase(activity.kind, activity.startAt, activity.deadline);
  if (!activity.remindAt || !base) return { type: 0, value: 0, seconds: null };
  const seconds = Math.max(0, Math.round((Date.parse(base) - Date.parse(activity.remindAt)) / 1000));
  if (seconds > 0 && seconds % 86_400 === 0) return { type: 3, value: seconds / 86_400, seconds };
  if (seconds > 0 && seconds % 3600 === 0) return { type: 2, value: seconds / 3600, seconds };
  return { type: 1, value: Math.round(seconds / 60), seconds };
}

function toBitrix(ctx: Context, activity: ActivityDto): Record<string, unknown> {
  const kind = kinds[activity.kind as Kind] ?? kinds.todo;
  const notify = notifyOf(activity);
  const priority = Object.entries(priorities).find(([, name]) => name === activity.priority)?.[0] ?? '2';
  return {
    ID: String(activity.id),
    OWNER_ID: String(activity.owner.id),
    OWNER_TYPE_ID: String(ctx.catalog.full[activity.owner.type as ItemTypeName].entityTypeId),
    TYPE_ID: String(kind.typeId),
    PROVIDER_ID: kind.provider,
    PROVIDER_TYPE_ID: kind.providerType,
    SUBJECT: activity.subject,
    CREATED: dateTime(activity.createdAt),
    LAST_UPDATED: dateTime(activity.updatedAt),
    // Without times of their own, the start and the end are the deadline (Bitrix24's to-dos read the same).
    START_TIME: dateTime(activity.startAt ?? activity.deadline),
    END_TIME: dateTime(activity.endAt ?? activity.startAt ?? activity.deadline),
    DEADLINE: dateTime(activity.deadline),
    COMPLETED: yesNo(activity.completed),
    STATUS: activity.completed ? '2' : '1',
    RESPONSIBLE_ID: String(activity.responsibleId),
    PRIORITY: priority,
    NOTIFY_TYPE: String(notify.type),
    NOTIFY_VALUE: String(notify.value),
    DESCRIPTION: activity.description ?? '',
    DESCRIPTION_TYPE: '1',
    DIRECTION: activity.direction === 'incoming' ? '1' : activity.direction === 'outgoing' ? '2' : '0',
    LOCATION: activity.place ?? '',
    AUTHOR_ID: activity.createdById === null ? null : String(activity.createdById),
    SETTINGS: [],
    PROVIDER_PARAMS: [],
  };
}

/**
 * COMMUNICATIONS of activities: each lead, contact or company it concerns that the caller may read, with its first
 * phone (a call), first e-mail (an e-mail) or its name (a meeting, a to-do), as the caller's view of it shows them.
 */
async function communicationsFor(ctx: Context, activities: ActivityDto[]): Promise<Map<number, unknown[]>> {
  const reader = scopedReader(ctx);
  const refs = uniqueRefs(activities.flatMap((a) => a.items.filter((i) => i.type !== 'deal').map((i) => ({ type: i.type as ItemTypeName, id: i.id }))));
  const items = new Map<string, ItemDto>();
  for (const name of ['lead', 'contact', 'company'] as const) {
    const ids = refs.filter((ref) => ref.type === name).map((ref) => ref.id);
    if (ids.length === 0) continue;
    for (const stored of await readStoredMany(reader, name, ids)) items.set(refKey({ type: name, id: stored.id }), showItem(reader, name, stored));
  }
  const answer = new Map<number, unknown[]>();
  for (const activity of activities) {
    const channel = (kinds[activity.kind as Kind] ?? kinds.todo).channel;
    const list = activity.items.flatMap((ref) => {
      const item = items.get(refKey(ref));
      if (!item) return [];
      const entries = (channel === 'PHONE' ? item.phones : channel === 'EMAIL' ? item.emails : undefined) as Array<{ value: string }> | undefined;
      const value = channel ? (entries?.[0]?.value ?? '') : ref.title;
      return [{ ID: null, ACTIVITY_ID: String(activity.id), ENTITY_ID: String(ref.id), ENTITY_TYPE_ID: String(ctx.catalog.full[ref.type as ItemTypeName].entityTypeId), TYPE: channel, VALUE: value }];
    });
    answer.set(activity.id, list);
  }
  return answer;
}

// ---- list ----------------------------------------------------------------------------------------------------

type Ref = Expression<unknown>;
type Where = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

interface Column {
  expression: Ref;
  /** The stored value a Bitrix24 filter value stands for (an unknown enumeration value matches nothing). */
  value(ctx: Context, raw: unknown, key: string): unknown;
  /** What it sorts by when not the stored value (enumerations in Bitrix24's order). */
  sort?: Ref;
  isText?: boolean;
}

const column = (name: string) => sql.ref(`activities.${name}`);
const ranked = (name: string, order: Array<[string, number]>) => sql`case ${column(name)} ${sql.join(order.map(([value, rank]) => sql`when ${value} then ${sql.lit(rank)}`), sql` `)} end`;

function integer(ctx: Context, raw: unknown, key: string): number {
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d{1,10}\s*$/.test(raw) ? Number(raw) : NaN;
  // Ids are 32-bit: PostgreSQL refuses a larger operand for an integer column rather than matching nothing.
  if (!Number.isInteger(number) || Math.abs(number) > 2_147_483_647) throw invalidArgument(`${key}: ${say(ctx, { en: 'expected a whole number', 'pt-BR': 'esperado um número inteiro' })}`);
  return number;
}

function instant(ctx: Context, raw: unknown, key: string): string {
  const parsed = parsedTime(raw);
  if (!parsed) throw invalidArgument(`${key} ${translate(ctx.locale, 'rule.format')}`);
  return parsed;
}

function textValue(ctx: Context, raw: unknown, key: string): string {
  const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  if (value === undefined || !isStorableText(value)) throw invalidArgument(`${key} ${translate(ctx.locale, 'rule.format')}`);
  return value;
}

const columns: Record<string, Column> = {
  ID: { expression: column('id'), value: integer },
  OWNER_ID: { expression: column('owner_id'), value: integer },
  OWNER_TYPE_ID: { expression: column('owner_type'), value: (ctx, raw) => typeNameOf(ctx, positiveId(raw)) ?? '', sort: ranked('owner_type', [['lead', 1], ['deal', 2], ['contact', 3], ['company', 4]]) },
  TYPE_ID: { expression: column('kind'), value: (_, raw) => kindByTypeId[positiveId(raw) ?? 0] ?? '', sort: ranked('kind', Object.entries(kinds).map(([kind, k]) => [kind, k.typeId])) },
  PROVIDER_ID: { expression: column('kind'), value: (_, raw) => kindByProvider[String(raw).toUpperCase()] ?? '' },
  COMPLETED: { expression: column('completed'), value: (_, raw) => (parseFlag(raw) ? 1 : 0) },
  STATUS: { expression: column('completed'), value: (_, raw) => (wholeOf(raw) === 1 ? 0 : wholeOf(raw) === 2 || wholeOf(raw) === 3 ? 1 : -1) },
  RESPONSIBLE_ID: { expression: column('responsible_id'), value: integer },
  AUTHOR_ID: { expression: column('created_by_id'), value: integer },
  PRIORITY: { expression: column('priority'), value: (_, raw) => priorities[wholeOf(raw) ?? 0] ?? '', sort: ranked('priority', [['low', 1], ['normal', 2], ['high', 3]]) },
  SUBJECT: { expression: column('subject'), value: textValue, isText: true },
  START_TIME: { expression: sql`coalesce(${column('start_at')}, ${column('deadline')})`, value: instant },
  END_TIME: { expression: sql`coalesce(${column('end_at')}, ${column('start_at')}, ${column('deadline')})`, value: instant },
  DEADLINE: { expression: column('deadline'), value: instant },
  CREATED: { expression: column('created_at'), value: instant },
  LAST_UPDATED: { expression: column('updated_at'), value: instant },
};

// Longest first, so `!@` is not read as `!` and a field named `@…`.
const prefixes = ['!=%', '!%=', '=%', '%=', '!@', '!%', '!=', '>=', '<=', '@', '%', '!', '=', '>', '<'] as const;
const comparisons: Record<string, '>' | '>=' | '<' | '<='> = { '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/** One condition of Bitrix24's `filter` (§5.2): `=`, `!`, comparisons, IN (`@`, a bare array), `%` on SUBJECT. */
function conditionOf(ctx: Context, key: string, raw: unknown): Where {
  const prefix = prefixes.find((p) => key.startsWith(p)) ?? '';
  const name = key.slice(prefix.length).toUpperCase();
  if (name === 'BINDINGS' && prefix === '') return bindingsOf(ctx, raw);
  const found = columns[name];
  if (!found) throw invalidArgument(say(ctx, { en: `Unknown filter field: ${name}`, 'pt-BR': `Campo de filtro desconhecido: ${name}` }));
  const { expression, isText } = found;
  const value = (v: unknown) => found.value(ctx, v, key);
  const isNot = prefix.startsWith('!');
  if (prefix === '%' || prefix === '!%') {
    if (!isText) throw invalidArgument(`${key} ${translate(ctx.locale, 'rule.operator')}`);
    const pattern = `%${textValue(ctx, raw, key).toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (eb) => (isNot ? eb.not(sql<SqlBool>`lower(${expression}) like ${pattern} escape '\\'`) : sql<SqlBool>`lower(${expression}) like ${pattern} escape '\\'`);
  }
  if (prefix in comparisons) return (eb) => eb(expression, comparisons[prefix], value(raw));
  if (prefix === '' || prefix === '=' || prefix === '!' || prefix === '!=' || prefix === '@' || prefix === '!@') {
    if (Array.isArray(raw) || (raw !== null && typeof raw === 'object') || prefix === '@' || prefix === '!@') {
      const values = asList(raw).map(value);
      if (values.length === 0) return () => sql<SqlBool>`${sql.lit(isNot ? 1 : 0)} = 1`;
      return (eb) => eb(expression, isNot ? 'not in' : 'in', values);
    }
    if (raw === '' || raw === null) return (eb) => eb(expression, isNot ? 'is not' : 'is', null);
    return (eb) => eb(expression, isNot ? '<>' : '=', value(raw));
  }
  throw invalidArgument(`${key} ${translate(ctx.locale, 'rule.operator')}`);
}

/** `BINDINGS: [{OWNER_TYPE_ID, OWNER_ID}, …]`: activities concerning any of those items (or items of those types). */
function bindingsOf(ctx: Context, raw: unknown): Where {
  const entries = asList(raw).filter((entry): entry is Params => entry !== null && typeof entry === 'object');
  if (entries.length === 0) return () => sql<SqlBool>`1 = 1`;
  return (eb) =>
    eb.exists(
      eb
        .selectFrom('activity_items')
        .select(sql.lit(1).as('one'))
        .whereRef('activity_items.activity_id', '=', 'activities.id')
        .where((inner) =>
          inner.or(
            entries.map((entry) => {
              const conditions: Array<Expression<SqlBool>> = [];
              if (isGiven(param(entry, 'OWNER_TYPE_ID'))) conditions.push(inner('activity_items.entity_type', '=', typeNameOf(ctx, positiveId(param(entry, 'OWNER_TYPE_ID'))) ?? ''));
              if (isGiven(param(entry, 'OWNER_ID'))) conditions.push(inner('activity_items.entity_id', '=', positiveId(param(entry, 'OWNER_ID')) ?? -1));
              return inner.and(conditions);
            }),
          ),
        ),
    );
}

function filteredActivities(ctx: Context, params: Params) {
  const conditions = Object.entries(objectParam(params, 'filter')).map(([key, raw]) => conditionOf(ctx, key, raw));
  return visibleActivities(ctx).where((eb) => eb.and(conditions.map((condition) => condition(eb))));
}

/** Selected fields: `*` (the default) is every field but COMMUNICATIONS and FILES, which come only when named. */
function selection(params: Params) {
  const names = (listParam(params, 'select') ?? []).map((name) => name.toUpperCase());
  const all = names.length === 0 || names.includes('*');
  return { has: (field: string) => field === 'ID' || all || names.includes(field), communications: names.includes('COMMUNICATIONS'), files: names.includes('FILES') };
}

async function list(call: BitrixCall): Promise<BitrixAnswer> {
  const { ctx } = call.caller;
  const { params } = call;
  const selected = selection(params);
  let query = filteredActivities(ctx, params).selectAll('activities');
  const order = Object.entries(objectParam(params, 'order'));
  for (const [name, direction] of order.length > 0 ? order : [['START_TIME', 'ASC']]) {
    const found = columns[name.toUpperCase()];
    if (!found) throw invalidArgument(say(ctx, { en: `Unknown order field: ${name}`, 'pt-BR': `Campo de ordenação desconhecido: ${name}` }));
    query = query.orderBy(found.sort ?? found.expression, String(direction).trim().toUpperCase() === 'DESC' ? 'desc' : 'asc');
  }
  if (!order.some(([name]) => name.toUpperCase() === 'ID')) query = query.orderBy('activities.id', 'asc');
  const requested = intParam(params, 'start') ?? 0;
  // start=-1: no count (the keyset walk of the SDK's callList); any other start is an offset.
  const start = Math.max(requested, 0);
  const rows = await query.offset(start).limit(pageSize).execute();
  const activities = await activityDtos(ctx, rows as Parameters<typeof activityDtos>[1]);
  const communications = selected.communications ? await communicationsFor(ctx, activities) : undefined;
  const result = activities.map((activity) => ({
    ...Object.fromEntries(Object.entries(toBitrix(ctx, activity)).filter(([field]) => selected.has(field))),
    ...(communications ? { COMMUNICATIONS: communications.get(activity.id) ?? [] } : {}),
    ...(selected.files ? { FILES: [] } : {}),
  }));
  if (requested < 0) return { result, total: 0 };
  const counted = await filteredActivities(ctx, params).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow();
  const total = Number(counted.count);
  return { result, total, ...(start + pageSize < total ? { next: start + pageSize } : {}) };
}

// ---- errors and the table ------------------------------------------------------------------------------------

const fieldNames: Record<string, string> = {
  kind: 'TYPE_ID',
  owner: 'OWNER_ID',
  subject: 'SUBJECT',
  description: 'DESCRIPTION',
  direction: 'DIRECTION',
  deadline: 'DEADLINE',
  startAt: 'START_TIME',
  endAt: 'END_TIME',
  place: 'LOCATION',
  responsibleId: 'RESPONSIBLE_ID',
  priority: 'PRIORITY',
  completed: 'COMPLETED',
  remindAt: 'NOTIFY_VALUE',
  items: 'COMMUNICATIONS',
};

/** The service's errors as Bitrix24 tells them: "Activity is not found", the fields named by their Bitrix24 names. */
function bitrixErrorOf(ctx: Context, error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'NOT_FOUND') return (error.details as { field?: string } | undefined)?.field ? notFound() : notFound('Activity is not found');
  if (error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return error;
  const issues = error.details as Array<FieldIssue & { params?: Record<string, unknown> }>;
  if (issues.some((issue) => issue.field === 'responsibleId')) return invalidArgument('The field RESPONSIBLE_ID is not defined or invalid');
  return invalidArgument(
    issues
      .map((issue) => {
        const name = fieldNames[issue.field.split('.')[0]!] ?? issue.field;
        if (issue.rule === 'afterStart') return `${name} ${say(ctx, { en: 'is before START_TIME', 'pt-BR': 'é anterior a START_TIME' })}`;
        const key = `rule.${issue.rule}`;
        const params = Object.fromEntries(Object.entries(issue.params ?? {}).map(([k, v]) => [k, String(v)]));
        return `${name} ${key in messages ? translate(ctx.locale, key as MessageKey, params) : translate(ctx.locale, 'rule.type')}`;
      })
      .join('; '),
  );
}

function method(run: (call: BitrixCall) => Promise<BitrixAnswer>) {
  return {
    scope: 'crm',
    run: async (call: BitrixCall) => {
      try {
        return await run(call);
      } catch (error) {
        throw bitrixErrorOf(call.caller.ctx, error);
      }
    },
  };
}

const text = (en: string, pt: string): Localized => ({ en, 'pt-BR': pt });

export const activityMethods: MethodTable = {
  'crm.activity.fields': method(async ({ caller }) => {
    const described = describeFields(caller.ctx, {
      ID: { type: 'integer', title: text('ID', 'ID'), isReadOnly: true },
      OWNER_ID: { type: 'integer', title: text('Owner ID', 'ID do dono'), isRequired: true, isImmutable: true },
      OWNER_TYPE_ID: { type: 'crm_enum_ownertype', title: text('Owner type', 'Tipo do dono'), isRequired: true, isImmutable: true },
      TYPE_ID: { type: 'crm_enum_activitytype', title: text('Type', 'Tipo'), isRequired: true, isImmutable: true },
      PROVIDER_ID: { type: 'string', title: text('Provider ID', 'ID do provedor'), isReadOnly: true },
      PROVIDER_TYPE_ID: { type: 'string', title: text('Provider type', 'Tipo do provedor'), isReadOnly: true },
      SUBJECT: { type: 'string', title: text('Subject', 'Assunto'), isRequired: true },
      START_TIME: { type: 'datetime', title: text('Start', 'Início') },
      END_TIME: { type: 'datetime', title: text('End', 'Fim') },
      DEADLINE: { type: 'datetime', title: text('Deadline', 'Prazo') },
      COMPLETED: { type: 'char', title: text('Completed', 'Concluída') },
      STATUS: { type: 'crm_enum_activitystatus', title: text('Status', 'Status') },
      RESPONSIBLE_ID: { type: 'user', title: text('Responsible', 'Responsável'), isRequired: true },
      PRIORITY: { type: 'crm_enum_activitypriority', title: text('Priority', 'Prioridade') },
      NOTIFY_TYPE: { type: 'crm_enum_activitynotifytype', title: text('Reminder unit', 'Unidade do lembrete') },
      NOTIFY_VALUE: { type: 'integer', title: text('Reminder before the start', 'Lembrete antes do início') },
      DESCRIPTION: { type: 'string', title: text('Description', 'Descrição') },
      DESCRIPTION_TYPE: { type: 'crm_enum_contenttype', title: text('Description type', 'Tipo da descrição'), isReadOnly: true },
      DIRECTION: { type: 'crm_enum_activitydirection', title: text('Direction', 'Direção') },
      LOCATION: { type: 'string', title: text('Location', 'Local') },
      CREATED: { type: 'datetime', title: text('Created', 'Criada em'), isReadOnly: true },
      AUTHOR_ID: { type: 'user', title: text('Created by', 'Criada por'), isReadOnly: true },
      LAST_UPDATED: { type: 'datetime', title: text('Last updated', 'Atualizada em'), isReadOnly: true },
      SETTINGS: { type: 'object', title: text('Settings', 'Configurações'), isReadOnly: true },
      PROVIDER_PARAMS: { type: 'object', title: text('Provider parameters', 'Parâmetros do provedor'), isReadOnly: true },
      COMMUNICATIONS: { type: 'crm_activity_communication', title: text('Communications', 'Comunicações'), isRequired: true },
    });
    return { result: { ...described, COMMUNICATIONS: { ...(described.COMMUNICATIONS as object), isMultiple: true } } };
  }),
  'crm.activity.communication.fields': method(async ({ caller }) => ({
    result: describeFields(caller.ctx, {
      ID: { type: 'integer', title: text('ID', 'ID'), isReadOnly: true },
      ACTIVITY_ID: { type: 'integer', title: text('Activity', 'Atividade'), isReadOnly: true },
      ENTITY_ID: { type: 'integer', title: text('Item ID', 'ID do item') },
      ENTITY_TYPE_ID: { type: 'integer', title: text('Item type', 'Tipo do item') },
      TYPE: { type: 'string', title: text('Type', 'Tipo') },
      VALUE: { type: 'string', title: text('Value', 'Valor') },
    }),
  })),
  'crm.activity.add': method(async ({ caller, params }) => ({ result: await addActivity(caller.ctx, objectParam(params, 'fields')) })),
  'crm.activity.get': method(async (call) => {
    const { ctx } = call.caller;
    const activity = await getActivity(ctx, idOf(call));
    const communications = await communicationsFor(ctx, [activity]);
    return { result: { ...toBitrix(ctx, activity), COMMUNICATIONS: communications.get(activity.id) ?? [] } };
  }),
  'crm.activity.update': method(async (call) => {
    await changeActivity(call.caller.ctx, idOf(call), objectParam(call.params, 'fields'));
    return { result: true };
  }),
  'crm.activity.delete': method(async (call) => {
    await deleteActivity(call.caller.ctx, idOf(call));
    return { result: true };
  }),
  'crm.activity.list': method(list),
};
