import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Item, TypeMeta } from '../../api/types';
import { i18n } from '../../i18n';
import { Timeline } from './Timeline';
import type { Activity, TimelinePage } from './types';

// Wednesday 17 June 2026, 09:00 in the test's time zone: "today" runs until midnight.
const now = new Date(2026, 5, 17, 9, 0);
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 5, day, hours, minutes).toISOString();

const deals: TypeMeta = {
  name: 'deal',
  plural: 'deals',
  label: 'Negócio',
  titleFields: ['title'],
  stages: null,
  board: null,
  rights: { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' },
  fields: [],
};
const deal: Item = { id: 12, version: 3, title: 'Renovação anual', nextActivityAt: at(16, 15) };

function activity(id: number, subject: string, extra: Partial<Activity> = {}): Activity {
  return {
    id,
    kind: 'call',
    direction: 'outgoing',
    subject,
    description: null,
    deadline: null,
    startAt: null,
    endAt: null,
    durationSeconds: null,
    result: null,
    place: null,
    responsibleId: 1,
    priority: 'normal',
    completed: false,
    completedAt: null,
    remindAt: null,
    owner: { type: 'deal', id: 12, title: 'Renovação anual' },
    items: [{ type: 'deal', id: 12, title: 'Renovação anual' }],
    createdById: 1,
    createdAt: at(10, 9),
    updatedAt: at(10, 9),
    version: 1,
    ...extra,
  };
}

const overdue = activity(5, 'Ligar para o cliente', { deadline: at(16, 15) });
const today = activity(6, 'Enviar a proposta', { kind: 'email', deadline: at(17, 18) });
const later = activity(7, 'Reunião de fechamento', { kind: 'meeting', direction: null, deadline: at(22, 10), startAt: at(22, 10), endAt: at(22, 11) });

function firstPage(): TimelinePage {
  return {
    planned: [overdue, today, later],
    items: [
      { kind: 'comment', date: at(16, 11), comment: { id: 40, itemType: 'deal', itemId: 12, text: 'Falei com @Carlos Lima sobre o desconto.', author: { id: 1, name: 'Ana Souza' }, mentions: [{ id: 2, name: 'Carlos Lima' }], createdAt: at(16, 11), updatedAt: at(16, 11) } },
      { kind: 'activity', date: at(15, 16), activity: activity(3, 'Primeira ligação', { completed: true, completedAt: at(15, 16), durationSeconds: 245 }) },
      { kind: 'history', date: at(10, 9), event: { eventId: 90, type: 'created', author: { id: 1, name: 'Ana Souza' }, changes: [], summary: { title: 'Renovação anual' } } },
    ],
    nextCursor: null,
  };
}

let page: TimelinePage;
let requests: Array<{ method: string; path: string; query: URLSearchParams; body: unknown }>;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  await i18n.changeLanguage('pt-BR');
  // jsdom has no font loading; Mantine's autosizing text area listens to it.
  if (!document.fonts) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} }, configurable: true });
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now });
  page = firstPage();
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const parsed = new URL(url, 'http://localhost');
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      requests.push({ method, path: parsed.pathname, query: parsed.searchParams, body });
      const path = parsed.pathname.replace('/api/v1', '');
      if (method === 'GET' && path === '/auth/me') return json(200, { id: 1, email: 'ana@example.com.br', name: 'Ana Souza', isAdmin: true, locale: 'pt-BR', mayConfigure: true, crmMode: 'classic' });
      if (method === 'GET' && path === '/users') return json(200, { users: [{ id: 1, name: 'Ana Souza', email: 'ana@example.com.br' }, { id: 2, name: 'Carlos Lima', email: 'carlos@example.com.br' }, { id: 3, name: 'Camila Rocha', email: 'camila@example.com.br', isActive: false }] });
      if (method === 'GET' && path === '/types') return json(200, { items: [deals] });
      if (method === 'GET' && path === '/deals/12') return json(200, deal);
      if (method === 'GET' && path === '/deals/12/timeline') return json(200, page);
      if (method === 'PATCH' && path === '/activities/5') {
        // Completed: it leaves the planned ones and enters the stream.
        const done = { ...overdue, completed: true, completedAt: now.toISOString(), version: 2 };
        page = { ...page, planned: page.planned.filter((a) => a.id !== 5), items: [{ kind: 'activity', date: done.completedAt, activity: done }, ...page.items] };
        return json(200, done);
      }
      if (method === 'POST' && path === '/activities') return json(201, activity(8, body.subject, body));
      if (method === 'POST' && path === '/deals/12/comments') return json(201, { id: 41, itemType: 'deal', itemId: 12, text: body.text, author: { id: 1, name: 'Ana Souza' }, mentions: [], createdAt: now.toISOString(), updatedAt: now.toISOString() });
      return json(404, { error: { code: 'NOT_FOUND', message: 'not found' } });
    }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function renderTimeline() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const root = createRootRoute({ component: () => <Timeline type={deals} item={deal} fields={[]} /> });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    // env test: no transitions, and dropdowns show although jsdom lays nothing out.
    <MantineProvider env="test">
      <DatesProvider settings={{ locale: 'pt-br' }}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>,
  );
}

const timelineRequests = () => requests.filter((request) => request.method === 'GET' && request.path === '/api/v1/deals/12/timeline');

