import type { FieldDef, ItemTypeDef, ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { zodErrorIssues } from '../../http/error-handler.ts';
import { appendEvent, appendEvents } from '../events/event.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import { appendStageMoves } from '../pipelines/stage-history.repository.ts';
import { requireAllowed } from './item-access.ts';
import { readStored, readStoredMany, scopedReader, showItem, unscopedReader } from './item-reader.ts';
import { checkReferences, knowLinkedItems } from './item-references.ts';
import { applyRules, stageMoveOf } from './item-rules.ts';
import { sameValue } from './item-values.ts';
import { comparable, createdChanges, insertNew, insertNewMany, versionConflict, writeChanges, type Input } from './item-write.ts';
import type { ItemDto } from './item.presenter.ts';
import { itemSchemas } from './item.schemas.ts';
import * as repository from './item.repository.ts';

/**
 * Create, read, update, delete and restore of any item type: one engine, driven by the type's metadata. Input is
 * checked against the caller's view of the type (a field their roles hide is unknown to them); rules, scopes and
 * storage work on the full type and the stored item.
 */

interface MultifieldInput {
  id?: number;
  value: string;
  valueType: string;
}

const typesOf = (ctx: Context, name: ItemTypeName) => ({ full: ctx.catalog.full[name], visible: ctx.catalog.visible[name] });

/** An item the caller may read, as they may see it; anything else (missing, binned, outside their scope) is a 404. */
export async function getItem(ctx: Context, name: ItemTypeName, id: number): Promise<ItemDto> {
  const reader = scopedReader(ctx);
  const stored = await readStored(reader, name, id);
  if (!stored) throw notFound();
  return showItem(reader, name, stored);
}

/**
 * Validates input against the type's create or update schema (for input that did not come through a route's
 * schema, or had custom fields the route could not know); a failure is a 400 whose field paths start with `prefix`
 * (e.g. `deal.`) and whose messages name each field by its label in the caller's language.
 */
export function validateInput(type: ItemTypeDef, mode: 'create' | 'update', input: Input, prefix: string, locale: Context['locale'] = 'en'): Input {
  const result = itemSchemas(type)[mode].safeParse(input);
  if (!result.success) {
    const labels = new Map(type.fields.map((f) => [`${prefix}${f.name}`, f.label[locale]]));
    throw new AppError('VALIDATION_FAILED', zodErrorIssues(result.error, prefix).map((issue) => withLabel(issue, labels)));
  }
  return result.data as Input;
}

/** Names an issue's field by its label (`Sobrenome`), from the field the path starts with. */
const withLabel = <T extends { field: string }>(issue: T, labels: Map<string, string>): T & { label?: string } => {
  const root = [...labels.keys()].find((path) => issue.field === path || issue.field.startsWith(`${path}.`));
  return root ? { ...issue, label: labels.get(root)! + issue.field.slice(root.length) } : issue;
};

export interface WriteOptions {
  /** Values of read-only fields that the system sets (a converted item's `leadId`); never client input. */
  system?: Input;
  /** System columns that are not fields, e.g. a card's `kanban_sort`. */
  columns?: Record<string, unknown>;
}

/** Creates an item from client input (checked here against the caller's view of the type). */
export async function createItem(ctx: Context, name: ItemTypeName, input: Input, options: WriteOptions = {}): Promise<ItemDto> {
  const { full } = typesOf(ctx, name);
  const checked = checkCreateInput(ctx, name, input);
  return inTransaction(ctx, async (tx) => {
    const { values, systemColumns } = await prepareCreate(tx, name, checked, options);
    await checkReferences(tx, full, values);
    const now = tx.now().toISOString();
    const id = await insertNew(tx, full, values, systemColumns, now);
    // The creator may have the right to add without the right to read what they added: the answer still shows it.
    const stored = (await readStored(unscopedReader(tx, 'the item this request created'), name, id))!;
    const move = stageMoveOf(tx, full, stored, undefined, now);
    if (move) await appendStageMoves(tx.db, [move]);
    await appendEvent(tx.db, { type: 'item.created', entityType: name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: createdChanges(full, stored) });
    await tellNewResponsible(tx, name, id, stored.assignedById);
    return showItem(scopedReader(tx), name, stored);
  });
}

/**
 * Creates many items at once (an import's batch), each checked exactly as `createItem` checks one, and written
 * together: one history event and stage move per item, written per batch, the search index per batch, no answer
 * built per item. Returns, in the order of `inputs`, each new item's id or the refusal of its input (nothing of a
 * refused input is written).
 */
export async function createItems(ctx: Context, name: ItemTypeName, inputs: Input[]): Promise<Array<number | AppError>> {
  return inTransaction(ctx, async (tx) => {
    const prepared = await prepareCreates(tx, name, inputs);
    const ready = prepared.filter((entry): entry is PreparedCreate => !(entry instanceof AppError));
    const created = await createPrepared(tx, name, ready);
    return prepared.map((entry) => (entry instanceof AppError ? entry : created[ready.indexOf(entry)]));
  });
}

/** A new item's values, checked but for its references (which a caller may still add to, e.g. an import's links). */
export interface PreparedCreate {
  values: Input;
  systemColumns: Record<string, unknown>;
}

/** Every check of a create but the references, for many inputs: each one's values, or its refusal. Writes nothing. */
export async function prepareCreates(ctx: Context, name: ItemTypeName, inputs: Input[]): Promise<Array<PreparedCreate | AppError>> {
  const prepared: Array<PreparedCreate | AppError> = [];
  for (const input of inputs) {
    try {
      prepared.push(await prepareCreate(ctx, name, checkCreateInput(ctx, name, input), {}));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      prepared.push(error);
    }
  }
  return prepared;
}

/**
 * Creates items from prepared values: their references checked (once per distinct list value, currency, user or
 * pipeline), then written. Returns each one's id, or the refusal of one whose references do not hold.
 */
export async function createPrepared(ctx: Context, name: ItemTypeName, entries: PreparedCreate[]): Promise<Array<number | AppError>> {
  const { full } = typesOf(ctx, name);
  return inTransaction(ctx, async (tx) => {
    const outcomes: Array<number | AppError> = [];
    const known = new Map<string, boolean>();
    const ready: Array<PreparedCreate & { index: number }> = [];
    await knowLinkedItems(tx, full, entries.map((entry) => entry.values), known);
    for (const [index, entry] of entries.entries()) {
      try {
        await checkReferences(tx, full, entry.values, undefined, known);
        ready.push({ index, ...entry });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes[index] = error;
      }
    }
    const now = tx.now().toISOString();
    const ids = await insertNewMany(tx, full, ready, now);
    ready.forEach((entry, position) => (outcomes[entry.index] = ids[position]));
    const stored = await readStoredMany(unscopedReader(tx, 'the items this request created'), name, ids);
    await appendStageMoves(tx.db, stored.map((item) => stageMoveOf(tx, full, item, undefined, now)).filter((move) => move !== undefined));
    await appendEvents(tx.db, stored.map((item) => ({ type: 'item.created', entityType: name, entityId: item.id, actorId: tx.actor.id, occurredAt: now, changes: createdChanges(full, item) })));
    return outcomes;
  });
}

/** A create's input checked against the caller's view: fields their roles lock, then the type's create schema. */
function checkCreateInput(ctx: Context, name: ItemTypeName, input: Input): Input {
  const { visible } = typesOf(ctx, name);
  refuseLockedFields(visible, input);
  return validateInput(visible, 'create', input, '', ctx.locale);
}

/** The values a new item is stored with, after defaults, required values, the type's rules and the add scope. */
async function prepareCreate(tx: Context, name: ItemTypeName, checked: Input, options: WriteOptions) {
  const { full, visible } = typesOf(tx, name);
  // Defaults and required rules hold for every field, the ones the caller's roles hide included.
  const values = { ...customDefaults(full, checked), ...writableValues(visible, checked), ...options.system };
  requireValues(tx, full, values);
  const systemColumns = { ...options.columns };
  await applyRules(tx, full, values, undefined, systemColumns);
  requireAllowed(tx, full, 'add', values);
  return { values, systemColumns };
}

/**
 * Applies a partial update. With `expectedVersion` the write happens only if the item is still at that
 * version (409 otherwise); an update that changes nothing writes nothing.
 */
export async function updateItem(ctx: Context, name: ItemTypeName, id: number, input: Input, expectedVersion?: number, options: WriteOptions = {}): Promise<ItemDto> {
  const { full, visible } = typesOf(ctx, name);
  const { version: bodyVersion, ...checked } = validateInput(visible, 'update', input, '', ctx.locale);
  const expected = (bodyVersion as number | undefined) ?? expectedVersion;
  return inTransaction(ctx, async (tx) => {
    // The lists this write may put values of: those of the fields it sets (rules never set another reference).
    await repository.lockItems(tx.db, tx.dialect, full, [id], [...Object.keys(checked), ...Object.keys(options.system ?? {})]);
    const reader = scopedReader(tx);
    const current = await readStored(reader, name, id);
    if (!current) throw notFound();
    requireAllowed(tx, full, 'update', current);
    refuseLockedFields(visible, input, current);
    if (expected !== undefined && current.version !== expected) throw versionConflict(current.version);
    const values = { ...writableValues(visible, checked), ...options.system };
    checkImmutable(full, values, current);
    checkMultifieldIds(full, values, current);
    requireValues(tx, full, { ...current, ...values });
    const systemColumns = { ...options.columns };
    await applyRules(tx, full, values, current, systemColumns);
    // The item must stay within reach: handing it to someone outside the caller's scope is not theirs to do.
    requireAllowed(tx, full, 'update', { ...current, ...values });
    await checkReferences(tx, full, values, current);
    const now = tx.now().toISOString();
    const outcome = await writeChanges(tx, full, { current, values, columns: systemColumns }, now, current.version);
    if (!outcome) return showItem(reader, name, current);
    if (outcome.stageMove) await appendStageMoves(tx.db, [outcome.stageMove]);
    await appendEvent(tx.db, outcome.event);
    if ('assignedById' in outcome.event.changes) await tellNewResponsible(tx, name, id, outcome.event.changes.assignedById[1]);
    const updated = (await readStored(unscopedReader(tx, 'the item this request changed'), name, id))!;
    return showItem(reader, name, updated);
  });
}

/** Moves an item to the recycle bin; its links stay, so a restore brings it back whole. */
export async function deleteItem(ctx: Context, name: ItemTypeName, id: number, expectedVersion?: number): Promise<void> {
  const full = ctx.catalog.full[name];
  await inTransaction(ctx, async (tx) => {
    await repository.lockItems(tx.db, tx.dialect, full, [id]);
    const current = await readStored(scopedReader(tx), name, id);
    if (!current) throw notFound();
    requireAllowed(tx, full, 'delete', current);
    if (expectedVersion !== undefined && current.version !== expectedVersion) throw versionConflict(current.version);
    const now = tx.now().toISOString();
    await repository.setDeleted(tx.db, full, id, now, tx.actor.id);
    await appendEvent(tx.db, { type: 'item.deleted', entityType: name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: {} });
  });
}

/**
 * Brings an item back from the recycle bin, with its values and links. Values that point at what no longer exists
 * (a currency deleted since) are refused as on any write, so a restore never brings back a broken item.
 */
export async function restoreItem(ctx: Context, name: ItemTypeName, id: number): Promise<ItemDto> {
  const full = ctx.catalog.full[name];
  return inTransaction(ctx, async (tx) => {
    await repository.lockItems(tx.db, tx.dialect, full, [id]);
    const reader = scopedReader(tx);
    const binned = await readStored(reader, name, id, 'binned');
    if (!binned) throw notFound();
    requireAllowed(tx, full, 'delete', binned);
    const currencies = Object.fromEntries(full.fields.filter((f) => f.type === 'currency' || f.currencyColumn).map((f) => [f.name, binned[f.name]]));
    await checkReferences(tx, full, currencies);
    const now = tx.now().toISOString();
    await repository.setDeleted(tx.db, full, id, null, null);
    await appendEvent(tx.db, { type: 'item.restored', entityType: name, entityId: id, actorId: tx.actor.id, occurredAt: now, changes: {} });
    return showItem(reader, name, (await readStored(unscopedReader(tx, 'the item this request restored'), name, id))!);
  });
}

/** The default values of custom fields, for a new item whose input leaves them out. */
function customDefaults(type: ItemTypeDef, input: Input): Input {
  const defaults: Input = {};
  for (const field of type.fields) {
    const value = field.custom?.defaultValue;
    if (value != null && input[field.name] === undefined) defaults[field.name] = value;
  }
  return defaults;
}

const isPresent = (value: unknown) => value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '') && !(Array.isArray(value) && value.length === 0);

