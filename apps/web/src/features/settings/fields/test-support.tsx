import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen } from '@testing-library/react';
import { vi } from 'vitest';
import type { ReactNode } from 'react';

export type Reply = { status: number; body?: unknown };
export interface Recorded {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

/** Answers fetch from `handler` (by method and path) and records every request. */
export function stubApi(handler: (request: Recorded) => Reply | undefined): Recorded[] {
  const requests: Recorded[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const parsed = new URL(url, 'http://localhost');
      const request = { method: init.method ?? 'GET', path: parsed.pathname, search: parsed.search, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined };
      requests.push(request);
      const reply = handler(request) ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: 'not found' } } };
      return reply.status === 204 ? new Response(null, { status: 204 }) : new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
    }),
  );
  return requests;
}

/** Renders inside Mantine, a fresh query client and a router (the card's values may hold links). */
export function renderWithApp(node: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createRouter({ routeTree: createRootRoute({ component: () => node }), history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return queryClient;
}

/** Picks `option` of the select named `label` (a click toggles the options: a second one when the first closed them). */
export async function pickOption(label: string, option: string) {
  const box = screen.getByRole('combobox', { name: label });
  fireEvent.click(box);
  if (screen.queryAllByRole('option', { hidden: true }).length === 0) fireEvent.click(box);
  fireEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}
