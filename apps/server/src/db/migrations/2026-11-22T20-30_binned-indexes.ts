import { sql, type Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/** The sort and filter columns of each item table (foreign keys keep full indexes: the database's own FK checks use them). */
const listColumns: Record<string, string[]> = {
  leads: ['assigned_by_id', 'created_at', 'updated_at', 'status_id', 'title', 'last_name'],
  contacts: ['assigned_by_id', 'created_at', 'updated_at', 'last_name'],
  companies: ['assigned_by_id', 'created_at', 'updated_at', 'title'],
  deals: ['assigned_by_id', 'created_at', 'updated_at', 'title'],
};

/**
 * Indexes for what lists read: live items. Every live-item query says `deleted_at IS NULL`; SQLite's planner took
 * that as an equality worth the `(deleted_at, id)` index, and at a million rows scanned the table in that index's
 * order and sorted it (140–2,000 ms) instead of walking the index of the ORDER BY or the Kanban covering index.
 * That index now covers binned rows only (the recycle bin reads them), and the sort and filter indexes cover live
 * rows only, which also lets counts answer from the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, columns] of Object.entries(listColumns)) {
    await db.schema.dropIndex(`${table}_deleted_at_idx`).ifExists().execute();
    await db.schema.createIndex(`${table}_binned_idx`).on(table).columns(['deleted_at', 'id']).where(sql.ref('deleted_at'), 'is not', null).execute();
    for (const column of columns) {
      await db.schema.dropIndex(`${table}_${column}_idx`).ifExists().execute();
      await db.schema.createIndex(`${table}_${column}_idx`).on(table).columns([column, 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
    }
  }
}
