import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';

/** What every route module receives. */
export interface RouteDeps {
  database: Database;
  now: () => Date;
  config: { sessionTtlHours: number; cookieSecure: 'auto' | 'true' | 'false'; recycleBinDays: number };
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** Response schemas for the error statuses a route can answer. */
export const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, errorSchema]));

export const bearer: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
