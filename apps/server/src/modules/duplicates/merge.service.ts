import { moveTimeline } from '../timeline/item-lifecycle.ts';
import { translate, type FieldDef, type ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { appendEvent } from '../events/event.repository.ts';
import { isAllowed } from '../items/item-access.ts';
import { readStored, scopedReader, showItem, unscopedReader } from '../items/item-reader.ts';
import { checkReferences } from '../items/item-references.ts';
import { applyRules } from '../items/item-rules.ts';
import { sameValue } from '../items/item-values.ts';
import { comparable, writeChanges, type Input } from '../items/item-write.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import * as items from '../items/item.repository.ts';
import { appendStageMoves } from '../pipelines/stage-history.repository.ts';
import { checkedTypes } from './duplicate-check.service.ts';
import { repointReferences } from './merge-references.ts';

/**
 * Merging two or more items of one type into one (the survivor): the survivor takes the value of each field from the
 * item the caller picked (by default its own, or the first other item's where its own is empty); multi-value fields
 * (phones, e-mails…), links and several-value custom fields become the union of all (phones and e-mails without
 * repeating a normalised value); every other item that refers to a merged item refers to the survivor instead; the
 * merged items go to the recycle bin, their history saying what they were merged into, the survivor's saying what
 * was merged into it, and the audit log recording the merge. All of it in one transaction, through the engine's
 * write step and bulk writer. Only fields the caller may see (and change) are merged: the others keep the survivor's.
 *
 * A lead merges with leads, a contact with contacts, a company with companies: the ids name items of the route's
 * type only, so nothing crosses types. Stage history stays with each item (it tells that item's path; the survivor's
 * stage is the one picked).
 */

export interface MergeRequest {
  ids: number[];
  survivorId: number;
  /** Per field, the id of the item whose value the survivor keeps. */
  values?: Record<string, number>;
}

export interface MergeResult {
  item: ItemDto;
  mergedIds: number[];
}

interface Entry {
  id?: number;
  value: string;
  valueType: string;
  normalized?: string;
}

export async function mergeItems(ctx: Context, name: ItemTypeName, request: MergeRequest): Promise<MergeResult> {
  if (!checkedTypes.includes(name)) throw notFound();
  const full = ctx.catalog.full[name];
  const visible = ctx.catalog.visible[name];
  const picks = request.values ?? {};
  checkRequest(visible.fields, request, picks);
  const mergedIds = request.ids.filter((id) => id !== request.survivorId);

  return inTransaction(ctx, async (tx) => {
    await items.lockItems(tx.db, tx.dialect, full, [...request.ids].sort((a, b) => a - b));
    const reader = scopedReader(tx);
    const stored = new Map<number, ItemDto>();
    for (const id of request.ids) {
      const item = await readStored(reader, name, id);
      if (!item) throw new AppError('NOT_FOUND', { id }, translate(tx.locale, 'merge.notFound', { id }));
      stored.set(id, item);
    }
    const survivor = stored.get(request.survivorId)!;
    if (!isAllowed(tx, full, 'update', survivor)) throw new AppError('FORBIDDEN', { reason: 'mergeUpdate', id: survivor.id, action: 'update' }, translate(tx.locale, 'merge.forbiddenUpdate', { id: survivor.id }));
    for (const id of mergedIds) {
      if (!isAllowed(tx, full, 'delete', stored.get(id)!)) throw new AppError('FORBIDDEN', { reason: 'mergeDelete', id, action: 'delete' }, translate(tx.locale, 'merge.forbiddenDelete', { id }));
    }
    const others = mergedIds.map((id) => stored.get(id)!);
    const mergeable = visible.fields.filter((f) => !f.readOnly && !f.lockedByRole && !f.immutable);
    const values = mergedValues(mergeable, survivor, others, picks, name);

    const now = tx.now().toISOString();
    await repointReferences(tx, name, mergedIds, survivor.id);
    await moveTimeline(tx, name, mergedIds, survivor.id);

    const columns: Record<string, unknown> = {};
    await applyRules(tx, full, values, survivor, columns);
    if (!isAllowed(tx, full, 'update', { ...survivor, ...values })) throw new AppError('FORBIDDEN', { reason: 'mergeUpdate', id: survivor.id, action: 'update' }, translate(tx.locale, 'merge.forbiddenUpdate', { id: survivor.id }));
    // Unions hold what the merged items held already (a company the caller may not read stays linked): only picked values are checked.
    const picked = Object.fromEntries(Object.entries(values).filter(([field]) => !isUnion(full.fields.find((f) => f.name === field)!)));
    await checkReferences(tx, full, picked, survivor);
    const outcome = await writeChanges(tx, full, { current: survivor, values, columns }, now, survivor.version);
    if (outcome) {
      if (outcome.stageMove) await appendStageMoves(tx.db, [outcome.stageMove]);
      await appendEvent(tx.db, outcome.event);
    }
    await appendEvent(tx.db, { type: 'item.merged', entityType: name, entityId: survivor.id, actorId: tx.actor.id, occurredAt: now, changes: { mergedIds: [null, mergedIds] } });

    // The merged items give up the links the survivor now holds (the other side of a link table would still list them).
    const movedLinks = mergeable.filter((f) => f.type === 'links');
    for (const other of others) {
      const cleared = Object.fromEntries(movedLinks.filter((f) => (other[f.name] as number[]).length > 0).map((f) => [f.name, []]));
      const unlinked = Object.keys(cleared).length > 0 ? await writeChanges(tx, full, { current: other, values: cleared }, now, other.version) : null;
      if (unlinked) await appendEvent(tx.db, unlinked.event);
      await items.setDeleted(tx.db, full, other.id, now, tx.actor.id);
      await appendEvent(tx.db, { type: 'item.deleted', entityType: name, entityId: other.id, actorId: tx.actor.id, occurredAt: now, changes: { mergedInto: [null, survivor.id] } });
    }
    await recordAudit(tx, { kind: 'item.merged', target: { type: name, id: survivor.id }, details: { mergedIds, values: picks } });
    const merged = (await readStored(unscopedReader(tx, 'the item this merge kept'), name, survivor.id))!;
    return { item: showItem(reader, name, merged), mergedIds };
  });
}

/** The request's own rules: the survivor among the ids, no id twice, picks of fields the caller may change, from the ids. */
function checkRequest(visible: FieldDef[], request: MergeRequest, picks: Record<string, number>) {
  const issues: Array<{ field: string; rule: string; params?: Record<string, unknown> }> = [];
  if (new Set(request.ids).size !== request.ids.length) issues.push({ field: 'ids', rule: 'duplicate' });
  if (!request.ids.includes(request.survivorId)) issues.push({ field: 'survivorId', rule: 'mergeSurvivor' });
  for (const [field, id] of Object.entries(picks)) {
    const def = visible.find((f) => f.name === field);
    if (!def) issues.push({ field: `values.${field}`, rule: 'unknown' });
    else if (def.readOnly || def.lockedByRole || def.immutable) issues.push({ field: `values.${field}`, rule: 'readOnly' });
    else if (!request.ids.includes(id)) issues.push({ field: `values.${field}`, rule: 'mergeSurvivor' });
  }
  if (issues.length > 0) throw invalid(issues);
}

const isUnion = (field: FieldDef) => field.type === 'multifield' || field.type === 'links' || Boolean(field.custom?.multiple);

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** The survivor's new values: only the fields that change. */
function mergedValues(fields: FieldDef[], survivor: ItemDto, others: ItemDto[], picks: Record<string, number>, name: ItemTypeName): Input {
  const all = [survivor, ...others];
  const gone = new Set(others.map((o) => o.id));
  const values: Input = {};
  for (const field of fields) {
    const own = survivor[field.name];
    if (field.type === 'multifield') {
      const entries = (own as Entry[]).map((e) => ({ id: e.id, value: e.value, valueType: e.valueType }));
      const seen = new Set((own as Entry[]).map((e) => e.normalized ?? e.value));
      for (const other of others) {
        for (const entry of other[field.name] as Entry[]) {
          const key = entry.normalized ?? entry.value;
          if (seen.has(key)) continue;
          seen.add(key);
          entries.push({ id: undefined, value: entry.value, valueType: entry.valueType });
        }
      }
      if (entries.length > (own as Entry[]).length) values[field.name] = entries.map((e) => (e.id === undefined ? { value: e.value, valueType: e.valueType } : e));
      continue;
    }
    if (field.type === 'links' || field.custom?.multiple) {
      const sameType = field.itemType === name;
      const union = [...new Set(all.flatMap((item) => (item[field.name] as number[]) ?? []))].filter((id) => !(sameType && (gone.has(id) || id === survivor.id)));
      if (!sameValue(union, own)) values[field.name] = union;
      continue;
    }
    const source = picks[field.name] !== undefined ? all.find((item) => item.id === picks[field.name])! : isEmpty(own) ? (others.find((o) => !isEmpty(o[field.name])) ?? survivor) : survivor;
    let value = source[field.name];
    if (field.type === 'item' && field.itemType === name && typeof value === 'number' && (gone.has(value) || value === survivor.id)) value = null;
    if (value !== undefined && !sameValue(comparable(field, value), comparable(field, own))) values[field.name] = value;
  }
  return values;
}
