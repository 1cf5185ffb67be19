import type { Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/** The global search index (issue 11): filled in by the search module's work. */
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
