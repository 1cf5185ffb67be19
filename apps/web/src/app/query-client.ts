import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError } from '../api/client';
import { queryKeys } from '../api/hooks';

/**
 * A 401 while signed in means the session ended elsewhere (signed out from another device, a password change,
 * deactivation, expiry): go to the sign-in screen at once, coming back here afterwards. A full load, so nothing of
 * the previous user stays cached. A 401 before anyone signed in (a wrong password) is the sign-in form's to show.
 */
function leaveWhenSignedOut(error: unknown) {
  if (!(error instanceof ApiError) || error.status !== 401 || !queryClient.getQueryData(queryKeys.me)) return;
  if (window.location.pathname === '/login') return;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

/** Retries only what may succeed later (a lost connection, a 5xx); a 4xx is an answer, shown as it is. */
export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: leaveWhenSignedOut }),
  mutationCache: new MutationCache({ onError: leaveWhenSignedOut }),
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
