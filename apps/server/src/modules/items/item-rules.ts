import type { ItemTypeDef } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import type { Context } from '../../context.ts';
import { defaultPipelineId } from '../pipelines/pipeline.repository.ts';
import { appendStageMove } from '../pipelines/stage-history.repository.ts';

/**
 * Type-specific rules on top of the generic engine: defaults of a new item and the fields derived
 * from others (a deal's stage group and closed flag, a lead's status group and close date).
 * `values` are API-form values; the function fills in what the rules decide.
 */
export async function applyRules(
  ctx: Context,
  type: ItemTypeDef,
  values: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
): Promise<void> {
  const isNew = current === undefined;
  if (isNew) {
    values.assignedById ??= ctx.actor.id;
    values.opened ??= true;
    if (type.fields.some((f) => f.type === 'currency')) values.currencyId ??= await baseCurrency(ctx.db);
  }
  if (type.name === 'deal') {
    // A new deal without a pipeline goes to the default one.
    const categoryId = (values.categoryId ?? current?.categoryId ?? (await defaultPipelineId(ctx.db))) as number;
    if (isNew) values.categoryId = categoryId;
    if (isNew && values.stageId == null) values.stageId = await firstCode(ctx.db, 'DEAL_STAGE', categoryId);
    if (values.stageId !== undefined && values.stageId !== current?.stageId) {
      const semantic = await semanticOf(ctx.db, 'DEAL_STAGE', values.stageId as string, categoryId);
      values.stageSemantic = semantic;
      values.closed = semantic === 'S' || semantic === 'F';
    }
  }
  if (type.name === 'lead') {
    if (isNew && values.statusId == null) values.statusId = await firstCode(ctx.db, 'STATUS', null);
    if (values.statusId !== undefined && values.statusId !== current?.statusId) {
      const semantic = await semanticOf(ctx.db, 'STATUS', values.statusId as string, null);
      values.statusSemantic = semantic;
      values.dateClosed = semantic === 'P' ? null : ctx.now().toISOString();
    }
  }
}

/** The field holding the stage of types that move through stages, and the field of its group. */
const stageFields: Partial<Record<ItemTypeDef['name'], { stage: string; semantic: string }>> = {
  deal: { stage: 'stageId', semantic: 'stageSemantic' },
  lead: { stage: 'statusId', semantic: 'statusSemantic' },
};

/**
 * Type-specific side effects of a write, in its transaction: a deal or lead that is created or enters
 * another stage (or pipeline) gets a stage history row. `item` is the item after the write.
 */
export async function afterWrite(
  ctx: Context,
  type: ItemTypeDef,
  item: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): Promise<void> {
  const fields = stageFields[type.name];
  if (!fields || item[fields.stage] == null) return;
  if (previous && previous[fields.stage] === item[fields.stage] && previous.categoryId === item.categoryId) return;
  await appendStageMove(ctx.db, {
    entityType: type.name as 'deal' | 'lead',
    entityId: Number(item.id),
    categoryId: type.name === 'deal' ? (item.categoryId as number) : null,
    stageId: item[fields.stage] as string,
    semantic: (item[fields.semantic] as string | null) ?? null,
    movedAt: (item.updatedAt as string | undefined) ?? ctx.now().toISOString(),
    actorId: ctx.actor.id,
  });
}

async function baseCurrency(db: Db): Promise<string> {
  const row = await db.selectFrom('currencies').select('code').where('is_base', '=', 1).executeTakeFirst();
  return row?.code ?? 'BRL';
}

async function firstCode(db: Db, listId: string, categoryId: number | null): Promise<string | null> {
  let query = db.selectFrom('reference_items').select('code').where('list_id', '=', listId);
  if (categoryId !== null) query = query.where('category_id', '=', categoryId);
  const row = await query.orderBy('sort').orderBy('id').executeTakeFirst();
  return row?.code ?? null;
}

async function semanticOf(db: Db, listId: string, code: string | null, categoryId: number | null): Promise<string | null> {
  if (code === null) return null;
  let query = db.selectFrom('reference_items').select('semantic').where('list_id', '=', listId).where('code', '=', code);
  if (categoryId !== null) query = query.where('category_id', '=', categoryId);
  return (await query.executeTakeFirst())?.semantic ?? 'P';
}
