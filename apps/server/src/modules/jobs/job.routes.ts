import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { bearer, errors, idParam, typed, type RouteDeps } from '../../http/route-support.ts';
import { startWorker, type Worker, type WorkerOptions } from '../worker/worker.ts';
import type { JobRunner } from './job-runner.ts';
import { cancelOwnJob, deadLetters, readJob, retryDeadJob } from './job.service.ts';

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
    attempts: z.int().describe('Unexpected failures so far (each followed by a retry after a back-off)'),
    deadAt: z.string().nullable().describe('When the job went to the dead-letter list (it failed too often); null otherwise'),
  })
  .describe('A background job');

const deadJobSchema = jobSchema.extend({
  lastError: z.string().nullable().describe('The last unexpected error, as the server logged it'),
  createdBy: z.object({ id: z.int(), name: z.string() }),
});

/**
 * Starts this server's worker (modules/worker: jobs, the outbox dispatcher, periodic tasks), unless `worker` is false
 * — at once, or with `afterListen` once the server listens (a server that fails to start does no background work) —
 * stopped when the app closes (the batch in hand finishes, an unfinished job goes back to the queue); serves
 * GET /api/v1/jobs/{id}, POST /api/v1/jobs/{id}/cancel and the dead-letter list.
 */
export function registerJobs(app: FastifyInstance, { database, now }: RouteDeps, worker: (Omit<WorkerOptions, 'now' | 'log'> & { afterListen?: boolean }) | false) {
  let started: Worker | undefined;
  app.decorate('jobRunner', {
    wake: () => started?.jobs.wake(),
    whenIdle: async () => started?.jobs.whenIdle(),
    stop: async () => started?.jobs.stop(),
  } satisfies JobRunner);
  app.decorate('worker', undefined);
  if (worker) {
    const start = () => {
      started = startWorker(database, { ...worker, now, log: app.log });
      app.worker = started;
    };
    if (worker.afterListen) app.addHook('onListen', async () => start());
    else start();
    app.addHook('onClose', async () => started?.stop());
  }

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

  route.get('/api/v1/jobs/dead-letters', {
    schema: {
      tags,
      summary: 'Jobs that kept failing (administrators)',
      description:
        'A job that fails unexpectedly is tried again after an exponential back-off; after five attempts it lands here, with its last error, newest first (at most 200).',
      security: bearer,
      response: { 200: z.object({ items: z.array(deadJobSchema) }), ...errors(401, 403) },
    },
    handler: async (request) => ({ items: await deadLetters(contextOf(request, database, now)) }),
  });

  route.post('/api/v1/jobs/:id/retry', {
    schema: {
      tags,
      summary: 'Queue a job from the dead-letter list again (administrators)',
      description: 'It goes on from the batch it had reached, its attempts counted afresh. A job not on the list is a 404.',
      security: bearer,
      params: z.object({ id: idParam }),
      response: { 200: jobSchema, ...errors(400, 401, 403, 404) },
    },
    handler: async (request) => {
      const job = await retryDeadJob(contextOf(request, database, now), request.params.id);
      app.jobRunner.wake();
      return job;
    },
  });
}
