import { normalizeMultifield, type FieldDef, type ItemTypeDef, type MultifieldKind } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import type { Changes, NewEvent } from '../events/event.repository.ts';
import type { StageMove } from '../pipelines/stage-history.repository.ts';
import { indexItems, indexNewItems } from '../search/search-index.ts';
import { stageMoveOf } from './item-rules.ts';
import { readBack, sameValue, toColumn, toColumns } from './item-values.ts';
import type { ItemDto } from './item.presenter.ts';
import * as repository from './item.repository.ts';
import type { MultifieldWrite } from './item.repository.ts';

/**
 * The write step every change of an item goes through, one item or a bulk of them: work out what changed, store it
 * (columns, multi-value fields, links, multiple custom values, file attachments, presence flags), bump the version,
 * and return the history event and stage move it makes (the caller appends them, one by one or in batches).
 * Validation, permissions and rules come before, in item.service.ts and bulk-writer.ts. `type` is the full type.
 */

export type Input = Record<string, unknown>;

interface MultifieldInput {
  id?: number;
  value: string;
  valueType: string;
}

/** A change of one stored item: the values to write (API form, rules applied) and system columns (`kanban_sort`). */
export interface PlannedWrite {
  current: ItemDto;
  values: Input;
  columns?: Record<string, unknown>;
}

export interface WriteOutcome {
  event: NewEvent;
  stageMove?: StageMove;
}

export const versionConflict = (currentVersion?: number) => new AppError('VERSION_CONFLICT', currentVersion === undefined ? undefined : { currentVersion });

/**
 * Stores a planned change. An update that changes nothing a user sees writes no version and no history (a system
 * column such as a card's place may still move) and returns null. With `expectedVersion` the row must still be at
 * that version (409 otherwise).
 */
export async function writeChanges(ctx: Context, type: ItemTypeDef, plan: PlannedWrite, now: string, expectedVersion?: number): Promise<WriteOutcome | null> {
  const write = prepareWrite(ctx, type, plan, now);
  if (!write) {
    await writeSystemColumns(ctx, type, plan);
    return null;
  }
  const id = plan.current.id;
  if (!(await repository.updateItemRow(ctx.db, type, id, write.columns, expectedVersion))) throw versionConflict();
  await writeParts(ctx, type, id, write.changed, write.multifields, false, plan.current);
  await indexItems(ctx, type, [id], Object.keys(write.changes));
  return outcomeOf(ctx, type, plan, write, now);
}

/**
 * The same for many items of one type that the caller holds locked (the bulk writer): each item as `writeChanges`
 * stores it, but the rows that get the same new values (a new responsible, an export flag, a field set to one value)
 * are written by one statement, and the search index is written for them together. Outcomes in the order of `plans`.
 */
export async function writeManyChanges(ctx: Context, type: ItemTypeDef, plans: PlannedWrite[], now: string): Promise<Array<WriteOutcome | null>> {
  const writes = plans.map((plan) => prepareWrite(ctx, type, plan, now));
  const sameRow = new Map<string, { columns: Record<string, unknown>; ids: number[] }>();
  const sameFields = new Map<string, number[]>();
  for (const [index, write] of writes.entries()) {
    const plan = plans[index];
    if (!write) {
      await writeSystemColumns(ctx, type, plan);
      continue;
    }
    const rowKey = JSON.stringify(write.columns);
    const group = sameRow.get(rowKey) ?? sameRow.set(rowKey, { columns: write.columns, ids: [] }).get(rowKey)!;
    group.ids.push(plan.current.id);
    const fieldsKey = Object.keys(write.changes).join(',');
    (sameFields.get(fieldsKey) ?? sameFields.set(fieldsKey, []).get(fieldsKey)!).push(plan.current.id);
  }
  for (const { columns, ids } of sameRow.values()) {
    for (let start = 0; start < ids.length; start += repository.chunkSize) {
      const chunk = ids.slice(start, start + repository.chunkSize);
      if ((await repository.updateItemRows(ctx.db, type, chunk, columns)) !== chunk.length) throw versionConflict();
    }
  }
  for (const [index, write] of writes.entries()) {
    if (write) await writeParts(ctx, type, plans[index].current.id, write.changed, write.multifields, false, plans[index].current);
  }
  for (const [fields, ids] of sameFields) await indexItems(ctx, type, ids, fields.split(','));
  return writes.map((write, index) => write && outcomeOf(ctx, type, plans[index], write, now));
}

/** What a planned change writes: the fields that changed (old and new), their new values, the row's new columns. */
interface PreparedWrite {
  changes: Changes;
  changed: Input;
  multifields: Array<[FieldDef, MultifieldWrite[]]>;
  columns: Record<string, unknown>;
}

