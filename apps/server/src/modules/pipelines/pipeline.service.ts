import { translate, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { bulkUpdate } from '../items/bulk-writer.ts';
import { requireAllowed } from '../items/item-access.ts';
import { countMatching, itemsQuery, readStored, scopedReader, showItem, unscopedReader } from '../items/item-reader.ts';
import { itemTypeNames } from '../catalog/catalog.ts';
import * as items from '../items/item.repository.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
import { changedValues, recordAudit } from '../audit/audit.service.ts';
import * as values from '../reference-lists/reference-list.repository.ts';
import type { ListScope } from '../reference-lists/reference-list.repository.ts';
import * as repository from './pipeline.repository.ts';
import type { PipelineRow } from './pipeline.repository.ts';

/** Deal pipelines (Bitrix24 categories): each has its own stages, the DEAL_STAGE values of its id. */

export interface PipelineDto {
  id: number;
  name: string;
  sort: number;
  isDefault: boolean;
}

export interface PipelineInput {
  name?: string;
  sort?: number;
  isDefault?: true;
}

const present = (ctx: Context, row: PipelineRow): PipelineDto => ({
  id: Number(row.id),
  name: row.name ?? translate(ctx.locale, 'pipeline.general'),
  sort: Number(row.sort),
  isDefault: Number(row.is_default) === 1,
});

export async function listPipelines(ctx: Context): Promise<PipelineDto[]> {
  return (await repository.allPipelines(ctx.db)).map((row) => present(ctx, row));
}

export async function getPipeline(ctx: Context, id: number): Promise<PipelineDto> {
  const row = await repository.findPipeline(ctx.db, id);
  if (!row) throw notFound();
  return present(ctx, row);
}

/** The stages of a pipeline as a reference list; 404 when there is no such pipeline. */
export async function stageScope(ctx: Context, id: number): Promise<ListScope> {
  if (!(await repository.findPipeline(ctx.db, id))) throw notFound();
  return { listId: 'DEAL_STAGE', categoryId: id };
}

// The stages a new pipeline starts with, as in Bitrix24: codes carry the pipeline's `C{id}:` prefix.
const defaultStages: Array<[code: string, semantic: string, color: string]> = [
  ['NEW', 'P', '#39A8EF'],
  ['PREPARATION', 'P', '#2FC6F6'],
  ['WON', 'S', '#7BD500'],
  ['LOSE', 'F', '#FF5752'],
];

export async function createPipeline(ctx: Context, input: PipelineInput & { name: string }): Promise<PipelineDto> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    if (input.isDefault) await repository.clearDefault(tx.db);
    const id = await repository.insertPipeline(tx.db, { name: input.name, sort: input.sort ?? 500, is_default: input.isDefault ? 1 : 0 });
    for (const [index, [code, semantic, color]] of defaultStages.entries()) {
      const key = `stage.${code}` as MessageKey;
      await values.insertValue(tx.db, {
        list_id: 'DEAL_STAGE',
        code: `C${id}:${code}`,
        name_en: translate('en', key),
        name_pt: translate('pt-BR', key),
        sort: (index + 1) * 10,
        semantic,
        color,
        category_id: id,
      });
    }
    const created = await getPipeline(tx, id);
    await recordAudit(tx, { kind: 'settings.pipeline.created', target: { type: 'pipeline', id }, details: { name: created.name, changes: changedValues(null, { ...created }, ['name', 'sort', 'isDefault']) } });
    return created;
  });
}

/** Renames or moves a pipeline, or makes it the default one (there is always exactly one). */
export async function updatePipeline(ctx: Context, id: number, input: PipelineInput): Promise<PipelineDto> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    const stored = await repository.findPipeline(tx.db, id);
    if (!stored) throw notFound();
    if (input.isDefault) await repository.clearDefault(tx.db);
    await repository.updatePipeline(tx.db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
      ...(input.isDefault ? { is_default: 1 } : {}),
    });
    const updated = await getPipeline(tx, id);
    const changes = changedValues({ ...present(tx, stored) }, { ...updated }, ['name', 'sort', 'isDefault']);
    if (Object.keys(changes).length > 0) await recordAudit(tx, { kind: 'settings.pipeline.updated', target: { type: 'pipeline', id }, details: { name: updated.name, changes } });
    return updated;
  });
}

/**
 * Puts every pipeline in the order of `ids` (sort 10, 20, …) in one transaction: a reorder is one change, never half
 * done. `ids` must name each pipeline once.
 */
