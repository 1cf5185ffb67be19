import type { Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/** Per-user list views and saved filters (issue 11). */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
