import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { translate, type Locale } from '@vinculo/shared';
import { contextOf } from '../../http/authenticate.ts';
import { AppError } from '../../http/app-error.ts';
import { bearer, bodyCheckedByService, errors, typed, type RouteDeps } from '../../http/route-support.ts';
import { idParamsSchema } from '../items/item.schemas.ts';
import { downloadFile, getFile, uploadFile, type Upload } from './file.service.ts';

const fileSchema = z.object({
  id: z.int(),
  name: z.string(),
  contentType: z.string().describe('As uploaded; downloads serve anything but PNG, JPEG, GIF, WebP and PDF as application/octet-stream'),
  size: z.int().describe('Bytes'),
  sha256: z.string().describe('Hex SHA-256 of the bytes'),
  createdAt: z.string(),
});

/** /api/v1/files: upload one file (multipart/form-data), read its metadata, download its bytes. */
export function registerFileRoutes(app: FastifyInstance, { database, now, config }: RouteDeps) {
  const route = typed(app);
  const tags = ['files'];
  const base = '/api/v1/files';
  const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, database, now);

  route.post(base, {
    schema: {
      tags,
      summary: `Upload a file (multipart/form-data, one file part, at most ${config.maxUploadMb} MiB)`,
      security: bearer,
      consumes: ['multipart/form-data'],
      // Documents the form; the multipart parser, not a schema, reads it.
      body: z.object({ file: z.string().meta({ format: 'binary' }).describe('The file; its name and Content-Type are kept') }),
      response: { 201: fileSchema, ...errors(400, 401, 413, 415) },
    },
    validatorCompiler: bodyCheckedByService,
    handler: async (request, reply) => {
      const context = ctx(request);
      return reply.status(201).send(await uploadFile(context, await readUpload(request, config.maxUploadMb, context.locale)));
    },
  });
  route.get(`${base}/:id`, {
    schema: { tags, summary: 'A file\'s metadata', security: bearer, params: idParamsSchema, response: { 200: fileSchema, ...errors(400, 401, 404) } },
    handler: (request) => getFile(ctx(request), request.params.id),
  });
  route.get(`${base}/:id/content`, {
    schema: {
      tags,
      summary: 'A file\'s bytes, always as a download (Content-Disposition: attachment)',
      security: bearer,
      params: idParamsSchema,
      produces: ['application/octet-stream'],
      response: { 200: z.instanceof(Buffer).describe('The bytes'), ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      const file = await downloadFile(ctx(request), request.params.id);
      return reply
        .header('content-type', file.servedType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-length', String(file.data.length))
        .send(file.data);
    },
  });
}

/**
 * The one file part of a multipart request (null when there is none), its bytes in memory: the plugin's limits
 * (app.ts) bound its size. Parser failures become errors in the API's shape.
 */
async function readUpload(request: FastifyRequest, maxUploadMb: number, locale: Locale): Promise<Upload | null> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' }, translate(locale, 'file.multipartRequired'));
  let upload: Upload | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const data = await part.toBuffer();
      // A browser's empty file input sends a nameless, empty part.
      if (part.filename === '' && data.length === 0) continue;
      upload = { filename: part.filename, contentType: part.mimetype, data };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: maxUploadMb * 1024 * 1024 }, translate(locale, 'file.tooLarge', { max: maxUploadMb }));
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', { reason: 'oneFile' }, translate(locale, 'file.oneFile'));
    }
    // A malformed body: no boundary, a truncated part, a bad header.
    throw new AppError('BAD_REQUEST', { reason: typeof code === 'string' ? code : 'malformedMultipart' });
  }
  return upload;
}

/** RFC 5987 `ext-value` characters: encodeURIComponent leaves ' ( ) * as they are, which the grammar does not allow. */
const encodeRfc5987 = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
