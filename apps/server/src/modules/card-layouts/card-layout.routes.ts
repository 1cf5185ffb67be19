import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ItemTypeName } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { typeNameOf } from '../catalog/catalog.ts';
import { notFound } from '../../http/app-error.ts';
import { bearer, errors, type RouteDeps, storableText, typed } from '../../http/route-support.ts';
import { getCardLayout, saveCardLayout } from './card-layout.service.ts';

const localized = z.object({ en: z.string(), 'pt-BR': z.string() });
const sectionSchema = z.object({ id: z.string(), title: localized, fields: z.array(z.string()) });
export const fieldMetaSchema = z.object({
  name: z.string().describe('The name in the native API'),
  bitrix: z.string(),
  type: z.string(),
  label: z.string().describe('In the caller\'s language (Accept-Language)'),
  labels: localized,
  required: z.boolean(),
  readOnly: z.boolean(),
  immutable: z.boolean().describe('Set on create only'),
  multiple: z.boolean().describe('The value is an array'),
  maxLength: z.int().nullable(),
  list: z.string().nullable().describe('The reference list of a `reference` field'),
  itemType: z.string().nullable(),
  multifieldKind: z.string().nullable(),
  custom: z.boolean(),
  options: z.array(z.object({ id: z.int(), value: z.string(), sort: z.int(), isDefault: z.boolean() })).nullable().describe('The values of an enumeration'),
  operators: z.array(z.string()).describe('The filter operators lists accept on it; empty when it cannot be filtered on'),
  sortable: z.boolean().describe('Lists may sort on it'),
  showInList: z.boolean().describe('A custom field meant to be a list column by default'),
});
const layoutSchema = z.object({
  type: z.string(),
  sections: z.array(sectionSchema),
  hidden: z.array(z.string()).describe('Fields the card does not show'),
  fields: z.array(fieldMetaSchema).describe('Every field of the type, standard and custom'),
});

const title = storableText(100);
const layoutInput = z.strictObject({
  sections: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9_-]{1,50}$/).describe('1 to 50 of a-z, 0-9, _ and -'),
        title: z.strictObject({ en: title, 'pt-BR': title }),
        fields: z.array(z.string().max(100)).max(1000),
      }),
    )
    .min(1)
    .max(30),
  hidden: z.array(z.string().max(100)).max(1000),
});

const typeParams = z.object({ type: z.string().max(20) });

/** The item type a URL names (`contacts`); an unknown one is a 404. */
function itemType(plural: string): ItemTypeName {
  const name = typeNameOf(plural);
  if (!name) throw notFound();
  return name;
}

/** /api/v1/card-layouts/{type}: the sections of a record card, its hidden fields, and every field's metadata. */
export function registerCardLayoutRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['card layouts'];
  const base = '/api/v1/card-layouts/:type';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.get(base, {
    schema: { tags, summary: 'The record card of an item type, with the metadata of every field', security: bearer, params: typeParams, response: { 200: layoutSchema, ...errors(401, 404) } },
    handler: (request) => getCardLayout(ctx(request), itemType(request.params.type)),
  });
  route.put(base, {
    schema: {
      tags,
      summary: 'Arrange the record card: sections in order and hidden fields (fields placed nowhere join the last section)',
      security: bearer,
      params: typeParams,
      body: layoutInput,
      response: { 200: layoutSchema, ...errors(400, 401, 403, 404) },
    },
    handler: (request) => saveCardLayout(ctx(request), itemType(request.params.type), request.body),
  });
}
