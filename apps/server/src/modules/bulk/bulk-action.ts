import { translate, type FieldIssue, type ItemTypeDef, type ItemTypeName, type MessageKey } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError, invalid } from '../../http/app-error.ts';
import { appendEvents, type NewEvent } from '../events/event.repository.ts';
import { isAllowed } from '../items/item-access.ts';
import { checkReferences } from '../items/item-references.ts';
import { validateInput } from '../items/item.service.ts';
import { setDeleted } from '../items/item.repository.ts';
import type { Input } from '../items/item-write.ts';
import type { ItemDto } from '../items/item.presenter.ts';
import { bulkUpdate, forEachChunk, Refusal, type Selection } from '../items/bulk-writer.ts';
import { lockList } from '../reference-lists/reference-list.repository.ts';
import type { StoredRefusal } from '../jobs/job.repository.ts';
import type { BatchOutcome } from '../jobs/job-runner.ts';

/**
 * What a group action does to each item, checked as a single update would be: the caller's view of the type (a
 * field their roles hide is unknown to them, one they make read-only is refused), the field's schema, the values
 * it points at (an active user, a stage of the item's pipeline, a value of its list). `planAction` checks the action
 * once when the job is created (a 400 naming the field) and again before every batch, under the batch's locks;
 * `runBatch` then applies it item by item through the engine (bulk-writer.ts), refusing one item without stopping
 * the others: not found or not readable, outside the caller's scope, changed since it was selected (versions given),
 * a stage of another pipeline, a value its other fields make invalid.
 */

export type BulkAction =
  | { kind: 'assign'; assignedById: number }
  | { kind: 'stage'; stageId: string }
  | { kind: 'set'; field: string; value: unknown }
  | { kind: 'export'; include: boolean }
  | { kind: 'delete' };

/** An action as the engine applies it: values to write (API form), or a move to the recycle bin. */
export type Plan =
  | {
      kind: 'update';
      values: Input;
      /** The field written, and where a refusal names it. */
      field: string;
      /** For a stage of deals: the pipelines that have it (a deal of another pipeline is refused). */
      stagePipelines?: Set<number>;
    }
  | { kind: 'delete' };

type Issue = { field: string; rule: string; params?: Record<string, string | number> };

/** A 400 for rules the error handler does not know: the message is written here, in the caller's language. */
const refused = (ctx: Context, issues: Issue[]) =>
  invalid(issues.map((issue) => ({ ...issue, message: `${issue.field} ${translate(ctx.locale, `rule.${issue.rule}` as MessageKey, issue.params)}` })));

/** Checks an action against the caller's view of the type and the data as it is now; a 400 naming the field otherwise. */
export async function planAction(ctx: Context, name: ItemTypeName, action: BulkAction): Promise<Plan> {
  const visible = ctx.catalog.visible[name];
  switch (action.kind) {
    case 'delete':
      return { kind: 'delete' };
    case 'assign':
      return planSet(ctx, visible, 'assignedById', action.assignedById, 'action.assignedById');
    case 'export':
      if (!visible.fields.some((f) => f.name === 'export')) throw refused(ctx, [{ field: 'action.kind', rule: 'noExport' }]);
      return planSet(ctx, visible, 'export', action.include, 'action.include');
    case 'stage':
      return planStage(ctx, visible, action.stageId);
    case 'set': {
      if (action.value === undefined) throw invalid([{ field: 'action.value', rule: 'required' }]);
      const field = visible.fields.find((f) => f.name === action.field);
      if (!field) throw invalid([{ field: 'action.field', rule: 'unknown' }]);
      if (field.readOnly || field.lockedByRole) throw invalid([{ field: 'action.field', rule: 'readOnly' }]);
      if (field.immutable) throw invalid([{ field: 'action.field', rule: 'immutable' }]);
      if (visible.stages?.field === field.name) throw refused(ctx, [{ field: 'action.field', rule: 'useStageAction' }]);
      if (visible.stages?.pipelineField === field.name) throw refused(ctx, [{ field: 'action.field', rule: 'notBulk' }]);
      // Entries of a multi-value field that name an id are one item's own entries: a group action replaces them all.
      if (field.type === 'multifield' && Array.isArray(action.value)) {
        const named = action.value.flatMap((entry, index) => (entry !== null && typeof entry === 'object' && 'id' in entry ? [{ field: `action.value.${index}.id`, rule: 'exists' }] : []));
        if (named.length > 0) throw invalid(named);
      }
      return planSet(ctx, visible, field.name, action.value, 'action.value');
    }
  }
}

