import type { Context } from '../../context.ts';
import { createPipeline, deletePipeline, getPipeline, listPipelines, updatePipeline, type PipelineDto, type PipelineInput } from '../pipelines/pipeline.service.ts';
import { BitrixError, invalidArgument } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { intParam, objectParam, type Params } from './bitrix-params.ts';
import { describeFields, filtered, flagField, idParam, optionalIdParam, intField, ordered, pageOf, required, textField, withFieldNames, yesNo } from './dictionary-support.ts';
import { stageEntityId, stageItems } from './status-methods.ts';

/**
 * Deal pipelines as Bitrix24's categories: `crm.category.*` (spec §7.2, camelCase, `entityTypeId` 2 only: Vínculo's
 * other types have no pipelines) and the older `crm.dealcategory.*` (§7.3, upper case, strings). The general
 * pipeline is category 0, as in Bitrix24. Writes go through the pipelines service (settings rights, audit).
 */

const dealTypeId = 2;
const text = (en: string, pt: string) => ({ en, 'pt-BR': pt });
const fieldNames = { name: 'name', sort: 'sort', isDefault: 'isDefault' };
const upperNames = { name: 'NAME', sort: 'SORT', isDefault: 'IS_DEFAULT' };

/** `entityTypeId`, which must be 2: 1, 3 and 4 exist without pipelines; anything else is no type at all. */
function requireDeals(params: Params): void {
  const entityTypeId = intParam(params, 'entityTypeId');
  if (entityTypeId === dealTypeId) return;
  if (entityTypeId === 1 || entityTypeId === 3 || entityTypeId === 4) throw new BitrixError(400, 'ENTITY_TYPE_NOT_SUPPORTED', 'Entity type does not support categories');
  throw new BitrixError(400, 'NOT_FOUND', 'Smart process not found');
}

function name(fields: Params, key: string): string | undefined {
  const value = textField(fields, key);
  if (value !== undefined && (value === '' || value.length > 255)) throw invalidArgument(`The field ${key} must have 1 to 255 characters`);
  return value;
}

const presentCategory = (pipeline: PipelineDto) => ({
  id: pipeline.id,
  name: pipeline.name,
  sort: pipeline.sort,
  entityTypeId: dealTypeId,
  isDefault: yesNo(pipeline.isDefault),
  ...(pipeline.id === 0 ? {} : { originId: '', originatorId: '' }),
});

/** Bitrix24's error for a pipeline it will not delete (the default one, or one holding deals) has the code `0`. */
async function deleteCategory(ctx: Context, id: number, names: Record<string, string>) {
  try {
    await withFieldNames(ctx, names, () => deletePipeline(ctx, id));
  } catch (error) {
    if (error instanceof Error && (error as { code?: string }).code === 'CONFLICT') throw new BitrixError(400, '0', error.message);
    throw error;
  }
}

const categoryFields = (ctx: Context) =>
  describeFields(ctx, {
    id: { type: 'integer', title: text('ID', 'ID'), isReadOnly: true },
    name: { type: 'string', title: text('Name', 'Nome'), isRequired: true },
    sort: { type: 'integer', title: text('Sort', 'Ordem') },
    entityTypeId: { type: 'integer', title: text('Entity type', 'Tipo de item'), isReadOnly: true, isImmutable: true },
    isDefault: { type: 'char', title: text('Default', 'Padrão') },
  });

function categoryInput(fields: Params, names: { name: string; sort: string; isDefault: string }): PipelineInput {
  const isDefault = flagField(fields, names.isDefault);
  return { name: name(fields, names.name), sort: intField(fields, names.sort), ...(isDefault ? { isDefault: true as const } : {}) };
}

