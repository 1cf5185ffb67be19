import type { ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { defaultPipelineId } from '../pipelines/pipeline.repository.ts';
import type { StageMove } from '../pipelines/stage-history.repository.ts';
import { dynamic } from './item.repository.ts';

/**
 * The rules every write follows, read from the type's metadata rather than from its name: defaults of a new item
 * (responsible, open to all, currency, flags, pipeline and first stage) and what follows from a stage (its group,
 * the closed flag, the close date, the card's place on top of its Kanban column). `values` are API-form values;
 * the rules fill in what they decide. `columns` receives system columns that are not fields (`kanban_sort`); one
 * the caller has set already is kept. A `RuleCache` lets a bulk write look each setting up once.
 */

export interface RuleCache {
  memo: Map<string, Promise<unknown>>;
  /** The next free place on top of each Kanban column this write fills. */
  tops: Map<string, number>;
}

export const ruleCache = (): RuleCache => ({ memo: new Map(), tops: new Map() });

const remember = <T>(cache: RuleCache, key: string, load: () => Promise<T>): Promise<T> => {
  if (!cache.memo.has(key)) cache.memo.set(key, load());
  return cache.memo.get(key) as Promise<T>;
};

export async function applyRules(
  ctx: Context,
  type: ItemTypeDef,
  values: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
  columns: Record<string, unknown> = {},
  cache: RuleCache = ruleCache(),
): Promise<void> {
  const isNew = current === undefined;
  if (isNew) {
    values.assignedById ??= ctx.actor.id;
    values.opened ??= true;
    for (const field of type.fields) {
      if (field.type === 'currency') values[field.name] ??= await remember(cache, 'base', () => baseCurrency(ctx.db));
      // A flag is false until set, never "unknown".
      if (field.type === 'boolean' && field.column && !field.readOnly && !field.custom?.multiple) values[field.name] ??= false;
    }
  }
  const stages = type.stages;
  if (!stages) return;
  const pipelineField = stages.pipelineField;
  const pipeline = pipelineField ? ((values[pipelineField] ?? current?.[pipelineField] ?? (await remember(cache, 'pipeline', () => defaultPipelineId(ctx.db)))) as number) : null;
  if (isNew && pipelineField) values[pipelineField] = pipeline;
  if (isNew && values[stages.field] == null) values[stages.field] = await remember(cache, `first:${stages.list}:${pipeline}`, () => firstCode(ctx.db, stages.list, pipeline));
  const stage = (values[stages.field] ?? current?.[stages.field] ?? null) as string | null;
  const stageChanged = values[stages.field] !== undefined && values[stages.field] !== current?.[stages.field];
  if (stageChanged) {
    const semantic = await remember(cache, `semantic:${stages.list}:${pipeline}:${stage}`, () => semanticOf(ctx.db, stages.list, stage, pipeline));
    const closed = semantic === 'S' || semantic === 'F';
    const wasClosed = current !== undefined && ((current[stages.semanticField] as string | null) ?? 'P') !== 'P';
    values[stages.semanticField] = semantic;
    if (stages.closedField) values[stages.closedField] = closed;
    // Entering a final stage dates the close; going back to work clears it. A date the client sends wins.
    if (values[stages.closedAtField] === undefined && closed !== wasClosed) values[stages.closedAtField] = closed ? closedAt(ctx, type, stages.closedAtField) : null;
  }
  const pipelineChanged = pipelineField !== undefined && current !== undefined && pipeline !== current[pipelineField];
  if (isNew || stageChanged || pipelineChanged) {
    columns.kanban_sort ??= await topOfColumn(ctx.db, type, columnOf(type, pipeline, stage), cache);
  }
}

/** The close date in the form of its field: a calendar date (deals) or a timestamp (leads). */
function closedAt(ctx: Context, type: ItemTypeDef, fieldName: string): string {
  const now = ctx.now().toISOString();
  return type.fields.find((f) => f.name === fieldName)?.type === 'date' ? now.slice(0, 10) : now;
}

/** The Kanban column of a stage: `{ category_id, stage_id }` for deals, `{ status_id }` for leads. */
export function columnOf(type: ItemTypeDef, pipeline: number | null, stage: string | null): Record<string, string | number | null> {
  const stages = type.stages!;
  const columnOfField = (name: string) => type.fields.find((f) => f.name === name)!.column!;
  return { ...(stages.pipelineField ? { [columnOfField(stages.pipelineField)]: pipeline } : {}), [columnOfField(stages.field)]: stage };
}

/**
 * The stage history row of a write that created an item of a type with stages, or moved it to another stage or
 * pipeline; `item` is the stored item after the write, `previous` before it.
 */
export function stageMoveOf(ctx: Context, type: ItemTypeDef, item: Record<string, unknown>, previous: Record<string, unknown> | undefined, movedAt: string): StageMove | undefined {
  const stages = type.stages;
  if (!stages || item[stages.field] == null) return undefined;
  const pipelineField = stages.pipelineField;
  if (previous && previous[stages.field] === item[stages.field] && (!pipelineField || previous[pipelineField] === item[pipelineField])) return undefined;
  return {
    entityType: type.name,
    entityId: Number(item.id),
    categoryId: pipelineField ? (item[pipelineField] as number) : null,
    stageId: item[stages.field] as string,
    semantic: (item[stages.semanticField] as string | null) ?? null,
    movedAt,
    actorId: ctx.actor.id,
  };
}

/** Gap between neighbouring cards of a Kanban column, so a card fits between two without renumbering. */
export const kanbanGap = 1024;

/**
 * The `kanban_sort` that puts a card on top of the column `where` (ordered by `kanban_sort`, then id), among every
 * card, whoever may read it: places on a board are shared. With a cache, each further card of the same write goes on
 * top of the one before.
 */
export async function topOfColumn(db: Db, type: ItemTypeDef, where: Record<string, unknown>, cache?: RuleCache): Promise<number> {
  const key = JSON.stringify(where);
  const known = cache?.tops.get(key);
  if (known !== undefined) {
    cache!.tops.set(key, known - kanbanGap);
    return known - kanbanGap;
  }
  let query = dynamic(db).selectFrom(type.table).select((eb) => eb.fn.min('kanban_sort').as('top')).where('deleted_at', 'is', null);
  for (const [column, value] of Object.entries(where)) query = query.where(column, value === null ? 'is' : '=', value);
  const row = await query.executeTakeFirst();
  const top = row?.top == null ? 0 : Number(row.top) - kanbanGap;
  cache?.tops.set(key, top);
  return top;
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