/** One field set to one value, validated as in an update, with issues named by where the request put the value. */
async function planSet(ctx: Context, visible: ItemTypeDef, fieldName: string, value: unknown, path: string): Promise<Plan> {
  const field = visible.fields.find((f) => f.name === fieldName);
  if (!field || field.readOnly || field.lockedByRole) throw invalid([{ field: path, rule: field ? 'readOnly' : 'unknown' }]);
  const values = renamed(path, fieldName, () => validateInput(visible, 'update', { [fieldName]: value }, '', ctx.locale));
  delete values.version;
  const empty = values[fieldName] === null || values[fieldName] === '' || (Array.isArray(values[fieldName]) && (values[fieldName] as unknown[]).length === 0);
  if (field.required && empty) throw invalid([{ field: path, rule: 'required', label: field.label[ctx.locale] }]);
  await renamedAsync(path, fieldName, () => checkReferences(ctx, ctx.catalog.full[visible.name], values));
  return { kind: 'update', values, field: fieldName };
}

/** A stage (deals: of some pipeline; each deal is then checked against its own) or a lead status. */
async function planStage(ctx: Context, visible: ItemTypeDef, stageId: string): Promise<Plan> {
  const stages = visible.stages;
  const field = stages && visible.fields.find((f) => f.name === stages.field);
  if (!stages || !field) throw refused(ctx, [{ field: 'action.kind', rule: 'noStages' }]);
  if (field.readOnly || field.lockedByRole) throw invalid([{ field: 'action.stageId', rule: 'readOnly' }]);
  const values = renamed('action.stageId', field.name, () => validateInput(visible, 'update', { [field.name]: stageId }, '', ctx.locale));
  if (typeof values[field.name] !== 'string') throw invalid([{ field: 'action.stageId', rule: 'required' }]);
  // Held until the batch ends, so the stage cannot be deleted under it (a deletion moves items off it first).
  await lockList(ctx.db, ctx.dialect, stages.list, 'shared');
  const rows = await ctx.db.selectFrom('reference_items').select('category_id').where('list_id', '=', stages.list).where('code', '=', values[field.name] as string).execute();
  if (rows.length === 0) throw invalid([{ field: 'action.stageId', rule: 'reference' }]);
  const stagePipelines = stages.pipelineField ? new Set(rows.map((row) => Number(row.category_id ?? 0))) : undefined;
  return { kind: 'update', values: { [field.name]: values[field.name] }, field: field.name, stagePipelines };
}

/** Runs `check`; a validation failure's issues about `fieldName` are renamed to `path` (`title` → `action.value`). */
function renamed<T>(path: string, fieldName: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw renameIssues(error, path, fieldName);
  }
}

async function renamedAsync<T>(path: string, fieldName: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw renameIssues(error, path, fieldName);
  }
}

function renameIssues(error: unknown, path: string, fieldName: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return error;
  const issues = error.details.map((issue: FieldIssue) =>
    issue.field === fieldName || issue.field.startsWith(`${fieldName}.`) ? { ...issue, field: path + issue.field.slice(fieldName.length) } : issue,
  );
  return new AppError('VALIDATION_FAILED', issues);
}

/** The items of one batch, and the versions the caller read them at (when the selection gave them). */
export interface Batch {
  ids: number[];
  versions?: Map<number, number>;
}

