import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { i18n } from '../../../i18n';
import '../bundles';
import { renderWithApp, stubApi, type Recorded } from '../fields/test-support';
import { DeadLettersPage } from './DeadLettersPage';
import type { DeadJob, Webhook } from './integrations-api';
import { WebhooksPage } from './WebhooksPage';

beforeAll(async () => {
  window.scrollTo = () => undefined;
  // Mantine's autosized textarea listens for fonts loading; jsdom has no document.fonts.
  if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } });
  await i18n.changeLanguage('pt-BR');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const kinds = [
  { kind: 'deal.created', label: 'Negócio criado' },
  { kind: 'deal.stageMoved', label: 'Negócio mudou de fase' },
  { kind: 'contact.updated', label: 'Contato alterado' },
];

const hook: Webhook = {
  id: 4,
  url: 'https://hooks.example.com/vinculo',
  description: 'ERP',
  kinds: ['deal.created'],
  status: 'paused',
  pausedReason: 'failures',
  failures: 10,
  owner: { id: 1, name: 'Ana Souza' },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  lastDelivery: { status: 'failed', responseCode: 500, createdAt: '2026-12-01T11:00:00.000Z' },
};

const writes = (requests: Recorded[]) => requests.filter((request) => request.method !== 'GET');

function webhooksApi(post: (body: unknown) => { status: number; body?: unknown }) {
  return stubApi((request) => {
    if (request.path === '/api/v1/webhooks/kinds') return { status: 200, body: { kinds } };
    if (request.path === '/api/v1/webhooks' && request.method === 'GET') return { status: 200, body: { items: [hook] } };
    if (request.path === '/api/v1/webhooks' && request.method === 'POST') return post(request.body);
    if (request.path === '/api/v1/settings/outbound') return { status: 200, body: { allowedHosts: request.method === 'PUT' ? (request.body as { allowedHosts: string[] }).allowedHosts : [] } };
    return undefined;
  });
}

describe('the webhooks section', () => {
  it('lists a webhook with its events, why it is paused and its last delivery', async () => {
    webhooksApi(() => ({ status: 500 }));
    renderWithApp(<WebhooksPage />);
    const row = (await screen.findAllByTestId('webhook-row'))[0];
    expect(within(row).getByText('https://hooks.example.com/vinculo')).toBeTruthy();
    expect(await within(row).findByText('Negócio criado')).toBeTruthy();
    expect(within(row).getByText('Pausado')).toBeTruthy();
    expect(within(row).getByText('após falhas repetidas')).toBeTruthy();
    expect(within(row).getByText('Falhou')).toBeTruthy();
    expect(within(row).getByText('HTTP 500')).toBeTruthy();
  });

  it('creates a webhook with a whole group of events, then shows its secret once', async () => {
    const requests = webhooksApi((body) => ({ status: 201, body: { ...hook, ...(body as object), id: 5, status: 'active', pausedReason: null, secret: 'whsec_abc123' } }));
    renderWithApp(<WebhooksPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Novo webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Novo webhook' });
    // Nothing chosen: the form says so before asking the server.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));
    expect(within(dialog).getByText('Informe o endereço.')).toBeTruthy();
    expect(within(dialog).getByText('Escolha pelo menos um evento.')).toBeTruthy();
    expect(writes(requests)).toEqual([]);

    await userEvent.type(within(dialog).getByRole('textbox', { name: /Endereço/ }), 'https://erp.example.com/in');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'Todos: Negócios' }));
    expect((within(dialog).getByRole('checkbox', { name: 'Negócio mudou de fase' }) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByRole('checkbox', { name: 'Contato alterado' }) as HTMLInputElement).checked).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));

    const secret = await screen.findByRole('dialog', { name: 'Webhook criado' });
    expect(within(secret).getByDisplayValue('whsec_abc123')).toBeTruthy();
    expect(within(secret).getByText(/HMAC-SHA256/)).toBeTruthy();
    expect(within(secret).getByText('Copie agora: ele não será mostrado de novo.')).toBeTruthy();
    expect(writes(requests)).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v1/webhooks', body: { url: 'https://erp.example.com/in', description: '', kinds: ['deal.created', 'deal.stageMoved'] } })]);
    await userEvent.click(within(secret).getByRole('button', { name: 'Pronto' }));
    await waitFor(() => expect(screen.queryByDisplayValue('whsec_abc123')).toBeNull());
  });

  it("shows the server's refusal on the address field", async () => {
    webhooksApi(() => ({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED', message: 'Dados inválidos', details: [{ field: 'url', rule: 'forbiddenAddress', message: 'Este endereço está em uma rede privada.' }] } },
    }));
    renderWithApp(<WebhooksPage />);
    await userEvent.click(await screen.findByRole('button', { name: 'Novo webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Novo webhook' });
    const url = within(dialog).getByRole('textbox', { name: /Endereço/ });
    await userEvent.type(url, 'http://10.0.0.5/in');
    await userEvent.click(await within(dialog).findByRole('checkbox', { name: 'Contato alterado' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Criar webhook' }));
    expect(await within(dialog).findByText('Este endereço está em uma rede privada.')).toBeTruthy();
    expect(url.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).queryByRole('alert', { name: /Dados inválidos/ })).toBeNull();
  });
});

describe('the dead-letter list', () => {
  const job: DeadJob = {
    id: 12,
    kind: 'export',
    type: 'deal',
    action: 'csv',
    status: 'failed',
    total: 10,
    processed: 3,
    attempts: 5,
    deadAt: '2026-12-01T12:00:00.000Z',
    createdAt: '2026-12-01T11:00:00.000Z',
    error: null,
    lastError: 'Error: disk full\n    at write (file.ts:10)',
    createdBy: { id: 2, name: 'Bruno Lima' },
  };

  it('retries a job, and the list is asked again (empty now)', async () => {
    let items = [job];
    const requests = stubApi((request) => {
      if (request.path === '/api/v1/jobs/dead-letters') return { status: 200, body: { items } };
      if (request.path === '/api/v1/jobs/12/retry') {
        items = [];
        return { status: 200, body: { ...job, status: 'queued', deadAt: null } };
      }
      return undefined;
    });
    renderWithApp(<DeadLettersPage />);
    const row = (await screen.findAllByTestId('dead-job'))[0];
    expect(within(row).getByText('Exportação')).toBeTruthy();
    expect(within(row).getByText('Negócio')).toBeTruthy();
    expect(within(row).getByText('Bruno Lima')).toBeTruthy();
    expect(within(row).getByText(/disk full/)).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: 'Tentar de novo a tarefa 12' }));
    expect(await screen.findByText('Nenhuma tarefa parada. As que falham repetidamente aparecem aqui.')).toBeTruthy();
    expect(writes(requests)).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v1/jobs/12/retry' })]);
  });
});
