import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { invalid } from '../../http/app-error.ts';
import { bearer, errors, flagParam, idParam, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { activityKinds, activitySchema, createActivityBody, instant, itemTypeName, updateActivityBody } from './activity.schemas.ts';
import { activityCounters, activityHistory, createActivity, deleteActivity, getActivity, isTimeZone, listActivities, updateActivity } from './activity.service.ts';

export function registerActivityRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['activities'];
  const params = z.object({ id: idParam });

  route.post('/api/v1/activities', {
    schema: { tags, summary: 'Plan or log an activity (call, meeting, e-mail, to-do) on an item', security: bearer, body: createActivityBody, response: { 201: activitySchema, ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => reply.status(201).send(await createActivity(contextOf(request, database, now), request.body)),
  });

  route.get('/api/v1/activities', {
    schema: {
      tags,
      summary: 'Activities you may see: yours or anyone\'s, by kind, open or done, deadline range, item',
      security: bearer,
      querystring: z.strictObject({
        responsibleId: z.union([z.literal('me'), idParam]).optional(),
        kind: z.string().max(100).optional(),
        completed: flagParam.optional(),
        from: instant.optional(),
        to: instant.optional(),
        itemType: itemTypeName.optional(),
        itemId: idParam.optional(),
        cursor: z.string().max(200).optional(),
        limit: wholeNumber(1, 200).optional(),
      }),
      response: { 200: z.object({ items: z.array(activitySchema), nextCursor: z.string().nullable() }), ...errors(400, 401) },
    },
    handler: async (request) => {
      const q = request.query;
      const kinds = q.kind?.split(',');
      if (kinds?.some((kind) => !(activityKinds as readonly string[]).includes(kind))) throw invalid([{ field: 'kind', rule: 'enum' }]);
      if ((q.itemType === undefined) !== (q.itemId === undefined)) throw invalid([{ field: q.itemType === undefined ? 'itemType' : 'itemId', rule: 'required' }]);
      return listActivities(contextOf(request, database, now), {
        responsibleId: q.responsibleId,
        kind: kinds,
        completed: q.completed === undefined ? undefined : q.completed === 'true',
        from: q.from,
        to: q.to,
        item: q.itemType && q.itemId ? { type: q.itemType, id: q.itemId } : undefined,
        cursor: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  });

  route.get('/api/v1/activities/counters', {
    schema: {
      tags,
      summary: 'Your open activities: overdue, due today, later',
      security: bearer,
      querystring: z.strictObject({ timeZone: z.string().max(64).refine(isTimeZone, { params: { rule: 'timeZone' } }).optional() }),
      response: { 200: z.object({ overdue: z.int(), today: z.int(), upcoming: z.int() }), ...errors(400, 401) },
    },
    handler: async (request) => activityCounters(contextOf(request, database, now), request.query.timeZone ?? 'America/Sao_Paulo'),
  });

  route.get('/api/v1/activities/:id', {
    schema: { tags, summary: 'An activity', security: bearer, params, response: { 200: activitySchema, ...errors(400, 401, 404) } },
    handler: async (request) => getActivity(contextOf(request, database, now), request.params.id),
  });

  route.patch('/api/v1/activities/:id', {
    schema: { tags, summary: 'Change, complete or reschedule an activity', security: bearer, params, body: updateActivityBody, response: { 200: activitySchema, ...errors(400, 401, 403, 404, 409) } },
    handler: async (request) => updateActivity(contextOf(request, database, now), request.params.id, request.body),
  });

  route.delete('/api/v1/activities/:id', {
    schema: { tags, summary: 'Delete an activity', security: bearer, params, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => {
      await deleteActivity(contextOf(request, database, now), request.params.id);
      return reply.status(204).send(null);
    },
  });

  route.get('/api/v1/activities/:id/history', {
    schema: {
      tags,
      summary: 'What happened to an activity, oldest first',
      security: bearer,
      params,
      response: { 200: z.object({ items: z.array(z.object({ date: z.string(), type: z.string(), author: z.object({ id: z.int(), name: z.string() }).nullable(), changes: z.record(z.string(), z.unknown()) })) }), ...errors(400, 401, 404) },
    },
    handler: async (request) => activityHistory(contextOf(request, database, now), request.params.id),
  });
}
