import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useGlobalSearch } from './useGlobalSearch';

interface Call {
  url: URL;
  signal: AbortSignal | undefined;
  answer: (body: unknown) => void;
}

/** fetch as the test answers it: each call waits until the test answers. */
function fakeFetch() {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      calls.push({ url: new URL(input, 'http://crm.test'), signal: init?.signal ?? undefined, answer: (body) => resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) });
    }),
  );
  return calls;
}

function wrapper({ children }: { children: ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('useGlobalSearch', () => {
  it('asks nothing for fewer than two characters', async () => {
    const calls = fakeFetch();
    const { result } = renderHook(() => useGlobalSearch(' m '), { wrapper });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(result.current.enabled).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('waits for the text to settle, then asks once; a request whose text changed is aborted', async () => {
    const calls = fakeFetch();
    // The dialog opens empty; the user types.
    const { result, rerender } = renderHook(({ text }) => useGlobalSearch(text), { wrapper, initialProps: { text: '' } });
    rerender({ text: 'ma' });
    rerender({ text: 'mar' });
    rerender({ text: 'mari' });
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].url.pathname).toBe('/api/v1/search');
    expect(calls[0].url.searchParams.get('q')).toBe('mari');
    expect(calls[0].url.searchParams.get('limit')).toBe('5');

    rerender({ text: 'maria' });
    await waitFor(() => expect(calls).toHaveLength(2));
    await waitFor(() => expect(calls[0].signal?.aborted).toBe(true));
    expect(calls[1].url.searchParams.get('q')).toBe('maria');

    act(() => calls[1].answer({ groups: [{ type: 'contact', items: [{ id: 1, title: 'Maria Conceição', subtitle: null }], more: false }] }));
    await waitFor(() => expect(result.current.data?.query).toBe('maria'));
    expect(result.current.data?.answer.groups[0].items[0].title).toBe('Maria Conceição');
  });
});
