import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actions, scopes } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { itemTypeNames, pluralOf } from '../catalog/catalog.ts';
import { explainAccess } from './access-explain.service.ts';

const id = idParam;

/** GET /api/v1/access/explain: why a user may or may not act on an item. */
export function registerAccessRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  typed(app).get('/api/v1/access/explain', {
    schema: {
      tags: ['access'],
      summary: 'Why a user may (or may not) read, add, update, delete, export or import an item (administrators)',
      security: bearer,
      querystring: z.strictObject({
        userId: id,
        type: z.enum(itemTypeNames.map(pluralOf) as [string, ...string[]]),
        id,
        action: z.enum(actions).default('read'),
      }),
      response: {
        200: z.object({
          allowed: z.boolean(),
          userId: z.int(),
          type: z.string(),
          id: z.int(),
          action: z.enum(actions),
          scope: z.enum(scopes),
          relation: z.enum(['own', 'department', 'subdepartment', 'open', 'other']),
          reason: z.enum(['admin', 'deleted', 'inScope', 'outOfScope']),
          roles: z.array(z.object({ id: z.int(), name: z.string(), scope: z.enum(scopes), allows: z.boolean() })),
        }),
        ...errors(400, 401, 403, 404),
      },
    },
    handler: (request) => explainAccess(contextOf(request, database, now), request.query),
  });
}
