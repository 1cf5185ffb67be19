import { normalizeMultifield, type FieldDef, type ItemTypeDef, type MultifieldKind } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { zodErrorIssues } from '../../http/error-handler.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { readScope, requireAllowed } from './item-access.ts';
import { checkReferences } from './item-references.ts';
import { afterWrite, applyRules } from './item-rules.ts';
import { sameValue, toColumn, toColumns } from './item-values.ts';
import { presentItems, type ItemDto } from './item.presenter.ts';
import { itemSchemas } from './item.schemas.ts';
import * as repository from './item.repository.ts';
import type { MultifieldWrite } from './item.repository.ts';

/** Create, read, update, delete and restore of any item type: one engine, driven by the type's metadata. */

type Input = Record<string, unknown>;

interface MultifieldInput {
  id?: number;
  value: string;
  valueType: string;
}

/** An item the caller may read; anything else (missing, binned, outside their scope) is a 404. */
export async function getItem(ctx: Context, type: ItemTypeDef, id: number): Promise<ItemDto> {
  const row = await repository.findItem(ctx.db, type, id, { restrict: readScope(ctx, type) });
  if (!row) throw notFound();
  const [item] = await presentItems(ctx.db, type, [row]);
  return item;
}

/**
 * Validates input that did not come through a route's schema (one item of a conversion request) against the
 * type's create or update schema; a failure is a 400 whose field paths start with `prefix` (e.g. `deal.`).
 */
export function validateInput(type: ItemTypeDef, mode: 'create' | 'update', input: Input, prefix: string): Input {
  const result = itemSchemas(type)[mode].safeParse(input);
  if (!result.success) throw new AppError('VALIDATION_FAILED', zodErrorIssues(result.error, prefix));
  return result.data as Input;
}

export interface WriteOptions {
  /** Values of read-only fields that the system sets (a converted item's `leadId`); never client input. */
  system?: Input;
  /** System columns that are not fields, e.g. a card's `kanban_sort`. */
  columns?: Record<string, unknown>;
}

/** Creates an item from validated input (the route's zod schema, or `validateInput` for internal callers). */
export async function createItem(ctx: Context, type: ItemTypeDef, input: Input, options: WriteOptions = {}): Promise<ItemDto> {
  refuseLockedFields(type, input);
  const checked = validateInput(type, 'create', input, '');
  return inTransaction(ctx, async (tx) => {
    const values = { ...customDefaults(type, checked), ...writableValues(type, checked), ...options.system };
    const systemColumns = { ...options.columns };
    await applyRules(tx, type, values, undefined, systemColumns);
    requireAllowed(tx, type, 'add', values);
    await checkReferences(tx, type, values);
    const now = tx.now().toISOString();
    const columns: Record<string, unknown> = {
      created_at: now,
      updated_at: now,
      created_by_id: tx.actor.id,
      updated_by_id: tx.actor.id,
      version: 1,
      ...columnValues(type, values),
      ...systemColumns,
    };
    // A new item has no values yet: ids sent with its entries cannot refer to anything of its own.
    const multifields = multifieldWrites(type, values).map(([field, entries]) => [field, entries.map((entry) => ({ ...entry, id: undefined }))] as [FieldDef, MultifieldWrite[]]);
    setPresenceFlags(type, columns, multifields);
    const id = await repository.insertItem(tx.db, type, columns);
    for (const [field, entries] of multifields) await repository.replaceMultifields(tx.db, type.name, id, field.multifieldKind!, entries, []);
    for (const field of linkFields(type)) {
      if (values[field.name] !== undefined) await repository.replaceLinks(tx.db, field, id, unique(values[field.name] as number[]));
    }
    for (const field of multipleCustomFields(type)) {
      if (values[field.name] !== undefined) await repository.replaceCustomValues(tx.db, field.custom!.id, id, unique(values[field.name] as number[]));
    }
    const item = await getItem(tx, type, id);
    await afterWrite(tx, type, item, undefined);
    await appendEvent(tx.db, {
      type: 'item.created',
      entityType: type.name,
      entityId: id,
      actorId: tx.actor.id,
      occurredAt: now,
      changes: createdChanges(type, item),
    });
    return item;
  });
}

/**
 * Applies a partial update. With `expectedVersion` the write happens only if the item is still at that
 * version (409 otherwise); an update that changes nothing writes nothing.
 */
