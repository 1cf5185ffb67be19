import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32 } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, type RouteDeps, storableText, typed, wholeNumber } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { idParamsSchema, itemSchemas, pageQuerySchema } from '../items/item.schemas.ts';
import { codeSchema, createValueSchema, deleteQuerySchema, orderSchema, updateValueSchema, valueSchema, valuesSchema } from '../reference-lists/reference-list.schemas.ts';
import { addValue, deleteValue, listValues, reorderValues, updateValue } from '../reference-lists/reference-list.service.ts';
import { createPipeline, deletePipeline, getPipeline, listPipelines, moveToPipeline, reorderPipelines, stageScope, updatePipeline } from './pipeline.service.ts';
import { stageHistory } from './stage-history.service.ts';

const pipelineSchema = z.object({ id: z.int(), name: z.string(), sort: z.int(), isDefault: z.boolean() });
const pipelineParams = z.object({ id: wholeNumber(0, maxInt32) });
const stageParams = pipelineParams.extend({ code: codeSchema });
const name = storableText(255);
const sort = z.int().min(0).max(1_000_000);
const isDefault = z.literal(true).describe('Make this the default pipeline (new deals without a pipeline go there)');

/** /api/v1/pipelines with their stages, moving a deal between pipelines, and the stage history of deals and leads. */
export function registerPipelineRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['pipelines'];
  const base = '/api/v1/pipelines';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.get(base, {
    schema: { tags, summary: 'Deal pipelines', security: bearer, response: { 200: z.object({ pipelines: z.array(pipelineSchema) }), ...errors(401) } },
    handler: async (request) => ({ pipelines: await listPipelines(ctx(request)) }),
  });
  route.put(`${base}/order`, {
    schema: {
      tags,
      summary: 'Put every pipeline in this order, in one change',
      security: bearer,
      body: z.strictObject({ ids: z.array(z.int().min(0).max(maxInt32)).min(1).max(1000) }),
      response: { 200: z.object({ pipelines: z.array(pipelineSchema) }), ...errors(400, 401, 403) },
    },
    handler: async (request) => ({ pipelines: await reorderPipelines(ctx(request), request.body.ids) }),
  });
  route.get(`${base}/:id`, {
    schema: { tags, summary: 'A pipeline', security: bearer, params: pipelineParams, response: { 200: pipelineSchema, ...errors(400, 401, 404) } },
    handler: (request) => getPipeline(ctx(request), request.params.id),
  });
  route.post(base, {
    schema: {
      tags,
      summary: 'Create a pipeline with the default stages',
      security: bearer,
      body: z.strictObject({ name, sort: sort.optional(), isDefault: isDefault.optional() }),
      response: { 201: pipelineSchema, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) => reply.status(201).send(await createPipeline(ctx(request), request.body)),
  });
  route.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: 'Rename, move or make a pipeline the default',
      security: bearer,
      params: pipelineParams,
      body: z.strictObject({ name: name.optional(), sort: sort.optional(), isDefault: isDefault.optional() }),
      response: { 200: pipelineSchema, ...errors(400, 401, 403, 404) },
    },
    handler: (request) => updatePipeline(ctx(request), request.params.id, request.body),
  });
  route.delete(`${base}/:id`, {
    schema: { tags, summary: 'Delete an empty pipeline that is not the default', security: bearer, params: pipelineParams, response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) } },
    handler: async (request, reply) => {
      await deletePipeline(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  route.get(`${base}/:id/stages`, {
    schema: { tags, summary: 'Stages of a pipeline, in order', security: bearer, params: pipelineParams, response: { 200: valuesSchema, ...errors(400, 401, 404) } },
    handler: async (request) => {
      const context = ctx(request);
      return { values: await listValues(context, await stageScope(context, request.params.id)) };
    },
  });
  route.post(`${base}/:id/stages`, {
    schema: { tags, summary: 'Add a stage', security: bearer, params: pipelineParams, body: createValueSchema, response: { 201: valueSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => {
      const context = ctx(request);
      return reply.status(201).send(await addValue(context, await stageScope(context, request.params.id), request.body));
    },
  });
  route.put(`${base}/:id/stages/order`, {
    schema: { tags, summary: 'Reorder all stages', security: bearer, params: pipelineParams, body: orderSchema, response: { 200: valuesSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request) => {
      const context = ctx(request);
      return { values: await reorderValues(context, await stageScope(context, request.params.id), request.body.codes) };
    },
  });
  route.patch(`${base}/:id/stages/:code`, {
    schema: { tags, summary: 'Rename, recolour, move or regroup a stage', security: bearer, params: stageParams, body: updateValueSchema, response: { 200: valueSchema, ...errors(400, 401, 403, 404, 409) } },
    handler: async (request) => {
      const context = ctx(request);
      return updateValue(context, await stageScope(context, request.params.id), request.params.code, request.body);
    },
  });
  route.delete(`${base}/:id/stages/:code`, {
    schema: {
      tags,
      summary: 'Delete a stage; its deals move to `replaceWith`',
      security: bearer,
      params: stageParams,
      querystring: deleteQuerySchema,
      response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const context = ctx(request);
      await deleteValue(context, await stageScope(context, request.params.id), request.params.code, request.query.replaceWith);
      return reply.status(204).send(null);
    },
  });

  const historyPage = z.object({
    items: z.array(
      z.object({
        id: z.int(),
        categoryId: z.int().nullable().optional().describe('Absent when your roles hide the pipeline'),
        stageId: z.string().optional().describe('Absent when your roles hide the stage'),
        semantic: z.string().nullable().optional(),
        movedAt: z.string(),
        actorId: z.int().nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  });
  for (const name of itemTypeNames.filter((n) => documentedTypes[n].stages)) {
    const type = documentedTypes[name];
    if (type.stages?.pipelineField) {
      route.post(`/api/v1/${type.plural}/:id/move-to-pipeline`, {
        schema: {
          tags: [type.plural],
          summary: `Move a ${name} to another pipeline`,
          security: bearer,
          params: idParamsSchema,
          body: z.strictObject({ categoryId: z.int().min(0).max(maxInt32), stageId: codeSchema.optional().describe('Default: the first stage'), version: z.int().min(1).optional() }),
          response: { 200: itemSchemas(type).item, ...errors(400, 401, 403, 404, 409) },
        },
        handler: (request) => moveToPipeline(ctx(request), name, request.params.id, request.body),
      });
    }
    route.get(`/api/v1/${type.plural}/:id/stage-history`, {
      schema: {
        tags: [type.plural],
        summary: `Stages a ${name} went through`,
        security: bearer,
        params: idParamsSchema,
        querystring: pageQuerySchema,
        response: { 200: historyPage, ...errors(400, 401, 404) },
      },
      handler: (request) => stageHistory(ctx(request), name, request.params.id, request.query.cursor, request.query.limit),
    });
  }
}
