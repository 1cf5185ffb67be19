import type { Selectable } from 'kysely';
import type { Db, SystemTables } from '../../db/types.ts';

/**
 * Kysely queries of transfer files: the files an import reads and an export writes, kept in the database in parts so
 * that any app server reads what another wrote, and a part is written in the transaction that records the work it
 * holds. No business rules here (transfer-file.service.ts).
 */

export type TransferFileRow = Omit<Selectable<SystemTables['transfer_files']>, 'id' | 'size' | 'parts'> & { id: number; size: number; parts: number };

export interface NewTransferFile {
  purpose: 'import' | 'export';
  name: string;
  contentType: string;
  createdById: number;
  now: string;
  expiresAt: string;
}

export async function insertTransferFile(db: Db, file: NewTransferFile): Promise<number> {
  const row = await db
    .insertInto('transfer_files')
    .values({ purpose: file.purpose, name: file.name, content_type: file.contentType, created_by_id: file.createdById, created_at: file.now, expires_at: file.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findTransferFile(db: Db, id: number): Promise<TransferFileRow | undefined> {
  const row = await db.selectFrom('transfer_files').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, id: Number(row.id), size: Number(row.size), parts: Number(row.parts) };
}

/** Appends part `part` (numbered from 0, in order) to a file and counts its bytes. */
export async function insertPart(db: Db, fileId: number, part: number, data: Uint8Array): Promise<void> {
  await db.insertInto('transfer_file_parts').values({ file_id: fileId, part, data }).execute();
  await db
    .updateTable('transfer_files')
    .set((eb) => ({ size: eb('size', '+', data.byteLength), parts: eb('parts', '+', 1) }))
    .where('id', '=', fileId)
    .execute();
}

export async function readPart(db: Db, fileId: number, part: number): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('transfer_file_parts').select('data').where('file_id', '=', fileId).where('part', '=', part).executeTakeFirst();
  return row?.data;
}

export async function renameTransferFile(db: Db, id: number, name: string, contentType: string): Promise<void> {
  await db.updateTable('transfer_files').set({ name, content_type: contentType }).where('id', '=', id).execute();
}

/** Deletes the files whose time is up (their parts go with them). Returns how many. */
export async function deleteExpired(db: Db, now: string): Promise<number> {
  const expired = await db.selectFrom('transfer_files').select('id').where('expires_at', '<', now).execute();
  if (expired.length === 0) return 0;
  const ids = expired.map((row) => Number(row.id));
  await db.deleteFrom('transfer_file_parts').where('file_id', 'in', ids).execute();
  await db.deleteFrom('transfer_files').where('id', 'in', ids).execute();
  return ids.length;
}
