import { translate, type MessageKey } from '@vinculo/shared';
import type { z } from 'zod';
import type { Context } from '../../context.ts';
import { listPipelines } from '../pipelines/pipeline.service.ts';
import { valuesOf, findValue, type ListScope, type ValueRow } from '../reference-lists/reference-list.repository.ts';
import { createValueSchema, updateValueSchema } from '../reference-lists/reference-list.schemas.ts';
import { addValue, deleteValue, editableLists, updateValue } from '../reference-lists/reference-list.service.ts';
import { invalidArgument, notFound } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { objectParam, param, type Params } from './bitrix-params.ts';
import { describeFields, filtered, idParam, intField, ordered, required, textField, withFieldNames, yesNo } from './dictionary-support.ts';

/**
 * `crm.status.*` (spec §7.1) over Vínculo's reference lists: each editable list is the Bitrix24 dictionary of the same
 * ENTITY_ID (STATUS, SOURCE, CONTACT_TYPE…), and the stages of pipeline N are `DEAL_STAGE` (N = 0) or
 * `DEAL_STAGE_N`. Writes go through the reference-list service, so its rights, rules and audit apply.
 */

export interface Dictionary {
  entityId: string;
  name: string;
  scope: ListScope;
}

/** Every dictionary the caller can read, lists first, then the stages of each pipeline. */
export async function dictionaries(ctx: Context): Promise<Dictionary[]> {
  const lists = editableLists.map((listId) => ({ entityId: listId, name: translate(ctx.locale, `list.${listId}` as MessageKey), scope: { listId, categoryId: null } }));
  const stages = (await listPipelines(ctx)).map((pipeline) => ({
    entityId: stageEntityId(pipeline.id),
    name: `${translate(ctx.locale, 'field.stageId')} (${pipeline.name})`,
    scope: { listId: 'DEAL_STAGE', categoryId: pipeline.id },
  }));
  return [...lists, ...stages];
}

