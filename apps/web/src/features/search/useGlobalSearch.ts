import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, NetworkError } from '../../api/client';
import type { SearchAnswer } from '../../api/types';

/** Fewer characters than this only show a hint: one letter would match half the CRM. */
export const minimumQueryLength = 2;
const perType = 5;

export interface SearchResult {
  /** The text the answer is for (results stay on screen while the next answer comes). */
  query: string;
  answer: SearchAnswer;
}

/**
 * Finds as the user types: the text settles for 150 ms before a request goes out, and a request whose text was
 * replaced meanwhile is aborted (the query function hands its signal to fetch).
 */
export function useGlobalSearch(text: string) {
  const trimmed = text.trim();
  const [settled] = useDebouncedValue(trimmed, 150);
  const enabled = settled.length >= minimumQueryLength && trimmed.length >= minimumQueryLength;
  const query = useQuery({
    queryKey: ['global-search', settled],
    queryFn: async ({ signal }): Promise<SearchResult> => ({ query: settled, answer: await api.get<SearchAnswer>('/search', { q: settled, limit: perType }, signal) }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    // A refused search is an answer; a lost connection is worth one more try before saying so.
    retry: (failures, error) => error instanceof NetworkError && failures < 1,
  });
  return { ...query, enabled, settling: trimmed !== settled };
}
