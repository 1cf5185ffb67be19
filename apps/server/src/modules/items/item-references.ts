import type { FieldDef, ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { invalid } from '../../http/app-error.ts';
import { readableFileIds } from '../files/file-access.ts';
import { findPipeline } from '../pipelines/pipeline.repository.ts';
import { lockList } from '../reference-lists/reference-list.repository.ts';
import { existingIds, scopedReader, unscopedReader } from './item-reader.ts';

/**
 * Checks that every value pointing elsewhere exists and may be pointed at: reference-list codes (a stage within its
 * pipeline), currencies (a custom money field's too), pipelines, active users, linked items the caller may read,
 * files the caller may read. All problems are reported at once, each naming its field. `type` is the full type;
 * `current` the stored item of an update, whose own values stay acceptable.
 */
export async function checkReferences(ctx: Context, type: ItemTypeDef, values: Record<string, unknown>, current?: Record<string, unknown>, known?: Map<string, boolean>): Promise<void> {
  const issues: Array<{ field: string; rule: string }> = [];
  for (const field of type.fields) {
    const value = values[field.name];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    // Many creates at once (`known` given): a list value, currency, user or pipeline found once is not looked up again.
    const key = known && current === undefined && memoizable.has(field.type) ? `${field.name}\u0000${JSON.stringify(value)}\u0000${stageScope(type, field, values)}` : undefined;
    if (key !== undefined && known!.get(key)) continue;
    const linked = known && current === undefined && isLink(field) ? asIds(value).map((id) => known.get(linkKey(field, id))) : undefined;
    const found = linked && !linked.includes(undefined) ? linked.every(Boolean) : await exists(ctx, type, field, value, { ...current, ...values }, current?.[field.name]);
    if (found && key !== undefined) known!.set(key, true);
    if (!found) {
      issues.push({ field: field.name, rule: field.type === 'user' ? 'user' : field.type === 'reference' || field.type === 'currency' || field.currencyColumn ? 'reference' : 'exists' });
    }
  }
  if (issues.length > 0) throw invalid(issues);
}

/**
 * Before many creates are checked (their `known` map): which of the items their link fields name the caller may
 * read, one look-up for all of them instead of one per item.
 */
export async function knowLinkedItems(ctx: Context, type: ItemTypeDef, inputs: Array<Record<string, unknown>>, known: Map<string, boolean>): Promise<void> {
  for (const field of type.fields.filter(isLink)) {
    const ids = [...new Set(inputs.flatMap((values) => (values[field.name] == null ? [] : asIds(values[field.name]))))];
    if (ids.length === 0) continue;
    const readable = await existingIds(scopedReader(ctx), field.itemType!, ids);
    for (const id of ids) known.set(linkKey(field, id), readable.has(id));
  }
}

const isLink = (field: FieldDef) => field.type === 'links' || field.type === 'item';
const linkKey = (field: FieldDef, id: number) => `${field.itemType}#${id}`;

const memoizable = new Set(['reference', 'currency', 'money', 'user', 'integer']);

/** A stage is a value of its pipeline's list: the pipeline is part of what was checked. */
const stageScope = (type: ItemTypeDef, field: FieldDef, values: Record<string, unknown>) => (type.stages?.field === field.name && type.stages.pipelineField ? String(values[type.stages.pipelineField] ?? 0) : '');

const asIds = (value: unknown): number[] => [...new Set(Array.isArray(value) ? (value as number[]) : [value as number])];

async function exists(ctx: Context, type: ItemTypeDef, field: FieldDef, value: unknown, merged: Record<string, unknown>, held: unknown): Promise<boolean> {
  const db = ctx.db;
  switch (field.type) {
    case 'reference': {
      await lockList(db, ctx.dialect, field.list!, 'shared');
      let query = db.selectFrom('reference_items').select('id').where('list_id', '=', field.list!).where('code', '=', value as string);
      const pipelineField = type.stages?.field === field.name ? type.stages.pipelineField : undefined;
      if (pipelineField) query = query.where('category_id', '=', (merged[pipelineField] as number | undefined) ?? 0);
      return (await query.executeTakeFirst()) !== undefined;
    }
    case 'currency':
      return currencyExists(ctx, value as string);
    case 'money':
      // A custom money field carries its own currency.
      return !field.currencyColumn || currencyExists(ctx, (value as { currency: string }).currency);
    case 'user': {
      const ids = asIds(value);
      return (await db.selectFrom('users').select('id').where('id', 'in', ids).where('is_active', '=', 1).execute()).length === ids.length;
    }
    // A new link to an item the caller may not read is refused as if it did not exist; links the item holds
    // already stay while their items live.
    case 'item':
    case 'links': {
      const kept = new Set(held == null ? [] : asIds(held));
      const ids = asIds(value);
      const added = ids.filter((id) => !kept.has(id));
      const stays = ids.filter((id) => kept.has(id));
      const readable = await existingIds(scopedReader(ctx), field.itemType!, added);
      const live = await existingIds(unscopedReader(ctx, 'links the item holds already, whoever may read them'), field.itemType!, stays);
      return readable.size === added.length && live.size === stays.length;
    }
    // A file is attached by whoever may read it: its uploader while it is attached nowhere, or whoever may read an
    // item and field that hold it. The files an item holds already stay.
    case 'file': {
      const kept = new Set(held == null ? [] : asIds(held));
      const added = asIds(value).filter((id) => !kept.has(id));
      return added.length === 0 || (await readableFileIds(ctx, added)).size === added.length;
    }
    case 'integer':
      if (type.stages?.pipelineField === field.name) return (await findPipeline(db, value as number)) !== undefined;
      return true;
    default:
      return true;
  }
}

const currencyExists = async (ctx: Context, code: string) => (await ctx.db.selectFrom('currencies').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
