import type { Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/**
 * `webhooks.start_snapshot` (PostgreSQL): the snapshot of the transaction that registered the webhook. Its listener
 * starts at the oldest transaction still running then, so it also reads events committed before; those the snapshot
 * saw are older than the webhook and are passed over. Null on SQLite, where the feed's order is the commit order.
 *
 * `notifications.webhook_id`: the webhook a notification is about (`webhookPaused`: it was paused after failing too
 * often, or because its owner was deactivated). Deleting the webhook deletes its notifications.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').addColumn('start_snapshot', 'text').execute();
  await db.schema
    .alterTable('notifications')
    .addColumn('webhook_id', 'integer', (c) => c.references('webhooks.id').onDelete('cascade'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
