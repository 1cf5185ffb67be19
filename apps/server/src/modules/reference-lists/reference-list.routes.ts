import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { codeSchema, createValueSchema, deleteQuerySchema, orderSchema, updateValueSchema, valueSchema, valuesSchema } from './reference-list.schemas.ts';
import { addValue, deleteValue, listScope, listValues, referenceLists, reorderValues, updateValue } from './reference-list.service.ts';

/** /api/v1/reference-lists: the editable value lists (statuses, sources, types…). */
export function registerReferenceListRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['reference-lists'];
  const base = '/api/v1/reference-lists';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);
  const listParams = z.object({ listId: z.string().max(50) });
  const valueParams = z.object({ listId: z.string().max(50), code: codeSchema });

  route.get(base, {
    schema: { tags, summary: 'The editable reference lists', security: bearer, response: { 200: z.object({ lists: z.array(z.object({ id: z.string(), name: z.string() })) }), ...errors(401) } },
    handler: (request) => ({ lists: referenceLists(ctx(request)) }),
  });

  route.get(`${base}/:listId`, {
    schema: { tags, summary: 'Values of a list, in order', security: bearer, params: listParams, response: { 200: valuesSchema, ...errors(400, 401, 404) } },
    handler: async (request) => ({ values: await listValues(ctx(request), listScope(request.params.listId)) }),
  });

  route.post(`${base}/:listId`, {
    schema: { tags, summary: 'Add a value', security: bearer, params: listParams, body: createValueSchema, response: { 201: valueSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => reply.status(201).send(await addValue(ctx(request), listScope(request.params.listId), request.body)),
  });

  route.put(`${base}/:listId/order`, {
    schema: { tags, summary: 'Reorder the whole list', security: bearer, params: listParams, body: orderSchema, response: { 200: valuesSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request) => ({ values: await reorderValues(ctx(request), listScope(request.params.listId), request.body.codes) }),
  });

  route.patch(`${base}/:listId/:code`, {
    schema: {
      tags,
      summary: 'Rename, recolour, move or regroup a value',
      security: bearer,
      params: valueParams,
      body: updateValueSchema,
      response: { 200: valueSchema, ...errors(400, 401, 403, 404, 409) },
    },
    handler: (request) => updateValue(ctx(request), listScope(request.params.listId), request.params.code, request.body),
  });

  route.delete(`${base}/:listId/:code`, {
    schema: {
      tags,
      summary: 'Delete a value; items that use it move to `replaceWith`',
      security: bearer,
      params: valueParams,
      querystring: deleteQuerySchema,
      response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteValue(ctx(request), listScope(request.params.listId), request.params.code, request.query.replaceWith);
      return reply.status(204).send(null);
    },
  });
}
