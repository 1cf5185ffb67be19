import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { itemTypeList, type ItemTypeDef } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { itemDependencies, itemHistory, listItems } from './item-query.service.ts';
import { dependenciesSchema, historyPageSchema, idParamsSchema, itemSchemas, listQuerySchema } from './item.schemas.ts';
import { createItem, deleteItem, getItem, restoreItem, updateItem } from './item.service.ts';

/** The native REST routes of every item type, generated from the metadata: /api/v1/{leads|contacts|companies|deals}. */
export function registerItemRoutes(app: FastifyInstance, deps: RouteDeps) {
  for (const type of itemTypeList) registerType(app, deps, type);
}

const ifMatch = z.object({ 'if-match': z.string().regex(/^(W\/)?"?\d+"?$/).optional().describe('The item version, as an alternative to `version` in the body') });

const versionFrom = (header: string | undefined, body?: number) => body ?? (header === undefined ? undefined : Number(header.replace(/\D/g, '')));

function registerType(app: FastifyInstance, { database, now }: RouteDeps, type: ItemTypeDef) {
  const schemas = itemSchemas(type);
  const base = `/api/v1/${type.plural}`;
  const tags = [type.plural];
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);
  const route = typed(app);

  route.get(base, {
    schema: { tags, summary: `List ${type.plural}`, security: bearer, querystring: listQuerySchema, response: { 200: schemas.page, ...errors(400, 401) } },
    handler: (request) => listItems(ctx(request), type, request.query),
  });

  route.post(base, {
    schema: { tags, summary: `Create a ${type.name}`, security: bearer, body: schemas.create, response: { 201: schemas.item, ...errors(400, 401) } },
    handler: async (request, reply) => reply.status(201).send(await createItem(ctx(request), type, request.body as Record<string, unknown>)),
  });

  route.get(`${base}/:id`, {
    schema: { tags, summary: `Get a ${type.name}`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => getItem(ctx(request), type, request.params.id),
  });

  route.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: `Update some fields of a ${type.name}`,
      security: bearer,
      params: idParamsSchema,
      headers: ifMatch,
      body: schemas.update,
      response: { 200: schemas.item, ...errors(400, 401, 404, 409) },
    },
    handler: (request) => {
      const { version, ...input } = request.body as Record<string, unknown> & { version?: number };
      return updateItem(ctx(request), type, request.params.id, input, versionFrom(request.headers['if-match'], version));
    },
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
      await deleteItem(ctx(request), type, request.params.id, versionFrom(request.headers['if-match']));
      return reply.status(204).send(null);
    },
  });

  route.post(`${base}/:id/restore`, {
    schema: { tags, summary: `Restore a ${type.name} from the recycle bin`, security: bearer, params: idParamsSchema, response: { 200: schemas.item, ...errors(400, 401, 404) } },
    handler: (request) => restoreItem(ctx(request), type, request.params.id),
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
    handler: (request) => itemHistory(ctx(request), type, request.params.id, request.query.cursor, request.query.limit),
  });

  route.get(`${base}/:id/dependencies`, {
    schema: { tags, summary: `Items linked to a ${type.name}`, security: bearer, params: idParamsSchema, response: { 200: dependenciesSchema, ...errors(400, 401, 404) } },
    handler: async (request) => ({ items: await itemDependencies(ctx(request), type, request.params.id) }),
  });
}
