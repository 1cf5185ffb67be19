/**
 * The backup file (docs/adr/0012-backup-format.md): gzip'd JSON lines, the same whichever database wrote it.
 *
 *   {"format":"vinculo-backup","version":1,…,"migrations":[…],"tables":[{"name","columns","rows"}…]}   header
 *   {"table":"users"}                                                                                  a table begins
 *   [1,"ana@example.com",…]                                                                           one row: its values in the header's column order
 *   {"end":"users","rows":3,"sha256":"…"}                                                             the table ends: its row count and the digest of its row lines
 *   …
 *   {"footer":true,"tables":{"users":3,…},"sequences":{"users":7,…},"sha256":"…"}                     counts, id high-water marks, digest of every line before
 *
 * Values are JSON: numbers, text, null; bytes are `{"b64":"…"}` (no text value is an object).
 */

export const backupFormat = 'vinculo-backup';
export const backupVersion = 1;

export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  createdAt: string;
  /** The dialect it was taken from: for information only, a backup restores into either. */
  source: 'sqlite' | 'postgres';
  /** The migrations applied to the source, in order: the target is migrated to the same point before the rows go in. */
  migrations: string[];
  /** Every table in the order written, with its columns and how many rows the snapshot held (for progress). */
  tables: Array<{ name: string; columns: string[]; rows: number }>;
}

export interface TableEnd {
  end: string;
  rows: number;
  sha256: string;
}

export interface BackupFooter {
  footer: true;
  tables: Record<string, number>;
  /** Per table with an identity id, the highest id ever given (deleted rows included), so ids are never reused. */
  sequences: Record<string, number>;
  sha256: string;
}

/**
 * The search index in neutral form: one row per item, by type name and id (SQLite keeps it as an FTS5 table whose
 * rowid encodes both, PostgreSQL as a plain table).
 */
export const searchIndexColumns = ['entity_type', 'entity_id', 'title', 'name', 'second_name', 'last_name', 'company_title', 'emails', 'phones'];

export type Value = string | number | null | { b64: string };

/** A database value as the backup writes it. */
export function encodeValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return { b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  throw new Error(`unexpected value of type ${typeof value}`);
}

/** A backup's value as the database takes it. */
export function decodeValue(value: unknown): string | number | null | Buffer {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { b64?: unknown }).b64 === 'string') return Buffer.from((value as { b64: string }).b64, 'base64');
  throw new BackupError('corrupt', { reason: 'value' });
}

export type BackupErrorCode =
  | 'notBackup'
  | 'newerFormat'
  | 'unknownMigration'
  | 'truncated'
  | 'corrupt'
  | 'checksum'
  | 'notEmpty'
  | 'unknownTable'
  | 'unknownColumn'
  | 'missingFile'
  | 'targetNewer';

/** A refusal of `backup` or `restore`, put in words by the CLI in the user's language. */
export class BackupError extends Error {
  readonly code: BackupErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: BackupErrorCode, params: Record<string, string | number> = {}) {
    super(`${code}${Object.keys(params).length > 0 ? ` ${JSON.stringify(params)}` : ''}`);
    this.code = code;
    this.params = params;
  }
}

export interface Progress {
  table: string;
  /** Rows done in this table, and how many it has. */
  rows: number;
  tableRows: number;
  /** Tables begun so far, and how many in all. */
  tableNumber: number;
  tables: number;
  /** Rows done in all, and in all tables. */
  totalRows: number;
  allRows: number;
  phase: 'rows' | 'indexes' | 'done';
}