/** Null when nothing a user sees changes. */
function prepareWrite(ctx: Context, type: ItemTypeDef, plan: PlannedWrite, now: string): PreparedWrite | null {
  const changes = changedFields(type, plan.values, plan.current);
  if (Object.keys(changes).length === 0) return null;
  const changed = Object.fromEntries(Object.keys(changes).map((name) => [name, plan.values[name]]));
  const multifields = multifieldWrites(type, changed);
  const columns: Record<string, unknown> = { updated_at: now, updated_by_id: ctx.actor.id, ...columnValues(type, changed), ...plan.columns, ...presenceFlags(type, multifields) };
  return { changes, changed, multifields, columns };
}

/** A change of nothing a user sees may still move a system column (a card's place): no version, no history. */
async function writeSystemColumns(ctx: Context, type: ItemTypeDef, plan: PlannedWrite): Promise<void> {
  if (plan.columns && Object.keys(plan.columns).length > 0) await repository.setSystemColumns(ctx.db, type, plan.current.id, plan.columns);
}

/** The history event of a stored change, and its stage move. */
function outcomeOf(ctx: Context, type: ItemTypeDef, plan: PlannedWrite, write: PreparedWrite, now: string): WriteOutcome {
  const { current, values } = plan;
  const after: Input = {};
  for (const name of Object.keys(write.changes)) after[name] = afterValue(type.fields.find((f) => f.name === name)!, values[name]);
  const history: Changes = {};
  for (const [name, [before]] of Object.entries(write.changes)) {
    const field = type.fields.find((f) => f.name === name)!;
    history[name] = [field.type === 'multifield' ? historyEntries(before as MultifieldInput[]) : before, after[name]];
  }
  return {
    event: { type: 'item.updated', entityType: type.name, entityId: current.id, actorId: ctx.actor.id, occurredAt: now, changes: history },
    stageMove: stageMoveOf(ctx, type, { ...current, ...after }, current, now),
  };
}

/** Inserts a new item from checked values (rules applied); returns its id. */
export async function insertNew(ctx: Context, type: ItemTypeDef, values: Input, systemColumns: Record<string, unknown>, now: string): Promise<number> {
  const [id] = await insertNewMany(ctx, type, [{ values, systemColumns }], now);
  return id;
}

/**
 * Inserts new items (rules applied, references checked); returns their ids in order. Their rows, multi-value
 * entries, links and search index rows each in multi-row inserts; only multiple custom values and files item by item.
 * A new item has no values yet: ids sent with its multi-value entries cannot refer to anything of its own, and are
 * not written.
 */
export async function insertNewMany(ctx: Context, type: ItemTypeDef, entries: Array<{ values: Input; systemColumns: Record<string, unknown> }>, now: string): Promise<number[]> {
  const writes = entries.map(({ values }) => multifieldWrites(type, values));
  const rows = entries.map(({ values, systemColumns }, index) => ({
    created_at: now,
    updated_at: now,
    created_by_id: ctx.actor.id,
    updated_by_id: ctx.actor.id,
    version: 1,
    ...columnValues(type, values),
    ...systemColumns,
    ...presenceFlags(type, writes[index], true),
  }));
  const ids = await repository.insertItems(ctx.db, type, rows);
  const multifieldRows: Array<Record<string, unknown>> = [];
  const linkRows = new Map<string, Array<Record<string, unknown>>>();
  const linkFields = type.fields.filter((field) => field.type === 'links');
  const otherParts = type.fields.filter((field) => field.custom?.multiple || (field.type === 'file' && field.custom));
  for (const [index, { values }] of entries.entries()) {
    const id = ids[index];
    for (const [field, list] of writes[index]) {
      list.forEach((entry, sort) => multifieldRows.push({ entity_type: type.name, entity_id: id, kind: field.multifieldKind!, value_type: entry.valueType, value: entry.value, value_normalized: entry.normalized, sort }));
    }
    for (const field of linkFields) {
      if (values[field.name] === undefined) continue;
      const table = field.link!.table;
      if (!linkRows.has(table)) linkRows.set(table, []);
      unique(values[field.name] as number[]).forEach((other, sort) => linkRows.get(table)!.push({ [field.link!.selfColumn]: id, [field.link!.otherColumn]: other, sort }));
    }
    const parts = Object.fromEntries(otherParts.filter((field) => values[field.name] !== undefined).map((field) => [field.name, values[field.name]]));
    if (Object.keys(parts).length > 0) await writeParts(ctx, type, id, parts, [], true);
  }
  await repository.insertMultifieldRows(ctx.db, multifieldRows);
  for (const [table, rows] of linkRows) await repository.insertRows(ctx.db, table, rows);
  const indexed = entries.map(({ values }, index) => ({ id: ids[index], values: { ...values, ...Object.fromEntries(writes[index].map(([field, list]) => [field.name, list])) } }));
  await indexNewItems(ctx, type, indexed);
  return ids;
}

