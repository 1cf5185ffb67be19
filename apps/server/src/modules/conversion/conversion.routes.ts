import type { FastifyInstance } from 'fastify';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { idParamsSchema } from '../items/item.schemas.ts';
import { convertBodySchema, convertResultSchema, crmModeBodySchema, crmModeResultSchema, crmModeSchema } from './conversion.schemas.ts';
import { convertLead } from './conversion.service.ts';
import { getCrmMode, setCrmMode } from './crm-mode.service.ts';

/** Converting a lead (POST /api/v1/leads/{id}/convert) and the CRM mode setting. Inquiries are `POST /api/v1/leads`. */
export function registerConversionRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.post('/api/v1/leads/:id/convert', {
    schema: {
      tags: ['leads'],
      summary: 'Convert a lead into a contact, company and/or deal',
      description: "Carries the lead's data over to each new item and links them all; the lead becomes CONVERTED. 409 `leadClosed` when it is converted or junk already.",
      security: bearer,
      params: idParamsSchema,
      body: convertBodySchema,
      response: { 200: convertResultSchema, ...errors(400, 401, 404, 409) },
    },
    handler: (request) => convertLead(ctx(request), request.params.id, request.body),
  });

  route.get('/api/v1/settings/crm-mode', {
    schema: { tags: ['settings'], summary: 'The CRM mode (classic or simple) and the open leads', security: bearer, response: { 200: crmModeSchema, ...errors(401) } },
    handler: (request) => getCrmMode(ctx(request)),
  });

  route.put('/api/v1/settings/crm-mode', {
    schema: {
      tags: ['settings'],
      summary: 'Switch the CRM mode',
      description: 'Switching to simple mode converts every open lead; while there are some it needs `confirm: true` (409 `confirmationRequired` otherwise).',
      security: bearer,
      body: crmModeBodySchema,
      response: { 200: crmModeResultSchema, ...errors(400, 401, 403, 409) },
    },
    handler: (request) => setCrmMode(ctx(request), request.body),
  });
}
