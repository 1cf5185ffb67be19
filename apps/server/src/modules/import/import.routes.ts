import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maxInt32 } from '@vinculo/shared';
import { translate } from '@vinculo/shared';
import { AppError } from '../../http/app-error.ts';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { documentedTypes, itemTypeNames } from '../catalog/catalog.ts';
import { rejectedRowsCsv } from './import-report.ts';
import { importSummary, recentImports, previewImport, startImport, undoImport, uploadImportFile } from './import.service.ts';

/** The content types an import file may be sent as; its bytes decide how it is read. */
const fileTypes = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const mappingSchema = z
  .array(z.string().min(1).max(120).nullable())
  .max(1000)
  .describe('One target per column of the file, in order (null: not imported): a field name, `phones:MOBILE`-style multi-value targets, `fullName`, `company`, `contact`, `contact.name`…; the preview lists the targets of the type');

/** The uploaded file's id, as POST /api/v1/imports/files answers it: a JSON number (idParam is for paths and queries, which are text). */
const fileIdSchema = z.int().min(1).max(maxInt32).describe('The fileId POST /api/v1/imports/files answered');

const importSummarySchema = z.object({
  jobId: z.int(),
  type: z.string(),
  fileName: z.string(),
  onDuplicate: z.string(),
  status: z.string(),
  startedAt: z.string(),
  created: z.int(),
  updated: z.int(),
  skipped: z.int(),
  rejected: z.int(),
  undone: z.int(),
  undoJob: z.object({ id: z.int(), status: z.string() }).nullable(),
});

const duplicateSchema = z.enum(['skip', 'update', 'create']).describe('A row matching an item (same e-mail, phone, or name and company): skip it, update that item, or create anyway');

/**
 * /api/v1/imports: upload a file (its bytes as the body), preview it into a type, start the import (a job), follow
 * it, download its rejected rows, undo it. Registered in its own scope: the body parser of the upload passes the
 * request's stream on, so a file of hundreds of megabytes never sits in memory.
 */
export function registerImportRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  app.addContentTypeParser(fileTypes, (_request, payload, done) => done(null, payload));
  const route = typed(app);
  const tags = ['imports'];
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.post('/api/v1/imports/files', {
    schema: {
      tags,
      summary: `Upload a CSV or XLSX file to import (the body is the file, at most ${config.maxImportMb} MiB)`,
      description: 'Send the bytes as they are (Content-Type `text/csv`, `application/octet-stream` or the XLSX type); the encoding, delimiter and format are detected. The file is kept seven days.',
      security: bearer,
      querystring: z.object({ name: z.string().min(1).max(255).default('import.csv').describe("The file's name, as the user knows it") }),
      response: { 201: z.object({ fileId: z.int(), name: z.string(), size: z.int() }), ...errors(400, 401, 403, 413, 415) },
    },
    handler: async (request, reply) => {
      const context = ctx(request);
      // A JSON body was parsed by the JSON parser: the file must come as its own bytes.
      if (!(request.body instanceof Readable)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: fileTypes }, translate(context.locale, 'import.fileBody'));
      const stored = await uploadImportFile(context, request.body, request.query.name, request.headers['content-type'] ?? 'application/octet-stream', config.maxImportMb * 1024 * 1024);
      return reply.status(201).send(stored);
    },
  });

  for (const name of itemTypeNames) {
    const type = documentedTypes[name];
    route.post(`/api/v1/${type.plural}/import/preview`, {
      schema: {
        tags,
        summary: `How an uploaded file would import into ${type.plural}`,
        description: 'The detected format, encoding and delimiter, the header, the mapping (given, saved for this header, or proposed from the header names), every target of the type with its label, and the first 10 rows as they will be imported, each with its values or the reason it would be refused.',
        security: bearer,
        body: z.strictObject({ fileId: fileIdSchema, mapping: mappingSchema.optional() }),
        response: { 200: z.any(), ...errors(400, 401, 403, 404) },
      },
      handler: (request) => previewImport(ctx(request), name, request.body),
    });
    route.post(`/api/v1/${type.plural}/import`, {
      schema: {
        tags,
        summary: `Import an uploaded file into ${type.plural} (a background job)`,
        description: 'Queues the import and answers 202 with the job; follow it at GET /api/v1/imports/{jobId} or /api/v1/jobs/{jobId}. Each batch of rows is one transaction with the job\'s progress: after a crash the import resumes where it stopped, each row imported once.',
        security: bearer,
        body: z.strictObject({
          fileId: fileIdSchema,
          mapping: mappingSchema,
          onDuplicate: duplicateSchema.default('skip'),
          saveMapping: z.boolean().default(true).describe('Offer this mapping again for a file with the same header'),
          dayFirst: z.boolean().optional().describe('Read 05/06/2026 as 5 June (default: from the file, else from your language)'),
        }),
        response: { 202: z.object({ jobId: z.int() }), ...errors(400, 401, 403, 404) },
      },
      handler: async (request, reply) => {
        const started = await startImport(ctx(request), name, request.body);
        app.jobRunner.wake();
        return reply.status(202).header('location', `/api/v1/imports/${started.jobId}`).send(started);
      },
    });
  }

  route.get('/api/v1/imports', {
    schema: {
      tags,
      summary: "The caller's latest imports, newest first, with what became of their rows",
      security: bearer,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(8).describe('How many (1–50, default 8)') }),
      response: { 200: z.object({ items: z.array(importSummarySchema) }), ...errors(400, 401) },
    },
    handler: (request) => recentImports(ctx(request), request.query.limit),
  });

  route.get('/api/v1/imports/:id', {
    schema: {
      tags,
      summary: 'An import and what became of its rows',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 200: importSummarySchema, ...errors(400, 401, 404) },
    },
    handler: (request) => importSummary(ctx(request), request.params.id),
  });

  route.get('/api/v1/imports/:id/rejected', {
    schema: {
      tags,
      summary: 'The rejected rows of an import, as CSV: row number, reason, then the row as it was in the file',
      security: bearer,
      params: z.object({ id: idParam }),
      produces: ['text/csv'],
      response: { 200: z.any(), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      const report = await rejectedRowsCsv(ctx(request), request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .send(report.stream);
    },
  });

  route.post('/api/v1/imports/:id/undo', {
    schema: {
      tags,
      summary: 'Undo an import: what it created goes to the recycle bin, what it updated gets its values back (a background job)',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 202: z.object({ jobId: z.int() }), ...errors(400, 401, 404, 409) },
    },
    handler: async (request, reply) => {
      const started = await undoImport(ctx(request), request.params.id);
      app.jobRunner.wake();
      return reply.status(202).header('location', `/api/v1/jobs/${started.jobId}`).send(started);
    },
  });
}