/**
 * The rules on values as a whole, on the full type, after defaults, on create and on update alike: a required field
 * holds a value (a field the caller's roles hide included: it gets its default or the write is refused), and a type
 * that needs one of several fields (a contact's names) keeps one.
 */
function requireValues(ctx: Context, type: ItemTypeDef, values: Input) {
  const issues: Array<{ field: string; rule: string; params?: Record<string, unknown>; label?: string }> = [];
  for (const field of type.fields) {
    if (field.required && !isPresent(values[field.name])) issues.push({ field: field.name, rule: 'required', label: field.label[ctx.locale] });
  }
  const oneOf = type.requireOneOf;
  if (oneOf && !oneOf.some((name) => isPresent(values[name]))) {
    const labels = oneOf.map((name) => type.fields.find((f) => f.name === name)!.label[ctx.locale]);
    issues.push({ field: oneOf[0], rule: 'requireOneOf', params: { fields: labels.join(', ') }, label: labels[0] });
  }
  if (issues.length > 0) throw invalid(issues);
}

/**
 * Fields the caller's roles make read-only: sending one on create, or a different value on update, is a 400.
 * (Sending back the value read is fine, as for any read-only field.)
 */
function refuseLockedFields(type: ItemTypeDef, input: Input, current?: ItemDto) {
  const refused = type.fields.filter((f) => f.lockedByRole && input[f.name] !== undefined && (!current || !sameValue(comparable(f, current[f.name]), comparable(f, input[f.name]))));
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
  for (const field of type.fields.filter((f: FieldDef) => f.immutable)) delete values[field.name];
}

/** An entry that names an id must be one of this item's own values of that kind. */
function checkMultifieldIds(type: ItemTypeDef, values: Input, current: ItemDto) {
  const issues: Array<{ field: string; rule: string }> = [];
  for (const field of type.fields.filter((f) => f.type === 'multifield' && values[f.name] !== undefined)) {
    const own = new Set((current[field.name] as MultifieldInput[]).map((e) => e.id));
    (values[field.name] as MultifieldInput[]).forEach((entry, index) => {
      if (entry.id !== undefined && !own.has(entry.id)) issues.push({ field: `${field.name}.${index}.id`, rule: 'exists' });
    });
  }
  if (issues.length > 0) throw invalid(issues);
}

/**
 * An item made someone's by someone else (created for them, or handed over) tells them (`itemAssigned`). Only one
 * item at a time: group actions and imports that hand over thousands do not send thousands of notifications.
 */
async function tellNewResponsible(ctx: Context, name: ItemTypeName, id: number, responsible: unknown) {
  if (typeof responsible === 'number') await notify(ctx.db, ctx.now(), [{ userId: responsible, kind: 'itemAssigned', actorId: ctx.actor.id, item: { type: name, id } }]);
}
