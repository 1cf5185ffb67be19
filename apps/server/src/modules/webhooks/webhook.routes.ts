import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, storableText, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { readOutboundSettings, writeOutboundSettings } from './outbound-settings.ts';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listKinds, listWebhooks, rotateSecret, testWebhook, updateWebhook } from './webhook.service.ts';

const status = z.enum(['active', 'paused']);
const deliveryStatus = z.enum(['delivered', 'failed', 'skipped']);

const webhookSchema = z.object({
  id: z.int(),
  url: z.string().describe('Where deliveries are POSTed'),
  description: z.string(),
  kinds: z.array(z.string()).describe('The event kinds it gets (`GET /api/v1/webhooks/kinds`)'),
  status: status.describe('`paused`: nothing is sent; events wait and are delivered on resuming'),
  pausedReason: z.string().nullable().describe('`failures` (8 failed deliveries in a row), `ownerInactive`, `manual`; null when active'),
  failures: z.int().describe('Failed deliveries in a row'),
  owner: z.object({ id: z.int(), name: z.string() }).describe('Whose view of the items the deliveries carry (who registered it)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastDelivery: z.object({ status: deliveryStatus, responseCode: z.int().nullable(), createdAt: z.string() }).nullable(),
});

const deliverySchema = z.object({
  id: z.int(),
  eventId: z.int().describe('The event delivered (0 for a test ping)'),
  kind: z.string(),
  attempt: z.int().describe('1 for the first attempt, more for retries'),
  status: deliveryStatus.describe('`skipped`: the owner may not read the item, nothing was sent'),
  responseCode: z.int().nullable().describe("The receiver's HTTP status; null when there was no answer"),
  error: z.string().nullable(),
  durationMs: z.int(),
  createdAt: z.string(),
});

const kinds = z.array(z.string().max(50)).min(1).max(100).describe('Event kinds, at least one');
const url = storableText(2000).describe('An http(s) URL on a public address, or on a host allowed in `/api/v1/settings/outbound`');
const description = storableText(500, 0);
const params = z.object({ id: idParam });
const secret = z.object({ secret: z.string().describe('Signs every delivery (`Vinculo-Signature`); shown only now') });
const hosts = z.object({ allowedHosts: z.array(storableText(253)).max(100).describe('Host names or IP addresses deliveries may reach despite being private or loopback') });

/** /api/v1/webhooks (administrators) and the outbound settings. */
export function registerWebhookRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['webhooks'];
  const base = '/api/v1/webhooks';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.get(`${base}/kinds`, {
    schema: { tags, summary: 'Event kinds a webhook may get', security: bearer, response: { 200: z.object({ kinds: z.array(z.object({ kind: z.string(), label: z.string() })) }), ...errors(401, 403) } },
    handler: (request) => listKinds(ctx(request)),
  });
  route.get(base, {
    schema: { tags, summary: 'Webhooks (administrators)', security: bearer, response: { 200: z.object({ items: z.array(webhookSchema) }), ...errors(401, 403) } },
    handler: (request) => listWebhooks(ctx(request)),
  });
  route.get(`${base}/:id`, {
    schema: { tags, summary: 'A webhook', security: bearer, params, response: { 200: webhookSchema, ...errors(400, 401, 403, 404) } },
    handler: (request) => getWebhook(ctx(request), request.params.id),
  });
  route.post(base, {
    schema: {
      tags,
      summary: 'Register a webhook',
      description: 'It gets the events written from now on. The URL is checked at once (R8): a private, loopback, link-local or metadata address is a 400 on `url` unless its host is allowed.',
      security: bearer,
      body: z.strictObject({ url, description: description.optional(), kinds }),
      response: { 201: webhookSchema.extend(secret.shape), ...errors(400, 401, 403) },
    },
    handler: async (request, reply) => reply.status(201).send(await createWebhook(ctx(request), request.body)),
  });
  route.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: 'Change, pause or resume a webhook',
      description: 'Resuming (`status: active`) clears the failures and delivers what was written while it was paused, from where it stopped.',
      security: bearer,
      params,
      body: z.strictObject({ url: url.optional(), description: description.optional(), kinds: kinds.optional(), status: status.optional() }),
      response: { 200: webhookSchema, ...errors(400, 401, 403, 404) },
    },
    handler: (request) => updateWebhook(ctx(request), request.params.id, request.body),
  });
  route.post(`${base}/:id/secret`, {
    schema: { tags, summary: 'Rotate the signing secret', security: bearer, params, response: { 200: secret, ...errors(400, 401, 403, 404) } },
    handler: (request) => rotateSecret(ctx(request), request.params.id),
  });
  route.delete(`${base}/:id`, {
    schema: { tags, summary: 'Delete a webhook and its delivery log', security: bearer, params, response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => {
      await deleteWebhook(ctx(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
  route.get(`${base}/:id/deliveries`, {
    schema: {
      tags,
      summary: 'The delivery log, newest first (the last 1,000 or so)',
      security: bearer,
      params,
      querystring: z.strictObject({ cursor: z.string().max(200).optional().describe('The `nextCursor` of the previous page'), limit: wholeNumber(1, 200).default(50) }),
      response: { 200: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }), ...errors(400, 401, 403, 404) },
    },
    handler: (request) => listDeliveries(ctx(request), request.params.id, request.query),
  });
  route.post(`${base}/:id/test`, {
    schema: { tags, summary: 'Send a `ping` now and answer its delivery', security: bearer, params, response: { 200: deliverySchema, ...errors(400, 401, 403, 404) } },
    handler: (request) => testWebhook(ctx(request), request.params.id),
  });

  route.get('/api/v1/settings/outbound', {
    schema: { tags, summary: 'Hosts outgoing requests may reach despite R8 (administrators)', security: bearer, response: { 200: hosts, ...errors(401, 403) } },
    handler: (request) => readOutboundSettings(ctx(request)),
  });
  route.put('/api/v1/settings/outbound', {
    schema: { tags, summary: 'Set the hosts outgoing requests may reach despite R8', security: bearer, body: z.strictObject(hosts.shape), response: { 200: hosts, ...errors(400, 401, 403) } },
    handler: (request) => writeOutboundSettings(ctx(request), request.body),
  });
}
