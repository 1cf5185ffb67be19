import { useSyncExternalStore } from 'react';
import { api } from '../../api/client';
import type { FilterTerm } from '../../api/types';
import type { Job } from '../items/bulk/jobs';

/**
 * Exports the user started, remembered in this browser (localStorage) so that the header's indicator follows them
 * across screens and reloads: each is a job on the server (GET /api/v1/jobs/{id}); when it is done its file is
 * downloaded once (GET /api/v1/transfer-files/{id}/content), and kept in the list to download again.
 */

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportJob extends Job {
  fileId: number | null;
}

export interface TrackedExport {
  jobId: number;
  plural: string;
  format: ExportFormat;
  startedAt: string;
  /** Downloaded (or its failure told) once already. */
  delivered: boolean;
}

export interface ExportRequest {
  format: ExportFormat;
  /** The list's columns; undefined: every field. */
  columns?: string[];
  ids?: number[];
  filter?: readonly FilterTerm[];
  search?: string;
  sort?: string;
}

const storageKey = 'vinculo.exports';
const kept = 8;
const keptDays = 7;

let tracked: TrackedExport[] = read();
const listeners = new Set<() => void>();

function read(): TrackedExport[] {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as TrackedExport[];
    const since = Date.now() - keptDays * 86_400_000;
    return Array.isArray(stored) ? stored.filter((entry) => typeof entry.jobId === 'number' && Date.parse(entry.startedAt) > since) : [];
  } catch {
    return [];
  }
}

function write(next: TrackedExport[]) {
  tracked = next.slice(0, kept);
  try {
    localStorage.setItem(storageKey, JSON.stringify(tracked));
  } catch {
    // A browser that keeps nothing still follows the export while the page stays open.
  }
  for (const listener of listeners) listener();
}

export function useTrackedExports(): TrackedExport[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => tracked,
  );
}

export const markDelivered = (jobId: number) => write(tracked.map((entry) => (entry.jobId === jobId ? { ...entry, delivered: true } : entry)));
export const forgetExport = (jobId: number) => write(tracked.filter((entry) => entry.jobId !== jobId));

/** Starts an export on the server and remembers it. */
export async function startExport(plural: string, request: ExportRequest): Promise<{ jobId: number; fileId: number; total: number }> {
  const body = {
    format: request.format,
    ...(request.columns ? { columns: request.columns } : {}),
    ...(request.ids ? { ids: request.ids } : {}),
    ...(request.filter && request.filter.length > 0 ? { filter: request.filter } : {}),
    ...(request.search?.trim() ? { search: request.search.trim() } : {}),
    ...(request.sort && !request.ids ? { sort: request.sort } : {}),
  };
  const started = await api.post<{ jobId: number; fileId: number; total: number }>(`/${plural}/export`, body);
  write([{ jobId: started.jobId, plural, format: request.format, startedAt: new Date().toISOString(), delivered: false }, ...tracked]);
  return started;
}

/** The address the file downloads from (the session cookie goes with it). */
export const fileUrl = (fileId: number) => `/api/v1/transfer-files/${fileId}/content`;

/** Downloads a finished export's file, as a click on a link would. */
export function downloadFile(fileId: number) {
  const link = document.createElement('a');
  link.href = fileUrl(fileId);
  link.download = '';
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