export async function updateItem(ctx: Context, type: ItemTypeDef, id: number, input: Input, expectedVersion?: number, options: WriteOptions = {}): Promise<ItemDto> {
  const { version: bodyVersion, ...checked } = validateInput(type, 'update', input, '');
  const expected = (bodyVersion as number | undefined) ?? expectedVersion;
  return inTransaction(ctx, async (tx) => {
    await repository.lockItem(tx.db, tx.dialect, type, id);
    const current = await getItem(tx, type, id);
    requireAllowed(tx, type, 'update', current);
    refuseLockedFields(type, input, current);
    if (expected !== undefined && current.version !== expected) throw versionConflict(current.version);
    const values = { ...writableValues(type, checked), ...options.system };
    checkImmutable(type, values, current);
    checkMultifieldIds(type, values, current);
    const systemColumns = { ...options.columns };
    await applyRules(tx, type, values, current, systemColumns);
    // The item must stay within reach: handing it to someone outside the caller's scope is not theirs to do.
    requireAllowed(tx, type, 'update', { ...current, ...values });
    await checkReferences(tx, type, values, current);

    const changes = changedFields(type, values, current);
    if (Object.keys(changes).length === 0) {
      // Nothing a user sees changed; a system column (a card's place in its column) may still have.
      if (Object.keys(systemColumns).length > 0) await repository.setSystemColumns(tx.db, type, id, systemColumns);
      return current;
    }

    const now = tx.now().toISOString();
    const changedValues = Object.fromEntries(Object.keys(changes).map((name) => [name, values[name]]));
    const columns: Record<string, unknown> = { updated_at: now, updated_by_id: tx.actor.id, ...columnValues(type, changedValues), ...systemColumns };
    const multifields = multifieldWrites(type, changedValues);
    setPresenceFlags(type, columns, multifields, current);
    if (!(await repository.updateItemRow(tx.db, type, id, columns, current.version))) throw versionConflict();
    for (const [field, entries] of multifields) {
      const stored = await repository.loadMultifields(tx.db, type.name, [id], [field.multifieldKind!]);
      await repository.replaceMultifields(tx.db, type.name, id, field.multifieldKind!, entries, stored);
    }
    for (const field of linkFields(type)) {
      if (changes[field.name]) await repository.replaceLinks(tx.db, field, id, unique(values[field.name] as number[]));
    }
    for (const field of multipleCustomFields(type)) {
      if (changes[field.name]) await repository.replaceCustomValues(tx.db, field.custom!.id, id, unique(values[field.name] as number[]));
    }
    const updated = await getItem(tx, type, id);
    await afterWrite(tx, type, updated, current);
    await appendEvent(tx.db, { type: 'item.updated', entityType: type.name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: historyForm(type, changes, updated) });
    return updated;
  });
}

/** Moves an item to the recycle bin; its links stay, so a restore brings it back whole. */
export async function deleteItem(ctx: Context, type: ItemTypeDef, id: number, expectedVersion?: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await repository.lockItem(tx.db, tx.dialect, type, id);
    const current = await getItem(tx, type, id);
    requireAllowed(tx, type, 'delete', current);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw versionConflict(current.version);
    const now = tx.now().toISOString();
    await repository.setDeleted(tx.db, type, id, now, tx.actor.id);
    await appendEvent(tx.db, { type: 'item.deleted', entityType: type.name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: {} });
  });
}

export async function restoreItem(ctx: Context, type: ItemTypeDef, id: number): Promise<ItemDto> {
  return inTransaction(ctx, async (tx) => {
    await repository.lockItem(tx.db, tx.dialect, type, id);
    const deleted = await repository.findItem(tx.db, type, id, { deleted: true, restrict: readScope(tx, type) });
    if (!deleted) throw notFound();
    const [binned] = await presentItems(tx.db, type, [deleted]);
    requireAllowed(tx, type, 'delete', binned);
    const now = tx.now().toISOString();
    await repository.setDeleted(tx.db, type, id, null, null);
    await appendEvent(tx.db, { type: 'item.restored', entityType: type.name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: {} });
    return getItem(tx, type, id);
  });
}

const versionConflict = (currentVersion?: number) =>
  new AppError('VERSION_CONFLICT', currentVersion === undefined ? undefined : { currentVersion });

const linkFields = (type: ItemTypeDef) => type.fields.filter((f) => f.type === 'links');
const multipleCustomFields = (type: ItemTypeDef) => type.fields.filter((f) => f.custom?.multiple);

/** The default values of custom fields, for a new item whose input leaves them out. */
function customDefaults(type: ItemTypeDef, input: Input): Input {
  const defaults: Input = {};
  for (const field of type.fields) {
    const value = field.custom?.defaultValue;
    if (value != null && input[field.name] === undefined) defaults[field.name] = value;
  }
  return defaults;
}
const unique = (ids: number[]) => [...new Set(ids)];

/**
 * Fields the caller's roles make read-only: sending one on create, or a different value on update, is a 400.
 * (Sending back the value read is fine, as for any read-only field.)
 */
function refuseLockedFields(type: ItemTypeDef, input: Input, current?: ItemDto) {
  const refused = type.fields.filter(
    (f) => f.lockedByRole && input[f.name] !== undefined && (!current || !sameValue(normalizedForCompare(f, current[f.name]), normalizedForCompare(f, input[f.name]))),
  );
  if (refused.length > 0) throw invalid(refused.map((f) => ({ field: f.name, rule: 'readOnly' })));
}

/** The client-writable values present in the input; read-only fields a client echoes back are dropped. */
function writableValues(type: ItemTypeDef, input: Input): Input {
  const values: Input = {};
  for (const field of type.fields) {
    if (!field.readOnly && input[field.name] !== undefined) values[field.name] = input[field.name];
  }
  return values;
}

