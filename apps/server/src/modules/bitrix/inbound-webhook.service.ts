import { randomBytes } from 'node:crypto';
import { isoTimestamp } from '../../db/timestamps.ts';
import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { hashSecret } from '../auth/secrets.ts';
import * as repository from './inbound-webhook.repository.ts';

/**
 * Bitrix24-style inbound webhooks: a URL `…/rest/{userId}/{code}/` that calls the compatible API as that user, with
 * that user's rights and hidden fields. The code is random (16 characters, as Bitrix24's), shown once; only its
 * SHA-256 is stored. A user makes them for themself; an administrator for anyone.
 */

/** The scopes a webhook may have; `crm` covers every crm.* method (the others need none). */
export const knownScopes = ['crm', 'user'] as const;

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newCode = () => Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');

export interface InboundWebhookDto {
  id: number;
  name: string;
  user: { id: number; name: string };
  scopes: string[];
  /** The last four characters of the code, to tell webhooks apart. */
  codeHint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface NewInboundWebhook {
  name: string;
  userId?: number;
  scopes?: string[];
}

/** The base URL of a webhook: `{publicUrl}/rest/{userId}/{code}/`. */
export const webhookUrl = (publicUrl: string, userId: number, code: string) => `${publicUrl.replace(/\/+$/, '')}/rest/${userId}/${code}/`;

export async function createInboundWebhook(ctx: Context, input: NewInboundWebhook, publicUrl: string): Promise<InboundWebhookDto & { url: string }> {
  const userId = input.userId ?? ctx.actor.id;
  if (userId !== ctx.actor.id && !ctx.actor.isAdmin) throw new AppError('FORBIDDEN', { reason: 'otherUser' });
  const scopes = [...new Set(input.scopes ?? ['crm'])];
  const unknown = scopes.findIndex((scope) => !(knownScopes as readonly string[]).includes(scope));
  if (unknown >= 0) throw invalid([{ field: `scopes.${unknown}`, rule: 'unknown' }]);
  const user = await ctx.db.selectFrom('users').select(['id', 'name', 'is_active']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.is_active !== 1) throw invalid([{ field: 'userId', rule: 'user' }]);
  const code = newCode();
  const now = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const created = await repository.insertInboundWebhook(trx, { userId, name: input.name, codeHash: hashSecret(code), codeHint: code.slice(-4), scopes, createdById: ctx.actor.id, now });
    await recordAudit({ ...ctx, db: trx }, { kind: 'settings.inboundWebhook.created', target: { type: 'inboundWebhook', id: created }, details: { name: input.name, userId, scopes } });
    return created;
  });
  return { id, name: input.name, user: { id: user.id, name: user.name }, scopes, codeHint: code.slice(-4), createdAt: now, lastUsedAt: null, url: webhookUrl(publicUrl, userId, code) };
}

/** The caller's live webhooks (an administrator: everyone's). */
export async function listInboundWebhooks(ctx: Context): Promise<InboundWebhookDto[]> {
  const rows = await repository.listInboundWebhooks(ctx.db, ctx.actor.isAdmin ? null : ctx.actor.id);
  return rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    user: { id: Number(row.user_id), name: row.user_name },
    scopes: JSON.parse(row.scopes) as string[],
    codeHint: row.code_hint,
    createdAt: isoTimestamp(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : isoTimestamp(row.last_used_at),
  }));
}

export async function revokeInboundWebhook(ctx: Context, id: number): Promise<void> {
  const row = await repository.findInboundWebhook(ctx.db, id);
  if (!row || (row.user_id !== ctx.actor.id && !ctx.actor.isAdmin)) throw notFound();
  await ctx.db.transaction().execute(async (trx) => {
    await repository.revokeInboundWebhook(trx, id, ctx.now().toISOString());
    await recordAudit({ ...ctx, db: trx }, { kind: 'settings.inboundWebhook.revoked', target: { type: 'inboundWebhook', id }, details: { name: row.name, userId: row.user_id } });
  });
}

/** For the CLI: makes a webhook for a user found by e-mail, as an administrator would. */
export async function createForEmail(database: Database, email: string, name: string, scopes: string[], publicUrl: string, now: Date) {
  const user = await database.db.selectFrom('users').select(['id', 'name', 'is_active']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.is_active !== 1) return undefined;
  const code = newCode();
  const id = await database.db.transaction().execute(async (trx) => {
    const created = await repository.insertInboundWebhook(trx, { userId: user.id, name, codeHash: hashSecret(code), codeHint: code.slice(-4), scopes, createdById: null, now: now.toISOString() });
    // Made at the console: audited without an actor, as a console revoke is.
    await appendAudit(trx, { kind: 'settings.inboundWebhook.created', actorId: null, at: now, address: null, target: { type: 'inboundWebhook', id: created }, details: { name, userId: user.id, scopes } });
    return created;
  });
  return { id, url: webhookUrl(publicUrl, user.id, code) };
}

