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

/** The uploader of each of `ids` that exists. */
export async function uploadersOf(db: Db, ids: number[]): Promise<Map<number, number | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('files').select(['id', 'created_by_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [Number(row.id), row.created_by_id === null ? null : Number(row.created_by_id)]));
}

export interface FileLink {
  fileId: number;
  entityType: string;
  entityId: number;
  fieldId: number;
}

/** Where the files of `fileIds` are attached: the items and file fields holding them. */
export async function linksOf(db: Db, fileIds: number[]): Promise<FileLink[]> {
  if (fileIds.length === 0) return [];
  const rows = await db.selectFrom('file_links').select(['file_id', 'entity_type', 'entity_id', 'field_id']).where('file_id', 'in', fileIds).execute();
  return rows.map((row) => ({ fileId: Number(row.file_id), entityType: row.entity_type, entityId: Number(row.entity_id), fieldId: Number(row.field_id) }));
}
