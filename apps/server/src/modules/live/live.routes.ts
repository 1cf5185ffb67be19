import type { FastifyInstance, FastifyRequest } from 'fastify';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { sessionCookie } from '../auth/auth.service.ts';
import { hashSecret } from '../auth/secrets.ts';
import { LiveHub } from './live-hub.ts';
import { parsePosition, type Credential } from './live-stream.ts';

/** `GET /api/v1/live`: the signed-in user's server-sent-events stream of changes and notifications (docs/api.md). */
export function registerLiveRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const hub = new LiveHub(database, now, app.log);
  // Before the server waits for open requests to finish: a stream never finishes on its own.
  app.addHook('preClose', async () => hub.close());

  typed(app).get('/api/v1/live', {
    schema: {
      tags: ['live'],
      summary: 'Server-sent events: changes to items you may read (`change`) and your new notifications (`notification`)',
      security: bearer,
      response: { ...errors(401) },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(request, database, now);
      const credential = credentialOf(request);
      // The stream is written by hand: hijacked, no compression or serialization buffers it.
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      request.raw.socket.setKeepAlive(true);
      const lastEventId = request.headers['last-event-id'];
      try {
        await hub.open({ ctx, credential, raw: reply.raw, after: parsePosition(typeof lastEventId === 'string' ? lastEventId : undefined, database.dialect) });
      } catch (error) {
        request.log.warn({ err: error }, 'live: opening a stream failed');
        reply.raw.end();
      }
    },
  });
}

function credentialOf(request: FastifyRequest): Credential {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return { kind: 'token', hash: hashSecret(header.slice(7).trim()) };
  return { kind: 'session', hash: hashSecret(request.cookies[sessionCookie] ?? '') };
}
