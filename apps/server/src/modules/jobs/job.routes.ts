import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { bulkJobs } from '../bulk/bulk-job.ts';
import { duplicateScanJobs } from '../duplicates/duplicate-scan.ts';
import { exportJobs } from '../export/export-job.ts';
import { importJobs } from '../import/import-job.ts';
import { importUndoJobs } from '../import/import-undo-job.ts';
import { startJobRunner } from './job-runner.ts';
import { cancelOwnJob, readJob } from './job.service.ts';

export const jobSchema = z
  .object({
    id: z.int(),
    kind: z.string().describe('`bulk`: a group action; `export`: an export to CSV or XLSX'),
    type: z.string().describe('The item type: lead, contact, company, deal'),
    action: z.string().describe('Group actions: assign, stage, set, export or delete; exports: csv or xlsx'),
    status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
    total: z.int().describe('Items selected when the job was made (an export of ticked rows: the ids given)'),
    processed: z.int().describe('Items dealt with so far (done or refused); grows batch by batch'),
    succeeded: z.int(),
    refused: z.int().describe('Items left as they were, all counted'),
    refusals: z
      .array(z.object({ id: z.int(), code: z.string().describe('NOT_FOUND, FORBIDDEN, CONFLICT, STAGE_NOT_IN_PIPELINE or INVALID'), reason: z.string().describe("In the reader's language") }))
      .describe('The first 1,000 refused items, with why'),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable().describe('Why a failed job stopped'),
    fileId: z.int().nullable().describe('When a job that writes a file (an export) is done: the file, at GET /api/v1/transfer-files/{id}/content; otherwise null'),
  })
  .describe('A background job');

/**
 * Starts this server's job runner (stopped when the app closes: the batch in hand finishes, an unfinished job goes
 * back to the queue) and serves GET /api/v1/jobs/{id} and POST /api/v1/jobs/{id}/cancel.
 */
export function registerJobs(app: FastifyInstance, { database, now }: RouteDeps) {
  const runner = startJobRunner(database, { handlers: { bulk: bulkJobs, import: importJobs, 'import-undo': importUndoJobs, 'duplicate-scan': duplicateScanJobs, export: exportJobs() }, now, log: app.log });
  app.decorate('jobRunner', runner);
  app.addHook('onClose', () => runner.stop());

  const route = typed(app);
  const tags = ['jobs'];
  route.get('/api/v1/jobs/:id', {
    schema: {
      tags,
      summary: 'Progress and outcome of a background job',
      description: "Only the job's author (or an administrator) may read it; anyone else gets a 404.",
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 200: jobSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => readJob(contextOf(request, database, now), request.params.id),
  });

  route.post('/api/v1/jobs/:id/cancel', {
    schema: {
      tags,
      summary: 'Stop a background job',
      description: 'The batch in hand finishes; what was done stays done. A job that has ended is answered as it is.',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 200: jobSchema, ...errors(400, 401, 404) },
    },
    handler: (request) => cancelOwnJob(contextOf(request, database, now), request.params.id),
  });
}
