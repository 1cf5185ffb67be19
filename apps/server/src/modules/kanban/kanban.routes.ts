import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32 } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { filterSchema, idParamsSchema, itemSchemas, listQuerySchema } from '../items/item.schemas.ts';
import { codeSchema, valueSchema } from '../reference-lists/reference-list.schemas.ts';
import { getBoard, getColumn, moveCard, type BoardQuery } from './kanban.service.ts';

const limit = wholeNumber(1, 200).default(20).describe('Cards per column');
const pipelineId = wholeNumber(0, maxInt32).optional().describe('Default: the default pipeline');

/** GET /api/v1/{deals|leads}/kanban, one column's further cards, and POST …/{id}/move: every type whose metadata has a board. */
export function registerKanbanRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  for (const name of itemTypeNames.filter((n) => documentedTypes[n].board)) {
    const type = documentedTypes[name];
    const tags = [type.plural];
    const base = `/api/v1/${type.plural}`;
    const card = itemSchemas(type).item;
    const page = { items: z.array(card), nextCursor: z.string().nullable().describe('Pass as `cursor` for more cards of this column') };
    const query = z.strictObject({
      ...(type.stages?.pipelineField ? { pipelineId } : {}),
      filter: filterSchema,
      search: listQuerySchema.shape.search,
      fields: listQuerySchema.shape.fields.describe('Comma-separated fields of each card (id and version always come)'),
      limit,
    });
    const column = valueSchema.extend({
      count: z.int().describe('Items in the column that match the filter'),
      total: z.string().nullable().describe('Their amounts converted to the base currency, e.g. "15300.00"; null when your roles hide the amount'),
      ...page,
    });

    route.get(`${base}/kanban`, {
      schema: {
        tags,
        summary: `Kanban board of ${type.plural}: columns with count, total and first cards`,
        description: 'A role that hides the stage (or pipeline) field has no board: 403 `hiddenField`.',
        security: bearer,
        querystring: query,
        response: { 200: z.object({ pipelineId: z.int().nullable(), baseCurrency: z.string(), columns: z.array(column) }), ...errors(400, 401, 403, 404) },
      },
      handler: (request) => getBoard(ctx(request), name, request.query as BoardQuery),
    });

    route.get(`${base}/kanban/columns/:stageId`, {
      schema: {
        tags,
        summary: `More cards of one Kanban column of ${type.plural}`,
        security: bearer,
        params: z.object({ stageId: codeSchema }),
        querystring: query.extend({ cursor: z.string().max(200).optional() }),
        response: { 200: z.object(page), ...errors(400, 401, 403, 404) },
      },
      handler: (request) => getColumn(ctx(request), name, request.params.stageId, request.query as BoardQuery & { cursor?: string }),
    });

    route.post(`${base}/:id/move`, {
      schema: {
        tags,
        summary: `Move a ${name} card to a stage and a place in its column`,
        security: bearer,
        params: idParamsSchema,
        body: z.strictObject({
          stageId: codeSchema,
          afterId: z.int().min(1).max(maxInt32).nullable().optional().describe('The card to go right below; absent or null: the top of the column'),
          version: z.int().min(1).optional(),
        }),
        response: { 200: itemSchemas(type).item, ...errors(400, 401, 403, 404, 409) },
      },
      handler: (request) => moveCard(ctx(request), name, request.params.id, request.body),
    });
  }
}
