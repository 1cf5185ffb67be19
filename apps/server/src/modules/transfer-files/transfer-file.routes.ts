import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { translate } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { AppError } from '../../http/app-error.ts';
import { bearer, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { idParamsSchema } from '../items/item.schemas.ts';
import { fileStream, isWritten, ownTransferFile } from './transfer-file.service.ts';

/**
 * GET /api/v1/transfer-files/{id}/content: a file an export wrote (or an import read), as a download. Only its author
 * or an administrator gets it; to anyone else it does not exist (404). Streamed part by part, one in memory.
 */
export function registerTransferFileRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  typed(app).get('/api/v1/transfer-files/:id/content', {
    schema: {
      tags: ['jobs'],
      summary: 'Download a file an export wrote',
      description:
        'The `fileId` of a finished export job (GET /api/v1/jobs/{id}), as an attachment with its name and type (text/csv or XLSX). ' +
        "Only its author or an administrator may download it (anyone else: 404); a file whose export has not finished is a 409. Files are kept 7 days.",
      security: bearer,
      params: idParamsSchema,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'],
      response: { 200: z.any().describe('The bytes'), ...errors(400, 401, 404, 409) },
    },
    handler: async (request, reply) => {
      const ctx = contextOf(request, database, now);
      const file = await ownTransferFile(ctx, request.params.id);
      if (!isWritten(file)) throw new AppError('CONFLICT', { reason: 'notFinished' }, translate(ctx.locale, 'transferFile.notFinished'));
      return reply
        .header('content-type', file.content_type)
        .header('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeRfc5987(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(fileStream(database.db, file));
    },
  });
}

const encodeRfc5987 = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
