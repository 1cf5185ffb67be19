import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contextOf } from '../../http/authenticate.ts';
import { notFound } from '../../http/app-error.ts';
import { bearer, errors, idParam, storableText, typed, type RouteDeps } from '../../http/route-support.ts';
import { typeNameOf } from '../catalog/catalog.ts';
import { addComment, deleteComment, editComment } from './comment.service.ts';

export const commentSchema = z.object({
  id: z.int(),
  itemType: z.string(),
  itemId: z.int(),
  text: z.string(),
  author: z.object({ id: z.int(), name: z.string() }).nullable(),
  mentions: z.array(z.object({ id: z.int(), name: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const text = storableText(10_000);

export function registerCommentRoutes(app: FastifyInstance, { database, now }: RouteDeps) {
  const route = typed(app);
  const tags = ['comments'];

  route.post('/api/v1/:plural/:id/comments', {
    schema: {
      tags,
      summary: 'Comment on an item, mentioning users',
      security: bearer,
      params: z.object({ plural: z.enum(['leads', 'contacts', 'companies', 'deals']), id: idParam }),
      body: z.strictObject({ text, mentionIds: z.array(z.int().min(1).max(2_147_483_647)).max(50).optional() }),
      response: { 201: commentSchema, ...errors(400, 401, 404) },
    },
    handler: async (request, reply) => {
      const type = typeNameOf(request.params.plural);
      if (!type) throw notFound();
      return reply.status(201).send(await addComment(contextOf(request, database, now), type, request.params.id, request.body));
    },
  });

  route.patch('/api/v1/comments/:id', {
    schema: { tags, summary: 'Edit your comment', security: bearer, params: z.object({ id: idParam }), body: z.strictObject({ text }), response: { 200: commentSchema, ...errors(400, 401, 403, 404) } },
    handler: async (request) => editComment(contextOf(request, database, now), request.params.id, request.body.text),
  });

  route.delete('/api/v1/comments/:id', {
    schema: { tags, summary: 'Delete a comment (yours, or any as an administrator)', security: bearer, params: z.object({ id: idParam }), response: { 204: z.null(), ...errors(400, 401, 403, 404) } },
    handler: async (request, reply) => {
      await deleteComment(contextOf(request, database, now), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
