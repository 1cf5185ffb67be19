import { isAcceptablePassword, normalizeEmail } from '@vinculo/shared';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { AppError, invalid } from '../../http/app-error.ts';
import { appendAudit } from '../audit/audit.service.ts';
import * as repository from './auth.repository.ts';
import { hashPassword, hashSecret, newPublicId, newSecret, verifyPassword } from './secrets.ts';

/** Users, sessions and API tokens. */

export const sessionCookie = 'vinculo_session';
export const tokenPrefix = 'vk_';
const touchEveryMs = 60_000;

export interface NewUser {
  email: string;
  password: string;
  name?: string;
  isAdmin?: boolean;
}

/** The password rule lives in @vinculo/shared: the web app's forms check the same one. */
export { isAcceptablePassword };

export async function createUser(db: Db, input: NewUser, now: Date): Promise<number> {
  const email = normalizeEmail(input.email);
  const issues: Array<{ field: string; rule: string }> = [];
  if (!email) issues.push({ field: 'email', rule: 'email' });
  if (!isAcceptablePassword(input.password)) issues.push({ field: 'password', rule: 'password' });
  if (issues.length > 0) throw invalid(issues);
  if (await repository.findUserByEmail(db, email!)) throw invalid([{ field: 'email', rule: 'taken' }]);
  const name = input.name?.trim() || email!.split('@')[0];
  return repository.insertUser(db, { email: email!, name, passwordHash: await hashPassword(input.password), isAdmin: input.isAdmin ?? false, now: now.toISOString() });
}

/** Creates the first administrator; refused once any user exists, even when two requests race. */
export async function setupFirstAdmin(db: Db, input: NewUser, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    if ((await repository.countUsers(trx)) > 0) throw new AppError('SETUP_ALREADY_DONE');
    try {
      await trx.insertInto('app_settings').values({ key: 'setup_completed_at', value: now.toISOString() }).execute();
    } catch {
      throw new AppError('SETUP_ALREADY_DONE');
    }
    const id = await createUser(trx, { ...input, isAdmin: true }, now);
    await appendAudit(trx, { kind: 'user.created', actorId: id, at: now, address: null, target: { type: 'user', id }, details: { setup: true, changes: { email: [null, normalizeEmail(input.email)], isAdmin: [null, true] } } });
    return id;
  });
}

export const isSetupNeeded = async (db: Db) => (await repository.countUsers(db)) === 0;

/** R9: after this many failed sign-ins of one account from one address within the window, the next ones wait. */
export const loginThrottle = { failures: 5, windowMs: 10 * 60_000 };

/**
 * Signs a user in from `address`. Failed attempts are counted per account and address in the database (so every
 * process sees them): past the limit the answer is 429 with the seconds to wait, before any password is hashed, while
 * the right password from another address still works. A success clears the count.
 */
export async function login(db: Db, email: string, password: string, now: Date, ttlHours: number, address: string, userAgent?: string) {
  const account = email.trim().toLowerCase();
  await refuseWhileThrottled(db, account, address, now);
  const user = await repository.findUserByEmail(db, account);
  // Verify even for an unknown e-mail so the answer takes as long either way.
  const ok = await verifyPassword(user?.password_hash ?? dummyHash, password);
  if (!user || !ok || user.is_active !== 1) {
    // The failure is counted and audited together (R11); the attempted e-mail is recorded, never the password.
    await transactionOf(db, async (trx) => {
      await recordPasswordFailure(trx, account, address, now);
      const reason = !user ? 'unknownAccount' : !ok ? 'wrongPassword' : 'inactive';
      await appendAudit(trx, { kind: 'auth.signInFailed', actorId: user ? user.id : null, at: now, address, target: user ? { type: 'user', id: user.id } : null, details: { email: account, reason } });
    });
    throw new AppError('UNAUTHENTICATED', { reason: 'badCredentials' });
  }
  await repository.clearLoginFailures(db, account, address);
  const sessionId = newSecret('');
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  // The browser and address are kept so the user can tell their sessions apart (profile, "active sessions").
  await transactionOf(db, async (trx) => {
    await repository.insertSession(trx, {
      idHash: hashSecret(sessionId),
      publicId: newPublicId(),
      userId: user.id,
      now: now.toISOString(),
      expiresAt,
      userAgent: userAgent?.slice(0, 512) || null,
      address: address || null,
    });
    await appendAudit(trx, { kind: 'auth.signIn', actorId: user.id, at: now, address, target: { type: 'user', id: user.id } });
  });
  return { sessionId, expiresAt, user: { id: user.id, email: user.email, name: user.name, isAdmin: user.is_admin === 1 } };
}

