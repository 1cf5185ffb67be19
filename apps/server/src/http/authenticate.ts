import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '@vinculo/shared';
import type { Actor, Context } from '../context.ts';
import type { Database } from '../db/database.ts';
import { callerFromSession, callerFromToken, sessionCookie, type Caller } from '../modules/auth/auth.service.ts';
import { accessOf, type Access } from '../modules/access/access.service.ts';
import { catalogFor, loadTypes, type Catalog } from '../modules/catalog/catalog.ts';
import { AppError } from './app-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The item types with their current custom fields, in full and as the actor sees them, for an authenticated request. */
    catalog: Catalog | null;
    access: Access | null;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a signed-in user (health, setup, login). */
    isPublic?: boolean;
    /** Routes that authenticate their callers themselves and read no cookie (the Bitrix24-compatible `/rest/…`). */
    ownAuthentication?: boolean;
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the caller from `Authorization: Bearer <token>` or the session cookie. A write that does not carry a
 * Bearer token must come from this site: a browser's cross-site request is refused (CSRF), signed in or not, so
 * another site cannot sign a visitor in to an account of its choosing either (login CSRF).
 */
export function registerAuthentication(app: FastifyInstance, database: Database, now: () => Date) {
  app.decorateRequest('actor', null);
  app.decorateRequest('catalog', null);
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (request) => {
    // The web app's pages and files are public and need no user: no session lookup for each of them.
    if (isPageRequest(request) || request.routeOptions.config.ownAuthentication) return;
    const header = request.headers.authorization;
    const hasBearer = header?.toLowerCase().startsWith('bearer ') === true;
    if (!hasBearer && unsafeMethods.has(request.method) && isCrossSite(request)) throw new AppError('FORBIDDEN', { reason: 'crossSiteRequest' });
    let caller: Caller | null = null;
    if (hasBearer) {
      caller = await callerFromToken(database.db, header!.slice(7).trim(), now());
    } else {
      const sessionId = request.cookies[sessionCookie];
      if (sessionId) caller = await callerFromSession(database.db, sessionId, now());
    }
    request.actor = caller?.actor ?? null;
    const url = request.routeOptions.url;
    const isPublic = request.routeOptions.config.isPublic || url === undefined || url.startsWith('/api/docs');
    if (!request.actor && !isPublic) {
      throw new AppError('UNAUTHENTICATED');
    }
    // The caller's own read also tells whether another process changed the custom fields or anyone's access.
    if (caller) {
      request.access = await accessOf(database.db, caller.actor, caller.versions.access);
      request.catalog = catalogFor(await loadTypes(database.db, database.dialect, caller.versions.fields), request.access);
    }
  });
}

function isPageRequest(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return (request.method === 'GET' || request.method === 'HEAD') && url !== undefined && !url.startsWith('/api') && url !== '/healthz';
}

function isCrossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin) return false;
  // Behind a reverse proxy the public host arrives as X-Forwarded-Host.
  const forwarded = request.headers['x-forwarded-host'];
  const hosts = [request.headers.host, ...(typeof forwarded === 'string' ? forwarded.split(',') : [])]
    .filter((h): h is string => Boolean(h))
    .map((h) => withoutDefaultPort(h.trim().toLowerCase()));
  try {
    return !hosts.includes(withoutDefaultPort(new URL(origin).host.toLowerCase()));
  } catch {
    return true;
  }
}

const withoutDefaultPort = (host: string) => host.replace(/:(80|443)$/, '');

/** The language of an answer: the request's Accept-Language, else the signed-in user's saved language, else English. */
export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'], request.actor?.locale ?? 'en');
}

/** The service context of an authenticated request. */
export function contextOf(request: FastifyRequest, database: Database, now: () => Date): Context {
  if (!request.actor || !request.catalog || !request.access) throw new AppError('UNAUTHENTICATED');
  return { db: database.db, dialect: database.dialect, actor: request.actor, locale: localeOf(request), now, catalog: request.catalog, access: request.access, address: request.ip };
}
