import { normalizeEmail, type Locale } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { conflict, invalid, notFound } from '../../http/app-error.ts';
import { findUserByEmail } from '../auth/auth.repository.ts';
import { createUser as createUserWithPassword } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/secrets.ts';
import type { Changes } from '../events/event.repository.ts';
import * as departments from './department.repository.ts';
import { missingReferences, recordOrgChange, unique } from './org-change.ts';
import { requireOrgAdmin } from './org.policy.ts';
import * as repository from './user.repository.ts';
import type { UserRow } from './user.repository.ts';

/** Users as the administration manages them: invitations, departments, the admin and active flags, passwords. */

export interface UserDto {
  id: number;
  email: string;
  name: string;
  isAdmin: boolean;
  isActive: boolean;
  locale: string;
  departmentIds: number[];
  createdAt: string;
}

export interface NewUserInput {
  email: string;
  name: string;
  password?: string;
  isAdmin?: boolean;
  departmentIds?: number[];
}

export interface UserChanges {
  name?: string;
  isAdmin?: boolean;
  isActive?: boolean;
  locale?: Locale;
  departmentIds?: number[];
}

const present = (row: UserRow, departmentIds: number[]): UserDto => ({
  id: Number(row.id),
  email: row.email,
  name: row.name,
  isAdmin: Number(row.is_admin) === 1,
  isActive: Number(row.is_active) === 1,
  locale: row.locale,
  departmentIds,
  createdAt: row.created_at,
});

export async function listUsers(ctx: Context, filter: { active?: boolean } = {}): Promise<UserDto[]> {
  const rows = await repository.allUsers(ctx.db, filter.active);
  const memberships = await repository.departmentIdsOf(ctx.db, rows.map((row) => Number(row.id)));
  return rows.map((row) => present(row, memberships.get(Number(row.id)) ?? []));
}

export async function getUser(ctx: Context, id: number): Promise<UserDto> {
  const row = await repository.findUser(ctx.db, id);
  if (!row) throw notFound();
  return present(row, (await repository.departmentIdsOf(ctx.db, [id])).get(id) ?? []);
}

const passwordIsValid = (password: string) => password.length >= 8 && password.length <= 1024;

/** Creates a user; without a password it is an invitation: the user cannot sign in until an administrator sets one. */
export async function createUser(ctx: Context, input: NewUserInput): Promise<UserDto> {
  requireOrgAdmin(ctx);
  const email = normalizeEmail(input.email);
  const issues: Array<{ field: string; rule: string }> = [];
  if (!email) issues.push({ field: 'email', rule: 'email' });
  if (input.password !== undefined && !passwordIsValid(input.password)) issues.push({ field: 'password', rule: 'password' });
  if (issues.length > 0) throw invalid(issues);
  try {
    return await inTransaction(ctx, async (tx) => {
      if (await findUserByEmail(tx.db, email!)) throw invalid([{ field: 'email', rule: 'taken' }]);
      const departmentIds = await checkedDepartments(tx, input.departmentIds ?? []);
      const user = { email: email!, name: input.name, isAdmin: input.isAdmin ?? false };
      const id =
        input.password === undefined
          ? await repository.insertInvitedUser(tx.db, { ...user, now: tx.now().toISOString() })
          : await createUserWithPassword(tx.db, { ...user, password: input.password }, tx.now());
      await repository.replaceDepartments(tx.db, id, departmentIds);
      const created = await getUser(tx, id);
      const changes: Changes = { email: [null, created.email], name: [null, created.name], isAdmin: [null, created.isAdmin], departmentIds: [null, created.departmentIds] };
      await recordOrgChange(tx, { type: input.password === undefined ? 'user.invited' : 'user.created', entityType: 'user', entityId: id, changes });
      return created;
    });
  } catch (error) {
    // Two requests creating the same e-mail at once: the unique index decides, and the loser hears "taken".
    if (isUniqueViolation(error)) throw invalid([{ field: 'email', rule: 'taken' }]);
    throw error;
  }
}

/**
 * Changes a user. Deactivating ends their sessions and revokes their API tokens in the same transaction, so
 * they are locked out at once; the last active administrator can neither be deactivated nor lose the admin flag.
 */
export async function updateUser(ctx: Context, id: number, input: UserChanges): Promise<UserDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    const removesAdmin = input.isAdmin === false || input.isActive === false;
    // Locks in one order everywhere (departments, then users), so concurrent administration cannot deadlock.
    if (tx.dialect === 'postgres') {
      if (input.departmentIds !== undefined && input.departmentIds.length > 0) await departments.lockTree(tx.db);
      if (removesAdmin) await repository.lockActiveAdmins(tx.db);
    }
    const before = await getUser(tx, id);
    const departmentIds = input.departmentIds === undefined ? undefined : await checkedDepartments(tx, input.departmentIds);
    const now = tx.now().toISOString();
    await repository.updateUser(tx.db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.isAdmin !== undefined ? { is_admin: input.isAdmin ? 1 : 0 } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive ? 1 : 0 } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      updated_at: now,
    });
    if (removesAdmin && before.isAdmin && before.isActive && (await repository.countActiveAdmins(tx.db)) === 0) {
      throw conflict(tx, 'user.lastAdmin', { reason: 'lastAdmin' });
    }
    if (input.isActive === false) {
      await repository.deleteSessionsOf(tx.db, id);
      await repository.revokeTokensOf(tx.db, id, now);
    }
    if (departmentIds !== undefined) await repository.replaceDepartments(tx.db, id, departmentIds);
    const after = await getUser(tx, id);
    const changes: Changes = {};
    for (const key of ['name', 'isAdmin', 'isActive', 'locale', 'departmentIds'] as const) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key], after[key]];
    }
    await recordOrgChange(tx, { type: 'user.updated', entityType: 'user', entityId: id, changes });
    return after;
  });
}

/** An administrator sets a user's password (argon2id); the user's sessions end and their API tokens are revoked. */
export async function setPassword(ctx: Context, id: number, password: string): Promise<void> {
  requireOrgAdmin(ctx);
  if (!passwordIsValid(password)) throw invalid([{ field: 'password', rule: 'password' }]);
  if (!(await repository.findUser(ctx.db, id))) throw notFound();
  // Hashing takes a while: outside the transaction.
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    if (!(await repository.findUser(tx.db, id))) throw notFound();
    await repository.updateUser(tx.db, id, { password_hash: passwordHash, updated_at: tx.now().toISOString() });
    await repository.deleteSessionsOf(tx.db, id);
    await repository.revokeTokensOf(tx.db, id, tx.now().toISOString());
    await recordOrgChange(tx, { type: 'user.passwordSet', entityType: 'user', entityId: id, changes: {} });
  });
}

async function checkedDepartments(tx: Context, ids: number[]): Promise<number[]> {
  const departmentIds = unique(ids);
  if (departmentIds.length === 0) return departmentIds;
  if (tx.dialect === 'postgres') await departments.lockTree(tx.db);
  const issues = missingReferences('departmentIds', ids, await departments.existingDepartmentIds(tx.db, departmentIds), 'exists');
  if (issues.length > 0) throw invalid(issues);
  return departmentIds;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  // PostgreSQL: 23505 unique_violation; SQLite: SQLITE_CONSTRAINT_UNIQUE (2067).
  return e?.code === '23505' || e?.errcode === 2067 || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}
