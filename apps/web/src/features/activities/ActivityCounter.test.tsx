import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider, useMutation } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../../i18n';
import { ActivityCounter, ActivityNavBadge, counterState } from './ActivityCounter';
import { browserTimeZone, useCountersFollowWrites } from './api';

beforeAll(async () => {
  await changeLocale('pt-BR');
  // The router restores the scroll position, which jsdom does not do.
  window.scrollTo = () => undefined;
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** fetch answering the counters with what `answers` holds at the moment of the call; each call is kept. */
function stubCounters(answers: { current: { overdue: number; today: number; upcoming: number } }) {
  const calls: URL[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://crm.test');
      calls.push(url);
      const body = url.pathname === '/api/v1/activities/counters' ? answers.current : {};
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
  return calls;
}

function renderInApp(children: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createRouter({ routeTree: createRootRoute({ component: () => <>{children}</> }), history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <QueryClientProvider client={client}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return client;
}

describe('the counter of today’s and overdue activities', () => {
  it('adds today’s and overdue ones, red when something is late, orange when only today’s, nothing when none', () => {
    expect(counterState({ overdue: 2, today: 3, upcoming: 9 })).toEqual({ count: 5, color: 'red' });
    expect(counterState({ overdue: 0, today: 4, upcoming: 0 })).toEqual({ count: 4, color: 'orange' });
    expect(counterState({ overdue: 0, today: 0, upcoming: 7 })).toBeNull();
    expect(counterState(undefined)).toBeNull();
  });

  it('asks the server with the browser’s time zone and shows the sum on a link to "Minhas atividades"', async () => {
    const calls = stubCounters({ current: { overdue: 2, today: 3, upcoming: 9 } });
    renderInApp(<ActivityCounter />);
    const link = await screen.findByRole('link', { name: 'Minhas atividades: 5 para hoje ou atrasadas' });
    expect(link).toHaveAttribute('href', '/activities');
    expect(screen.getByTestId('activity-counter')).toHaveTextContent('5');
    expect(calls[0].pathname).toBe('/api/v1/activities/counters');
    expect(calls[0].searchParams.get('timeZone')).toBe(browserTimeZone());
  });

  it('says so when nothing is due, and the navigation entry shows no badge', async () => {
    stubCounters({ current: { overdue: 0, today: 0, upcoming: 2 } });
    renderInApp(
      <>
        <ActivityCounter />
        <ActivityNavBadge />
      </>,
    );
    await screen.findByRole('link', { name: 'Minhas atividades: nada para hoje nem atrasado' });
    expect(screen.queryByTestId('activity-nav-badge')).toBeNull();
  });

  it('is asked again every minute', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const answers = { current: { overdue: 0, today: 1, upcoming: 0 } };
    const calls = stubCounters(answers);
    renderInApp(<ActivityNavBadge />);
    await waitFor(() => expect(screen.getByTestId('activity-nav-badge')).toHaveTextContent('1'));
    answers.current = { overdue: 1, today: 2, upcoming: 0 };
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000);
    });
    await waitFor(() => expect(screen.getByTestId('activity-nav-badge')).toHaveTextContent('3'));
    expect(calls.filter((url) => url.pathname === '/api/v1/activities/counters')).toHaveLength(2);
    expect(screen.getByText('3 para hoje ou atrasadas')).toBeInTheDocument();
  });

  it('is asked again after any write succeeds', async () => {
    const answers = { current: { overdue: 0, today: 1, upcoming: 0 } };
    const calls = stubCounters(answers);
    function Writer() {
      useCountersFollowWrites();
      const write = useMutation({ mutationFn: async () => 'saved' });
      return (
        <button type="button" onClick={() => write.mutate()}>
          write
        </button>
      );
    }
    renderInApp(
      <>
        <ActivityNavBadge />
        <Writer />
      </>,
    );
    await waitFor(() => expect(screen.getByTestId('activity-nav-badge')).toHaveTextContent('1'));
    answers.current = { overdue: 0, today: 0, upcoming: 1 };
    fireEvent.click(screen.getByRole('button', { name: 'write' }));
    await waitFor(() => expect(screen.queryByTestId('activity-nav-badge')).toBeNull());
    expect(calls.filter((url) => url.pathname === '/api/v1/activities/counters')).toHaveLength(2);
  });
});
