import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const yearSeconds = 365 * 24 * 3600;

/**
 * Serves the built web app (apps/web/dist): hashed files under /assets are cached for a year (their names change with
 * their content); index.html and the other files are revalidated every time. Any other GET that is not the API gets
 * index.html, so deep links (/deals/12) open the app, which routes on the client.
 */
export async function registerWebApp(app: FastifyInstance, root: string) {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`The web app is not built: ${join(root, 'index.html')} is missing (npm run build -w @vinculo/web).`);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per file at start-up: a path that is not a file falls through to the app's route below.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? `public, max-age=${yearSeconds}, immutable` : 'no-cache');
    },
  });

  const sendApp = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', root, { maxAge: 0, immutable: false, cacheControl: false });

  app.get('/', { schema: { hide: true }, config: { isPublic: true } }, (_request, reply) => sendApp(reply));
  app.get('/*', { schema: { hide: true }, config: { isPublic: true } }, (request, reply) => {
    const path = request.url.split('?')[0];
    // The API, the docs and missing files under /assets keep their 404; everything else is a page of the app.
    if (path.startsWith('/api/') || path === '/api' || path.startsWith('/assets/') || path === '/healthz') return reply.callNotFound();
    return sendApp(reply);
  });
}
