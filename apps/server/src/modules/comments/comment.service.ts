import type { ItemTypeName } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { appendEvent } from '../events/event.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import { requireActiveUsers } from '../org/active-users.ts';
import { groupBy, readableItem, requireReadable } from '../timeline/item-refs.ts';
import { timelineDb, type TimelineTables } from '../timeline/timeline.tables.ts';

/**
 * Comments on an item's timeline. Whoever may read the item may comment and read the comments; the author edits,
 * the author or an administrator deletes. A comment mentions users by id (the web app writes `@Name` in the text and
 * sends the ids): each mentioned active user is told once.
 */

export interface CommentDto {
  id: number;
  itemType: string;
  itemId: number;
  text: string;
  author: { id: number; name: string } | null;
  mentions: Array<{ id: number; name: string }>;
  createdAt: string;
  updatedAt: string;
}

type CommentRow = TimelineTables['comments'] & { id: number; author_name: string | null };

/** Comments of items the caller may read, in SQL, with their author's name. */
export function visibleComments(ctx: Context) {
  return timelineDb(ctx.db)
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .selectAll('comments')
    .select('users.name as author_name')
    .where(readableItem(ctx, 'comments.entity_type', 'comments.entity_id'));
}

export async function addComment(ctx: Context, type: ItemTypeName, itemId: number, input: { text: string; mentionIds?: number[] }): Promise<CommentDto> {
  return inTransaction(ctx, async (tx) => {
    await requireReadable(tx, [{ type, id: itemId }], 'item');
    const mentioned = await requireActiveUsers(tx, 'mentionIds', input.mentionIds ?? []);
    const now = tx.now().toISOString();
    const { id } = await timelineDb(tx.db)
      .insertInto('comments')
      .values({ entity_type: type, entity_id: itemId, author_id: tx.actor.id, text: input.text, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (mentioned.length > 0) await timelineDb(tx.db).insertInto('comment_mentions').values(mentioned.map((userId) => ({ comment_id: Number(id), user_id: userId }))).execute();
    await appendEvent(tx.db, { type: 'comment.added', entityType: 'comment', entityId: Number(id), actorId: tx.actor.id, occurredAt: now, changes: { item: [null, { type, id: itemId }], mentionIds: [null, mentioned] } });
    await notify(tx.db, tx.now(), mentioned.map((userId) => ({ userId, kind: 'mention', actorId: tx.actor.id, item: { type, id: itemId }, commentId: Number(id) })));
    return getComment(tx, Number(id));
  });
}

export async function editComment(ctx: Context, id: number, text: string): Promise<CommentDto> {
  return inTransaction(ctx, async (tx) => {
    const current = await getComment(tx, id);
    if (current.author?.id !== tx.actor.id) throw new AppError('FORBIDDEN', { reason: 'author' });
    const now = tx.now().toISOString();
    await timelineDb(tx.db).updateTable('comments').set({ text, updated_at: now }).where('id', '=', id).execute();
    const item = { type: current.itemType, id: current.itemId };
    await appendEvent(tx.db, { type: 'comment.edited', entityType: 'comment', entityId: id, actorId: tx.actor.id, occurredAt: now, changes: { item: [item, item], text: [current.text, text] } });
    return getComment(tx, id);
  });
}

export async function deleteComment(ctx: Context, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await getComment(tx, id);
    if (current.author?.id !== tx.actor.id && !tx.actor.isAdmin) throw new AppError('FORBIDDEN', { reason: 'author' });
    await timelineDb(tx.db).deleteFrom('comments').where('id', '=', id).execute();
    await appendEvent(tx.db, { type: 'comment.deleted', entityType: 'comment', entityId: id, actorId: tx.actor.id, occurredAt: tx.now().toISOString(), changes: { item: [{ type: current.itemType, id: current.itemId }, null] } });
  });
}

export async function getComment(ctx: Context, id: number): Promise<CommentDto> {
  const row = (await visibleComments(ctx).where('comments.id', '=', id).executeTakeFirst()) as CommentRow | undefined;
  if (!row) throw notFound();
  return (await commentDtos(ctx, [row]))[0];
}

export async function commentDtos(ctx: Context, rows: CommentRow[]): Promise<CommentDto[]> {
  if (rows.length === 0) return [];
  const mentions = await timelineDb(ctx.db)
    .selectFrom('comment_mentions')
    .innerJoin('users', 'users.id', 'comment_mentions.user_id')
    .select(['comment_mentions.comment_id', 'users.id', 'users.name'])
    .where('comment_mentions.comment_id', 'in', rows.map((row) => Number(row.id)))
    .orderBy('users.name')
    .execute();
  const mentionsOf = groupBy(mentions, (m) => Number(m.comment_id));
  return rows.map((row) => ({
    id: Number(row.id),
    itemType: row.entity_type,
    itemId: Number(row.entity_id),
    text: row.text,
    author: row.author_id === null ? null : { id: Number(row.author_id), name: row.author_name ?? '' },
    mentions: (mentionsOf.get(Number(row.id)) ?? []).map((m) => ({ id: Number(m.id), name: m.name })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}