export const categoryMethods: MethodTable = {
  'crm.category.fields': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      return { result: { fields: categoryFields(caller.ctx) } };
    },
  },
  'crm.category.list': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      const rows = ordered(filtered((await listPipelines(caller.ctx)).map(presentCategory), params), params);
      return pageOf(rows, params, (page) => ({ categories: page }));
    },
  },
  'crm.category.get': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      return { result: { category: presentCategory(await getPipeline(caller.ctx, idParam(params))) } };
    },
  },
  'crm.category.add': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      const input = categoryInput(objectParam(params, 'fields'), fieldNames);
      const created = await withFieldNames(caller.ctx, fieldNames, () => createPipeline(caller.ctx, { ...input, name: required(input.name, 'name') }));
      return { result: { category: presentCategory(created) } };
    },
  },
  'crm.category.update': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      const updated = await withFieldNames(caller.ctx, fieldNames, () => updatePipeline(caller.ctx, idParam(params), categoryInput(objectParam(params, 'fields'), fieldNames)));
      return { result: { category: presentCategory(updated) } };
    },
  },
  'crm.category.delete': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      requireDeals(params);
      await deleteCategory(caller.ctx, idParam(params), fieldNames);
      return { result: null };
    },
  },
  ...dealCategoryMethods(),
};

/** A pipeline as `crm.dealcategory.*` answers it: upper-case names, values as strings. */
const presentDealCategory = (pipeline: PipelineDto) => ({ ID: String(pipeline.id), CREATED_DATE: null, NAME: pipeline.name, IS_LOCKED: 'N', SORT: String(pipeline.sort) });

function dealCategoryMethods(): MethodTable {
  return {
    'crm.dealcategory.fields': {
      scope: 'crm',
      run: async ({ caller }) => ({
        result: describeFields(caller.ctx, {
          ID: { type: 'integer', title: text('ID', 'ID'), isReadOnly: true },
          CREATED_DATE: { type: 'date', title: text('Created on', 'Criado em'), isReadOnly: true },
          NAME: { type: 'string', title: text('Name', 'Nome'), isRequired: true },
          IS_LOCKED: { type: 'char', title: text('Locked', 'Bloqueado'), isReadOnly: true },
          SORT: { type: 'integer', title: text('Sort', 'Ordem') },
        }),
      }),
    },
    // The general pipeline (0) is not in the list: Bitrix24 answers it with crm.dealcategory.default.get.
    'crm.dealcategory.list': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const rows = (await listPipelines(caller.ctx)).filter((pipeline) => pipeline.id !== 0).map(presentDealCategory);
        return pageOf(ordered(filtered(rows, params), params), params);
      },
    },
    'crm.dealcategory.get': {
      scope: 'crm',
      run: async ({ caller, params }) => ({ result: presentDealCategory(await getPipeline(caller.ctx, idParam(params))) }),
    },
    'crm.dealcategory.add': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const input = categoryInput(objectParam(params, 'fields'), upperNames);
        const created = await withFieldNames(caller.ctx, upperNames, () => createPipeline(caller.ctx, { ...input, name: required(input.name, 'NAME') }));
        return { result: created.id };
      },
    },
    'crm.dealcategory.update': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        await withFieldNames(caller.ctx, upperNames, () => updatePipeline(caller.ctx, idParam(params), categoryInput(objectParam(params, 'fields'), upperNames)));
        return { result: true };
      },
    },
    'crm.dealcategory.delete': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        await deleteCategory(caller.ctx, idParam(params), upperNames);
        return { result: true };
      },
    },
    'crm.dealcategory.default.get': {
      scope: 'crm',
      run: async ({ caller }) => {
        const general = await getPipeline(caller.ctx, 0);
        return { result: { ID: 0, NAME: general.name } };
      },
    },
    'crm.dealcategory.default.set': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const newName = required(name(params, 'NAME'), 'NAME');
        await withFieldNames(caller.ctx, upperNames, () => updatePipeline(caller.ctx, 0, { name: newName }));
        return { result: true };
      },
    },
    'crm.dealcategory.status': {
      scope: 'crm',
      run: async ({ caller, params }) => {
        const id = optionalIdParam(params) ?? 0;
        await getPipeline(caller.ctx, id);
        return { result: stageEntityId(id) };
      },
    },
    'crm.dealcategory.stage.list': { scope: 'crm', run: async ({ caller, params }) => ({ result: await stagesOf(caller.ctx, params) }) },
    'crm.dealcategory.stages': { scope: 'crm', run: async ({ caller, params }) => ({ result: await stagesOf(caller.ctx, params) }) },
  };
}

/** The stages of pipeline `id` (0 or absent: the general one). */
async function stagesOf(ctx: Context, params: Params) {
  const id = optionalIdParam(params) ?? 0;
  await getPipeline(ctx, id);
  return stageItems(ctx, { listId: 'DEAL_STAGE', categoryId: id });
}
