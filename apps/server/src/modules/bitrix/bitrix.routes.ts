import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/app-error.ts';
import type { RouteDeps } from '../../http/route-support.ts';
import { webhookCaller } from './bitrix-auth.ts';
import { success } from './bitrix-envelope.ts';
import { BitrixError, internalError, invalidArgument, accessDenied, notFound } from './bitrix-errors.ts';
import { runMethod } from './bitrix-methods.ts';
import { leakyBucket } from './bitrix-rate-limit.ts';
import { mergeParams, type Params } from './bitrix-params.ts';

/**
 * The Bitrix24-compatible endpoint: `/rest/{userId}/{code}/{method}` with or without `.json` and a trailing `/`, the
 * method name in any case, GET or POST, the parameters in the query, a JSON body, a form or multipart body
 * (docs/bitrix24-api.md). It has its own authentication (the webhook in the path; no cookie is read, so there is
 * nothing to forge across sites) and answers in Bitrix24's envelopes, errors included.
 */
export async function registerBitrixRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const limiter = config.bitrixRateLimit ? leakyBucket(config.bitrixRateLimit, now) : undefined;
  await app.register(async (scope) => {
    // Form bodies are parsed as Bitrix24 reads them (PHP brackets), in the handler; up to 8 MiB like a batch may need.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    await scope.register(multipart, { limits: { files: 10, fileSize: 10 * 1024 * 1024, fields: 5000, fieldSize: 1024 * 1024 } });
    scope.setErrorHandler((error, request, reply) => sendError(reply, request, error));
    scope.route({
      method: ['GET', 'POST'],
      url: '/rest/:userId/:code/*',
      schema: { hide: true },
      config: { isPublic: true, ownAuthentication: true },
      bodyLimit: 8 * 1024 * 1024,
      handler: async (request, reply) => {
        const started = now();
        const { userId, code, '*': rest } = request.params as { userId: string; code: string; '*': string };
        const method = rest.replace(/\/+$/, '').replace(/\.json$/i, '');
        // REST 3.0 (`/rest/api/{userId}/{code}/…`) is not served: Bitrix24 answers a v3 call it lacks this way.
        if (userId === 'api') throw new BitrixError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
        const caller = await webhookCaller(database, userId, code, now, request.ip);
        limiter?.take(caller.webhookId);
        const params = mergeParams(queryOf(request), await bodyOf(request));
        const answer = await runMethod(database, caller, method, params);
        return reply.type('application/json; charset=utf-8').send(success(answer, started, now()));
      },
    });
  });
}

function queryOf(request: FastifyRequest): string {
  const url = request.raw.url ?? '';
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/** The body: JSON as parsed, a form as its text, multipart as the text of its fields (files are not read). */
async function bodyOf(request: FastifyRequest): Promise<unknown> {
  if (!request.isMultipart()) return request.body;
  const pairs: string[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') pairs.push(`${encodeURIComponent(part.fieldname)}=${encodeURIComponent(String(part.value))}`);
      else part.file.resume();
    }
  } catch (error) {
    // A body that is not the multipart it says it is (busboy's "Unexpected end of form", a missing boundary…).
    if ((error as { statusCode?: number }).statusCode === 413) throw error;
    throw new BitrixError(400, 'INVALID_REQUEST', `Malformed multipart body: ${(error as Error).message}`);
  }
  return pairs.join('&');
}

/** Any failure in Bitrix24's error envelope: its own errors as they are, the engine's mapped to the nearest Bitrix24 code. */
export function bitrixErrorOf(error: unknown): BitrixError {
  if (error instanceof BitrixError) return error;
  if (error instanceof AppError) {
    if (error.code === 'NOT_FOUND') return notFound();
    if (error.code === 'FORBIDDEN') return accessDenied();
    if (error.code === 'VALIDATION_FAILED' || error.code === 'VERSION_CONFLICT' || error.code === 'CONFLICT') return invalidArgument(error.message);
    if (error.code === 'UNAUTHENTICATED') return new BitrixError(401, 'NO_AUTH_FOUND', 'Wrong authorization data');
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return new BitrixError(413, 'REQUEST_TOO_LARGE', 'The request is too large');
  if (status !== undefined && status >= 400 && status < 500) return new BitrixError(400, 'INVALID_REQUEST', (error as Error).message);
  return internalError();
}

function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown) {
  const found = bitrixErrorOf(error);
  if (found.status >= 500) request.log.error({ err: error }, 'bitrix: a call failed');
  return reply.status(found.status).type('application/json; charset=utf-8').send({ error: found.code, error_description: found.message });
}

export type { Params };
