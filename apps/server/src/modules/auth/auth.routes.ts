import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { locales } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, flagParam, idParam, type RouteDeps, storableText, typed, wholeNumber } from '../../http/route-support.ts';
import { createToken, isSetupNeeded, listTokens, login, logout, revokeToken, sessionCookie, setupFirstAdmin } from './auth.service.ts';
import { changePassword, getMe, updateMe } from './profile.service.ts';
import { registerSessionRoutes } from './sessions.routes.ts';
import { searchDirectory } from './user-directory.service.ts';

const credentials = z.strictObject({ email: storableText(254, 0), password: z.string().max(1024) });
const newAdmin = z.strictObject({ email: storableText(254, 0), password: z.string().max(1024), name: storableText(100, 0).optional() });
const user = z.object({ id: z.int(), email: z.string(), name: z.string(), isAdmin: z.boolean() });
const me = user.extend({
  locale: z.enum(locales).describe('The language of the app and of answers when a request names none'),
  mayConfigure: z.boolean().describe('May change the CRM settings (stages on the board, fields, lists): administrators and roles with the settings right'),
  crmMode: z.enum(['classic', 'simple']).describe('Simple mode has no leads'),
});
const profileChanges = z.strictObject({ name: storableText(100).optional(), locale: z.enum(locales).optional() });
const passwordChange = z.strictObject({ currentPassword: z.string().max(1024), newPassword: z.string().max(1024).describe('At least 8 characters') });
const directoryQuery = z.strictObject({
  q: storableText(100, 0).optional().describe('A piece of the name or e-mail, case and accents aside'),
  limit: wholeNumber(1, 100).default(20),
  includeInactive: flagParam.optional().describe('true: deactivated users too'),
});
const directoryEntry = z.object({ id: z.int(), name: z.string(), email: z.string(), active: z.boolean() });
const token = z.object({ id: z.int(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });

export function registerAuthRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const route = typed(app);
  const { db } = database;
  const ctx = (request: FastifyRequest) => contextOf(request, database, now);

  const startSession = async (request: FastifyRequest, reply: FastifyReply, email: string, password: string) => {
    const session = await login(db, email, password, now(), config.sessionTtlHours, request.ip, request.headers['user-agent']);
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
      if (sessionId) await logout(db, sessionId, request.actor ? { actorId: request.actor.id, address: request.ip, now: now() } : undefined);
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  route.get('/api/v1/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user, their language, settings right and the CRM mode', security: bearer, response: { 200: me, ...errors(401) } },
    handler: (request) => getMe(ctx(request)),
  });

  route.patch('/api/v1/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'Change your name or language',
      description: 'Answers without an Accept-Language header follow the language saved here.',
      security: bearer,
      body: profileChanges,
      response: { 200: me, ...errors(400, 401) },
    },
    handler: (request) => updateMe(ctx(request), request.body),
  });

  route.post('/api/v1/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change your password',
      description:
        'A wrong current password is 400 on `currentPassword` and counts as a failed sign-in (429 with Retry-After after 5 within 10 minutes). Your other sessions end; this one and your API tokens stay.',
      security: bearer,
      body: passwordChange,
      response: { 204: z.null(), ...errors(400, 401, 429) },
    },
    handler: async (request, reply) => {
      // The session that stays is the one this request came with; a request with an API token keeps none.
      const sessionId = request.headers.authorization?.toLowerCase().startsWith('bearer ') ? undefined : request.cookies[sessionCookie];
      await changePassword(ctx(request), { ...request.body, address: request.ip, sessionId });
      return reply.status(204).send(null);
    },
  });

  registerSessionRoutes(app, { database, now, config });

  route.get('/api/v1/users/directory', {
    schema: {
      tags: ['users'],
      summary: 'People to pick (a responsible, a user field): id, name, e-mail; any signed-in user',
      description: 'Active users whose name or e-mail holds `q` (case and accents aside), by name, at most `limit` (1–100, default 20).',
      security: bearer,
      querystring: directoryQuery,
      response: { 200: z.object({ items: z.array(directoryEntry) }), ...errors(400, 401) },
    },
    handler: (request) => searchDirectory(ctx(request), { q: request.query.q, limit: request.query.limit, includeInactive: request.query.includeInactive === 'true' }),
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
    handler: async (request, reply) => reply.status(201).send(await createToken(db, request.actor!.id, request.body.name, now(), request.ip)),
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
      await revokeToken(db, request.actor!.id, request.params.id, now(), request.ip);
      return reply.status(204).send(null);
    },
  });
}
