import type { FastifyInstance } from 'fastify';
import { maxRate, minRate, rateIssue } from '@vinculo/shared';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, type RouteDeps, storableText, typed } from '../../http/route-support.ts';
import { addCurrency, deleteCurrency, listCurrencies, makeBaseCurrency, updateCurrency } from './currency.service.ts';

const code = z.string().regex(/^[A-Z]{3}$/).describe('ISO 4217 code, e.g. "USD"');
const name = storableText(100);
const sort = z.int().min(0).max(1_000_000);
// A string, never a JSON number: a rate is an exact decimal.
const rate = z
  .string()
  .max(40)
  .superRefine((value, ctx) => {
    const rule = rateIssue(value);
    if (rule) ctx.addIssue({ code: 'custom', message: `rate ${rule}`, params: { rule, ...(rule === 'min' ? { min: minRate } : rule === 'max' ? { max: maxRate } : {}) } });
  })
  .describe(`Value of 1 unit in the base currency: a decimal string above 0 with up to 10 decimals, e.g. "5.4321"`);

const currency = z.object({
  code: z.string(),
  name: z.string().describe("The name in the caller's language"),
  nameEn: z.string(),
  namePt: z.string(),
  isBase: z.boolean(),
  rate: z.string().describe('Value of 1 unit in the base currency, as an exact decimal string ("1" for the base)'),
  decimals: z.int(),
  sort: z.int(),
});
const currencies = z.object({ items: z.array(currency) });
const params = z.object({ code });

export function registerCurrencyRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['currencies'];

  route.get('/api/v1/currencies', {
    schema: { tags, summary: 'Currencies, in their display order', security: bearer, response: { 200: currencies, ...errors(401) } },
    handler: async (request) => ({ items: await listCurrencies(contextOf(request, database, now)) }),
  });

  route.post('/api/v1/currencies', {
    schema: {
      tags,
      summary: 'Add a currency (administrators)',
      security: bearer,
      body: z.strictObject({ code, nameEn: name, namePt: name, rate, sort: sort.optional().describe('Last when absent') }),
      response: { 201: currency, ...errors(400, 401, 403) },
    },
    handler: async (request, reply) => reply.status(201).send(await addCurrency(contextOf(request, database, now), request.body)),
  });

  route.patch('/api/v1/currencies/:code', {
    schema: {
      tags,
      summary: "Rename a currency, change its rate or its place (administrators); the base currency's rate stays 1",
      security: bearer,
      params,
      body: z.strictObject({ nameEn: name.optional(), namePt: name.optional(), rate: rate.optional(), sort: sort.optional() }),
      response: { 200: currency, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => updateCurrency(contextOf(request, database, now), request.params.code, request.body),
  });

  route.post('/api/v1/currencies/:code/make-base', {
    schema: {
      tags,
      summary: 'Make this the base currency, re-expressing every rate against it (administrators)',
      security: bearer,
      params,
      response: { 200: currencies, ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request) => ({ items: await makeBaseCurrency(contextOf(request, database, now), request.params.code) }),
  });

  route.delete('/api/v1/currencies/:code', {
    schema: {
      tags,
      summary: 'Delete a currency that is not the base and that no lead, deal or company uses (administrators)',
      security: bearer,
      params,
      response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteCurrency(contextOf(request, database, now), request.params.code);
      return reply.status(204).send(null);
    },
  });
}
