import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once landed: this file never imports application code.

/**
 * PostgreSQL compresses large values with pglz by default; an export's 1 MB file parts spent about a third of the
 * export's time there. lz4 compresses them several times faster (where the server is built without lz4, the parts
 * are stored uncompressed instead). Only values written from now on change; SQLite stores blobs as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    do $$
    begin
      alter table transfer_file_parts alter column data set compression lz4;
    exception when others then
      alter table transfer_file_parts alter column data set storage external;
    end $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted: restore a backup instead.');
}
