import { itemTypes, translate, type MessageKey } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { afterWrite, applyRules } from '../items/item-rules.ts';
import { sameValue, toColumn } from '../items/item-values.ts';
import * as items from '../items/item.repository.ts';
import { requireAllowed } from '../items/item-access.ts';
import { getItem } from '../items/item.service.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { requireSettingsAccess } from '../access/settings.policy.ts';
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
    return getPipeline(tx, id);
  });
}

/** Renames or moves a pipeline, or makes it the default one (there is always exactly one). */
export async function updatePipeline(ctx: Context, id: number, input: PipelineInput): Promise<PipelineDto> {
  requireSettingsAccess(ctx);
  return inTransaction(ctx, async (tx) => {
    if (!(await repository.findPipeline(tx.db, id))) throw notFound();
    if (input.isDefault) await repository.clearDefault(tx.db);
    await repository.updatePipeline(tx.db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
      ...(input.isDefault ? { is_default: 1 } : {}),
    });
    return getPipeline(tx, id);
  });
}

export async function deletePipeline(ctx: Context, id: number): Promise<void> {
  requireSettingsAccess(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await repository.findPipeline(tx.db, id);
    if (!row) throw notFound();
    if ((await repository.allPipelines(tx.db)).length === 1) throw conflict(tx, 'pipeline.lastOne', { reason: 'lastPipeline' });
    if (Number(row.is_default) === 1) throw conflict(tx, 'pipeline.isDefault', { reason: 'defaultPipeline' });
    const deals = await repository.countDeals(tx.db, id);
    if (deals > 0) throw conflict(tx, 'pipeline.hasDeals', { reason: 'inUse', usedBy: deals }, { count: deals });
    await values.deleteScope(tx.db, { listId: 'DEAL_STAGE', categoryId: id });
    await repository.deletePipeline(tx.db, id);
  });
}

/**
 * Moves a deal to another pipeline (its categoryId is otherwise fixed): to `stageId` of that pipeline,
 * or to its first stage. History and stage history record the move.
 */
export async function moveDealToPipeline(ctx: Context, dealId: number, input: { categoryId: number; stageId?: string; version?: number }): Promise<ItemDto> {
  const type = itemTypes.deal;
  return inTransaction(ctx, async (tx) => {
    await items.lockItem(tx.db, tx.dialect, type, dealId);
    const current = await getItem(tx, type, dealId);
    requireAllowed(tx, type, 'update', current);
    if (input.version !== undefined && current.version !== input.version) throw new AppError('VERSION_CONFLICT', { currentVersion: current.version });
    if (!(await repository.findPipeline(tx.db, input.categoryId))) throw invalid([ruleIssue(tx, 'categoryId', 'pipeline')]);
    const scope: ListScope = { listId: 'DEAL_STAGE', categoryId: input.categoryId };
    const stage = input.stageId === undefined ? (await values.valuesOf(tx.db, scope))[0] : await values.findValue(tx.db, scope, input.stageId);
    if (!stage) throw invalid([ruleIssue(tx, 'stageId', 'stage')]);

    const next: Record<string, unknown> = { categoryId: input.categoryId, stageId: stage.code };
    const systemColumns: Record<string, unknown> = {};
    await applyRules(tx, type, next, current, systemColumns);
    requireAllowed(tx, type, 'update', { ...current, ...next });
    const changes: Changes = {};
    for (const [name, value] of Object.entries(next)) if (!sameValue(current[name], value)) changes[name] = [current[name], value];
    if (Object.keys(changes).length === 0) return current;

    const now = tx.now().toISOString();
    const columns: Record<string, unknown> = { updated_at: now, updated_by_id: tx.actor.id, ...systemColumns };
    for (const name of Object.keys(changes)) {
      const field = type.fields.find((f) => f.name === name)!;
      columns[field.column!] = toColumn(field, next[name]);
    }
    if (!(await items.updateItemRow(tx.db, type, dealId, columns, current.version))) throw new AppError('VERSION_CONFLICT');
    const updated = await getItem(tx, type, dealId);
    await afterWrite(tx, type, updated, current);
    await appendEvent(tx.db, { type: 'item.updated', entityType: type.name, entityId: dealId, actorId: tx.actor.id, occurredAt: now, changes });
    return updated;
  });
}


const ruleIssue = (ctx: Context, field: string, rule: string) => ({ field, rule, message: `${field} ${translate(ctx.locale, `rule.${rule}` as MessageKey)}` });
