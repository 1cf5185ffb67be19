import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: number; name: string } | null;
  kind: string;
  target: { type: string; id: string; name: string | null } | null;
  details: { name?: string; changes?: Record<string, [unknown, unknown]>; [key: string]: unknown };
  ip: string | null;
}

export interface AuditFilters {
  actorId: number | null;
  kind: string | null;
  /** Calendar days (`YYYY-MM-DD`) in the browser's time zone, both included. */
  from: string;
  to: string;
}

const pageSize = 50;

/** The start of a local calendar day as an instant; `next` gives the start of the day after (the exclusive end). */
function dayStart(day: string, next = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (next ? 1 : 0)).toISOString();
}

/** The audit log, newest first, a page at a time as the user asks for more. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: AuditEntry[]; nextCursor: string | null }>(
        '/audit',
        { limit: pageSize, cursor: pageParam, actorId: filters.actorId ?? undefined, kind: filters.kind ?? undefined, from: dayStart(filters.from), to: dayStart(filters.to, true) },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
