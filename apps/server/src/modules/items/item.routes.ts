import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { itemTypeList, type ItemTypeDef } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, bodyCheckedByService, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { inquiryResultSchema } from '../conversion/conversion.schemas.ts';
import { createInquiry } from '../conversion/conversion.service.ts';
import { itemDependencies, itemHistory, listItems } from './item-query.service.ts';
import { dependenciesSchema, historyPageSchema, idParamsSchema, itemSchemas, listQuerySchema } from './item.schemas.ts';
import { createItem, deleteItem, getItem, restoreItem, updateItem } from './item.service.ts';

/** The native REST routes of every item type, generated from the metadata: /api/v1/{leads|contacts|companies|deals}. */
export function registerItemRoutes(app: FastifyInstance, deps: RouteDeps) {
  for (const type of itemTypeList) registerType(app, deps, type);
}

const ifMatch = z.object({ 'if-match': z.string().regex(/^(W\/)?"?\d+"?$/).optional().describe('The item version, as an alternative to `version` in the body') });

const versionFrom = (header: string | undefined) => (header === undefined ? undefined : Number(header.replace(/\D/g, '')));

function registerType(app: FastifyInstance, { database, now }: RouteDeps, type: ItemTypeDef) {
  const schemas = itemSchemas(type);
  const base = `/api/v1/${type.plural}`;
  const tags = [type.plural];
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);
  /** The request's context and the type with its current custom fields. */
  const resolve = (request: Parameters<typeof contextOf>[0]) => {
    const context = ctx(request);
    return [context, context.types[type.name]] as const;
  };
  const route = typed(app);

  route.get(base, {
    schema: { tags, summary: `List ${type.plural}`, security: bearer, querystring: listQuerySchema, response: { 200: schemas.page, ...errors(400, 401) } },
    handler: (request) => listItems(...resolve(request), request.query),
  });

  // A new lead is an inquiry: in simple CRM mode it becomes a contact and/or company plus a deal instead.
  const isInquiry = type.name === 'lead';
  route.post(base, {
    schema: {
      tags,
      summary: isInquiry ? 'Create a lead (an inquiry)' : `Create a ${type.name}`,
      security: bearer,
      body: schemas.createBody,
      response: { 201: isInquiry ? inquiryResultSchema : schemas.item, ...errors(400, 401) },
    },
    validatorCompiler: bodyCheckedByService,
    handler: async (request, reply) => {
      const input = request.body as Record<string, unknown>;
      return reply.status(201).send(await (isInquiry ? createInquiry(ctx(request), input) : createItem(...resolve(request), input)));
    },
  });

  route.get(`${base}/:id`, {
    schema: { tags, summary: `Get a ${type.name}`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => getItem(...resolve(request), request.params.id),
  });

  route.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: `Update some fields of a ${type.name}`,
      security: bearer,
      params: idParamsSchema,
      headers: ifMatch,
      body: schemas.updateBody,
      response: { 200: schemas.item, ...errors(400, 401, 404, 409) },
    },
    validatorCompiler: bodyCheckedByService,
    // The body's `version` (checked with the body) wins over If-Match.
    handler: (request) => updateItem(...resolve(request), request.params.id, request.body as Record<string, unknown>, versionFrom(request.headers['if-match'])),
  });

  route.delete(`${base}/:id`, {
    schema: {
      tags,
      summary: `Move a ${type.name} to the recycle bin`,
      security: bearer,
      params: idParamsSchema,
      headers: ifMatch,
      response: { 204: z.null().describe('Deleted'), ...errors(400, 401, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteItem(...resolve(request), request.params.id, versionFrom(request.headers['if-match']));
      return reply.status(204).send(null);
    },
  });

  route.post(`${base}/:id/restore`, {
    schema: { tags, summary: `Restore a ${type.name} from the recycle bin`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => restoreItem(...resolve(request), request.params.id),
  });

  route.get(`${base}/:id/history`, {
    schema: {
      tags,
      summary: `Change history of a ${type.name}`,
      security: bearer,
      params: idParamsSchema,
      querystring: z.object({ cursor: z.string().max(20).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: historyPageSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => itemHistory(...resolve(request), request.params.id, request.query.cursor, request.query.limit),
  });

  route.get(`${base}/:id/dependencies`, {
    schema: { tags, summary: `Items linked to a ${type.name}`, security: bearer, params: idParamsSchema, response: { 200: dependenciesSchema, ...errors(400, 401, 404) } },
    handler: async (request) => ({ items: await itemDependencies(...resolve(request), request.params.id) }),
  });
}
