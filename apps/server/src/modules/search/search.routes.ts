import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ItemTypeName } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, storableText, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { groupOrder, search } from './search.service.ts';

const typeList = z
  .string()
  .refine((value) => value.split(',').every((name) => groupOrder.includes(name.trim() as ItemTypeName)), { params: { rule: 'option' } })
  .transform((value) => value.split(',').map((name) => name.trim() as ItemTypeName))
  .describe('Item types to search, comma-separated: `lead`, `contact`, `company`, `deal` (default: every type)');

const searchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .refine((text) => text.length > 0, { params: { rule: 'required' } })
    .pipe(storableText(200))
    .describe(
    'What to find (1–200 characters, trimmed): words of a name or title, a company name, an e-mail or part of one, or digits of a phone however typed ("5432", "(31) 99876-5432"). Case and accents do not matter. Words shorter than three characters alone match the start of titles only.',
  ),
  types: typeList.optional(),
  limit: wholeNumber(1, 20).default(5).describe('Items per type (1–20, default 5)'),
});

const hit = z.object({
  id: z.int(),
  title: z.string(),
  subtitle: z.string().nullable().describe('What else identifies the item, as the caller may see it: its first e-mail, first phone, company'),
});

const answer = z.object({
  groups: z
    .array(z.object({ type: z.enum(['lead', 'deal', 'contact', 'company']), items: z.array(hit), more: z.boolean().describe('More items of this type match than `limit`') }))
    .describe('One group per type with hits, in this order: lead, deal, contact, company'),
});

/** GET /api/v1/search: the global search box. */
export function registerSearchRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  typed(app).get('/api/v1/search', {
    schema: {
      tags: ['search'],
      summary: 'Find items of every type by name, company, e-mail or phone',
      description:
        'Items the caller may read, found in the fields they may see, grouped by type (lead, deal, contact, company; types with no hit and types the caller may not read are left out). Within a type: titles equal to the text, then titles starting with it, then other matches, newest first.',
      security: bearer,
      querystring: searchQuery,
      response: { 200: answer, ...errors(400, 401) },
    },
    handler: (request) => search(contextOf(request, database, now), request.query),
  });
}