function checkImmutable(type: ItemTypeDef, values: Input, current: ItemDto) {
  const changed = type.fields.filter((f) => f.immutable && values[f.name] !== undefined && values[f.name] !== current[f.name]);
  if (changed.length > 0) throw invalid(changed.map((f) => ({ field: f.name, rule: 'immutable' })));
  for (const field of type.fields.filter((f) => f.immutable)) delete values[field.name];
}

/** An entry that names an id must be one of this item's own values of that kind. */
function checkMultifieldIds(type: ItemTypeDef, values: Input, current: ItemDto) {
  const issues: Array<{ field: string; rule: string }> = [];
  for (const field of type.fields.filter((f) => f.type === 'multifield' && values[f.name] !== undefined)) {
    const own = new Set((current[field.name] as Array<{ id: number }>).map((e) => e.id));
    (values[field.name] as MultifieldInput[]).forEach((entry, index) => {
      if (entry.id !== undefined && !own.has(entry.id)) issues.push({ field: `${field.name}.${index}.id`, rule: 'exists' });
    });
  }
  if (issues.length > 0) throw invalid(issues);
}

function columnValues(type: ItemTypeDef, values: Input): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const field of type.fields) {
    if (field.column && values[field.name] !== undefined) Object.assign(columns, toColumns(field, values[field.name]));
  }
  return columns;
}

function multifieldWrites(type: ItemTypeDef, values: Input): Array<[FieldDef, MultifieldWrite[]]> {
  return type.fields
    .filter((f) => f.type === 'multifield' && values[f.name] !== undefined)
    .map((field) => [
      field,
      (values[field.name] as MultifieldInput[]).map((entry) => ({
        id: entry.id,
        value: entry.value.trim(),
        valueType: entry.valueType,
        normalized: normalizeMultifield(field.multifieldKind as MultifieldKind, entry.value)!,
      })),
    ]);
}

/** Keeps the derived has_phone / has_email columns in step with the multi-value fields. */
function setPresenceFlags(type: ItemTypeDef, columns: Record<string, unknown>, writes: Array<[FieldDef, MultifieldWrite[]]>, current?: ItemDto) {
  const flags: Array<[string, string]> = [
    ['phones', 'has_phone'],
    ['emails', 'has_email'],
  ];
  for (const [fieldName, column] of flags) {
    if (!type.fields.some((f) => f.name === fieldName)) continue;
    const write = writes.find(([field]) => field.name === fieldName);
    if (write) columns[column] = write[1].length > 0 ? 1 : 0;
    else if (!current) columns[column] = 0;
  }
}

/** The fields whose value differs from the current one, in API form: { field: [old, new] }. */
function changedFields(type: ItemTypeDef, values: Input, current: ItemDto): Changes {
  const changes: Changes = {};
  for (const field of type.fields) {
    const next = values[field.name];
    if (next === undefined) continue;
    const before = current[field.name];
    if (field.type === 'multifield') {
      const comparable = (entries: MultifieldInput[]) => entries.map((e) => [e.id ?? null, e.value.trim(), e.valueType]);
      if (!sameValue(comparable(before as MultifieldInput[]), comparable(next as MultifieldInput[]))) changes[field.name] = [before, next];
    } else if (field.type === 'links') {
      if (!sameValue(before, unique(next as number[]))) changes[field.name] = [before, unique(next as number[])];
    } else if (!sameValue(normalizedForCompare(field, before), normalizedForCompare(field, next))) {
      changes[field.name] = [before, next];
    }
  }
  return changes;
}

function normalizedForCompare(field: FieldDef, value: unknown): unknown {
  if (value === '' && (field.type === 'string' || field.type === 'text')) return null;
  if (field.type === 'money' && value !== null && value !== undefined) return field.currencyColumn ? toColumns(field, value) : toColumn(field, value);
  if (field.type === 'datetime' && typeof value === 'string') return new Date(value).toISOString();
  return value;
}

const multifieldHistory = (entries: Array<{ value: string; valueType: string }>) => entries.map((e) => ({ value: e.value, valueType: e.valueType }));

/** History stores values as the API shows them after the write (money as "10.00", phones without ids). */
function historyForm(type: ItemTypeDef, changes: Changes, updated: ItemDto): Changes {
  const result: Changes = {};
  for (const [name, [before]] of Object.entries(changes)) {
    const field = type.fields.find((f) => f.name === name)!;
    const after = updated[name];
    result[name] = field.type === 'multifield' ? [multifieldHistory(before as MultifieldInput[]), multifieldHistory(after as MultifieldInput[])] : [before, after];
  }
  return result;
}

function createdChanges(type: ItemTypeDef, item: ItemDto): Changes {
  const changes: Changes = {};
  for (const field of type.fields) {
    // Read-only fields are the system's, except the link to the lead an item was converted from.
    if (field.readOnly && field.type !== 'item') continue;
    const value = item[field.name];
    if (value === null || value === false || (Array.isArray(value) && value.length === 0)) continue;
    changes[field.name] = [null, field.type === 'multifield' ? multifieldHistory(value as MultifieldInput[]) : value];
  }
  return changes;
}
