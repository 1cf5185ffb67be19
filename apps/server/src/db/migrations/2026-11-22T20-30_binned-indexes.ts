import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/** The sort and filter columns of each item table (foreign keys keep full indexes: the database's own FK checks use them). */
const listColumns: Record<string, string[]> = {
  leads: ['assigned_by_id', 'created_at', 'updated_at', 'status_id', 'title', 'last_name'],
  contacts: ['assigned_by_id', 'created_at', 'updated_at', 'last_name'],
  companies: ['assigned_by_id', 'created_at', 'updated_at', 'title'],
  deals: ['assigned_by_id', 'created_at', 'updated_at', 'title'],
};
const neverNull = new Set(['created_at', 'updated_at']);

/**
 * Indexes for what lists read: live items, in list order, with what permission scopes check.
 * - Every live-item query says `deleted_at IS NULL`; SQLite's planner took that as an equality worth the
 *   `(deleted_at, id)` index and, at a million rows, scanned and sorted whole tables (140–2,000 ms) instead of
 *   walking the index of the ORDER BY. That index now covers binned rows only (the recycle bin reads them).
 * - Sort and filter indexes cover live rows only, sort nulls first as lists do (PostgreSQL otherwise sorted every
 *   list in full), and carry the responsible and `opened` flag, so counts and scope checks need no table lookups.
 * - The Kanban totals indexes carry the same two columns, for boards of users with a department scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const index = (name: string, table: string, columns: string, where = sql`deleted_at is null`) =>
    sql`create index ${sql.ref(name)} on ${sql.table(table)} (${sql.raw(columns)}) where ${where}`.execute(db);
  for (const [table, columns] of Object.entries(listColumns)) {
    await db.schema.dropIndex(`${table}_deleted_at_idx`).ifExists().execute();
    await index(`${table}_binned_idx`, table, 'deleted_at, id', sql`deleted_at is not null`);
    for (const column of columns) {
      await db.schema.dropIndex(`${table}_${column}_idx`).ifExists().execute();
      const first = isPostgres && !neverNull.has(column) ? `${column} nulls first` : column;
      const extra = column === 'assigned_by_id' ? 'opened' : 'assigned_by_id, opened';
      await index(`${table}_${column}_idx`, table, `${first}, id, ${extra}`);
    }
  }
  await db.schema.dropIndex('deals_kanban_totals_idx').ifExists().execute();
  await index('deals_kanban_totals_idx', 'deals', 'category_id, stage_id, currency_id, opportunity_minor, assigned_by_id, opened');
  await db.schema.dropIndex('leads_kanban_totals_idx').ifExists().execute();
  await index('leads_kanban_totals_idx', 'leads', 'status_id, currency_id, opportunity_minor, assigned_by_id, opened');
}
