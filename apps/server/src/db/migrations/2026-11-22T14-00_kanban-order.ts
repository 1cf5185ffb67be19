import { sql, type Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/**
 * The order of cards inside a Kanban column: `kanban_sort` ascending, then newest first. Existing items get
 * gaps of 1024 in id order, newest on top, so a card can later be put between two others without renumbering.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['deals', 'leads']) {
    await db.schema.alterTable(table).addColumn('kanban_sort', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update ${sql.table(table)} set kanban_sort = -id * 1024`.execute(db);
  }
  // A column's cards in order, and the top of a column, read from the index alone.
  await db.schema.createIndex('deals_kanban_idx').on('deals').columns(['category_id', 'stage_id', 'kanban_sort', 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
  await db.schema.createIndex('leads_kanban_idx').on('leads').columns(['status_id', 'kanban_sort', 'id']).where(sql.ref('deleted_at'), 'is', null).execute();
  // Column counts and totals per currency without touching the table.
  await db.schema
    .createIndex('deals_kanban_totals_idx')
    .on('deals')
    .columns(['category_id', 'stage_id', 'currency_id', 'opportunity_minor'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('leads_kanban_totals_idx').on('leads').columns(['status_id', 'currency_id', 'opportunity_minor']).where(sql.ref('deleted_at'), 'is', null).execute();
}
