import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { forgetTitles } from '../../api/titles';
import { binPlural, type BinEntry } from './bin-entry';

export const recycleBinKey = ['recycle-bin'] as const;

/** Every binned item the user may read (the newest of each type), newest first. */
export function useRecycleBin() {
  return useQuery({ queryKey: recycleBinKey, queryFn: async () => (await api.get<{ items: BinEntry[] }>('/recycle-bin')).items });
}

export type BinAction = 'restore' | 'purge';

export interface BinOutcome {
  action: BinAction;
  done: BinEntry[];
  failed: Array<{ entry: BinEntry; error: unknown }>;
}

const perform: Record<BinAction, (entry: BinEntry) => Promise<unknown>> = {
  restore: (entry) => api.post(`/${binPlural[entry.type]}/${entry.id}/restore`),
  purge: (entry) => api.delete(`/recycle-bin/${entry.type}/${entry.id}`),
};

/** Runs the action on each entry, a few at a time; one refusal never stops the others. */
async function performEach(action: BinAction, entries: BinEntry[], concurrency = 4): Promise<BinOutcome> {
  const outcome: BinOutcome = { action, done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++];
      try {
        await perform[action](entry);
        outcome.done.push(entry);
      } catch (error) {
        outcome.failed.push({ entry, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  // Keep the order the user saw.
  const order = new Map(entries.map((entry, index) => [entry, index]));
  outcome.done.sort((a, b) => order.get(a)! - order.get(b)!);
  outcome.failed.sort((a, b) => order.get(a.entry)! - order.get(b.entry)!);
  return outcome;
}

/**
 * Restores or deletes for good. Afterwards everything cached is stale: a restored item is back in its list, board,
 * search and links, a purged one is gone from the links of others.
 */
export function useBinAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, entries }: { action: BinAction; entries: BinEntry[] }) => performEach(action, entries),
    onSettled: async () => {
      forgetTitles();
      await client.invalidateQueries();
    },
  });
}
