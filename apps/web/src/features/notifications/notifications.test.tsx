import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../../i18n';
import type { AppNotification } from './api';
import { NotificationBell } from './NotificationBell';
import { notificationWording } from './wording';

beforeAll(() => {
  window.scrollTo = () => undefined;
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await changeLocale('pt-BR');
});

const ana = { id: 2, name: 'Ana Souza' };
const deal = { type: 'deal' as const, id: 7, title: 'Renovação anual' };
const contact = { type: 'contact' as const, id: 12, title: 'Maria Conceição' };

function notification(changes: Partial<AppNotification>): AppNotification {
  return { id: 1, kind: 'mention', createdAt: new Date().toISOString(), readAt: null, actor: ana, item: null, activity: null, task: null, comment: null, ...changes };
}

const mention = notification({ id: 1, kind: 'mention', item: deal, comment: { id: 4, excerpt: '@Bruno pode ligar amanhã?' } });
const assigned = notification({ id: 2, kind: 'activityAssigned', item: deal, activity: { id: 9, subject: 'Ligar para o cliente' } });
const due = notification({ id: 3, kind: 'activityDue', actor: null, item: contact, activity: { id: 10, subject: 'Enviar proposta' } });
const item = notification({ id: 4, kind: 'itemAssigned', item: contact });
const task = notification({ id: 5, kind: 'taskAssigned', task: { id: 31, title: 'Revisar contrato' }, readAt: '2026-12-01T10:00:00.000Z' });

describe('notification wording', () => {
  it('words each kind in Portuguese, with where it leads', async () => {
    await changeLocale('pt-BR');
    const t = i18n.t.bind(i18n);
    expect(notificationWording(mention, t)).toEqual({ text: 'Ana Souza mencionou você em Negócio Renovação anual', detail: '@Bruno pode ligar amanhã?', target: { to: '/$type/$id', params: { type: 'deals', id: 7 } } });
    expect(notificationWording(assigned, t)).toEqual({ text: 'Nova atividade atribuída a você: Ligar para o cliente', detail: 'Negócio Renovação anual · por Ana Souza', target: { to: '/$type/$id', params: { type: 'deals', id: 7 } } });
    expect(notificationWording(due, t)).toEqual({ text: 'Lembrete: Enviar proposta', detail: 'Contato Maria Conceição', target: { to: '/$type/$id', params: { type: 'contacts', id: 12 } } });
    expect(notificationWording(item, t)).toEqual({ text: 'Ana Souza atribuiu a você Contato Maria Conceição', detail: null, target: { to: '/$type/$id', params: { type: 'contacts', id: 12 } } });
    expect(notificationWording(task, t)).toEqual({ text: 'Nova tarefa: Revisar contrato', detail: 'por Ana Souza', target: { to: '/tasks/$taskId', params: { taskId: 31 } } });
  });

  it('words each kind in English', async () => {
    await changeLocale('en');
    const t = i18n.t.bind(i18n);
    expect(notificationWording(mention, t).text).toBe('Ana Souza mentioned you in Deal Renovação anual');
    expect(notificationWording(assigned, t).text).toBe('New activity assigned to you: Ligar para o cliente');
    expect(notificationWording(due, t).text).toBe('Reminder: Enviar proposta');
    expect(notificationWording(item, t).text).toBe('Ana Souza assigned you Contact Maria Conceição');
    expect(notificationWording(task, t).text).toBe('New task: Revisar contrato');
  });

  it('words a paused webhook for its administrator, leading to the webhook', async () => {
    const paused = notification({ kind: 'webhookPaused', actor: null, webhook: { id: 3, url: 'https://erp.example.com/in' } });
    await changeLocale('pt-BR');
    expect(notificationWording(paused, i18n.t.bind(i18n))).toEqual({
      text: 'O webhook https://erp.example.com/in foi pausado após falhas repetidas',
      detail: null,
      target: { to: '/settings/webhooks/$webhookId', params: { webhookId: 3 } },
    });
    await changeLocale('en');
    expect(notificationWording(paused, i18n.t.bind(i18n)).text).toBe('Webhook https://erp.example.com/in was paused after repeated failures');
    expect(notificationWording(notification({ kind: 'webhookPaused', webhook: null }), i18n.t.bind(i18n)).target).toEqual({ to: '/settings/webhooks' });
  });

  it('copes with what is missing: no author, an item no longer readable, an activity without an item, a kind it does not know', async () => {
    await changeLocale('pt-BR');
    const t = i18n.t.bind(i18n);
    expect(notificationWording(notification({ kind: 'mention', actor: null, item: null }), t).text).toBe('Alguém mencionou você em um comentário');
    expect(notificationWording(notification({ kind: 'itemAssigned', item: null }), t)).toMatchObject({ text: 'Ana Souza atribuiu a você um item que você não pode mais abrir', target: null });
    expect(notificationWording(notification({ kind: 'activityDue', actor: null, activity: { id: 1, subject: 'Reunião' } }), t)).toEqual({ text: 'Lembrete: Reunião', detail: null, target: { to: '/activities' } });
    expect(notificationWording(notification({ kind: 'somethingNew' }), t).text).toBe('Nova notificação');
  });
});

