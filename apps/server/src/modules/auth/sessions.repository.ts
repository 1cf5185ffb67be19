import type { Db } from '../../db/types.ts';

/** The live sessions of a user (not expired), the most recently seen first. */
export const liveSessionsOf = (db: Db, userId: number, now: string) =>
  db
    .selectFrom('sessions')
    .select(['id_hash', 'public_id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'address'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();

/** Ends one session of the user, named by its public id; another user's session is never touched. */
export async function deleteSessionOf(db: Db, userId: number, publicId: string, now: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('public_id', '=', publicId).where('user_id', '=', userId).where('expires_at', '>', now).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of the user but the one `keepIdHash` names (all of them when it is undefined); answers how many ended. */
export async function deleteSessionsExcept(db: Db, userId: number, keepIdHash: string | undefined, now: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '>', now);
  if (keepIdHash !== undefined) query = query.where('id_hash', '<>', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
