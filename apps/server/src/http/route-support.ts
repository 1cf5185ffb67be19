import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStorableText, maxInt32 } from '@vinculo/shared';
import type { Database } from '../db/database.ts';

/** What every route module receives. */
import type { RateLimit } from '../modules/bitrix/bitrix-rate-limit.ts';

export interface RouteDeps {
  database: Database;
  now: () => Date;
  config: { sessionTtlHours: number; cookieSecure: 'auto' | 'true' | 'false'; recycleBinDays: number; maxUploadMb: number; maxImportMb: number; publicUrl?: string; bitrixRateLimit?: RateLimit };
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

/**
 * A route validator that leaves the body to the service: item bodies carry custom fields, which the schema a
 * route is registered with cannot know, so the body schema documents the standard fields and the service checks
 * the whole body against the fields as they are now, reporting every issue at once. Other parts validate as usual.
 */
// `any`: a route's compiler is typed by that route's schema, and this one serves every item route.
export const bodyCheckedByService: FastifySchemaCompiler<any> = (route) =>
  route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route);

/**
 * A trimmed text of `min`..`max` characters that both databases can store: PostgreSQL refuses NUL characters, so
 * they are a 400 (`format`) here rather than a database error.
 */
export const storableText = (max: number, min = 1) =>
  z.string().trim().min(min).max(max).refine(isStorableText, { params: { rule: 'format' } });

/**
 * A whole number in a path or query string, written plainly (`12`): not `0x1`, `1e3`, `+1`, ` 12` or `limit[]=12`,
 * which a numeric coercion would take for numbers.
 */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/)
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/** An item, user, token… id in a path or query string. */
export const idParam = wholeNumber(1, maxInt32);

/** `true` or `false` in a query string. */
export const flagParam = z.enum(['true', 'false']);
