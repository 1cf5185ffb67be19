import type { ItemTypeName } from '@vinculo/shared';
import { sql } from 'kysely';
import { itemTypeNames } from '../catalog/catalog.ts';
import { addComment, commentDtos, deleteComment, editComment, getComment, visibleComments, type CommentDto } from '../comments/comment.service.ts';
import { bitrixDateTime } from './bitrix-envelope.ts';
import { invalidArgument } from './bitrix-errors.ts';
import type { MethodTable } from './bitrix-methods.ts';
import { intParam, objectParam } from './bitrix-params.ts';
import { describeFields, idParam } from './dictionary-support.ts';

/**
 * `crm.timeline.comment.*` (bitrix24-rest.md §8.2) over the comments service: comments on leads, contacts, companies
 * and deals, visible to whoever may read their item. Files are not carried (`FILES` is always empty).
 */

const pageSize = 50;

function entityType(value: unknown): ItemTypeName {
  const name = String(value ?? '').toLowerCase();
  if (!itemTypeNames.includes(name as ItemTypeName)) throw invalidArgument(`ENTITY_TYPE must be one of ${itemTypeNames.join(', ')}`);
  return name as ItemTypeName;
}

function entityId(value: unknown): number {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(id) || id <= 0) throw invalidArgument('ENTITY_ID is not defined or invalid.');
  return id;
}

function commentText(fields: Record<string, unknown>): string {
  const text = typeof fields.COMMENT === 'string' ? fields.COMMENT : '';
  if (text.trim() === '') throw invalidArgument('Empty comment message');
  return text;
}

const toBitrix = (comment: CommentDto) => ({
  ID: String(comment.id),
  ENTITY_ID: comment.itemId,
  ENTITY_TYPE: comment.itemType,
  CREATED: bitrixDateTime(new Date(comment.createdAt)),
  COMMENT: comment.text,
  AUTHOR_ID: comment.author ? String(comment.author.id) : null,
  FILES: [],
});

const orderColumns: Record<string, string> = { ID: 'comments.id', CREATED: 'comments.created_at', AUTHOR_ID: 'comments.author_id' };

export const timelineCommentMethods: MethodTable = {
  'crm.timeline.comment.fields': {
    scope: 'crm',
    run: async ({ caller }) => ({
      result: describeFields(caller.ctx, {
        ID: { type: 'integer', title: { en: 'ID', 'pt-BR': 'ID' }, isReadOnly: true },
        ENTITY_ID: { type: 'integer', title: { en: 'Item ID', 'pt-BR': 'ID do item' }, isRequired: true, isImmutable: true },
        ENTITY_TYPE: { type: 'string', title: { en: 'Item type', 'pt-BR': 'Tipo do item' }, isRequired: true, isImmutable: true },
        CREATED: { type: 'datetime', title: { en: 'Created', 'pt-BR': 'Criado em' }, isReadOnly: true },
        COMMENT: { type: 'string', title: { en: 'Comment', 'pt-BR': 'Comentário' }, isRequired: true },
        AUTHOR_ID: { type: 'user', title: { en: 'Author', 'pt-BR': 'Autor' }, isReadOnly: true },
        FILES: { type: 'attached_diskfile', title: { en: 'Files', 'pt-BR': 'Arquivos' }, isReadOnly: true },
      }),
    }),
  },
  'crm.timeline.comment.add': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const fields = objectParam(params, 'fields');
      const added = await addComment(caller.ctx, entityType(fields.ENTITY_TYPE), entityId(fields.ENTITY_ID), { text: commentText(fields) });
      return { result: added.id };
    },
  },
  'crm.timeline.comment.get': {
    scope: 'crm',
    run: async ({ caller, params }) => ({ result: toBitrix(await getComment(caller.ctx, idParam(params))) }),
  },
  'crm.timeline.comment.update': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const id = idParam(params);
      await editComment(caller.ctx, id, commentText(objectParam(params, 'fields')));
      return { result: id };
    },
  },
  'crm.timeline.comment.delete': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      await deleteComment(caller.ctx, idParam(params));
      return { result: null };
    },
  },
  'crm.timeline.comment.list': {
    scope: 'crm',
    run: async ({ caller, params }) => {
      const filter = objectParam(params, 'filter');
      const type = entityType(filter.ENTITY_TYPE);
      const id = entityId(filter.ENTITY_ID);
      const start = Math.max(0, intParam(params, 'start') ?? 0);
      const noCount = intParam(params, 'start') === -1;
      const order = objectParam(params, 'order');
      let query = visibleComments(caller.ctx).where('comments.entity_type', '=', type).where('comments.entity_id', '=', id);
      for (const [field, direction] of Object.entries(order)) {
        const column = orderColumns[field.toUpperCase()];
        if (!column) throw invalidArgument(`Cannot sort by ${field}`);
        query = query.orderBy(sql.ref(column), String(direction).toLowerCase() === 'desc' ? 'desc' : 'asc');
      }
      const rows = await query.orderBy('comments.id', 'asc').offset(start).limit(pageSize + 1).execute();
      const page = await commentDtos(caller.ctx, rows.slice(0, pageSize) as Parameters<typeof commentDtos>[1]);
      const result = page.map(toBitrix);
      if (noCount) return { result, total: 0 };
      const total = Number((await visibleComments(caller.ctx).clearSelect().select(sql<number>`count(*)`.as('n')).where('comments.entity_type', '=', type).where('comments.entity_id', '=', id).executeTakeFirst())?.n ?? 0);
      return { result, total, ...(rows.length > pageSize ? { next: start + pageSize } : {}) };
    },
  },
};

