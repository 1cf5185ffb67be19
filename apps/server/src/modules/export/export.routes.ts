import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32 } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { listQuerySchema } from '../items/item.schemas.ts';
import { maxExportIds, startExport, type ExportRequest } from './export.service.ts';

const filterTerm = z.strictObject({ field: z.string().min(1).max(100), op: z.string().min(1).max(20), value: z.unknown() });

export const exportBodySchema = z.strictObject({
  format: z.enum(['csv', 'xlsx']).describe('CSV (UTF-8 with BOM; `;` for a pt-BR caller, `,` in English) or XLSX'),
  columns: z
    .array(z.string().min(1).max(100))
    .min(1)
    .max(500)
    .optional()
    .describe('The fields to export, in order (the list\'s visible columns); absent: every field you may see. `ID` always comes first'),
  ids: z.array(z.int().min(1).max(maxInt32)).min(1).max(maxExportIds).optional().describe('Ticked rows: these items (those you may export), in id order'),
  filter: z
    .union([z.array(filterTerm).max(100), z.record(z.string(), z.unknown())])
    .optional()
    .describe('As the list filters: terms `{ field, op, value }` that must all hold, or the list\'s `{ field: value | { op: value } }`. Neither this nor `ids`: every item'),
  search: listQuerySchema.shape.search.describe("The list's quick search"),
  sort: listQuerySchema.shape.sort.describe('As the list sorts (default -id); ticked rows come in id order'),
});

/** POST /api/v1/{type}/export for every item type: an export to CSV or XLSX, written by a background job. */
export function registerExportRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  for (const name of itemTypeNames) {
    const type = documentedTypes[name];
    route.post(`/api/v1/${type.plural}/export`, {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: [type.plural],
        summary: `Export ${type.plural} to CSV or XLSX`,
        description:
          'Needs the export right. Exports the items of the list (its filter, quick search and sort) or the ids given, that you may read and ' +
          'export' +
          (name === 'contact' || name === 'company' ? ', and only those "included in export" (`export: true`)' : '') +
          ', with the columns given or every field you may see, in the exchange format (docs/api.md, "Export"). Answers 202 with the job: ' +
          'follow it at GET /api/v1/jobs/{id}; when done, its `fileId` downloads at GET /api/v1/transfer-files/{id}/content.',
        security: bearer,
        body: exportBodySchema,
        response: { 202: z.object({ jobId: z.int(), fileId: z.int().describe('The file being written'), total: z.int().describe('Items selected (ticked rows: the ids given)') }), ...errors(400, 401, 403, 413) },
      },
      handler: async (request, reply) => {
        const started = await startExport(contextOf(request, database, now), name, request.body as ExportRequest);
        app.jobRunner.wake();
        return reply.status(202).header('location', `/api/v1/jobs/${started.jobId}`).send(started);
      },
    });
  }
}
