import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32, type ItemTypeName } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, wholeNumber, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes } from '../catalog/catalog.ts';
import { itemSchemas } from '../items/item.schemas.ts';
import { checkedTypes, findLikelyDuplicates } from './duplicate-check.service.ts';
import { dismissGroup, getGroup, listGroups } from './duplicate-groups.service.ts';
import { startScan } from './duplicate-scan.ts';
import { mergeItems } from './merge.service.ts';

const itemId = z.int().min(1).max(maxInt32);
const criterion = z.enum(['email', 'phone', 'name', 'company']);
const summary = z.looseObject({ id: z.int(), version: z.int() }).describe("The item as the caller may see it: its names, e-mails, phones, responsible");

const matchesSchema = z.object({
  items: z.array(z.object({ item: summary, matched: z.array(criterion).describe('What it shares with the input; company: a same-named person at the same company') })),
});

const groupSchema = z.object({
  id: z.int().describe('The group, in the current scan'),
  criterion: z.enum(['email', 'phone', 'name']).describe('What the items share first: a phone, else an e-mail, else a name'),
  criteria: z.array(z.enum(['email', 'phone', 'name'])).describe('Everything they share (one group for items sharing a phone and an e-mail)'),
  value: z.string().nullable().describe('The shared e-mail or phone of `criterion` (normalised) when you may see that field; null for a name'),
  items: z.array(summary).describe('The live items of the group you may read'),
});

const groupPageSchema = z.object({
  scan: z.object({
    finishedAt: z.string().nullable().describe('When the scan these groups come from ended; null when none has'),
    runningJobId: z.int().nullable().describe('A scan queued or running now, if any (GET /api/v1/jobs/{id} for its progress, by its author)'),
  }),
  items: z.array(groupSchema),
  nextCursor: z.string().nullable(),
});

export const mergeBodySchema = z.strictObject({
  ids: z.array(itemId).min(2).max(20).describe('The items to merge, the survivor among them'),
  survivorId: itemId.describe('The item that stays'),
  values: z
    .record(z.string().max(100), itemId)
    .optional()
    .describe("Per field, the id of the item whose value the survivor keeps; a field left out keeps the survivor's value (or, when empty, the first other item's)"),
});

/**
 * Duplicate control for leads, contacts and companies: the check of an item about to be created, the scan for
 * groups already in the database and their review, and merging.
 */
export function registerDuplicateRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);
  for (const name of checkedTypes) registerType(app, route, ctx, name);
}

function registerType(app: FastifyInstance, route: ReturnType<typeof typed>, ctx: (request: Parameters<typeof contextOf>[0]) => ReturnType<typeof contextOf>, name: ItemTypeName) {
  const type = documentedTypes[name];
  const base = `/api/v1/${type.plural}`;
  const tags = [type.plural];

  route.post(`${base}/duplicates/check`, {
    schema: {
      tags,
      summary: `Likely duplicates of a ${name} about to be created`,
      description:
        'The body is a create body, or part of one (e-mails, phones, names, company). Answers the live items you may read that share a ' +
        'normalised e-mail or phone, or have the same name with case, accents, small words (da, de, do…) and legal forms (Ltda, S/A…) ' +
        'set aside; for people, only where the companies agree when both name one. Fields your roles hide are not compared. At most 20.',
      security: bearer,
      body: z.record(z.string(), z.unknown()),
      response: { 200: matchesSchema, ...errors(400, 401) },
    },
    handler: async (request) => ({ items: await findLikelyDuplicates(ctx(request), name, request.body) }),
  });

  route.post(`${base}/duplicates/scan`, {
    schema: {
      tags,
      summary: `Look for groups of duplicate ${type.plural} (a background job)`,
      description:
        'Answers 202 with the job (GET /api/v1/jobs/{id} for its progress); a scan of this type already queued or running is answered instead of a new one. ' +
        '403 when your roles let you read none of the type.',
      security: bearer,
      response: { 202: z.object({ jobId: z.int() }), ...errors(401, 403) },
    },
    handler: async (request, reply) => {
      const started = await startScan(ctx(request), name);
      app.jobRunner.wake();
      return reply.status(202).header('location', `/api/v1/jobs/${started.jobId}`).send(started);
    },
  });

  route.get(`${base}/duplicates`, {
    schema: {
      tags,
      summary: `Groups of likely duplicate ${type.plural} found by the last scan`,
      description: 'Only groups with at least two live items you may read, with those items and the fields you may see.',
      security: bearer,
      querystring: z.object({ cursor: z.string().max(20).optional(), limit: wholeNumber(1, 200).default(50) }),
      response: { 200: groupPageSchema, ...errors(400, 401) },
    },
    handler: (request) => listGroups(ctx(request), name, request.query.cursor, request.query.limit),
  });

  route.get(`${base}/duplicates/groups/:id`, {
    schema: {
      tags,
      summary: `One group of likely duplicate ${type.plural}, with every field you may see`,
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 200: groupSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => getGroup(ctx(request), name, request.params.id),
  });

  route.post(`${base}/duplicates/groups/:id/dismiss`, {
    schema: {
      tags,
      summary: 'Say a group is not duplicates',
      description: 'Later scans leave the same group out while no other item joins it. You must be able to read every live item of the group (403 otherwise).',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 204: z.null().describe('Dismissed'), ...errors(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await dismissGroup(ctx(request), name, request.params.id);
      return reply.status(204).send(null);
    },
  });

  route.post(`${base}/merge`, {
    schema: {
      tags,
      summary: `Merge two or more ${type.plural} into one`,
      description:
        "The survivor takes each field's value from the item `values` names; phones, e-mails, links and several-value fields become the union of all. " +
        'Everything that referred to a merged item refers to the survivor; the merged items go to the recycle bin, their history saying into which item. ' +
        'Needs the right to change the survivor and to delete the others (403 naming the item otherwise); an item you may not read is a 404 naming it. One transaction.',
      security: bearer,
      body: mergeBodySchema,
      response: { 200: z.object({ item: itemSchemas(type).item, mergedIds: z.array(z.int()) }), ...errors(400, 401, 403, 404, 409) },
    },
    handler: (request) => mergeItems(ctx(request), name, request.body),
  });
}
