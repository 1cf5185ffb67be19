import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/**
 * What a user sees of their own sessions ("active sessions" on the profile), none of it the secret:
 * - `public_id`: 24 random hex characters naming the session in the API (the cookie's secret and its hash never
 *   leave the server); sessions made before this migration get one here.
 * - `user_agent` and `address`: the browser's User-Agent (at most 512 characters) and the IP it signed in from,
 *   recorded at sign-in; null for sessions older than this migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('sessions').addColumn('public_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
  const random = isPostgres ? sql`substr(md5(random()::text || clock_timestamp()::text || id_hash), 1, 24)` : sql`lower(hex(randomblob(12)))`;
  await sql`update sessions set public_id = ${random}`.execute(db);
  await db.schema.createIndex('sessions_public_id_idx').on('sessions').column('public_id').unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
