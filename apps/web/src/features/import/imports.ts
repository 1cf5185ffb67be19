import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, request } from '../../api/client';
import type { ItemPlural } from '../../app/router';

/**
 * The import API as the wizard uses it (docs/api.md, "Import"): upload a file, preview it into a type with a mapping,
 * start the import (a job), read its outcome, undo it, list the user's latest imports.
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
  shape: { format: 'csv' | 'xlsx' | 'html'; encoding: string | null; delimiter: string | null };
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
  startedAt: string;
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

export function startImport(plural: ItemPlural, body: { fileId: number; mapping: Array<Target | null>; onDuplicate: DuplicateMode; saveMapping: boolean }) {
  return api.post<{ jobId: number }>(`/${plural}/import`, body);
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

/** The user's latest imports, newest first (GET /api/v1/imports): the same list on any browser they sign in from. */
export const recentKey = ['imports', 'recent'] as const;

export function useRecentImports() {
  return useQuery({
    queryKey: recentKey,
    queryFn: () => api.get<{ items: ImportSummary[] }>('/imports', { limit: 8 }),
    select: (data) => data.items,
    // Asked again whenever the wizard opens: an import started a moment ago (here, in another tab or from the CLI)
    // is on the list at once.
    staleTime: 0,
    refetchOnMount: 'always',
    // While one of them runs, its counts move.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === 'queued' || item.status === 'running') ? 2000 : false),
  });
}
