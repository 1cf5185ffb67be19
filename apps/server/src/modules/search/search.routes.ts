import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route-support.ts';

/** GET /api/v1/search (issue 11's global search; to be filled in). */
export function registerSearchRoutes(_app: FastifyInstance, _deps: RouteDeps) {}
