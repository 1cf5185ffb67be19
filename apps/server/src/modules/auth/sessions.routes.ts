import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, type RouteDeps, typed } from '../../http/route-support.ts';
import { sessionCookie } from './auth.service.ts';
import { endOtherSessions, endSession, listSessions } from './sessions.service.ts';

const session = z.object({
  id: z.string().describe('The session\'s public id (never its secret)'),
  createdAt: z.string(),
  lastSeenAt: z.string().describe('Updated at most once a minute while the session is used'),
  expiresAt: z.string(),
  userAgent: z.string().nullable().describe('The browser\'s User-Agent at sign-in'),
  address: z.string().nullable().describe('The IP address it signed in from'),
  current: z.boolean().describe('The session this request came with'),
});
const sessionId = z.string().regex(/^[0-9a-f]{24}$/);

/** The session a request came with; none for a request with an API token. */
export const currentSessionOf = (request: FastifyRequest) =>
  request.headers.authorization?.toLowerCase().startsWith('bearer ') ? undefined : request.cookies[sessionCookie];

export function registerSessionRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: FastifyRequest) => contextOf(request, database, now);

  route.get('/api/v1/auth/sessions', {
    schema: {
      tags: ['auth'],
      summary: 'Your active sessions: browser, address, when; `current` marks the one making the request',
      security: bearer,
      response: { 200: z.object({ items: z.array(session) }), ...errors(401) },
    },
    handler: async (request) => ({ items: await listSessions(ctx(request), currentSessionOf(request)) }),
  });

  route.delete('/api/v1/auth/sessions/:id', {
    schema: {
      tags: ['auth'],
      summary: 'Sign out one of your sessions at once',
      description: "Its next request is 401. Another user's session, or one that has ended, is 404.",
      security: bearer,
      params: z.object({ id: sessionId }),
      response: { 204: z.null(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await endSession(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  route.post('/api/v1/auth/sessions/end-others', {
    schema: {
      tags: ['auth'],
      summary: 'Sign out everywhere else: every session of yours but this one ends at once',
      description: 'With an API token every session ends (the request has none). API tokens stay. Answers how many ended.',
      security: bearer,
      response: { 200: z.object({ ended: z.int() }), ...errors(401) },
    },
    handler: async (request) => endOtherSessions(ctx(request), currentSessionOf(request)),
  });
}