export const stageEntityId = (categoryId: number) => (categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`);

async function dictionaryOf(ctx: Context, entityId: unknown): Promise<Dictionary> {
  const wanted = String(required(entityId as string, 'ENTITY_ID')).toUpperCase();
  const found = (await dictionaries(ctx)).find((d) => d.entityId === wanted);
  if (!found) throw invalidArgument(`The dictionary ${wanted} does not exist.`);
  return found;
}

// The values the engine never lets go (a lead is converted / junk): Bitrix24 marks its own such values SYSTEM.
const systemValues: Record<string, string[]> = { STATUS: ['CONVERTED', 'JUNK'] };
const semanticWords: Record<string, string> = { P: 'process', S: 'success', F: 'failure' };

/** A value as Bitrix24 answers a status: strings, SEMANTICS S/F or null, EXTRA for statuses and stages. */
export function presentStatus(ctx: Context, dictionary: Dictionary, row: ValueRow) {
  return {
    ID: String(row.id),
    ENTITY_ID: dictionary.entityId,
    STATUS_ID: row.code,
    NAME: ctx.locale === 'pt-BR' ? row.name_pt : row.name_en,
    NAME_INIT: '',
    SORT: String(row.sort),
    SYSTEM: yesNo(systemValues[dictionary.entityId]?.includes(row.code) ?? false),
    CATEGORY_ID: dictionary.scope.categoryId === null ? null : String(dictionary.scope.categoryId),
    COLOR: row.color ?? '',
    SEMANTICS: row.semantic === 'S' || row.semantic === 'F' ? row.semantic : null,
    ...(row.semantic !== null ? { EXTRA: { SEMANTICS: semanticWords[row.semantic] ?? 'process', COLOR: row.color ?? '' } } : {}),
  };
}

async function allStatuses(ctx: Context) {
  const found: Array<{ dictionary: Dictionary; row: ValueRow }> = [];
  for (const dictionary of await dictionaries(ctx)) for (const row of await valuesOf(ctx.db, dictionary.scope)) found.push({ dictionary, row });
  return found;
}

async function statusById(ctx: Context, params: Params) {
  const id = idParam(params);
  const found = (await allStatuses(ctx)).find(({ row }) => Number(row.id) === id);
  if (!found) throw notFound('Status is not found.');
  return found;
}

// The engine's field names as Bitrix24 calls them, for its validation errors.
const fieldNames = { code: 'STATUS_ID', name: 'NAME', nameEn: 'NAME', namePt: 'NAME', sort: 'SORT', color: 'COLOR', semantic: 'SEMANTICS' };

/** Input checked by the reference lists' own schema; a refusal names the Bitrix24 field. */
function checked<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw invalidArgument(`The field ${fieldNames[field as keyof typeof fieldNames] ?? field} is not valid: ${issue.message}`);
}

/** SEMANTICS as Bitrix24 sends it (S, F, or empty for "in progress"), for a list that has groups. */
function semanticOf(fields: Params, dictionary: Dictionary): 'P' | 'S' | 'F' | undefined {
  const value = textField(fields, 'SEMANTICS');
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper === 'S' || upper === 'F') return upper;
  if (upper === '' || upper === 'P') return dictionary.scope.listId === 'STATUS' || dictionary.scope.listId === 'DEAL_STAGE' ? 'P' : undefined;
  throw invalidArgument('The field SEMANTICS must be S, F or empty');
}

const text = (en: string, pt: string) => ({ en, 'pt-BR': pt });

export const statusMethods: MethodTable = {
  'crm.status.fields': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: describeFields(caller.ctx, {
        ID: { type: 'integer', title: text('ID', 'ID'), isReadOnly: true },
        ENTITY_ID: { type: 'string', title: text('Dictionary', 'Dicionário'), isRequired: true, isImmutable: true },
        STATUS_ID: { type: 'string', title: text('Code', 'Código'), isRequired: true, isImmutable: true },
        NAME: { type: 'string', title: text('Name', 'Nome'), isRequired: true },
        NAME_INIT: { type: 'string', title: text('Initial name', 'Nome inicial'), isReadOnly: true },
        SORT: { type: 'integer', title: text('Sort', 'Ordem') },
        SYSTEM: { type: 'char', title: text('System value', 'Valor do sistema'), isReadOnly: true },
        CATEGORY_ID: { type: 'integer', title: 'field.pipelineId', isReadOnly: true },
        COLOR: { type: 'string', title: text('Colour', 'Cor') },
        SEMANTICS: { type: 'string', title: text('Group (S success, F failure)', 'Grupo (S sucesso, F fracasso)') },
      }),
    }),
  },
  'crm.status.list': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const rows = (await allStatuses(caller.ctx)).map(({ dictionary, row }) => presentStatus(caller.ctx, dictionary, row));
      const result = ordered(filtered(rows, params), params);
      return { result, total: result.length };
    },
  },
  'crm.status.get': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const { dictionary, row } = await statusById(caller.ctx, params);
      return { result: presentStatus(caller.ctx, dictionary, row) };
    },
  },
  'crm.status.add': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const fields = objectParam(params, 'fields');
      const dictionary = await dictionaryOf(caller.ctx, param(fields, 'ENTITY_ID'));
      const input = checked(createValueSchema, {
        code: required(textField(fields, 'STATUS_ID'), 'STATUS_ID'),
        name: required(textField(fields, 'NAME'), 'NAME'),
        sort: intField(fields, 'SORT') ?? 10,
        color: textField(fields, 'COLOR') || undefined,
        semantic: semanticOf(fields, dictionary),
      });
      const added = await withFieldNames(caller.ctx, fieldNames, () => addValue(caller.ctx, dictionary.scope, input));
      return { result: Number((await findValue(caller.ctx.db, dictionary.scope, added.code))!.id) };
    },
  },
  'crm.status.update': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const { dictionary, row } = await statusById(caller.ctx, params);
      const fields = objectParam(params, 'fields');
      const color = textField(fields, 'COLOR');
      const input = checked(updateValueSchema, {
        name: textField(fields, 'NAME') || undefined,
        sort: intField(fields, 'SORT'),
        color: color === undefined ? undefined : color === '' ? null : color,
        semantic: semanticOf(fields, dictionary),
      });
      await withFieldNames(caller.ctx, fieldNames, () => updateValue(caller.ctx, dictionary.scope, row.code, input));
      return { result: true };
    },
  },
  'crm.status.delete': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const { dictionary, row } = await statusById(caller.ctx, params);
      await withFieldNames(caller.ctx, fieldNames, () => deleteValue(caller.ctx, dictionary.scope, row.code, undefined));
      return { result: true };
    },
  },
  'crm.status.entity.types': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: (await dictionaries(caller.ctx)).map((d) => {
        const categoryId = d.scope.categoryId;
        if (d.scope.listId === 'STATUS') return { ID: d.entityId, NAME: d.name, ENTITY_TYPE_ID: 1, SEMANTIC_INFO: [], PREFIX: '', FIELD_ATTRIBUTE_SCOPE: '' };
        if (categoryId === null) return { ID: d.entityId, NAME: d.name };
        return {
          ID: d.entityId,
          NAME: d.name,
          ENTITY_TYPE_ID: 2,
          SEMANTIC_INFO: [],
          PREFIX: categoryId === 0 ? '' : `C${categoryId}`,
          FIELD_ATTRIBUTE_SCOPE: categoryId === 0 ? '' : `category_${categoryId}`,
          CATEGORY_ID: categoryId,
          ...(categoryId === 0 ? {} : { PARENT_ID: 'DEAL_STAGE' }),
        };
      }),
    }),
  },
  'crm.status.entity.items': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const dictionary = await dictionaryOf(caller.ctx, param(params, 'entityId'));
      return { result: await stageItems(caller.ctx, dictionary.scope) };
    },
  },
};

/** `[{NAME, SORT, STATUS_ID}]` in order: what `crm.status.entity.items` and `crm.dealcategory.stage.list` answer. */
export async function stageItems(ctx: Context, scope: ListScope) {
  return (await valuesOf(ctx.db, scope)).map((row) => ({ NAME: ctx.locale === 'pt-BR' ? row.name_pt : row.name_en, SORT: Number(row.sort), STATUS_ID: row.code }));
}
