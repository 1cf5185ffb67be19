import type { Selectable } from 'kysely';
import type { Db, SystemTables } from '../../db/types.ts';

/** Kysely queries of uploaded files. No business rules here. */

export type FileRow = Omit<Selectable<SystemTables['files']>, 'id'> & { id: number };
export type FileMetaRow = Omit<FileRow, 'data'>;

const metaColumns = ['id', 'name', 'content_type', 'size', 'sha256', 'created_by_id', 'created_at'] as const;

export async function insertFile(db: Db, row: Omit<FileRow, 'id'>): Promise<number> {
  const inserted = await db.insertInto('files').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** A file's metadata, without its bytes. */
export async function findFileMeta(db: Db, id: number): Promise<FileMetaRow | undefined> {
  return (await db.selectFrom('files').select(metaColumns).where('id', '=', id).executeTakeFirst()) as FileMetaRow | undefined;
}

export async function findFile(db: Db, id: number): Promise<FileRow | undefined> {
  return (await db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst()) as FileRow | undefined;
}
