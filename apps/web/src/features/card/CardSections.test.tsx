import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useItem } from '../../api/hooks';
import type { CardLayout, FieldMeta, Item, TypeMeta } from '../../api/types';
import { i18n } from '../../i18n';
import { CardSections } from './CardSections';

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
  operators: [],
  sortable: false,
  showInList: false,
  ...extra,
});

const fields = [field('post', 'string', 'Cargo'), field('emails', 'multifield', 'E-mail', { multiple: true, multifieldKind: 'email' })];
const contacts: TypeMeta = {
  name: 'contact',
  plural: 'contacts',
  label: 'Contato',
  titleFields: ['name', 'lastName'],
  stages: null,
  board: null,
  rights: { read: 'all', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' },
  fields,
};
const layout: CardLayout = { type: 'contact', sections: [{ id: 'main', title: { en: 'About the contact', 'pt-BR': 'Sobre o contato' }, fields: ['post', 'emails'] }], hidden: [], fields };

type Reply = { status: number; body: unknown };
let stored: Item;
let patchReplies: Reply[];
let requests: Array<{ method: string; path: string; body: unknown }>;

const json = ({ status, body }: Reply) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  await i18n.changeLanguage('pt-BR');
});

beforeEach(() => {
  stored = { id: 7, version: 3, name: 'Mariana', lastName: 'Conceição', post: 'Analista', emails: [{ id: 11, value: 'mariana@exemplo.com.br', valueType: 'WORK', normalized: 'mariana@exemplo.com.br' }] };
  patchReplies = [];
  requests = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const path = new URL(url, 'http://localhost').pathname;
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      requests.push({ method, path, body });
      if (method === 'GET' && path === '/api/v1/contacts/7') return json({ status: 200, body: stored });
      if (method === 'PATCH' && path === '/api/v1/contacts/7') {
        const reply = patchReplies.shift() ?? { status: 200, body: (stored = { ...stored, ...body, version: stored.version + 1 }) };
        return json(reply);
      }
      return json({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'not found' } } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** The card's fields as the page draws them: the item from its query, so a reload reads it again. */
function Fields() {
  const item = useItem('contacts', 7).data;
  return item ? <CardSections type={contacts} layout={layout} item={item} /> : null;
}

function renderCard() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createRouter({ routeTree: createRootRoute({ component: Fields }), history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return queryClient;
}

const patches = () => requests.filter((request) => request.method === 'PATCH');

describe('the card form', () => {
  it('edits a field in place and sends it with the version read', async () => {
    const user = userEvent.setup();
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Editar Cargo' }));
    const input = screen.getByRole('textbox', { name: 'Cargo' });
    await user.clear(input);
    await user.type(input, 'Diretora comercial');
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0]).toEqual({ method: 'PATCH', path: '/api/v1/contacts/7', body: { post: 'Diretora comercial', version: 3 } });
    expect(await screen.findByText('Diretora comercial')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Cargo' })).not.toBeInTheDocument();
  });

  it('Escape cancels without saving', async () => {
    const user = userEvent.setup();
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Editar Cargo' }));
    await user.type(screen.getByRole('textbox', { name: 'Cargo' }), ' sênior');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Cargo' })).not.toBeInTheDocument();
    expect(screen.getByText('Analista')).toBeInTheDocument();
    expect(patches()).toHaveLength(0);
  });

  it('shows the API’s validation message at the field it names', async () => {
    const user = userEvent.setup();
    patchReplies.push({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'Alguns campos não são válidos.', details: [{ field: 'emails.0.value', rule: 'email', message: 'E-mail.0.value não é um endereço de e-mail' }] } },
    });
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Editar E-mail' }));
    const input = screen.getByRole('textbox', { name: 'E-mail 1' });
    await user.clear(input);
    await user.type(input, 'mariana-arroba-exemplo');
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    expect(await screen.findByText('E-mail.0.value não é um endereço de e-mail')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveValue('mariana-arroba-exemplo');
    expect(patches()[0].body).toEqual({ emails: [{ id: 11, value: 'mariana-arroba-exemplo', valueType: 'WORK' }], version: 3 });
  });

  it('on a conflict says someone else changed the item, reloads it keeping the draft, and saves on the new version', async () => {
    const user = userEvent.setup();
    renderCard();
    await user.click(await screen.findByRole('button', { name: 'Editar Cargo' }));
    const input = screen.getByRole('textbox', { name: 'Cargo' });
    await user.clear(input);
    await user.type(input, 'Gerente de contas');

    // Meanwhile someone else saves the contact.
    stored = { ...stored, post: 'Coordenadora', version: 4 };
    patchReplies.push({ status: 409, body: { error: { code: 'VERSION_CONFLICT', message: 'Outra pessoa alterou este item.', details: { currentVersion: 4 } } } });
    await user.click(screen.getByRole('button', { name: 'Salvar' }));

    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('Outra pessoa alterou este item');
    await user.click(within(notice).getByRole('button', { name: 'Recarregar e manter o que digitei' }));

    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByRole('textbox', { name: 'Cargo' })).toHaveValue('Gerente de contas');
    expect(screen.getByText('Coordenadora')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1].body).toEqual({ post: 'Gerente de contas', version: 4 });
    expect(await screen.findByText('Gerente de contas')).toBeInTheDocument();
  });

  it('a live refresh while editing keeps the draft, and the save carries the version the user started from', async () => {
    const user = userEvent.setup();
    const queryClient = renderCard();
    await user.click(await screen.findByRole('button', { name: 'Editar Cargo' }));
    const input = screen.getByRole('textbox', { name: 'Cargo' });
    await user.clear(input);
    await user.type(input, 'Head de vendas');

    // Another user changes the contact; the live stream refreshes the card behind the open editor.
    stored = { ...stored, post: 'Coordenadora', version: 4 };
    await queryClient.invalidateQueries();
    await waitFor(() => expect(requests.filter((r) => r.method === 'GET')).toHaveLength(2));
    expect(screen.getByRole('textbox', { name: 'Cargo' })).toHaveValue('Head de vendas');

    patchReplies.push({ status: 409, body: { error: { code: 'VERSION_CONFLICT', message: 'Outra pessoa alterou este item.', details: { currentVersion: 4 } } } });
    await user.click(screen.getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0].body).toEqual({ post: 'Head de vendas', version: 3 });
    expect(await screen.findByRole('alert')).toHaveTextContent('Outra pessoa alterou este item');
  });
});
