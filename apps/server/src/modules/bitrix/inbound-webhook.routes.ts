import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { createInboundWebhook, knownScopes, listInboundWebhooks, revokeInboundWebhook } from './inbound-webhook.service.ts';

const webhook = z.object({
  id: z.int(),
  name: z.string(),
  user: z.object({ id: z.int(), name: z.string() }).describe('Whose rights and hidden fields the calls have'),
  scopes: z.array(z.string()),
  codeHint: z.string().describe('The last four characters of the code'),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

/** The public address of this server: PUBLIC_URL, else the address the request came to. */
const publicUrlOf = (configured: string | undefined, request: FastifyRequest) => configured ?? `${request.protocol}://${request.host}`;

/** Bitrix24-style inbound webhooks: list, create (the URL with its code shown once), revoke. */
export function registerInboundWebhookRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const route = typed(app);
  const tags = ['bitrix24'];
  route.get('/api/v1/inbound-webhooks', {
    schema: {
      tags,
      summary: 'Your Bitrix24-style inbound webhooks (administrators: everyone’s)',
      security: bearer,
      response: { 200: z.object({ items: z.array(webhook) }), ...errors(401) },
    },
    handler: async (request) => ({ items: await listInboundWebhooks(contextOf(request, database, now)) }),
  });
  route.post('/api/v1/inbound-webhooks', {
    schema: {
      tags,
      summary: 'Create an inbound webhook: the base URL of the Bitrix24-compatible API for a user',
      description:
        'Answers `url`, `{PUBLIC_URL}/rest/{userId}/{code}/`, once: only a hash of the code is kept. Calls through it act as that user. A user makes them for themself; an administrator for anyone (`userId`). Scopes: `crm` (every crm.* method; the default) and `user`.',
      security: bearer,
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        userId: z.int().positive().optional(),
        scopes: z.array(z.enum(knownScopes)).min(1).max(knownScopes.length).optional(),
      }),
      response: { 201: webhook.extend({ url: z.string() }), ...errors(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const created = await createInboundWebhook(contextOf(request, database, now), request.body, publicUrlOf(config.publicUrl, request));
      return reply.status(201).send(created);
    },
  });
  route.delete('/api/v1/inbound-webhooks/:id', {
    schema: {
      tags,
      summary: 'Revoke an inbound webhook',
      description: 'Its URL answers 401 `NO_AUTH_FOUND` from now on. Yours, or anyone’s for an administrator; else 404.',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 204: z.null(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await revokeInboundWebhook(contextOf(request, database, now), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
