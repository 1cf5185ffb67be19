import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, request } from '../../api/client';
import type { ItemPlural } from '../../app/router';

/**
 * The import API as the wizard uses it (docs/api.md, "Import"): upload a file, preview it into a type with a mapping,
 * start the import (a job), read its outcome, undo it. The imports a user started are remembered in this browser, so
 * the wizard can list them (the server keeps each one at /import/{jobId}).
 */

export type Target = string;
export type DuplicateMode = 'skip' | 'update' | 'create';

export interface UploadedFile {
  fileId: number;
  name: string;
  size: number;
}

export interface PreviewRow {
  rowNo: number;
  cells: string[];
  values: Record<string, unknown> | null;
  company: string | null;
  contact: { fullName?: string; name?: string; lastName?: string; email?: string; phone?: string } | null;
  error: { code: string; column: number | null; message: string } | null;
}

export interface Preview {
  file: { id: number; name: string; size: number };
  shape: { format: 'csv' | 'xlsx'; encoding: string | null; delimiter: string | null };
  header: string[];
  mapping: Array<Target | null>;
  mappingSource: 'given' | 'saved' | 'proposed';
  targets: Array<{ target: Target; label: string }>;
  dayFirst: boolean;
  rows: PreviewRow[];
}

export interface ImportSummary {
  jobId: number;
  type: string;
  fileName: string;
  onDuplicate: DuplicateMode;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  undone: number;
  undoJob: { id: number; status: string } | null;
}

/** The content types the server takes for a file; anything else (a CSV the browser calls `text/x-csv`) goes as bytes. */
const sentTypes = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/** A file the wizard takes: by its name, since browsers name the type of a CSV in many ways (or not at all). */
export const importable = (file: File) => /\.(csv|txt|xlsx)$/i.test(file.name) || sentTypes.includes(file.type);

export function uploadFile(file: File): Promise<UploadedFile> {
  const contentType = sentTypes.includes(file.type) ? file.type : 'application/octet-stream';
  return request<UploadedFile>('POST', '/imports/files', { body: file, query: { name: file.name }, headers: { 'content-type': contentType } });
}

export function usePreview(plural: ItemPlural, fileId: number | undefined, mapping: Array<Target | null> | undefined) {
  return useQuery({
    queryKey: ['import-preview', plural, fileId, mapping ?? null],
    queryFn: () => api.post<Preview>(`/${plural}/import/preview`, { fileId, ...(mapping ? { mapping } : {}) }),
    enabled: fileId !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}

export async function startImport(plural: ItemPlural, body: { fileId: number; fileName: string; mapping: Array<Target | null>; onDuplicate: DuplicateMode; saveMapping: boolean }) {
  const { fileName, ...sent } = body;
  const started = await api.post<{ jobId: number }>(`/${plural}/import`, sent);
  remember({ jobId: started.jobId, plural, fileName, startedAt: new Date().toISOString() });
  return started;
}

export const summaryKey = (jobId: number) => ['import', jobId] as const;

/** What became of an import's rows; asked again every second while the import or its undo is running. */
export function useImportSummary(jobId: number) {
  return useQuery({
    queryKey: summaryKey(jobId),
    queryFn: () => api.get<ImportSummary>(`/imports/${jobId}`),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return false;
      const running = (status: string) => status === 'queued' || status === 'running';
      return running(data.status) || (data.undoJob && running(data.undoJob.status)) ? 1000 : false;
    },
    retry: false,
  });
}

export const undoImport = (jobId: number) => api.post<{ jobId: number }>(`/imports/${jobId}/undo`);

/** The refused rows as a CSV download (the session cookie goes with the link). */
export const rejectedUrl = (jobId: number) => `/api/v1/imports/${jobId}/rejected`;

export interface RecentImport {
  jobId: number;
  plural: ItemPlural;
  fileName: string;
  startedAt: string;
}

const storageKey = 'vinculo.imports';
const kept = 8;
let recent: RecentImport[] = readRecent();
const listeners = new Set<() => void>();

function readRecent(): RecentImport[] {
  try {
    const stored = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as RecentImport[];
    return Array.isArray(stored) ? stored.filter((entry) => typeof entry.jobId === 'number' && typeof entry.fileName === 'string') : [];
  } catch {
    return [];
  }
}

function writeRecent(next: RecentImport[]) {
  recent = next.slice(0, kept);
  try {
    localStorage.setItem(storageKey, JSON.stringify(recent));
  } catch {
    // A browser that keeps nothing still shows the import at its address.
  }
  for (const listener of listeners) listener();
}

const remember = (entry: RecentImport) => writeRecent([entry, ...recent.filter((r) => r.jobId !== entry.jobId)]);
export const forgetImport = (jobId: number) => writeRecent(recent.filter((entry) => entry.jobId !== jobId));

export function useRecentImports(): RecentImport[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => recent,
  );
}
