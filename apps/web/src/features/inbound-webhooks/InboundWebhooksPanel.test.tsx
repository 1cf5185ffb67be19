import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/types';
import { i18n } from '../../i18n';
import { renderWithApp, stubApi, type Recorded } from '../settings/fields/test-support';
import type { InboundWebhook } from './inbound-webhooks-api';
import { InboundWebhooksPanel } from './InboundWebhooksPanel';

beforeAll(async () => {
  window.scrollTo = () => undefined;
  // Mantine's autosized textarea listens for fonts loading; jsdom has no document.fonts.
  if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } });
  await i18n.changeLanguage('pt-BR');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const admin: Me = { id: 1, email: 'ana@example.com.br', name: 'Ana Souza', isAdmin: true, locale: 'pt-BR', mayConfigure: true, crmMode: 'classic' };
const seller: Me = { ...admin, id: 2, email: 'bruno@example.com.br', name: 'Bruno Lima', isAdmin: false, mayConfigure: false };

const anas: InboundWebhook = { id: 7, name: 'ERP', user: { id: 1, name: 'Ana Souza' }, scopes: ['crm', 'user'], codeHint: 'x9k2', createdAt: '2026-11-01T10:00:00.000Z', lastUsedAt: null };
const brunos: InboundWebhook = { ...anas, id: 8, name: 'Formulário do site', user: { id: 2, name: 'Bruno Lima' }, scopes: ['crm'], codeHint: 'ab12', lastUsedAt: '2026-11-02T10:00:00.000Z' };

const writes = (requests: Recorded[]) => requests.filter((request) => request.method !== 'GET');

function inboundApi(me: Me, items: InboundWebhook[], post: (body: unknown) => { status: number; body?: unknown } = () => ({ status: 500 })) {
  return stubApi((request) => {
    if (request.path === '/api/v1/auth/me') return { status: 200, body: me };
    if (request.path === '/api/v1/users') return { status: 200, body: { users: [{ id: 1, name: 'Ana Souza', email: admin.email }, { id: 2, name: 'Bruno Lima', email: seller.email }] } };
    if (request.path === '/api/v1/inbound-webhooks' && request.method === 'GET') return { status: 200, body: { items } };
    if (request.path === '/api/v1/inbound-webhooks' && request.method === 'POST') return post(request.body);
    if (request.path.startsWith('/api/v1/inbound-webhooks/') && request.method === 'DELETE') return { status: 204 };
    return undefined;
  });
}

describe('the inbound webhooks panel', () => {
  it('in the settings, lists everyone’s webhooks with their user, scopes and code hint', async () => {
    inboundApi(admin, [anas, brunos]);
    renderWithApp(<InboundWebhooksPanel everyone />);
    const rows = await screen.findAllByTestId('inbound-webhook-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('ERP')).toBeTruthy();
    expect(within(rows[0]!).getByText('Usuário: Ana Souza')).toBeTruthy();
    expect(within(rows[0]!).getByText('CRM')).toBeTruthy();
    expect(within(rows[0]!).getByText('…x9k2')).toBeTruthy();
    expect(within(rows[0]!).getByText(/nunca usado/)).toBeTruthy();
    expect(within(rows[1]!).getByText('Usuário: Bruno Lima')).toBeTruthy();
    expect(within(rows[1]!).getByText(/último uso/)).toBeTruthy();
  });

  it('in the profile, shows an administrator only their own webhooks', async () => {
    inboundApi(admin, [anas, brunos]);
    renderWithApp(<InboundWebhooksPanel />);
    const rows = await screen.findAllByTestId('inbound-webhook-row');
    expect(rows).toHaveLength(1);
    expect(within(rows[0]!).getByText('ERP')).toBeTruthy();
    expect(within(rows[0]!).queryByText(/Usuário:/)).toBeNull();
  });

  it('lets an administrator create one for another user, then shows the URL once with a copy button and how to use it', async () => {
    const requests = inboundApi(admin, [], () => ({ status: 201, body: { ...brunos, id: 9, name: 'Site', url: 'https://crm.example.com.br/rest/2/abcdefgh12345678/' } }));
    renderWithApp(<InboundWebhooksPanel everyone />);
    await screen.findByText('Nenhum webhook de entrada ainda.');
    await userEvent.click(screen.getByRole('button', { name: 'Novo webhook de entrada' }));
    const dialog = await screen.findByRole('dialog', { name: 'Novo webhook de entrada' });
    // Nothing typed: the form says so before asking the server.
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^CRM/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));
    expect(within(dialog).getByText('Dê um nome ao webhook.')).toBeTruthy();
    expect(within(dialog).getByText('Escolha pelo menos um escopo.')).toBeTruthy();
    expect(writes(requests)).toEqual([]);

    await userEvent.type(within(dialog).getByRole('textbox', { name: /Nome/ }), 'Site');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^CRM/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Usuário/ }));
    await userEvent.click(within(dialog).getByRole('combobox', { name: /Age como/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'Bruno Lima', hidden: true }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));

    const shown = await screen.findByRole('dialog', { name: 'Webhook de entrada “Site”' });
    expect((within(shown).getByRole('textbox', { name: 'Endereço base' }) as HTMLTextAreaElement).value).toBe('https://crm.example.com.br/rest/2/abcdefgh12345678/');
    expect(within(shown).getByText(/Cole este endereço onde a sua integração usava o do Bitrix24/)).toBeTruthy();
    expect(within(shown).getByRole('button', { name: 'Copiar' })).toBeTruthy();
    expect(writes(requests)).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v1/inbound-webhooks', body: { name: 'Site', scopes: ['crm', 'user'], userId: 2 } })]);
    await userEvent.click(within(shown).getByRole('button', { name: 'Concluir' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Webhook de entrada “Site”' })).toBeNull());
  });

  it('lets a user who is not an administrator create one for themself, with no user to pick', async () => {
    const requests = inboundApi(seller, [brunos], () => ({ status: 201, body: { ...brunos, id: 9, url: 'http://localhost:3000/rest/2/abcdefgh12345678/' } }));
    renderWithApp(<InboundWebhooksPanel />);
    await screen.findAllByTestId('inbound-webhook-row');
    await userEvent.click(screen.getByRole('button', { name: 'Novo webhook de entrada' }));
    const dialog = await screen.findByRole('dialog', { name: 'Novo webhook de entrada' });
    expect(within(dialog).queryByRole('combobox', { name: /Age como/ })).toBeNull();
    await userEvent.type(within(dialog).getByRole('textbox', { name: /Nome/ }), 'Zapier');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));
    await screen.findByRole('dialog', { name: /Webhook de entrada “/ });
    expect(writes(requests)).toEqual([expect.objectContaining({ body: { name: 'Zapier', scopes: ['crm'] } })]);
  });

  it('revokes a webhook after a confirmation', async () => {
    const requests = inboundApi(seller, [brunos]);
    renderWithApp(<InboundWebhooksPanel />);
    await userEvent.click(await screen.findByRole('button', { name: 'Revogar o webhook de entrada Formulário do site' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revogar o webhook de entrada “Formulário do site”?' });
    expect(writes(requests)).toEqual([]);
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revogar' }));
    await waitFor(() => expect(writes(requests)).toEqual([expect.objectContaining({ method: 'DELETE', path: '/api/v1/inbound-webhooks/8' })]));
  });
});