/** What lives outside the item's row: multi-value fields, links, multiple custom values, file attachments. */
async function writeParts(ctx: Context, type: ItemTypeDef, id: number, values: Input, multifields: Array<[FieldDef, MultifieldWrite[]]>, isNew: boolean, current?: ItemDto) {
  for (const [field, entries] of multifields) {
    const stored = isNew ? [] : await repository.loadMultifields(ctx.db, type.name, [id], [field.multifieldKind!]);
    await repository.replaceMultifields(ctx.db, type.name, id, field.multifieldKind!, entries, stored);
  }
  for (const field of type.fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (field.type === 'links') await repository.replaceLinks(ctx.db, field, id, unique(value as number[]), isNew ? [] : (current?.[field.name] as number[] | undefined));
    if (field.custom?.multiple) await repository.replaceCustomValues(ctx.db, field.custom.id, id, unique(value as number[]));
    if (field.type === 'file' && field.custom) await repository.replaceFileLinks(ctx.db, type.name, id, field.custom.id, value === null ? [] : unique([value as number].flat()));
  }
}

const unique = (ids: number[]) => [...new Set(ids)];

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

/** The derived has_phone / has_email columns of the multi-value fields written (all of them, for a new item). */
function presenceFlags(type: ItemTypeDef, writes: Array<[FieldDef, MultifieldWrite[]]>, isNew = false): Record<string, number> {
  const flags: Record<string, number> = {};
  for (const field of type.fields) {
    if (!field.presenceColumn) continue;
    const write = writes.find(([written]) => written === field);
    if (write) flags[field.presenceColumn] = write[1].length > 0 ? 1 : 0;
    else if (isNew) flags[field.presenceColumn] = 0;
  }
  return flags;
}

/** The fields whose value differs from the current one, in API form: { field: [old, new] }. */
export function changedFields(type: ItemTypeDef, values: Input, current: ItemDto): Changes {
  const changes: Changes = {};
  for (const field of type.fields) {
    const next = values[field.name];
    if (next === undefined) continue;
    const before = current[field.name];
    if (field.type === 'multifield') {
      const comparable = (entries: MultifieldInput[]) => entries.map((e) => [e.id ?? null, e.value.trim(), e.valueType]);
      if (!sameValue(comparable(before as MultifieldInput[]), comparable(next as MultifieldInput[]))) changes[field.name] = [before, next];
    } else if (field.type === 'links' || field.custom?.multiple) {
      if (!sameValue(before, unique(next as number[]))) changes[field.name] = [before, unique(next as number[])];
    } else if (!sameValue(comparable(field, before), comparable(field, next))) {
      changes[field.name] = [before, next];
    }
  }
  return changes;
}

/** A value in the form two values of a field compare in ("" and null are the same text, 10 and "10.00" the same money). */
export function comparable(field: FieldDef, value: unknown): unknown {
  if (value === '' && (field.type === 'string' || field.type === 'text' || field.type === 'url' || field.type === 'address')) return null;
  if (field.type === 'money' && value !== null && value !== undefined) return field.currencyColumn ? toColumns(field, value) : toColumn(field, value);
  if (field.type === 'datetime' && typeof value === 'string') return new Date(value).toISOString();
  return value;
}

/** A value as it reads after the write, in the form history keeps (multi-value entries without their ids). */
function afterValue(field: FieldDef, value: unknown): unknown {
  if (field.type === 'multifield') return historyEntries((value as MultifieldInput[]).map((e) => ({ ...e, value: e.value.trim() })));
  if (field.type === 'links' || field.custom?.multiple) return unique(value as number[]);
  return readBack(field, value);
}

const historyEntries = (entries: MultifieldInput[]) => entries.map((e) => ({ value: e.value, valueType: e.valueType }));

/** The `created` event's values: every field the new item holds, but the system's own. */
export function createdChanges(type: ItemTypeDef, item: ItemDto): Changes {
  const changes: Changes = {};
  for (const field of type.fields) {
    // Read-only fields are the system's, except the link to the lead an item was converted from.
    if (field.readOnly && field.type !== 'item') continue;
    const value = item[field.name];
    if (value === null || value === false || (Array.isArray(value) && value.length === 0)) continue;
    changes[field.name] = [null, field.type === 'multifield' ? historyEntries(value as MultifieldInput[]) : value];
  }
  return changes;
}
