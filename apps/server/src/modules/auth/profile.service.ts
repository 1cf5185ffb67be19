import { locales, translate, type Locale } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { AppError, invalid } from '../../http/app-error.ts';
import { readMode, type CrmMode } from '../conversion/crm-mode.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import * as repository from './auth.repository.ts';
import { isAcceptablePassword, recordPasswordFailure, refuseWhileThrottled } from './auth.service.ts';
import { hashPassword, hashSecret, verifyPassword } from './secrets.ts';

/** The signed-in user's own account: who they are, what the app should show them, their name, language and password. */

export interface MeDto {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  locale: Locale;
  /** Whether they may change the CRM's settings (stages on the board, lists, fields): administrators and roles that may. */
  mayConfigure: boolean;
  /** Simple mode has no leads: the app hides them. */
  crmMode: CrmMode;
}

export interface ProfileChanges {
  name?: string;
  locale?: Locale;
}

export async function getMe(ctx: Context): Promise<MeDto> {
  const row = await repository.findUserById(ctx.db, ctx.actor.id);
  if (!row) throw new AppError('UNAUTHENTICATED');
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    isAdmin: Number(row.is_admin) === 1,
    locale: storedLocale(row.locale),
    mayConfigure: ctx.access.mayChangeSettings,
    crmMode: await readMode(ctx.db),
  };
}

/** Changes the caller's name or language (which their answers follow when a request names none), with a history entry. */
export async function updateMe(ctx: Context, changes: ProfileChanges): Promise<MeDto> {
  return inTransaction(ctx, async (tx) => {
    const before = await getMe(tx);
    await repository.updateProfile(tx.db, tx.actor.id, { ...changes, updated_at: tx.now().toISOString() });
    const after = await getMe(tx);
    const changed: Changes = {};
    for (const key of ['name', 'locale'] as const) if (before[key] !== after[key]) changed[key] = [before[key], after[key]];
    if (Object.keys(changed).length > 0) await appendEvent(tx.db, { type: 'user.updated', entityType: 'user', entityId: tx.actor.id, actorId: tx.actor.id, changes: changed, occurredAt: tx.now().toISOString() });
    return after;
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  /** The caller's address: a wrong current password counts toward the sign-in throttle of the account from it. */
  address: string;
  /** The session this request came with, which stays; undefined for a request with an API token. */
  sessionId: string | undefined;
}

/**
 * Changes the caller's password: the current one must be right (a wrong one is a 400 on `currentPassword` and
 * counts as a failed sign-in, so a session left open cannot be used to guess it); the new one follows the rule of
 * every password. Every other session of the user ends at once; this one and the API tokens stay.
 */
export async function changePassword(ctx: Context, change: PasswordChange): Promise<void> {
  const user = await repository.findUserById(ctx.db, ctx.actor.id);
  if (!user) throw new AppError('UNAUTHENTICATED');
  const now = ctx.now();
  await refuseWhileThrottled(ctx.db, user.email, change.address, now);
  const issues: Array<{ field: string; rule: string; message?: string }> = isAcceptablePassword(change.newPassword) ? [] : [{ field: 'newPassword', rule: 'password' }];
  if (!(await verifyPassword(user.password_hash, change.currentPassword))) {
    await recordPasswordFailure(ctx.db, user.email, change.address, now);
    issues.unshift({ field: 'currentPassword', rule: 'wrongPassword', message: translate(ctx.locale, 'auth.wrongCurrentPassword') });
  }
  if (issues.length > 0) throw invalid(issues);
  // Hashing takes a while: outside the transaction.
  const passwordHash = await hashPassword(change.newPassword);
  await inTransaction(ctx, async (tx) => {
    await repository.setPasswordHash(tx.db, tx.actor.id, passwordHash, now.toISOString());
    await repository.deleteOtherSessions(tx.db, tx.actor.id, change.sessionId === undefined ? undefined : hashSecret(change.sessionId));
    await repository.clearLoginFailures(tx.db, user.email, change.address);
    await appendEvent(tx.db, { type: 'user.passwordChanged', entityType: 'user', entityId: tx.actor.id, actorId: tx.actor.id, changes: {}, occurredAt: now.toISOString() });
    await recordAudit(tx, { kind: 'auth.passwordChanged', target: { type: 'user', id: tx.actor.id } });
  });
}

const storedLocale = (locale: string): Locale => (locales as string[]).includes(locale) ? (locale as Locale) : 'pt-BR';
