import type { Kysely } from 'kysely';
import type { ItemTypeDef } from '@vinculo/shared';
import type { Db } from '../../db/types.ts';
import type { Context } from '../../context.ts';
import { defaultPipelineId } from '../pipelines/pipeline.repository.ts';
import { appendStageMove } from '../pipelines/stage-history.repository.ts';

/**
 * Type-specific rules on top of the generic engine: defaults of a new item and the fields derived
 * from others (a deal's stage group, closed flag and close date, a lead's status group and close date,
 * the Kanban position of a card entering a column). `values` are API-form values; the function fills in
 * what the rules decide. `columns` receives system columns that are not fields (`kanban_sort`); one the
 * caller has set already is kept.
 */
export async function applyRules(
  ctx: Context,
  type: ItemTypeDef,
  values: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
  columns: Record<string, unknown> = {},
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
    const stageId = (values.stageId ?? current?.stageId) as string | null;
    if (values.stageId !== undefined && values.stageId !== current?.stageId) {
      const semantic = await semanticOf(ctx.db, 'DEAL_STAGE', values.stageId as string, categoryId);
      const wasClosed = current?.closed === true;
      values.stageSemantic = semantic;
      values.closed = semantic === 'S' || semantic === 'F';
      // Entering a final stage dates the close; going back to work clears it. A date the client sends wins.
      if (values.closeDate === undefined && values.closed !== wasClosed) values.closeDate = values.closed ? ctx.now().toISOString().slice(0, 10) : null;
    }
    if (isNew || values.stageId !== current?.stageId || categoryId !== current?.categoryId) {
      columns.kanban_sort ??= await topOfColumn(ctx.db, type, { category_id: categoryId, stage_id: stageId });
    }
  }
  if (type.name === 'lead') {
    if (isNew && values.statusId == null) values.statusId = await firstCode(ctx.db, 'STATUS', null);
    if (values.statusId !== undefined && values.statusId !== current?.statusId) {
      const semantic = await semanticOf(ctx.db, 'STATUS', values.statusId as string, null);
      values.statusSemantic = semantic;
      values.dateClosed = semantic === 'P' ? null : ctx.now().toISOString();
    }
    if (isNew || (values.statusId !== undefined && values.statusId !== current?.statusId)) {
      columns.kanban_sort ??= await topOfColumn(ctx.db, type, { status_id: (values.statusId ?? current?.statusId) as string | null });
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

/** Gap between neighbouring cards of a Kanban column, so a card fits between two without renumbering. */
export const kanbanGap = 1024;

/** The `kanban_sort` that puts a card on top of the column `where` (ordered by `kanban_sort`, then id). */
export async function topOfColumn(db: Db, type: ItemTypeDef, where: Record<string, unknown>): Promise<number> {
  let query = (db as unknown as Kysely<any>).selectFrom(type.table).select((eb) => eb.fn.min('kanban_sort').as('top')).where('deleted_at', 'is', null);
  for (const [column, value] of Object.entries(where)) query = query.where(column, value === null ? 'is' : '=', value);
  const row = await query.executeTakeFirst();
  return row?.top == null ? 0 : Number(row.top) - kanbanGap;
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
