import { sql, type SqlBool } from 'kysely';
import { foldedColumn, likePattern } from '../../db/dialect.ts';
import type { Db, DialectName } from '../../db/types.ts';
import { versionColumns } from '../access/access.repository.ts';

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();

export const findUserById = (db: Db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const countUsers = async (db: Db) => Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export async function insertUser(db: Db, user: { email: string; name: string; passwordHash: string; isAdmin: boolean; now: string }) {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email.trim().toLowerCase(),
      name: user.name,
      password_hash: user.passwordHash,
      is_admin: user.isAdmin ? 1 : 0,
      is_active: 1,
      locale: 'pt-BR',
      created_at: user.now,
      updated_at: user.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertSession(db: Db, session: { idHash: string; publicId: string; userId: number; now: string; expiresAt: string; userAgent: string | null; address: string | null }) {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      public_id: session.publicId,
      user_id: session.userId,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
      address: session.address,
    })
    .execute();
}


export const sessionUser = (db: Db, idHash: string, now: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.name', 'users.is_admin', 'users.locale', 'sessions.last_seen_at'])
    .select(versionColumns)
    .where('sessions.id_hash', '=', idHash)
    .where('sessions.expires_at', '>', now)
    .where('users.is_active', '=', 1)
    .executeTakeFirst();

export const touchSession = (db: Db, idHash: string, now: string) =>
  db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();

export const deleteSession = (db: Db, idHash: string) => db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();

export const tokenUser = (db: Db, tokenHash: string) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', 'users.id', 'users.name', 'users.is_admin', 'users.locale'])
    .select(versionColumns)
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.is_active', '=', 1)
    .executeTakeFirst();

export const touchToken = (db: Db, tokenId: number, now: string) =>
  db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();

export async function insertToken(db: Db, token: { userId: number; name: string; tokenHash: string; prefix: string; now: string }) {
  const row = await db
    .insertInto('api_tokens')
    .values({ user_id: token.userId, name: token.name, token_hash: token.tokenHash, prefix: token.prefix, created_at: token.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export const tokensOf = (db: Db, userId: number) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

export const revokeToken = (db: Db, userId: number, tokenId: number, now: string) =>
  db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();

/** The newest failed sign-ins of an account from an address since `since`, newest first, at most `limit`. */
export async function recentLoginFailures(db: Db, email: string, address: string, since: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('login_failures')
    .select('failed_at')
    .where('email', '=', email)
    .where('address', '=', address)
    .where('failed_at', '>', since)
    .orderBy('failed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.failed_at);
}

/** Records a failed sign-in; failures older than the window (`since`) are of no use any more and go. */
export async function recordLoginFailure(db: Db, email: string, address: string, at: string, since: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, address, failed_at: at }).execute();
  await db.deleteFrom('login_failures').where('failed_at', '<=', since).execute();
}

export async function clearLoginFailures(db: Db, email: string, address: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('address', '=', address).execute();
}

/** Changes the user's own name or language. */
export async function updateProfile(db: Db, userId: number, values: { name?: string; locale?: string; updated_at: string }): Promise<void> {
  await db.updateTable('users').set(values).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Db, userId: number, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
}

/** Ends the user's sessions but the one `keepIdHash` names (none when it is undefined). */
export async function deleteOtherSessions(db: Db, userId: number, keepIdHash: string | undefined): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash !== undefined) query = query.where('id_hash', '<>', keepIdHash);
  await query.execute();
}

/**
 * Users whose name or e-mail holds `needle` (folded: case and accents aside), by folded name, at most `limit`:
 * what a user picker offers. Active users only unless `includeInactive`.
 */
export async function findUsersByText(db: Db, dialect: DialectName, query: { needle: string; limit: number; includeInactive: boolean }) {
  const name = foldedColumn(dialect, sql.ref('name'));
  let rows = db.selectFrom('users').select(['id', 'name', 'email', 'is_active']);
  if (!query.includeInactive) rows = rows.where('is_active', '=', 1);
  if (query.needle !== '') {
    const pattern = likePattern(query.needle, 'contains');
    rows = rows.where((eb) => eb.or([sql<SqlBool>`${name} like ${pattern} escape '\\'`, sql<SqlBool>`${foldedColumn(dialect, sql.ref('email'))} like ${pattern} escape '\\'`]));
  }
  return rows.orderBy(name).orderBy('id').limit(query.limit).execute();
}
