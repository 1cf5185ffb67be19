import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isReachable } from '../../db/database.ts';
import { typed, type RouteDeps } from '../../http/route-support.ts';

export function registerHealthRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const status = z.object({ status: z.enum(['ok', 'unavailable']), database: z.enum(['sqlite', 'postgres']) });
  typed(app).get('/healthz', {
    config: { isPublic: true },
    schema: { tags: ['system'], summary: 'Liveness with a database round trip', response: { 200: status, 503: status } },
    handler: async (_request, reply) => {
      const ok = await isReachable(database);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: database.dialect });
    },
  });
}
