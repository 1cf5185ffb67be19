import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ItemTypeName } from '@vinculo/shared';
import { notFound } from '../../http/app-error.ts';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { typeNameOf } from '../catalog/catalog.ts';
import { createPreset, deletePreset, listPresets, updatePreset } from './filter-preset.service.ts';
import { getListView, saveListView } from './list-view.service.ts';
import { listViewSchema, newPresetSchema, presetChangesSchema, presetSchema, typeParams } from './view.schemas.ts';

/** The item type a URL names (`deals`), through the catalogue; an unknown one is a 404. */
function itemType(plural: string): ItemTypeName {
  const name = typeNameOf(plural);
  if (!name) throw notFound();
  return name;
}

/**
 * The caller's own list settings: /api/v1/views/{type} (columns, sort, preset in use) and
 * /api/v1/filter-presets/{type} (saved filters). Every signed-in user has their own; nobody sees anyone else's.
 */
export function registerViewRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.get('/api/v1/views/:type', {
    schema: {
      tags: ['views'],
      summary: 'Your list settings for an item type: columns, sort, the filter preset in use',
      description: 'Without saved settings, the default: the title or name, stage or status, amount, responsible, phones and e-mails, created on, and custom fields shown in lists. Fields your roles hide are left out.',
      security: bearer,
      params: typeParams,
      response: { 200: listViewSchema, ...errors(401, 404) },
    },
    handler: (request) => getListView(ctx(request), itemType(request.params.type)),
  });

  route.put('/api/v1/views/:type', {
    schema: {
      tags: ['views'],
      summary: 'Save your list settings for an item type',
      description: 'Every column a field you may see, once, 40 to 1000 px wide, at most 100; the sort on a sortable field; `presetId` one of your presets of this type. Errors name the entry (`columns.2.field`) and the rule (`unknown`, `duplicate`, `notSortable`, `exists`, `min`, `max`).',
      security: bearer,
      params: typeParams,
      body: listViewSchema,
      response: { 200: listViewSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => saveListView(ctx(request), itemType(request.params.type), request.body),
  });

  const presets = '/api/v1/filter-presets/:type';
  const presetParams = typeParams.extend({ id: idParam });
  const tags = ['filter presets'];

  route.get(presets, {
    schema: {
      tags,
      summary: 'Your saved filters for an item type, oldest first',
      description: 'The first time, a few useful ones are made for you, named in your language ("My deals in progress", "Won deals"…); one you delete does not come back.',
      security: bearer,
      params: typeParams,
      response: { 200: z.object({ items: z.array(presetSchema) }), ...errors(401, 404) },
    },
    handler: (request) => listPresets(ctx(request), itemType(request.params.type)),
  });

  route.post(presets, {
    schema: {
      tags,
      summary: 'Save a filter',
      description: 'The filter is checked as the list endpoint checks `filter[field][op]=value`, against the fields you may see: errors name the term (`filter.1.op`). A name you already gave a preset of this type is `400` `taken`.',
      security: bearer,
      params: typeParams,
      body: newPresetSchema,
      response: { 201: presetSchema, ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => reply.status(201).send(await createPreset(ctx(request), itemType(request.params.type), request.body)),
  });

  route.patch(`${presets}/:id`, {
    schema: {
      tags,
      summary: 'Change one of your saved filters: name, filter, search text, default mark',
      security: bearer,
      params: presetParams,
      body: presetChangesSchema,
      response: { 200: presetSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => updatePreset(ctx(request), itemType(request.params.type), request.params.id, request.body),
  });

  route.delete(`${presets}/:id`, {
    schema: {
      tags,
      summary: 'Delete one of your saved filters (a list using it goes back to no preset)',
      security: bearer,
      params: presetParams,
      response: { 204: z.null(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await deletePreset(ctx(request), itemType(request.params.type), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
