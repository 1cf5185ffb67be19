import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { bearer, errors, idParam, type RouteDeps, storableText, typed } from '../../http/route-support.ts';
import { findUserById } from './auth.repository.ts';
import { createToken, isSetupNeeded, listTokens, login, logout, revokeToken, sessionCookie, setupFirstAdmin } from './auth.service.ts';

const credentials = z.strictObject({ email: storableText(254, 0), password: z.string().max(1024) });
const newAdmin = z.strictObject({ email: storableText(254, 0), password: z.string().max(1024), name: storableText(100, 0).optional() });
const user = z.object({ id: z.int(), email: z.string(), name: z.string(), isAdmin: z.boolean() });
const token = z.object({ id: z.int(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

export function registerAuthRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const route = typed(app);
  const { db } = database;

  const startSession = async (request: FastifyRequest, reply: FastifyReply, email: string, password: string) => {
    const session = await login(db, email, password, now(), config.sessionTtlHours, request.ip);
    const secure = config.cookieSecure === 'auto' ? !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(request.headers.host ?? '') : config.cookieSecure === 'true';
    reply.setCookie(sessionCookie, session.sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(session.expiresAt) });
    return session.user;
  };

  route.get('/api/v1/setup', {
    config: { isPublic: true },
    schema: { tags: ['auth'], summary: 'Whether the first administrator still has to be created', response: { 200: z.object({ needed: z.boolean() }) } },
    handler: async () => ({ needed: await isSetupNeeded(db) }),
  });

  route.post('/api/v1/setup', {
    config: { isPublic: true },
    schema: { tags: ['auth'], summary: 'Create the first administrator (once) and sign in', body: newAdmin, response: { 201: user, ...errors(400, 409) } },
    handler: async (request, reply) => {
      await setupFirstAdmin(db, request.body, now());
      return reply.status(201).send(await startSession(request, reply, request.body.email, request.body.password));
    },
  });

  route.post('/api/v1/auth/login', {
    config: { isPublic: true },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; sets an HttpOnly session cookie',
      description: 'After 5 failed attempts for one account from one address within 10 minutes: 429 with Retry-After (seconds), until the oldest of them is 10 minutes old.',
      body: credentials,
      response: { 200: user, ...errors(400, 401, 403, 429) },
    },
    handler: async (request, reply) => startSession(request, reply, request.body.email, request.body.password),
  });

  route.post('/api/v1/auth/logout', {
    config: { isPublic: true },
    schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const sessionId = request.cookies[sessionCookie];
      if (sessionId) await logout(db, sessionId);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  route.get('/api/v1/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user', security: bearer, response: { 200: user, ...errors(401) } },
    handler: async (request) => {
      const row = await findUserById(db, request.actor!.id);
      if (!row) throw new AppError('UNAUTHENTICATED');
      return { id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin === 1 };
    },
  });

  route.get('/api/v1/tokens', {
    schema: { tags: ['auth'], summary: 'Your API tokens (never the secrets)', security: bearer, response: { 200: z.object({ items: z.array(token) }), ...errors(401) } },
    handler: async (request) => ({ items: await listTokens(db, request.actor!.id) }),
  });

  route.post('/api/v1/tokens', {
    schema: {
      tags: ['auth'],
      summary: 'Create an API token; the secret is shown only in this answer',
      security: bearer,
      body: z.strictObject({ name: storableText(100) }),
      response: { 201: z.object({ id: z.int(), name: z.string(), token: z.string() }), ...errors(400, 401) },
    },
    handler: async (request, reply) => reply.status(201).send(await createToken(db, request.actor!.id, request.body.name, now())),
  });

  route.delete('/api/v1/tokens/:id', {
    schema: {
      tags: ['auth'],
      summary: 'Revoke an API token',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 204: z.null(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await revokeToken(db, request.actor!.id, request.params.id, now());
      return reply.status(204).send(null);
    },
  });
}
