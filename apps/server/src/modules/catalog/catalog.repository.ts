import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/types.ts';

/** What the database itself says about the item tables. No rules here. */

/** For each table, the columns that may hold null (`true`) or never do (`false`), from the table's definition. */
export async function columnNullability(db: Db, dialect: DialectName, tables: string[]): Promise<Map<string, Map<string, boolean>>> {
  const result = new Map<string, Map<string, boolean>>(tables.map((table) => [table, new Map()]));
  if (dialect === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = current_schema() and table_name in (${sql.join(tables)})`.execute(db);
    for (const row of rows) result.get(row.table_name)?.set(row.column_name, row.is_nullable === 'YES');
    return result;
  }
  for (const table of tables) {
    const { rows } = await sql<{ name: string; notnull: number; pk: number }>`select name, "notnull", pk from pragma_table_info(${table})`.execute(db);
    // An INTEGER PRIMARY KEY is the rowid: never null, whatever the pragma says.
    for (const row of rows) result.get(table)!.set(row.name, Number(row.notnull) === 0 && Number(row.pk) === 0);
  }
  return result;
}
