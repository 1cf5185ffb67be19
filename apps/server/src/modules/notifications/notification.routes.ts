import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, flagParam, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { listNotifications, markRead, unreadCount } from './notification.service.ts';

const ref = <T extends z.ZodRawShape>(shape: T) => z.object(shape).nullable();
const notificationSchema = z.object({
  id: z.int(),
  kind: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  actor: ref({ id: z.int(), name: z.string() }),
  item: ref({ type: z.string(), id: z.int(), title: z.string() }),
  activity: ref({ id: z.int(), subject: z.string() }),
  task: ref({ id: z.int(), title: z.string() }),
  comment: ref({ id: z.int(), excerpt: z.string() }),
  webhook: ref({ id: z.int(), url: z.string() }).describe('`webhookPaused`: the webhook that was paused'),
});

export function registerNotificationRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['notifications'];

  route.get('/api/v1/notifications', {
    schema: {
      tags,
      summary: 'Your notifications, newest first',
      security: bearer,
      querystring: z.strictObject({ unread: flagParam.optional(), cursor: z.string().max(200).optional(), limit: wholeNumber(1, 100).optional() }),
      response: { 200: z.object({ items: z.array(notificationSchema), unread: z.int(), nextCursor: z.string().nullable() }), ...errors(400, 401) },
    },
    handler: async (request) => listNotifications(contextOf(request, database, now), { unread: request.query.unread === 'true', cursor: request.query.cursor, limit: request.query.limit ?? 30 }),
  });

  route.get('/api/v1/notifications/unread-count', {
    schema: { tags, summary: 'How many of your notifications are unread', security: bearer, response: { 200: z.object({ unread: z.int() }), ...errors(401) } },
    handler: async (request) => ({ unread: await unreadCount(contextOf(request, database, now)) }),
  });

  route.post('/api/v1/notifications/read', {
    schema: {
      tags,
      summary: 'Mark notifications read: some, or all',
      security: bearer,
      body: z.union([z.strictObject({ ids: z.array(z.int().min(1).max(2_147_483_647)).min(1).max(500) }), z.strictObject({ all: z.literal(true) })]),
      response: { 200: z.object({ unread: z.int() }), ...errors(400, 401) },
    },
    handler: async (request) => ({ unread: await markRead(contextOf(request, database, now), request.body) }),
  });
}
