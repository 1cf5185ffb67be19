import { QueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError } from '../api/client';

/** Retries only what may succeed later (a lost connection, a 5xx); a 4xx is an answer, shown as it is. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: true,
      retry: (failures, error) => (error instanceof NetworkError ? true : error instanceof ApiError ? error.status >= 500 && failures < 2 : failures < 2),
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 15_000),
    },
    mutations: { retry: false },
  },
});