export async function reorderPipelines(ctx: Context, ids: number[]): Promise<PipelineDto[]> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    const stored = await repository.allPipelines(tx.db);
    const known = new Set(stored.map((row) => Number(row.id)));
    if (new Set(ids).size !== ids.length) throw invalid([{ field: 'ids', rule: 'duplicate' }]);
    const unknown = ids.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw invalid([{ field: `ids.${unknown}`, rule: 'reference' }]);
    if (ids.length !== known.size) throw invalid([{ field: 'ids', rule: 'allPipelines' }]);
    const before = stored.map((row) => present(tx, row));
    for (const [index, id] of ids.entries()) {
      const sort = (index + 1) * 10;
      if (Number(stored.find((row) => Number(row.id) === id)!.sort) !== sort) await repository.updatePipeline(tx.db, id, { sort });
    }
    const after = await listPipelines(tx);
    const order = (list: PipelineDto[]) => [...list].sort((a, b) => a.sort - b.sort || a.id - b.id).map((p) => p.id);
    if (order(before).join() !== order(after).join()) await recordAudit(tx, { kind: 'settings.pipeline.reordered', target: { type: 'pipeline', id: ids[0] }, details: { changes: { order: [order(before), order(after)] } } });
    return after;
  });
}

export async function deletePipeline(ctx: Context, id: number): Promise<void> {
  requireSettingsAccess(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await repository.findPipeline(tx.db, id);
    if (!row) throw notFound();
    if ((await repository.allPipelines(tx.db)).length === 1) throw conflict(tx, 'pipeline.lastOne', { reason: 'lastPipeline' });
    if (Number(row.is_default) === 1) throw conflict(tx, 'pipeline.isDefault', { reason: 'defaultPipeline' });
    const deals = await itemsInPipeline(tx, id);
    if (deals > 0) throw conflict(tx, 'pipeline.hasDeals', { reason: 'inUse', usedBy: deals }, { count: deals });
    await values.deleteScope(tx.db, { listId: 'DEAL_STAGE', categoryId: id });
    await repository.deletePipeline(tx.db, id);
    await recordAudit(tx, { kind: 'settings.pipeline.deleted', target: { type: 'pipeline', id }, details: { name: present(tx, row).name } });
  });
}

/**
 * Moves an item of a type with pipelines (a deal) to another pipeline (its pipeline is otherwise fixed): to
 * `stageId` of that pipeline, or to its first stage. It goes through the bulk writer, as a group move will: rules,
 * version, history and stage history as for any write.
 */
export async function moveToPipeline(ctx: Context, name: ItemTypeName, id: number, input: { categoryId: number; stageId?: string; version?: number }): Promise<ItemDto> {
  const full = ctx.catalog.full[name];
  const stages = full.stages;
  if (!stages?.pipelineField) throw notFound();
  return inTransaction(ctx, async (tx) => {
    await items.lockItems(tx.db, tx.dialect, full, [id]);
    const current = await readStored(scopedReader(tx), name, id);
    if (!current) throw notFound();
    requireAllowed(tx, full, 'update', current);
    if (input.version !== undefined && current.version !== input.version) throw new AppError('VERSION_CONFLICT', { currentVersion: current.version });
    if (!(await repository.findPipeline(tx.db, input.categoryId))) throw invalid([ruleIssue(tx, 'categoryId', 'pipeline')]);
    const scope: ListScope = { listId: stages.list, categoryId: input.categoryId };
    const stage = input.stageId === undefined ? (await values.valuesOf(tx.db, scope))[0] : await values.findValue(tx.db, scope, input.stageId);
    if (!stage) throw invalid([ruleIssue(tx, 'stageId', 'stage')]);
    const moved = await bulkUpdate(tx, { type: name, which: 'live', reach: 'caller', action: 'update', where: (eb, table) => eb(`${table}.id`, '=', id) }, () => ({
      [stages.pipelineField!]: input.categoryId,
      [stages.field]: stage.code,
    }));
    if (moved.refused.length > 0) throw new AppError('FORBIDDEN', { reason: 'scope', action: 'update' });
    return showItem(scopedReader(tx), name, (await readStored(unscopedReader(tx, 'the item this request moved'), name, id))!);
  });
}

/** Items (live or binned: a restore must find its pipeline) in pipeline `id`, whoever may read them. */
async function itemsInPipeline(ctx: Context, id: number): Promise<number> {
  const reader = unscopedReader(ctx, 'a pipeline holding any item at all, binned ones too, cannot be deleted');
  let count = 0;
  for (const name of itemTypeNames) {
    const type = ctx.catalog.full[name];
    const column = type.stages?.pipelineField && type.fields.find((f) => f.name === type.stages!.pipelineField)!.column;
    if (column) count += await countMatching(reader, itemsQuery(reader, name, 'any').where(`${type.table}.${column}`, '=', id));
  }
  return count;
}

const ruleIssue = (ctx: Context, field: string, rule: string) => ({ field, rule, message: `${field} ${translate(ctx.locale, `rule.${rule}` as MessageKey)}` });
