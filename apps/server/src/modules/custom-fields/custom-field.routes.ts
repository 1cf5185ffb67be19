import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ItemTypeName } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { notFound } from '../../http/app-error.ts';
import { bearer, errors, flagParam, idParam, type RouteDeps, storableText, typed } from '../../http/route-support.ts';
import { itemTypeNames, typeNameOf } from '../catalog/catalog.ts';
import { customFieldTypes } from '../catalog/custom-field-defs.ts';
import { addOption, createField, deleteField, deleteOption, getField, listFields, updateField, updateOption, type FieldInput } from './custom-field.service.ts';

const label = storableText(255);
const fieldName = z.string().regex(/^UF_CRM_[A-Z0-9_]{1,43}$/).describe('UF_CRM_ and capitals, digits or underscores');
const optionValue = storableText(255);
const sort = z.int().min(0).max(1_000_000);
const optionSchema = z.object({ id: z.int(), value: z.string(), sort: z.int(), isDefault: z.boolean() });

const fieldSchema = z.object({
  name: z.string().describe('The Bitrix24 name, UF_CRM_…'),
  apiName: z.string().describe('The name in the native API: ufCrm…'),
  entityType: z.string(),
  type: z.string(),
  label: z.string(),
  labelEn: z.string(),
  labelPt: z.string(),
  required: z.boolean(),
  multiple: z.boolean(),
  showInList: z.boolean(),
  filterable: z.boolean(),
  sortable: z.boolean(),
  defaultValue: z.unknown(),
  settings: z.object({ maxLength: z.int().optional(), itemType: z.string().optional() }),
  sort: z.int(),
  options: z.array(optionSchema).optional(),
});

const settingsInput = z.strictObject({
  maxLength: z.int().min(1).max(65535).optional().describe('For string fields (default 255)'),
  itemType: z.enum(itemTypeNames as [string, ...string[]]).optional().describe('For item fields: the type linked to'),
});

const createSchema = z.strictObject({
  name: fieldName.optional().describe('Default: UF_CRM_ plus the English label in capitals'),
  type: z.enum(customFieldTypes as [string, ...string[]]),
  labelEn: label,
  labelPt: label,
  required: z.boolean().optional(),
  multiple: z.boolean().optional().describe('For enumeration, user, item and file fields'),
  showInList: z.boolean().optional(),
  filterable: z.boolean().optional(),
  sortable: z.boolean().optional(),
  defaultValue: z.unknown().optional().describe('In the API form of the field; enumerations mark default values with isDefault'),
  settings: settingsInput.optional(),
  options: z.array(z.strictObject({ value: optionValue, sort: sort.optional(), isDefault: z.boolean().optional() })).max(1000).optional(),
  sort: sort.optional(),
});

const updateSchema = z.strictObject({
  labelEn: label.optional(),
  labelPt: label.optional(),
  required: z.boolean().optional(),
  showInList: z.boolean().optional(),
  filterable: z.boolean().optional(),
  sortable: z.boolean().optional(),
  defaultValue: z.unknown().optional(),
  settings: settingsInput.pick({ maxLength: true }).optional(),
  sort: sort.optional(),
});

const typeParams = z.object({ type: z.string().max(20) });
const fieldParams = typeParams.extend({ name: fieldName });
const optionParams = fieldParams.extend({ optionId: idParam });

/** The item type a URL names (`contacts`); an unknown one is a 404. */
function itemType(plural: string): ItemTypeName {
  const name = typeNameOf(plural);
  if (!name) throw notFound();
  return name;
}

/** /api/v1/custom-fields/{type}: user fields (UF_CRM_…) of leads, contacts, companies and deals, and enumeration values. */
export function registerCustomFieldRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['custom fields'];
  const base = '/api/v1/custom-fields/:type';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.get(base, {
    schema: { tags, summary: 'Custom fields of an item type', security: bearer, params: typeParams, response: { 200: z.object({ items: z.array(fieldSchema) }), ...errors(401, 404) } },
    handler: async (request) => ({ items: await listFields(ctx(request), itemType(request.params.type)) }),
  });
  route.post(base, {
    schema: { tags, summary: 'Create a custom field', security: bearer, params: typeParams, body: createSchema, response: { 201: fieldSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => reply.status(201).send(await createField(ctx(request), itemType(request.params.type), request.body as FieldInput)),
  });
  route.get(`${base}/:name`, {
    schema: { tags, summary: 'A custom field', security: bearer, params: fieldParams, response: { 200: fieldSchema, ...errors(400, 401, 404) } },
    handler: (request) => getField(ctx(request), itemType(request.params.type), request.params.name),
  });
  route.patch(`${base}/:name`, {
    schema: { tags, summary: 'Change a custom field (its type and multiplicity are fixed)', security: bearer, params: fieldParams, body: updateSchema, response: { 200: fieldSchema, ...errors(400, 401, 403, 404) } },
    handler: (request) => updateField(ctx(request), itemType(request.params.type), request.params.name, request.body),
  });
  route.delete(`${base}/:name`, {
    schema: {
      tags,
      summary: 'Delete a custom field and its values',
      security: bearer,
      params: fieldParams,
      querystring: z.strictObject({ confirm: flagParam.default('false').describe('Needed when items hold values: they are erased') }),
      response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteField(ctx(request), itemType(request.params.type), request.params.name, request.query.confirm === 'true');
      return reply.status(204).send(null);
    },
  });

  route.post(`${base}/:name/options`, {
    schema: {
      tags,
      summary: 'Add a value to an enumeration field',
      security: bearer,
      params: fieldParams,
      body: z.strictObject({ value: optionValue, sort: sort.optional(), isDefault: z.boolean().optional() }),
      response: { 201: fieldSchema, ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) => reply.status(201).send(await addOption(ctx(request), itemType(request.params.type), request.params.name, request.body)),
  });
  route.patch(`${base}/:name/options/:optionId`, {
    schema: {
      tags,
      summary: 'Rename, move or make default a value of an enumeration field',
      security: bearer,
      params: optionParams,
      body: z.strictObject({ value: optionValue.optional(), sort: sort.optional(), isDefault: z.boolean().optional() }),
      response: { 200: fieldSchema, ...errors(400, 401, 403, 404) },
    },
    handler: (request) => updateOption(ctx(request), itemType(request.params.type), request.params.name, request.params.optionId, request.body),
  });
  route.delete(`${base}/:name/options/:optionId`, {
    schema: {
      tags,
      summary: 'Delete a value of an enumeration field; items holding it move to `replaceWith`',
      security: bearer,
      params: optionParams,
      querystring: z.strictObject({ replaceWith: idParam.optional().describe('The value items that hold this one move to') }),
      response: { 200: fieldSchema, ...errors(400, 401, 403, 404, 409) },
    },
    handler: (request) => deleteOption(ctx(request), itemType(request.params.type), request.params.name, request.params.optionId, request.query.replaceWith),
  });
}