describe('the bell', () => {
  function stubApi(state: { unread: number; items: AppNotification[] }) {
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string, init?: RequestInit) => {
        const url = new URL(input, 'http://crm.test');
        let body: unknown = {};
        if (url.pathname === '/api/v1/notifications/unread-count') body = { unread: state.unread };
        else if (url.pathname === '/api/v1/notifications') body = { items: state.items, unread: state.unread, nextCursor: null };
        else if (url.pathname === '/api/v1/notifications/read') {
          const read = JSON.parse(String(init?.body)) as { ids?: number[]; all?: boolean };
          posts.push(read);
          state.items = state.items.map((n) => (read.all || read.ids?.includes(n.id) ? { ...n, readAt: new Date().toISOString() } : n));
          state.unread = state.items.filter((n) => n.readAt === null).length;
          body = { unread: state.unread };
        }
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    return posts;
  }

  function renderBell() {
    const root = createRootRoute({
      component: () => (
        <>
          <NotificationBell />
          <Outlet />
        </>
      ),
    });
    const page = (path: string, text: string) => createRoute({ getParentRoute: () => root, path, component: () => <p>{text}</p> });
    const router = createRouter({
      routeTree: root.addChildren([page('/', 'início'), page('/deals/$id', 'card do negócio'), page('/contacts/$id', 'card do contato'), page('/tasks/$taskId', 'tarefa'), page('/activities', 'atividades')]),
      history: createMemoryHistory({ initialEntries: ['/'] }),
    });
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider env="test">
          <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </MantineProvider>
      </I18nextProvider>,
    );
    return router;
  }

  it('shows the unread count, lists the notifications, marks one read when it is opened and goes to its item', async () => {
    const state = { unread: 4, items: [mention, assigned, due, item, task] };
    const posts = stubApi(state);
    const router = renderBell();
    const bell = await screen.findByRole('button', { name: 'Notificações' });
    await waitFor(() => expect(screen.getByTestId('notification-count')).toHaveTextContent('4'));
    expect(bell).toHaveAccessibleDescription('4 não lidas');

    fireEvent.click(bell);
    const dialog = await screen.findByRole('dialog', { name: 'Notificações' });
    const entries = await within(dialog).findAllByTestId('notification');
    expect(entries.map((entry) => entry.textContent)).toEqual([
      expect.stringContaining('Ana Souza mencionou você em Negócio Renovação anual'),
      expect.stringContaining('Nova atividade atribuída a você: Ligar para o cliente'),
      expect.stringContaining('Lembrete: Enviar proposta'),
      expect.stringContaining('Ana Souza atribuiu a você Contato Maria Conceição'),
      expect.stringContaining('Nova tarefa: Revisar contrato'),
    ]);

    fireEvent.click(entries[0]);
    await waitFor(() => expect(router.state.location.pathname).toBe('/deals/7'));
    expect(posts).toEqual([{ ids: [1] }]);
    await waitFor(() => expect(screen.getByTestId('notification-count')).toHaveTextContent('3'));
  });

  it('marks all read at once, and opening a read one posts nothing', async () => {
    const state = { unread: 1, items: [due, task] };
    const posts = stubApi(state);
    const router = renderBell();
    fireEvent.click(await screen.findByRole('button', { name: 'Notificações' }));
    const dialog = await screen.findByRole('dialog', { name: 'Notificações' });
    await within(dialog).findAllByTestId('notification');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Marcar todas como lidas' }));
    await waitFor(() => expect(posts).toEqual([{ all: true }]));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Notificações' })).toHaveAccessibleDescription('Nenhuma notificação não lida'));
    expect(within(dialog).getByRole('button', { name: 'Marcar todas como lidas' })).toBeDisabled();

    fireEvent.click(within(dialog).getAllByTestId('notification')[1]);
    await waitFor(() => expect(router.state.location.pathname).toBe('/tasks/31'));
    expect(posts).toHaveLength(1);
  });
});
