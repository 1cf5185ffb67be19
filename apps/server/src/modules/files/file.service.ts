import { createHash } from 'node:crypto';
import type { Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { readableFileIds } from './file-access.ts';
import * as repository from './file.repository.ts';
import type { FileMetaRow } from './file.repository.ts';

/**
 * Uploaded files, kept in the database (`files.data`: bytea on PostgreSQL, blob on SQLite) so a backup of the
 * database is a backup of everything. Custom fields of type `file` hold their ids.
 */

export interface FileDto {
  id: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface Upload {
  /** The file name the client sent (may carry a path, control characters…). */
  filename: string | undefined;
  /** The part's Content-Type. */
  contentType: string | undefined;
  data: Buffer;
}

/** What a download serves: the bytes, and a type a browser may be trusted with. */
export interface Download {
  name: string;
  servedType: string;
  data: Buffer;
}

const fallbackName = 'file';
const fallbackType = 'application/octet-stream';

/**
 * Types served as themselves; a browser renders none of them as a page. Everything else, text/html and
 * image/svg+xml included, is served as application/octet-stream: stored content from users never runs.
 */
const servedAsIs = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

// C0 and C1 controls, and the bidirectional overrides that make "txt.exe" look like "exe.txt".
const unwanted = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

/** The base name only (no directories), without control characters, at most 255 characters. */
export function sanitizeName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = Array.from(base.normalize('NFC')).filter((c) => !unwanted(c.codePointAt(0)!));
  const name = clean.slice(0, 255).join('').trim();
  return name === '' || name === '.' || name === '..' ? fallbackName : name;
}

/** The media type without parameters, lower-case; anything that is not `type/subtype` is octet-stream. */
export function sanitizeContentType(raw: string | undefined): string {
  const essence = (raw ?? '').split(';')[0].trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(essence) ? essence : fallbackType;
}

const present = (row: FileMetaRow): FileDto => ({
  id: Number(row.id),
  name: row.name,
  contentType: row.content_type,
  size: Number(row.size),
  sha256: row.sha256,
  createdAt: row.created_at,
});

export async function uploadFile(ctx: Context, upload: Upload | null): Promise<FileDto> {
  if (!upload) throw invalid([{ field: 'file', rule: 'required' }]);
  const row = {
    name: sanitizeName(upload.filename),
    content_type: sanitizeContentType(upload.contentType),
    size: upload.data.length,
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    data: upload.data,
    created_by_id: ctx.actor.id,
    created_at: ctx.now().toISOString(),
  };
  const id = await repository.insertFile(ctx.db, row);
  return present({ ...row, id });
}

/** A file's metadata, for whoever may read it (see file-access.ts); anyone else gets a 404, as for a missing file. */
export async function getFile(ctx: Context, id: number): Promise<FileDto> {
  const row = await repository.findFileMeta(ctx.db, id);
  if (!row || !(await readableFileIds(ctx, [id])).has(id)) throw notFound();
  return present(row);
}

export async function downloadFile(ctx: Context, id: number): Promise<Download> {
  if (!(await readableFileIds(ctx, [id])).has(id)) throw notFound();
  const row = await repository.findFile(ctx.db, id);
  if (!row) throw notFound();
  // node:sqlite answers a Uint8Array, pg a Buffer: the same bytes either way.
  const data = Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength);
  return { name: row.name, servedType: servedAsIs.has(row.content_type) ? row.content_type : fallbackType, data };
}
