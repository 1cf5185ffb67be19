import { Readable } from 'node:stream';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { notFound } from '../../http/app-error.ts';
import { findTransferFile, insertPart, insertTransferFile, readPart, type TransferFileRow } from './transfer-file.repository.ts';

/** The size of a stored part: large enough to keep the row count low, small enough to hold a few in memory. */
export const partBytes = 1024 * 1024;

/** How long an uploaded or exported file is kept. */
export const transferFileDays = 7;

export const expiryFrom = (now: Date) => new Date(now.getTime() + transferFileDays * 86_400_000).toISOString();

/**
 * Stores a stream (an upload) as a new file, in parts, in one transaction: either the whole file is there or none of
 * it. Returns its id and size. `maxBytes` bounds what is read; past it the stream is refused with `onTooLarge()`.
 */
export async function storeStream(ctx: Context, source: AsyncIterable<Uint8Array>, meta: { purpose: 'import' | 'export'; name: string; contentType: string }, maxBytes: number, onTooLarge: () => Error): Promise<{ id: number; size: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.now();
    const id = await insertTransferFile(trx, { ...meta, createdById: ctx.actor.id, now: now.toISOString(), expiresAt: expiryFrom(now) });
    const writer = partWriter(trx, id);
    for await (const chunk of source) {
      if (writer.size + chunk.byteLength > maxBytes) throw onTooLarge();
      await writer.write(chunk);
    }
    await writer.end();
    return { id, size: writer.size };
  });
}

/** Writes bytes to a file part by part: whole parts of `partBytes` as they fill, the rest at `end()`. */
export function partWriter(db: Db, fileId: number, firstPart = 0) {
  let part = firstPart;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let size = 0;
  const flush = async (bytes: number) => {
    const joined = Buffer.concat(pending, pendingBytes);
    await insertPart(db, fileId, part++, joined.subarray(0, bytes));
    const rest = joined.subarray(bytes);
    pending = rest.byteLength > 0 ? [rest] : [];
    pendingBytes = rest.byteLength;
  };
  return {
    get size() {
      return size;
    },
    get nextPart() {
      return part;
    },
    async write(chunk: Uint8Array) {
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      size += chunk.byteLength;
      while (pendingBytes >= partBytes) await flush(partBytes);
    },
    async end() {
      if (pendingBytes > 0) await flush(pendingBytes);
    },
  };
}

/** A file's bytes as a stream, one part in memory at a time. */
export function fileStream(db: Db, file: Pick<TransferFileRow, 'id' | 'parts'>): Readable {
  let part = 0;
  return new Readable({
    async read() {
      try {
        if (part >= file.parts) return void this.push(null);
        const data = await readPart(db, file.id, part++);
        this.push(data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null);
      } catch (error) {
        this.destroy(error as Error);
      }
    },
  });
}

/** A transfer file its caller may read: their own (an administrator may read any). Anyone else's is not found. */
export async function ownTransferFile(ctx: Context, id: number): Promise<TransferFileRow> {
  const file = await findTransferFile(ctx.db, id);
  if (!file || (file.created_by_id !== ctx.actor.id && !ctx.actor.isAdmin)) throw notFound();
  return file;
}

/**
 * A file being written by a job (an export) carries this suffix on its name until its last part is in: it is not
 * served before that. The job's last batch renames it, in the transaction that writes its end.
 */
export const unfinishedSuffix = '.partial';

export const isWritten = (file: Pick<TransferFileRow, 'name'>) => !file.name.endsWith(unfinishedSuffix);
