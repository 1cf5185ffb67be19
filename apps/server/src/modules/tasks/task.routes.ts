import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { invalid } from '../../http/app-error.ts';
import { bearer, errors, flagParam, idParam, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { itemTypeName } from '../activities/activity.schemas.ts';
import { checklistEntryBody, createTaskBody, taskSchema, taskStatuses, updateTaskBody } from './task.schemas.ts';
import { createTask, deleteTask, getTask, listTasks, updateChecklistEntry, updateTask } from './task.service.ts';

export function registerTaskRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['tasks'];
  const params = z.object({ id: idParam });

  route.post('/api/v1/tasks', {
    schema: { tags, summary: 'Create a task', security: bearer, body: createTaskBody, response: { 201: taskSchema, ...errors(400, 401, 404) } },
    handler: async (request, reply) => reply.status(201).send(await createTask(contextOf(request, database, now), request.body)),
  });

  route.get('/api/v1/tasks', {
    schema: {
      tags,
      summary: 'Tasks you may see, by your role in them, status, linked item',
      security: bearer,
      querystring: z.strictObject({
        role: z.enum(['responsible', 'coworker', 'observer', 'creator', 'any']).optional(),
        status: z.string().max(100).optional(),
        itemType: itemTypeName.optional(),
        itemId: idParam.optional(),
        overdue: flagParam.optional(),
        cursor: z.string().max(200).optional(),
        limit: wholeNumber(1, 200).optional(),
      }),
      response: { 200: z.object({ items: z.array(taskSchema), nextCursor: z.string().nullable() }), ...errors(400, 401) },
    },
    handler: async (request) => {
      const q = request.query;
      const status = q.status?.split(',');
      if (status?.some((s) => !(taskStatuses as readonly string[]).includes(s))) throw invalid([{ field: 'status', rule: 'enum' }]);
      if ((q.itemType === undefined) !== (q.itemId === undefined)) throw invalid([{ field: q.itemType === undefined ? 'itemType' : 'itemId', rule: 'required' }]);
      return listTasks(contextOf(request, database, now), {
        role: q.role ?? 'any',
        status,
        item: q.itemType && q.itemId ? { type: q.itemType, id: q.itemId } : undefined,
        overdue: q.overdue === 'true',
        cursor: q.cursor,
        limit: q.limit ?? 50,
      });
    },
  });

  route.get('/api/v1/tasks/:id', {
    schema: { tags, summary: 'A task', security: bearer, params, response: { 200: taskSchema, ...errors(400, 401, 404) } },
    handler: async (request) => getTask(contextOf(request, database, now), request.params.id),
  });

  route.patch('/api/v1/tasks/:id', {
    schema: { tags, summary: 'Change a task', security: bearer, params, body: updateTaskBody, response: { 200: taskSchema, ...errors(400, 401, 403, 404, 409) } },
    handler: async (request) => updateTask(contextOf(request, database, now), request.params.id, request.body),
  });

  route.patch('/api/v1/tasks/:id/checklist/:entryId', {
    schema: { tags, summary: 'Tick or rename one checklist entry', security: bearer, params: z.object({ id: idParam, entryId: idParam }), body: checklistEntryBody, response: { 200: taskSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request) => updateChecklistEntry(contextOf(request, database, now), request.params.id, request.params.entryId, request.body),
  });

  route.delete('/api/v1/tasks/:id', {
    schema: { tags, summary: 'Delete a task (its creator)', security: bearer, params, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => {
      await deleteTask(contextOf(request, database, now), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
