import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldMeta, Item, TypeMeta } from '../../api/types';
import { changeLocale, i18n } from '../../i18n';
import { KanbanBoard } from './KanbanBoard';
import type { KanbanColumn } from './types';

const field = (name: string, type: string, label: string, extra: Partial<FieldMeta> = {}): FieldMeta => ({
  name,
  bitrix: name.toUpperCase(),
  type,
  label,
  labels: { en: label, 'pt-BR': label },
  required: false,
  readOnly: false,
  immutable: false,
  multiple: false,
  maxLength: null,
  list: null,
  itemType: null,
  multifieldKind: null,
  custom: false,
  options: null,
  operators: ['eq'],
  sortable: true,
  showInList: true,
  ...extra,
});

const dealType: TypeMeta = {
  name: 'deal',
  plural: 'deals',
  label: 'Negócio',
  titleFields: ['title'],
  stages: { field: 'stageId', semanticField: 'stageSemantic', list: 'DEAL_STAGE', pipelineField: 'categoryId' },
  board: { cardFields: ['title', 'stageId', 'opportunity', 'currencyId', 'assignedById'], amountField: 'opportunity', currencyField: 'currencyId' },
  rights: { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' },
  fields: [
    field('title', 'string', 'Nome do negócio', { required: true }),
    field('stageId', 'reference', 'Fase', { list: 'DEAL_STAGE' }),
    field('categoryId', 'integer', 'Funil'),
    field('opportunity', 'money', 'Valor'),
    field('currencyId', 'currency', 'Moeda'),
    field('assignedById', 'user', 'Responsável'),
  ],
};

const deal = (id: number, title: string, opportunity: string, stageId: string, version = 1): Item => ({ id, version, title, opportunity, currencyId: 'BRL', stageId, categoryId: 0, assignedById: 1 });
const stage = (code: string, name: string, semantic: 'P' | 'S' | 'F', items: Item[], total: string, sort: number): KanbanColumn => ({
  code,
  name,
  nameEn: name,
  namePt: name,
  sort,
  semantic,
  color: '#39A8EF',
  count: items.length,
  total,
  items,
  nextCursor: null,
});

function boardAnswer() {
  return {
    pipelineId: 0,
    baseCurrency: 'BRL',
    columns: [
      stage('WON', 'Negócio ganho', 'S', [], '0.00', 60),
      stage('NEW', 'Novo', 'P', [deal(7, 'Proposta Serra Azul', '1500.00', 'NEW', 3), deal(8, 'Licenças Horizonte', '250.50', 'NEW')], '1750.50', 10),
      stage('PREPARATION', 'Preparando documentos', 'P', [], '0.00', 20),
    ],
  };
}

type Handler = (url: URL, init: RequestInit | undefined) => { status: number; body?: unknown } | undefined;
let moveAnswer: Handler;
/** The board as the fake server has it: a move it accepts changes it, as the real one does. */
let server: ReturnType<typeof boardAnswer>;

function serverMove(id: number, stageId: string) {
  const from = server.columns.find((c) => c.items.some((item) => item.id === id))!;
  const to = server.columns.find((c) => c.code === stageId)!;
  if (from === to) return;
  const item = from.items.find((i) => i.id === id)!;
  from.items = from.items.filter((i) => i !== item);
  to.items = [{ ...item, stageId }, ...to.items];
  for (const column of [from, to]) {
    column.count = column.items.length;
    column.total = (column.items.reduce((sum, i) => sum + Math.round(Number(i.opportunity) * 100), 0) / 100).toFixed(2);
  }
}
const calls: Array<{ method: string; url: URL; body: unknown }> = [];

function json(status: number, body: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeAll(async () => {
  await changeLocale('pt-BR');
});

beforeEach(() => {
  calls.length = 0;
  server = boardAnswer();
  // jsdom lays nothing out: give every element a size, so the virtualised columns draw their cards.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(284);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const path = url.pathname.replace('/api/v1', '');
      if (path === '/auth/me') return json(200, { id: 1, email: 'ana@example.com.br', name: 'Ana Souza', isAdmin: true, locale: 'pt-BR', mayConfigure: true, crmMode: 'classic' });
      if (path === '/types') return json(200, { items: [dealType] });
      if (path === '/currencies') return json(200, { items: [{ code: 'BRL', name: 'Real', isBase: true, rate: '1' }] });
      if (path === '/users') return json(200, { users: [{ id: 1, name: 'Ana Souza', email: 'ana@example.com.br' }] });
      if (path === '/pipelines') return json(200, { pipelines: [{ id: 0, name: 'Geral', sort: 0, isDefault: true }] });
      if (path === '/deals/kanban') return json(200, server);
      if (/^\/deals\/\d+\/move$/.test(path)) {
        const answer = moveAnswer(url, init);
        if (answer?.status === 200) serverMove(Number(path.split('/')[2]), (JSON.parse(String(init?.body)) as { stageId: string }).stageId);
        if (answer) return json(answer.status, answer.body);
      }
      return json(404, { error: { code: 'NOT_FOUND', message: 'Não encontrado' } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function renderBoard() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const rootRoute = createRootRoute({ component: () => <KanbanBoard type={dealType} filter={[]} search={undefined} pipelineId={undefined} onPipelineChange={() => {}} /> });
  const router = createRouter({ routeTree: rootRoute, history: createMemoryHistory({ initialEntries: ['/deals'] }) });
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <QueryClientProvider client={queryClient}>
          <Notifications />
          <RouterProvider router={router as never} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return screen.findByRole('region', { name: 'Novo' });
}

const column = (name: string) => screen.getByRole('region', { name });
const nextTick = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

/** Picks the card up by its handle, presses the arrows, drops it: as a keyboard user does. */
async function moveWithKeyboard(title: string, keys: string[]) {
  const handle = screen.getByRole('button', { name: `Mover ${title}` });
  handle.focus();
  fireEvent.keyDown(handle, { code: 'Space', key: ' ' });
  await nextTick();
  // The card may change columns on the way (its handle is drawn anew): keys go where the focus is, as in a browser.
  const focused = () => (document.activeElement && document.activeElement !== document.body ? document.activeElement : document.body);
  for (const code of keys) {
    fireEvent.keyDown(focused(), { code, key: code });
    await nextTick();
  }
  fireEvent.keyDown(focused(), { code: 'Space', key: ' ' });
  await nextTick();
}

describe('the Kanban board', () => {
  it('shows the stages in progress, then the won one, with counts, totals and cards', async () => {
    await renderBoard();
    const names = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(names).toEqual(['Novo', 'Preparando documentos', 'Negócio ganho']);
    const novo = column('Novo');
    expect(within(novo).getByText('2 itens')).toBeInTheDocument();
    expect(within(novo).getByText(/R\$\s1\.750,50/)).toBeInTheDocument();
    expect(within(novo).getByRole('link', { name: 'Proposta Serra Azul' })).toHaveAttribute('href', '/deals/7');
    expect(within(novo).getByText(/R\$\s1\.500,00/)).toBeInTheDocument();
    expect(await within(novo).findAllByText('Ana Souza')).toHaveLength(2);
    expect(within(column('Preparando documentos')).getByText('Nada aqui')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Configurações de Novo' })).toBeInTheDocument();
  });

  it('moves a card to the next stage with the keyboard, then the server confirms it', async () => {
    moveAnswer = (url, init) => {
      const body = JSON.parse(String(init?.body)) as { stageId: string };
      return { status: 200, body: { ...deal(7, 'Proposta Serra Azul', '1500.00', body.stageId, 4) } };
    };
    await renderBoard();
    await moveWithKeyboard('Proposta Serra Azul', ['ArrowRight']);

    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    const move = calls.find((call) => call.method === 'POST')!;
    expect(move.url.pathname).toBe('/api/v1/deals/7/move');
    expect(move.body).toEqual({ stageId: 'PREPARATION', afterId: null, version: 3 });
    const preparation = column('Preparando documentos');
    expect(within(preparation).getByRole('link', { name: 'Proposta Serra Azul' })).toBeInTheDocument();
    expect(within(preparation).getByText('1 item')).toBeInTheDocument();
    expect(within(column('Novo')).getByText('1 item')).toBeInTheDocument();
    // The column's total is now the one card left: the same amount shows twice.
    expect(within(column('Novo')).getAllByText(/R\$\s250,50/)).toHaveLength(2);
  });

  it('puts the card back with the reason when someone changed the deal meanwhile (409)', async () => {
    moveAnswer = () => ({ status: 409, body: { error: { code: 'VERSION_CONFLICT', message: 'O item foi alterado', details: { currentVersion: 5 } } } });
    await renderBoard();
    await moveWithKeyboard('Proposta Serra Azul', ['ArrowRight']);

    expect(await screen.findByText('Outra pessoa alterou este negócio enquanto isso. O Kanban já mostra a versão mais recente; tente de novo.')).toBeInTheDocument();
    await waitFor(() => expect(within(column('Novo')).getByRole('link', { name: 'Proposta Serra Azul' })).toBeInTheDocument());
    expect(within(column('Preparando documentos')).queryByRole('link', { name: 'Proposta Serra Azul' })).toBeNull();
    expect(within(column('Novo')).getByText('2 itens')).toBeInTheDocument();
    expect(within(column('Novo')).getByText(/R\$\s1\.750,50/)).toBeInTheDocument();
  });

  it('reorders within a column with the arrow keys, below the card passed', async () => {
    moveAnswer = () => ({ status: 200, body: deal(7, 'Proposta Serra Azul', '1500.00', 'NEW', 3) });
    await renderBoard();
    await moveWithKeyboard('Proposta Serra Azul', ['ArrowDown']);

    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    // Within its column a card only changes place: no version, so nobody's edit can refuse it.
    expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ stageId: 'NEW', afterId: 8 });
    const links = within(column('Novo')).getAllByRole('link').map((link) => link.textContent);
    expect(links).toEqual(['Licenças Horizonte', 'Proposta Serra Azul']);
  });
});
