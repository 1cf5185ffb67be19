import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route-support.ts';

/** Per-user list views (column settings) and saved filter presets (issue 11; to be filled in). */
export function registerViewRoutes(_app: FastifyInstance, _deps: RouteDeps) {}
