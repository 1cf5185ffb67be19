import { sql } from 'kysely';
import { insertJsonRows, jsonParameter } from '../../db/json-rows.ts';
import type { Db, DialectName } from '../../db/types.ts';

/** Kysely queries of `import_rows`: an import's staged rows and what became of each. No business rules here. */

export type RowOutcome = 'created' | 'updated' | 'skipped' | 'rejected' | 'undone';

export interface StagedRow {
  rowNo: number;
  cells: string[];
}

export async function insertStagedRows(db: Db, jobId: number, rows: StagedRow[]): Promise<void> {
  await insertJsonRows(db, 'import_rows', ['job_id', 'row_no', 'cells'], rows.map((row) => ({ job_id: jobId, row_no: row.rowNo, cells: JSON.stringify(row.cells) })));
}

export async function countStaged(db: Db, jobId: number): Promise<number> {
  const row = await db.selectFrom('import_rows').select((eb) => eb.fn.countAll<number>().as('n')).where('job_id', '=', jobId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows `from`..`to` (numbered from 1, inclusive), in order. */
export async function stagedRows(db: Db, jobId: number, from: number, to: number): Promise<StagedRow[]> {
  const rows = await db.selectFrom('import_rows').select(['row_no', 'cells']).where('job_id', '=', jobId).where('row_no', '>=', from).where('row_no', '<=', to).orderBy('row_no').execute();
  return rows.map((row) => ({ rowNo: Number(row.row_no), cells: JSON.parse(row.cells) as string[] }));
}

/** What became of one staged row. */
export interface RowRecord {
  rowNo: number;
  outcome: RowOutcome;
  itemId: number | null;
  reason?: RowReason | null;
  previous?: RowPrevious | null;
}

/** Records what became of staged rows, in one statement (the outcomes as one JSON parameter). */
export async function recordOutcomes(db: Db, dialect: DialectName, jobId: number, records: RowRecord[]): Promise<void> {
  if (records.length === 0) return;
  const json = jsonParameter(records.map((r) => [r.rowNo, r.outcome, r.itemId, r.reason ? JSON.stringify(r.reason) : null, r.previous ? JSON.stringify(r.previous) : null]));
  const outcomes =
    dialect === 'postgres'
      ? sql`(select cast(r ->> 0 as integer) as row_no, r ->> 1 as outcome, cast(r ->> 2 as integer) as item_id, r ->> 3 as reason, r ->> 4 as previous from json_array_elements(cast(${json} as json)) as r)`
      : sql`(select r.value ->> 0 as row_no, r.value ->> 1 as outcome, r.value ->> 2 as item_id, r.value ->> 3 as reason, r.value ->> 4 as previous from json_each(${json}) as r)`;
  // Materialized first: SQLite then looks each outcome's row up by its key instead of reading the JSON once per row.
  await sql`with v as materialized ${outcomes}
    update import_rows set outcome = v.outcome, item_id = v.item_id, reason = v.reason, previous = v.previous
    from v where import_rows.job_id = ${jobId} and import_rows.row_no = v.row_no`.execute(db);
}

/** How many rows of each import had each outcome (`pending`: not yet reached), per import. */
export async function outcomeCounts(db: Db, jobIds: number[]): Promise<Map<number, Record<string, number>>> {
  const rows = await db
    .selectFrom('import_rows')
    .select(['job_id', 'outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', 'in', jobIds)
    .groupBy(['job_id', 'outcome'])
    .execute();
  const counts = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const mine = counts.get(Number(row.job_id)) ?? {};
    mine[row.outcome ?? 'pending'] = Number(row.n);
    counts.set(Number(row.job_id), mine);
  }
  return counts;
}

/** Rejected rows after `afterRowNo`, in order, a page at a time (the report streams them). */
export async function rejectedRows(db: Db, jobId: number, afterRowNo: number, limit: number) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_no', 'cells', 'reason'])
    .where('job_id', '=', jobId)
    .where('outcome', '=', 'rejected')
    .where('row_no', '>', afterRowNo)
    .orderBy('row_no')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ rowNo: Number(row.row_no), cells: JSON.parse(row.cells) as string[], reason: JSON.parse(row.reason ?? '{}') as RowReason }));
}

/** Rows an undo must reverse (created or updated), numbered from 1 in the order of `rowNo`. */
export async function countUndoable(db: Db, jobId: number): Promise<number> {
  const row = await db
    .selectFrom('import_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', jobId)
    .where('outcome', 'in', ['created', 'updated'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function undoableRows(db: Db, jobId: number, limit: number) {
  const rows = await db
    .selectFrom('import_rows')
    .select(['row_no', 'outcome', 'item_id', 'previous'])
    .where('job_id', '=', jobId)
    .where('outcome', 'in', ['created', 'updated'])
    .orderBy('row_no', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ rowNo: Number(row.row_no), outcome: row.outcome as 'created' | 'updated', itemId: Number(row.item_id), previous: JSON.parse(row.previous ?? 'null') as RowPrevious | null }));
}

/** Why a row was rejected: a reason code, the column (0-based) and the value read, or the field issues of the engine. */
export interface RowReason {
  code: string;
  column?: number;
  value?: string;
  issues?: Array<{ field: string; rule: string; label?: string }>;
}

/** What an undo needs: the values an update replaced, and the company (and contact) a row created. */
export interface RowPrevious {
  values?: Record<string, unknown>;
  createdCompanyIds?: number[];
  createdContactId?: number;
}
