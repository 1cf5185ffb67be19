import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { bearer, errors, idParam, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { activitySchema } from '../activities/activity.schemas.ts';
import { typeNameOf } from '../catalog/catalog.ts';
import { commentSchema } from '../comments/comment.routes.ts';
import { taskSchema } from '../tasks/task.schemas.ts';
import { itemTimeline, timelineKinds, type TimelineKind } from './timeline.service.ts';

const eventSchema = z.object({
  eventId: z.int(),
  date: z.string(),
  type: z.string(),
  author: z.object({ id: z.int(), name: z.string() }).nullable(),
  changes: z.array(z.object({ field: z.string(), fieldLabel: z.string(), oldValue: z.unknown(), newValue: z.unknown() })),
  summary: z.record(z.string(), z.unknown()).nullable().optional(),
});

const entrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('activity'), date: z.string(), activity: activitySchema }),
  z.object({ kind: z.literal('comment'), date: z.string(), comment: commentSchema }),
  z.object({ kind: z.literal('task'), date: z.string(), task: taskSchema }),
  z.object({ kind: z.literal('history'), date: z.string(), event: eventSchema }),
]);

export function registerTimelineRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);

  route.get('/api/v1/:plural/:id/timeline', {
    schema: {
      tags: ['timeline'],
      summary: "An item's timeline: open activities pinned, then activities, comments, tasks and history, newest first",
      security: bearer,
      params: z.object({ plural: z.enum(['leads', 'contacts', 'companies', 'deals']), id: idParam }),
      querystring: z.strictObject({ kinds: z.string().max(100).optional(), cursor: z.string().max(300).optional(), limit: wholeNumber(1, 100).optional() }),
      response: { 200: z.object({ planned: z.array(activitySchema), items: z.array(entrySchema), nextCursor: z.string().nullable() }), ...errors(400, 401, 404) },
    },
    handler: async (request) => {
      const type = typeNameOf(request.params.plural);
      if (!type) throw notFound();
      const kinds = request.query.kinds?.split(',');
      if (kinds?.some((kind) => !(timelineKinds as readonly string[]).includes(kind))) throw invalid([{ field: 'kinds', rule: 'enum' }]);
      return itemTimeline(contextOf(request, database, now), type, request.params.id, { kinds: kinds as TimelineKind[] | undefined, cursor: request.query.cursor, limit: request.query.limit ?? 20 });
    },
  });
}
