import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32 } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { maxSelection, startBulkJob, type BulkRequest } from './bulk.service.ts';
import { listQuerySchema } from '../items/item.schemas.ts';

const itemId = z.int().min(1).max(maxInt32);

const actionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('assign'), assignedById: itemId.describe('The new responsible: an active user') }),
    z.strictObject({ kind: z.literal('stage'), stageId: z.string().min(1).max(50).describe("Deals: a stage of each deal's pipeline (a deal of another pipeline is refused); leads: a status") }),
    z.strictObject({
      kind: z.literal('set'),
      field: z.string().min(1).max(100).describe('Any standard or custom field you may edit (not the stage or pipeline)'),
      value: z.unknown().describe('Its new value, as in an update; null empties it'),
    }),
    z.strictObject({ kind: z.literal('export'), include: z.boolean().describe('Contacts and companies: include in (true) or exclude from (false) export') }),
    z.strictObject({ kind: z.literal('delete').describe('Move to the recycle bin') }),
  ])
  .describe('What to do to each item');

const filterTerm = z.strictObject({ field: z.string().min(1).max(100), op: z.string().min(1).max(20), value: z.unknown() });

export const bulkBodySchema = z.strictObject({
  ids: z.array(itemId).min(1).max(maxSelection).optional().describe('The items to act on'),
  items: z
    .array(z.strictObject({ id: itemId, version: z.int().positive() }))
    .min(1)
    .max(maxSelection)
    .optional()
    .describe('The items with the versions you read: one changed since is refused (CONFLICT)'),
  filter: z
    .union([z.array(filterTerm).max(100), z.record(z.string(), z.unknown())])
    .optional()
    .describe('Every item matching it that you may read, as the list shows it: terms `{ field, op, value }` that must all hold (op as in the list), or the list\'s `{ field: value | { op: value } }`'),
  search: listQuerySchema.shape.search.describe('The list\'s quick search: the items it finds that you may read (with `filter`, those that match both)'),
  action: actionSchema,
});

/** POST /api/v1/{type}/bulk for every item type of the catalogue: a group action, run as a background job. */
export function registerBulkRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  for (const name of itemTypeNames) {
    const type = documentedTypes[name];
    route.post(`/api/v1/${type.plural}/bulk`, {
      // 100,000 items with their versions are about 3 MB of JSON.
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: [type.plural],
        summary: `Run a group action on many ${type.plural}`,
        description:
          'Give exactly one of `ids`, `items` or `filter` (at most 100,000 items). The selection is fixed at once and the job queued: ' +
          'the answer is 202 with the job, to follow at GET /api/v1/jobs/{id}. Each item is checked as a single update (or delete) ' +
          'would be, and refused alone with the reason when it fails; each batch of items is one transaction.',
        security: bearer,
        body: bulkBodySchema,
        response: { 202: z.object({ jobId: z.int(), total: z.int().describe('Items selected') }), ...errors(400, 401, 413) },
      },
      handler: async (request, reply) => {
        const started = await startBulkJob(contextOf(request, database, now), name, request.body as BulkRequest);
        app.jobRunner.wake();
        return reply.status(202).header('location', `/api/v1/jobs/${started.jobId}`).send(started);
      },
    });
  }
}
