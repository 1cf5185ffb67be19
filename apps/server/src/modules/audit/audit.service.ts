import type { Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { AppError, invalid } from '../../http/app-error.ts';
import * as repository from './audit.repository.ts';

/**
 * The audit log (R11): who changed the settings, users, departments, roles and API tokens, and every sign-in.
 * Each entry is written by the service that makes the change, inside its transaction, so an entry exists exactly
 * when the change does. Details hold old and new values where they mean something, never a secret.
 */

/** What an entry is about: a user, a role, a pipeline, a list value (`STATUS:NEW`), a currency (`USD`)… */
export interface AuditTarget {
  type: string;
  id: string | number;
}

export interface AuditInput {
  /** `<area>.<what happened>`, e.g. `settings.currency.added`, `user.deactivated`, `auth.signInFailed`. */
  kind: string;
  target?: AuditTarget | null;
  details?: Record<string, unknown>;
}

/** Records an entry by the context's actor, from its request's address. Only inside the change's transaction. */
export async function recordAudit(tx: Context, entry: AuditInput): Promise<void> {
  await appendAudit(tx.db, { ...entry, actorId: tx.actor.id ?? null, at: tx.now(), address: tx.address ?? null });
}

/**
 * The same for the sign-in routes, which have no context: the actor is who signed in (null for an unknown account).
 * `db` must be the transaction of the change the entry records.
 */
export async function appendAudit(db: Db, entry: AuditInput & { actorId: number | null; at: Date; address: string | null }): Promise<void> {
  if (!db.isTransaction) throw new Error('An audit entry is written in the transaction of the change it records');
  await repository.insertEntry(db, {
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    kind: entry.kind,
    targetType: entry.target ? entry.target.type : null,
    targetId: entry.target ? String(entry.target.id) : null,
    details: JSON.stringify(withoutSecrets(entry.details ?? {})),
    ip: entry.address,
  });
}

// Keys that may hold a secret, and values that look like one (an API token, an argon2 hash): never stored.
const secretKey = /pass(word)?|hash|token|secret|cookie|session/i;
const secretValue = /^(vk_|\$argon2)/;

/** The details without anything that could be a secret, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !secretKey.test(key)).map(([key, v]) => [key, withoutSecrets(v)]));
  }
  if (typeof value === 'string' && secretValue.test(value)) return '[redacted]';
  return value;
}

/** The old and new values of the keys that differ between `before` and `after` (`{ key: [old, new] }`). */
export function changedValues(before: Record<string, unknown> | null, after: Record<string, unknown> | null, keys?: string[]): Record<string, [unknown, unknown]> {
  const names = keys ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of names) {
    const old = before?.[key] ?? null;
    const now = after?.[key] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes[key] = [old, now];
  }
  return changes;
}

export interface AuditQuery {
  actorId?: number;
  kind?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

export interface AuditEntryDto {
  id: number;
  at: string;
  actor: { id: number; name: string } | null;
  kind: string;
  target: { type: string; id: string; name: string | null } | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** The entries, newest first, for administrators only; `cursor` is the last id of the previous page. */
export async function listAudit(ctx: Context, query: AuditQuery): Promise<{ items: AuditEntryDto[]; nextCursor: string | null }> {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
  const beforeId = query.cursor === undefined ? undefined : Number(query.cursor);
  if (query.cursor !== undefined && (!/^[1-9]\d{0,9}$/.test(query.cursor) || beforeId! > 2_147_483_647)) throw invalid([{ field: 'cursor', rule: 'cursor' }]);
  const filter = { actorId: query.actorId, kindPrefix: query.kind, from: instant(query.from), to: instant(query.to), beforeId };
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) throw invalid([{ field: 'to', rule: 'min', params: { min: query.from } }]);
  const rows = await repository.entries(ctx.db, filter, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items = page.map((row): AuditEntryDto => {
    const details = JSON.parse(row.details) as Record<string, unknown>;
    const detailName = typeof details.name === 'string' ? details.name : null;
    return {
      id: Number(row.id),
      at: new Date(row.at).toISOString(),
      actor: row.actor_id === null ? null : { id: Number(row.actor_id), name: row.actor_name ?? '' },
      kind: row.kind,
      target: row.target_type === null ? null : { type: row.target_type, id: row.target_id ?? '', name: row.target_user_name ?? detailName },
      details,
      ip: row.ip,
    };
  });
  return { items, nextCursor: rows.length > query.limit ? String(page[page.length - 1].id) : null };
}

/** An ISO date or date-time as the stored form of instants (UTC, milliseconds), compared as text on SQLite. */
const instant = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
