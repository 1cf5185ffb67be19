import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { listRecycleBin, purgeItem } from './recycle-bin.service.ts';

const typeName = z.enum(['lead', 'contact', 'company', 'deal']);

export function registerRecycleBinRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const route = typed(app);
  const tags = ['recycle-bin'];

  route.get('/api/v1/recycle-bin', {
    schema: {
      tags,
      summary: 'Deleted items that can still be restored',
      security: bearer,
      querystring: z.strictObject({ type: typeName.optional() }),
      response: {
        200: z.object({
          items: z.array(z.object({ type: z.string(), id: z.int(), title: z.string(), deletedAt: z.string(), deletedById: z.int().nullable(), purgeAfter: z.string() })),
        }),
        ...errors(400, 401),
      },
    },
    handler: async (request) => ({ items: await listRecycleBin(contextOf(request, database, now), config.recycleBinDays, request.query.type) }),
  });

  route.delete('/api/v1/recycle-bin/:type/:id', {
    schema: {
      tags,
      summary: 'Delete a binned item for good',
      security: bearer,
      params: z.object({ type: typeName, id: idParam }),
      response: { 204: z.null(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await purgeItem(contextOf(request, database, now), request.params.type, request.params.id);
      return reply.status(204).send(null);
    },
  });
}
