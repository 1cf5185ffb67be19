import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, type RouteDeps, typed, wholeNumber } from '../../http/route-support.ts';
import { listAudit } from './audit.service.ts';

// A date (`2026-12-01`, midnight UTC) or a date-time with its offset (`2026-12-01T03:00:00.000Z`).
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const query = z.strictObject({
  actorId: idParam.optional().describe('Only what this user did'),
  kind: z.string().regex(/^[A-Za-z.]{1,100}$/).optional().describe('Only kinds starting with this, e.g. `settings.` or `auth.signInFailed`'),
  from: instant.optional().describe('From this instant on (inclusive)'),
  to: instant.optional().describe('Before this instant (exclusive)'),
  cursor: z.string().max(20).optional().describe('The `nextCursor` of the previous page'),
  limit: wholeNumber(1, 200).default(50),
});

const entry = z.object({
  id: z.int(),
  at: z.string().describe('When, ISO 8601 in UTC'),
  actor: z.object({ id: z.int(), name: z.string() }).nullable().describe('Who; null for a failed sign-in of an unknown account'),
  kind: z.string().describe('What, e.g. `settings.referenceList.valueAdded`, `user.created`, `auth.signInFailed`'),
  target: z
    .object({ type: z.string(), id: z.string(), name: z.string().nullable().describe("A user's current name, else the name recorded with the entry") })
    .nullable()
    .describe('What it was done to'),
  details: z.record(z.string(), z.unknown()).describe('Old and new values (`{ field: [old, new] }`) or what was given; never a password, hash or token'),
  ip: z.string().nullable().describe("The request's address"),
});

export function registerAuditRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  route.get('/api/v1/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first (administrators)',
      description:
        'Who changed settings (lists, pipelines and stages, custom fields, card layouts, currencies, CRM mode), users, departments, roles and API tokens, and every sign-in, failed sign-in, sign-out and password change. Each entry is written in the transaction of its change. Filters combine; pages of `limit` (1–200, default 50) follow `nextCursor`.',
      security: bearer,
      querystring: query,
      response: { 200: z.object({ items: z.array(entry), nextCursor: z.string().nullable() }), ...errors(400, 401, 403) },
    },
    handler: (request) => listAudit(contextOf(request, database, now), request.query),
  });
}
