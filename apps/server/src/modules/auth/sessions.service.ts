import { inTransaction, type Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { appendEvent } from '../events/event.repository.ts';
import { hashSecret } from './secrets.ts';
import * as repository from './sessions.repository.ts';

/** The signed-in user's own sessions ("active sessions" on the profile): listing them and signing them out. */

export interface SessionDto {
  /** The session's public name, never its secret. */
  id: string;
  createdAt: string;
  /** Updated at most once a minute while the session is used. */
  lastSeenAt: string;
  expiresAt: string;
  /** The browser's User-Agent and the IP address at sign-in; null for sessions made before they were recorded. */
  userAgent: string | null;
  address: string | null;
  /** The session the request came with. */
  current: boolean;
}

/** `currentSecret`: the cookie of the request, undefined for a request with an API token (then no session is current). */
export async function listSessions(ctx: Context, currentSecret: string | undefined): Promise<SessionDto[]> {
  const currentHash = currentSecret === undefined ? undefined : hashSecret(currentSecret);
  const rows = await repository.liveSessionsOf(ctx.db, ctx.actor.id, ctx.now().toISOString());
  const sessions = rows.map((row) => ({
    id: row.public_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    address: row.address,
    current: row.id_hash === currentHash,
  }));
  // This device first, then the others as they were last seen.
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}

/** Signs out one of the caller's sessions at once (its next request is 401); someone else's, or an unknown one, is 404. */
export async function endSession(ctx: Context, publicId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const now = tx.now().toISOString();
    if (!(await repository.deleteSessionOf(tx.db, tx.actor.id, publicId, now))) throw new AppError('NOT_FOUND');
    await appendEvent(tx.db, { type: 'user.sessionEnded', entityType: 'user', entityId: tx.actor.id, actorId: tx.actor.id, changes: {}, occurredAt: now });
    await recordAudit(tx, { kind: 'auth.sessionEnded', target: { type: 'user', id: tx.actor.id }, details: { ended: 1 } });
  });
}

/** "Sign out everywhere else": every session of the caller but the current one ends at once (all of them with an API token). */
export async function endOtherSessions(ctx: Context, currentSecret: string | undefined): Promise<{ ended: number }> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.now().toISOString();
    const ended = await repository.deleteSessionsExcept(tx.db, tx.actor.id, currentSecret === undefined ? undefined : hashSecret(currentSecret), now);
    if (ended > 0) {
      await appendEvent(tx.db, { type: 'user.sessionsEnded', entityType: 'user', entityId: tx.actor.id, actorId: tx.actor.id, changes: { sessions: [ended, 0] }, occurredAt: now });
      await recordAudit(tx, { kind: 'auth.sessionsEnded', target: { type: 'user', id: tx.actor.id }, details: { ended } });
    }
    return { ended };
  });
}
