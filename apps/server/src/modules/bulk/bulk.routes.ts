import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route-support.ts';

/** POST /api/v1/{type}/bulk and GET /api/v1/jobs/{id} (issue 11's group actions; to be filled in). */
export function registerBulkRoutes(_app: FastifyInstance, _deps: RouteDeps) {}