/**
 * Applies the action to one batch of items in the caller's transaction (`ctx.db`). The plan is made again first,
 * under the batch's locks: if it no longer holds (the user assigned to has left, the stage was deleted), every item
 * of the batch is refused with the reason. Each item is refused or done; nothing is half-written.
 */
export async function runBatch(ctx: Context, name: ItemTypeName, action: BulkAction, batch: Batch): Promise<BatchOutcome> {
  let plan: Plan;
  try {
    plan = await planAction(ctx, name, action);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) throw error;
    const { rule } = error.details[0] as FieldIssue;
    const field = fieldOf(ctx, name, action);
    return { succeeded: 0, refusals: batch.ids.map((id) => ({ id, code: 'INVALID', params: { field, rule } })) };
  }
  const seen = new Set<number>();
  const refusals: StoredRefusal[] = [];
  const selection: Selection = { type: name, which: 'live', reach: 'caller', where: (eb, table) => eb(`${table}.id`, 'in', batch.ids) };
  const chunkSize = batch.ids.length;
  const stale = (item: ItemDto) => batch.versions !== undefined && batch.versions.get(item.id) !== item.version;

  if (plan.kind === 'delete') {
    await forEachChunk(
      ctx,
      { ...selection, action: 'delete' },
      async (tx, items) => {
        const full = tx.catalog.full[name];
        const now = tx.now().toISOString();
        const events: NewEvent[] = [];
        for (const item of items) {
          seen.add(item.id);
          if (!isAllowed(tx, full, 'delete', item)) refusals.push({ id: item.id, code: 'FORBIDDEN' });
          else if (stale(item)) refusals.push({ id: item.id, code: 'CONFLICT' });
          else {
            await setDeleted(tx.db, full, item.id, now, tx.actor.id);
            events.push({ type: 'item.deleted', entityType: name, entityId: item.id, actorId: tx.actor.id, occurredAt: now, changes: {} });
          }
        }
        await appendEvents(tx.db, events);
      },
      { chunkSize },
    );
  } else {
    const full = ctx.catalog.full[name];
    const oneOf = full.requireOneOf?.includes(plan.field) ? full.requireOneOf : undefined;
    const emptied = isEmpty(plan.values[plan.field]);
    const pipelineField = full.stages?.pipelineField;
    const result = await bulkUpdate(
      ctx,
      { ...selection, action: 'update' },
      (item) => {
        seen.add(item.id);
        if (!isAllowed(ctx, full, 'update', item)) return new Refusal('FORBIDDEN');
        if (stale(item)) return new Refusal('CONFLICT');
        if (plan.stagePipelines && pipelineField && !plan.stagePipelines.has(Number(item[pipelineField] ?? 0))) return new Refusal('STAGE_NOT_IN_PIPELINE', { stage: plan.values[plan.field] as string });
        // A contact keeps one of its names: emptying one it relies on is refused for that contact alone.
        if (oneOf && emptied && !oneOf.some((other) => other !== plan.field && !isEmpty(item[other]))) return new Refusal('INVALID', { field: plan.field, rule: 'requireOneOf' });
        // The rules complete the values in place (a stage's group, the close date): each item gets its own copy.
        return structuredClone(plan.values);
      },
      { chunkSize },
    );
    refusals.push(...result.refusals);
  }
  for (const id of batch.ids) if (!seen.has(id)) refusals.push({ id, code: 'NOT_FOUND' });
  return { succeeded: batch.ids.length - refusals.length, refusals };
}

/** The item field an action writes (`delete`: none). */
function fieldOf(ctx: Context, name: ItemTypeName, action: BulkAction): string {
  if (action.kind === 'assign') return 'assignedById';
  if (action.kind === 'export') return 'export';
  if (action.kind === 'set') return action.field;
  if (action.kind === 'stage') return ctx.catalog.full[name].stages?.field ?? 'stageId';
  return '';
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