const throttleStart = (now: Date) => new Date(now.getTime() - loginThrottle.windowMs).toISOString();

/** 429 with the seconds to wait while the account has had too many wrong passwords from the address lately. */
export async function refuseWhileThrottled(db: Db, account: string, address: string, now: Date): Promise<void> {
  const recent = await repository.recentLoginFailures(db, account, address, throttleStart(now), loginThrottle.failures);
  if (recent.length >= loginThrottle.failures) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(recent[recent.length - 1]) + loginThrottle.windowMs - now.getTime()) / 1000));
    throw new AppError('RATE_LIMITED', { reason: 'tooManyFailures', retryAfter });
  }
}

/** Counts a wrong password of the account from the address toward the throttle. */
export const recordPasswordFailure = (db: Db, account: string, address: string, now: Date) =>
  repository.recordLoginFailure(db, account, address, now.toISOString(), throttleStart(now));

// A real argon2id hash of a random password, so failed look-ups cost the same as failed passwords.
const dummyHash = '$argon2id$v=19$m=19456,t=2,p=1$5OL4uIyLK+yqG7mB+w0yWg$siW5K6AB6YvvREMQrNaTizxWmZXgxH3onMQ0Xov2kjI';

/** Ends the session; the sign-out of a known user is audited with it. */
export async function logout(db: Db, sessionId: string, audit?: { actorId: number; address: string; now: Date }): Promise<void> {
  await transactionOf(db, async (trx) => {
    const [result] = await repository.deleteSession(trx, hashSecret(sessionId));
    if (audit && Number(result?.numDeletedRows ?? 0) > 0) {
      await appendAudit(trx, { kind: 'auth.signOut', actorId: audit.actorId, at: audit.now, address: audit.address, target: { type: 'user', id: audit.actorId } });
    }
  });
}

/** Runs `work` in a transaction of `db` (or in the one `db` already is). */
const transactionOf = <T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? work(db) : db.transaction().execute(work));

/** Who is calling, and the version counters read with them (access.repository.ts `versions`). */
export interface Caller {
  actor: Actor;
  versions: { fields: string; access: string };
}

export async function callerFromSession(db: Db, sessionId: string, now: Date): Promise<Caller | null> {
  const idHash = hashSecret(sessionId);
  const row = await repository.sessionUser(db, idHash, now.toISOString());
  if (!row) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > touchEveryMs) await repository.touchSession(db, idHash, now.toISOString());
  return callerOf(row);
}

export async function callerFromToken(db: Db, token: string, now: Date): Promise<Caller | null> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
  const row = await repository.tokenUser(db, hashSecret(token));
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > touchEveryMs) await repository.touchToken(db, row.token_id, now.toISOString());
  return callerOf(row);
}

const callerOf = (row: { id: number; name: string; is_admin: number; locale: string; fields_version: string | null; access_version: string | null }): Caller => ({
  actor: actorOf(row),
  versions: { fields: row.fields_version ?? '0', access: row.access_version ?? '0' },
});

const actorOf = (row: { id: number; name: string; is_admin: number; locale: string }): Actor => ({
  id: row.id,
  name: row.name,
  isAdmin: row.is_admin === 1,
  locale: row.locale === 'en' ? 'en' : 'pt-BR',
});

/** Creates a personal API token; the token itself is returned once and never stored. */
export async function createToken(db: Db, userId: number, name: string, now: Date, address: string | null = null) {
  const token = newSecret(tokenPrefix);
  const id = await transactionOf(db, async (trx) => {
    const created = await repository.insertToken(trx, { userId, name, tokenHash: hashSecret(token), prefix: token.slice(0, 10), now: now.toISOString() });
    await appendAudit(trx, { kind: 'token.created', actorId: userId, at: now, address, target: { type: 'token', id: created }, details: { name } });
    return created;
  });
  return { id, name, token };
}

export async function listTokens(db: Db, userId: number) {
  const rows = await repository.tokensOf(db, userId);
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export async function revokeToken(db: Db, userId: number, tokenId: number, now: Date, address: string | null = null) {
  await transactionOf(db, async (trx) => {
    const result = await repository.revokeToken(trx, userId, tokenId, now.toISOString());
    if (Number(result.numUpdatedRows) === 0) throw new AppError('NOT_FOUND');
    await appendAudit(trx, { kind: 'token.revoked', actorId: userId, at: now, address, target: { type: 'token', id: tokenId } });
  });
}