describe('the timeline', () => {
  it('pins the planned activities on top, earliest first, red when overdue and orange when due today; the stream follows newest first', async () => {
    renderTimeline();
    const planned = await screen.findByRole('list', { name: /Planejadas/ });
    const rows = within(planned).getAllByRole('listitem');
    expect(rows.map((row) => row.getAttribute('data-due'))).toEqual(['overdue', 'today', 'upcoming']);
    expect(rows[0]).toHaveTextContent('Ligar para o cliente');
    expect(within(rows[0]).getByText('Atrasada')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('Ontem, 15:00');
    expect(within(rows[1]).getByText('Hoje')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('Hoje, 18:00');
    expect(within(rows[2]).queryByText('Hoje')).not.toBeInTheDocument();
    expect(within(rows[2]).queryByText('Atrasada')).not.toBeInTheDocument();
    expect(rows[2]).toHaveTextContent('10:00 – 11:00');

    const stream = screen.getByRole('list', { name: 'Linha do tempo' });
    const entries = within(stream).getAllByRole('listitem').filter((entry) => entry.parentElement === stream);
    expect(entries.map((entry) => entry.getAttribute('data-kind'))).toEqual(['comment', 'activity', 'history']);
    expect(entries[0]).toHaveTextContent('Ana Souza');
    expect(within(entries[0]).getByText('@Carlos Lima')).toHaveClass(/mention/);
    expect(entries[1]).toHaveTextContent('Ligação concluída');
    expect(entries[1]).toHaveTextContent('Duração: 4 min 05 s');
    // The history event is drawn as the History tab draws it.
    expect(entries[2]).toHaveTextContent('Negócio criado');
  });

  it('completes an activity in one click: PATCH completed, then it leaves the planned ones for the stream', async () => {
    const user = userEvent.setup();
    renderTimeline();
    await user.click(await screen.findByRole('button', { name: 'Concluir “Ligar para o cliente”' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(requests.find((request) => request.method === 'PATCH')).toMatchObject({ path: '/api/v1/activities/5', body: { completed: true } });
    await waitFor(() => expect(within(screen.getByRole('list', { name: /Planejadas/ })).getAllByRole('listitem')).toHaveLength(2));
    const stream = screen.getByRole('list', { name: 'Linha do tempo' });
    expect(within(stream).getAllByRole('listitem')[0]).toHaveTextContent('Ligar para o cliente');
    expect(timelineRequests().length).toBeGreaterThanOrEqual(2);
  });

  it('reschedules to tomorrow at the same time from the menu', async () => {
    const user = userEvent.setup();
    renderTimeline();
    await user.click(await screen.findByRole('button', { name: 'Adiar “Enviar a proposta”' }));
    await user.click(await screen.findByRole('menuitem', { name: /^Amanhã/ }));
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(requests.find((request) => request.method === 'PATCH')).toMatchObject({ path: '/api/v1/activities/6', body: { deadline: at(18, 18) } });
  });

  it('plans a call in two clicks: "Amanhã 10h", then Planejar, with the subject written and me responsible', async () => {
    const user = userEvent.setup();
    renderTimeline();
    const composer = await screen.findByRole('tabpanel', { name: 'Atividade' });
    expect(within(composer).getByRole('textbox', { name: 'Assunto' })).toHaveValue('Ligar para o cliente');
    await user.click(within(composer).getByRole('button', { name: 'Amanhã 10h' }));
    await user.click(within(composer).getByRole('button', { name: 'Planejar' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'POST')).toBe(true));
    const post = requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/api/v1/activities');
    expect(post.body).toMatchObject({ kind: 'call', subject: 'Ligar para o cliente', owner: { type: 'deal', id: 12 }, deadline: at(18, 10), responsibleId: 1, direction: 'outgoing', priority: 'normal', remindAt: at(18, 9, 45) });
    // The timeline and the item are read again (its next activity moved).
    await waitFor(() => expect(timelineRequests().length).toBeGreaterThanOrEqual(2));
  });

  it('mentions a user: @ opens the directory, Enter takes the name, the comment is sent with mentionIds', async () => {
    const user = userEvent.setup();
    renderTimeline();
    await user.click(await screen.findByRole('tab', { name: 'Comentário' }));
    const text = await screen.findByRole('textbox', { name: 'Comentário' });
    await user.type(text, 'Ligar amanhã, @car');
    const options = await screen.findByRole('listbox', { name: 'Pessoas para mencionar' });
    expect(within(options).getByRole('option', { name: 'Carlos Lima' })).toBeInTheDocument();
    // Inactive users are not offered.
    expect(within(options).queryByRole('option', { name: 'Camila Rocha' })).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(text).toHaveValue('Ligar amanhã, @Carlos Lima ');
    await user.type(text, 'pode ver?');
    await user.click(screen.getByRole('button', { name: 'Enviar' }));

    await waitFor(() => expect(requests.some((request) => request.method === 'POST')).toBe(true));
    expect(requests.find((request) => request.method === 'POST')).toMatchObject({ path: '/api/v1/deals/12/comments', body: { text: 'Ligar amanhã, @Carlos Lima pode ver?', mentionIds: [2] } });
  });

  it('filters the stream by kind', async () => {
    const user = userEvent.setup();
    renderTimeline();
    await screen.findByRole('list', { name: 'Linha do tempo' });
    await user.click(screen.getByRole('checkbox', { name: 'Comentários' }));
    await waitFor(() => expect(timelineRequests().some((request) => request.query.get('kinds') === 'comment')).toBe(true));
    // Only comments: the planned activities are not shown.
    await waitFor(() => expect(screen.queryByRole('list', { name: /Planejadas/ })).not.toBeInTheDocument());
  });
});
