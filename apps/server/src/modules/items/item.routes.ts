import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ItemTypeName } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, bodyCheckedByService, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { inquiryResultSchema } from '../conversion/conversion.schemas.ts';
import { createInquiry } from '../conversion/conversion.service.ts';
import { itemDependencies } from './item-dependencies.service.ts';
import { itemHistory } from './item-history.service.ts';
import { listItems } from './item-list.service.ts';
import { dependenciesSchema, historyPageSchema, idParamsSchema, itemSchemas, listQuerySchema, pageQuerySchema } from './item.schemas.ts';
import { createItem, deleteItem, getItem, restoreItem, updateItem } from './item.service.ts';

/** The native REST routes of every item type, generated from the metadata: /api/v1/{leads|contacts|companies|deals}. */
export function registerItemRoutes(app: FastifyInstance, deps: RouteDeps) {
  for (const name of itemTypeNames) registerType(app, deps, name);
}

const ifMatch = z.object({ 'if-match': z.string().regex(/^(W\/)?"?\d{1,10}"?$/).optional().describe('The item version, as an alternative to `version` in the body') });

const versionFrom = (header: string | undefined) => (header === undefined ? undefined : Number(header.replace(/\D/g, '')));

function registerType(app: FastifyInstance, { database, now }: RouteDeps, name: ItemTypeName) {
  const type = documentedTypes[name];
  const schemas = itemSchemas(type);
  const base = `/api/v1/${type.plural}`;
  const tags = [type.plural];
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);
  const route = typed(app);

  route.get(base, {
    schema: { tags, summary: `List ${type.plural}`, security: bearer, querystring: listQuerySchema, response: { 200: schemas.page, ...errors(400, 401) } },
    handler: (request) => listItems(ctx(request), name, request.query),
  });

  // A new lead is an inquiry: in simple CRM mode it becomes a contact and/or company plus a deal instead.
  const isInquiry = name === 'lead';
  route.post(base, {
    schema: {
      tags,
      summary: isInquiry ? 'Create a lead (an inquiry)' : `Create a ${name}`,
      security: bearer,
      body: schemas.createBody,
      response: { 201: isInquiry ? inquiryResultSchema : schemas.item, ...errors(400, 401) },
    },
    validatorCompiler: bodyCheckedByService,
    handler: async (request, reply) => {
      const input = request.body as Record<string, unknown>;
      return reply.status(201).send(await (isInquiry ? createInquiry(ctx(request), input) : createItem(ctx(request), name, input)));
    },
  });

  route.get(`${base}/:id`, {
    schema: { tags, summary: `Get a ${name}`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => getItem(ctx(request), name, request.params.id),
  });

  route.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: `Update some fields of a ${name}`,
      security: bearer,
      params: idParamsSchema,
      headers: ifMatch,
      body: schemas.updateBody,
      response: { 200: schemas.item, ...errors(400, 401, 404, 409) },
    },
    validatorCompiler: bodyCheckedByService,
    // The body's `version` (checked with the body) wins over If-Match.
    handler: (request) => updateItem(ctx(request), name, request.params.id, request.body as Record<string, unknown>, versionFrom(request.headers['if-match'])),
  });

  route.delete(`${base}/:id`, {
    schema: {
      tags,
      summary: `Move a ${name} to the recycle bin`,
      security: bearer,
      params: idParamsSchema,
      headers: ifMatch,
      response: { 204: z.null().describe('Deleted'), ...errors(400, 401, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteItem(ctx(request), name, request.params.id, versionFrom(request.headers['if-match']));
      return reply.status(204).send(null);
    },
  });

  route.post(`${base}/:id/restore`, {
    schema: { tags, summary: `Restore a ${name} from the recycle bin`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => restoreItem(ctx(request), name, request.params.id),
  });

  route.get(`${base}/:id/history`, {
    schema: { tags, summary: `Change history of a ${name}`, security: bearer, params: idParamsSchema, querystring: pageQuerySchema, response: { 200: historyPageSchema, ...errors(400, 401, 404) } },
    handler: (request) => itemHistory(ctx(request), name, request.params.id, request.query.cursor, request.query.limit),
  });

  route.get(`${base}/:id/dependencies`, {
    schema: { tags, summary: `Items linked to a ${name}, paged`, security: bearer, params: idParamsSchema, querystring: pageQuerySchema, response: { 200: dependenciesSchema, ...errors(400, 401, 404) } },
    handler: (request) => itemDependencies(ctx(request), name, request.params.id, request.query.cursor, request.query.limit),
  });
}
