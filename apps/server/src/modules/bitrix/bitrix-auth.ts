import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { accessOf } from '../access/access.service.ts';
import { hashSecret } from '../auth/secrets.ts';
import { catalogFor, loadTypes } from '../catalog/catalog.ts';
import { noAuth } from './bitrix-errors.ts';
import { touchInboundWebhook, webhookByCode } from './inbound-webhook.repository.ts';

/** The webhook a call came through: who it acts as (their rights, their hidden fields) and its scopes. */
export interface WebhookCaller {
  ctx: Context;
  webhookId: number;
  scopes: string[];
}

const touchEveryMs = 60_000;

/** Resolves `/rest/{userId}/{code}/`: a live webhook of an active user, or 401 `NO_AUTH_FOUND`. */
export async function webhookCaller(database: Database, userId: string, code: string, now: () => Date, address: string): Promise<WebhookCaller> {
  if (!/^\d{1,9}$/.test(userId) || code.length === 0 || code.length > 64) throw noAuth();
  const row = await webhookByCode(database.db, Number(userId), hashSecret(code));
  if (!row || row.is_active !== 1) throw noAuth();
  const at = now();
  if (!row.last_used_at || at.getTime() - new Date(row.last_used_at).getTime() > touchEveryMs) await touchInboundWebhook(database.db, Number(row.id), at.toISOString());
  const actor = { id: Number(row.user_id), name: row.name, isAdmin: row.is_admin === 1, locale: row.locale === 'en' ? ('en' as const) : ('pt-BR' as const) };
  // The versions came with the webhook, in the same read.
  const access = await accessOf(database.db, actor, row.access_version ?? '0');
  const catalog = catalogFor(await loadTypes(database.db, database.dialect, row.fields_version ?? '0'), access);
  const ctx: Context = { db: database.db, dialect: database.dialect, actor, locale: actor.locale, now, catalog, access, address };
  return { ctx, webhookId: Number(row.id), scopes: JSON.parse(row.scopes) as string[] };
}
