import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../../i18n';
import type { Task } from './api';
import { TaskFormDrawer } from './TaskFormDrawer';

beforeAll(async () => {
  await changeLocale('pt-BR');
  // The description's autosize listens for fonts loading, which jsdom does not have.
  if (!document.fonts) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} }, configurable: true });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const me = { id: 1, email: 'ana@example.com.br', name: 'Ana Souza', isAdmin: true, locale: 'pt-BR', mayConfigure: true, crmMode: 'classic' };
const users = [
  { id: 1, name: 'Ana Souza', email: 'ana@example.com.br', isActive: true },
  { id: 2, name: 'Bruno Lima', email: 'bruno@example.com.br', isActive: true },
];

function stubApi() {
  const writes: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://crm.test');
      const method = init?.method ?? 'GET';
      let body: unknown = {};
      let status = 200;
      if (url.pathname === '/api/v1/auth/me') body = me;
      else if (url.pathname === '/api/v1/users') body = { users };
      else if (url.pathname === '/api/v1/search') body = { groups: [{ type: 'contact', items: [{ id: 12, title: 'Helena Prado', subtitle: 'helena@horizonte.com.br' }], more: false }] };
      else if (method !== 'GET') {
        const sent = JSON.parse(String(init?.body));
        writes.push({ method, path: url.pathname, body: sent });
        if (method === 'PATCH' && sent.version === 1) {
          status = 409;
          body = { error: { code: 'VERSION_CONFLICT', message: 'Changed', details: { currentVersion: 2 } } };
        } else {
          status = method === 'POST' ? 201 : 200;
          body = { id: 31, version: 1, createdById: 1, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', closedAt: null, ...sent, checklist: sent.checklist.map((entry: object, index: number) => ({ id: index + 1, ...entry })), items: [] };
        }
      }
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
  return writes;
}

function renderForm(task: Task | null = null) {
  const onClose = vi.fn();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(['me'], me);
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <QueryClientProvider client={client}>
          <TaskFormDrawer opened onClose={onClose} task={task} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return onClose;
}

describe('the task form', () => {
  it('asks for a title before sending anything', async () => {
    const writes = stubApi();
    renderForm();
    fireEvent.click(await screen.findByRole('button', { name: 'Criar tarefa' }));
    expect(await screen.findByText('Informe o título.')).toBeInTheDocument();
    expect(writes).toEqual([]);
  });

  it('sends the title, the checklist as edited (added, ticked, removed) and the linked items found by search', async () => {
    const writes = stubApi();
    const onClose = renderForm();
    const dialog = await screen.findByRole('dialog', { name: 'Nova tarefa' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Título' }), { target: { value: '  Enviar a proposta  ' } });
    const entry = within(dialog).getByRole('textbox', { name: 'Novo item do checklist' });
    for (const text of ['Revisar os valores', 'Item por engano', 'Anexar o contrato']) {
      fireEvent.change(entry, { target: { value: text } });
      fireEvent.keyDown(entry, { key: 'Enter' });
    }
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remover o item 2' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Item 1 feito' }));
    expect(within(dialog).getByRole('textbox', { name: 'Item 2 do checklist' })).toHaveValue('Anexar o contrato');

    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Itens do CRM vinculados' }), { target: { value: 'Helena' } });
    fireEvent.click(await screen.findByRole('option', { name: /Helena Prado/ }));
    expect(within(dialog).getByText('Contato · Helena Prado')).toBeInTheDocument();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Criar tarefa' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(writes).toEqual([
      {
        method: 'POST',
        path: '/api/v1/tasks',
        body: {
          title: 'Enviar a proposta',
          description: null,
          status: 'new',
          deadline: null,
          responsibleId: 1,
          coworkerIds: [],
          observerIds: [],
          checklist: [
            { text: 'Revisar os valores', done: true },
            { text: 'Anexar o contrato', done: false },
          ],
          items: [{ type: 'contact', id: 12 }],
        },
      },
    ]);
  });

  it('keeps the ids of existing checklist entries and the version on an edit, and says so when someone changed the task meanwhile', async () => {
    const writes = stubApi();
    const task: Task = {
      id: 31,
      title: 'Revisar contrato',
      description: 'Cláusula 4',
      status: 'inProgress',
      deadline: '2026-12-02T13:00:00.000Z',
      responsibleId: 1,
      coworkerIds: [2],
      observerIds: [],
      checklist: [{ id: 7, text: 'Conferir valores', done: false }],
      items: [{ type: 'deal', id: 5, title: 'Renovação anual' }],
      createdById: 1,
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      closedAt: null,
      version: 1,
    };
    const onClose = renderForm(task);
    const dialog = await screen.findByRole('dialog', { name: 'Editar tarefa' });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Item 1 feito' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    expect(await within(dialog).findByText(/Outra pessoa alterou esta tarefa/)).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
    expect(writes[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/tasks/31', body: { version: 1, coworkerIds: [2], checklist: [{ id: 7, text: 'Conferir valores', done: true }], items: [{ type: 'deal', id: 5 }] } });
  });
});
