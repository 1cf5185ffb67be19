import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReferenceValue } from '../../../api/types';
import { changeLocale, i18n } from '../../../i18n';
import { ValueListEditor } from './ValueListEditor';

const value = (code: string, name: string, extra: Partial<ReferenceValue> = {}): ReferenceValue => ({ code, name, nameEn: name, namePt: name, sort: 10, semantic: null, color: null, ...extra });

let values: ReferenceValue[];
const calls: Array<{ method: string; path: string; query: string; body: unknown }> = [];
/** The answer to a write, by "METHOD path"; a 204 otherwise. */
let answers: Record<string, { status: number; body: unknown }>;

function json(status: number, body: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeAll(async () => {
  await changeLocale('pt-BR');
});

beforeEach(() => {
  calls.length = 0;
  answers = {};
  values = [value('CALL', 'Ligação', { color: '#39A8EF' }), value('TRADE_SHOW', 'Feira/exposição'), value('RECOMMENDATION', 'Por recomendação', { nameEn: 'By recommendation' })];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input, 'http://localhost');
      const method = init?.method ?? 'GET';
      const path = url.pathname.replace('/api/v1', '');
      calls.push({ method, path, query: url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      if (method === 'GET') return json(200, { values });
      const answer = answers[`${method} ${path}${url.search}`] ?? answers[`${method} ${path}`];
      if (answer) return json(answer.status, answer.body);
      if (method === 'DELETE') {
        values = values.filter((v) => `/reference-lists/SOURCE/${v.code}` !== path);
        return new Response(null, { status: 204 });
      }
      return json(200, values[0]);
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderEditor(props: Partial<Parameters<typeof ValueListEditor>[0]> = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <QueryClientProvider client={queryClient}>
          <Notifications />
          <ValueListEditor path="/reference-lists/SOURCE" queryKey={['reference-list', 'SOURCE']} listName="Fontes" hasSemantic={false} {...props} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return screen.findByRole('list', { name: `Valores de ${props.listName ?? 'Fontes'}` });
}

describe('ValueListEditor', () => {
  it('shows the values in order, each with a drag handle, its code, and its actions', async () => {
    const list = await renderEditor();
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringContaining('Ligação'), expect.stringContaining('Feira/exposição'), expect.stringContaining('Por recomendação')]);
    expect(within(rows[0]).getByRole('button', { name: 'Mover Ligação' })).toBeTruthy();
    expect(within(rows[0]).getByLabelText('Código CALL')).toBeTruthy();
  });

  it('asks where the items of a used value go, says how many they are, and deletes it with the replacement', async () => {
    answers['DELETE /reference-lists/SOURCE/TRADE_SHOW'] = { status: 409, body: { error: { code: 'CONFLICT', message: 'Em uso', details: { reason: 'inUse', usedBy: 3 } } } };
    await renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Excluir Feira/exposição' }));
    const dialog = await screen.findByRole('dialog', { name: 'Excluir valor' });
    expect(dialog.textContent).toContain('Excluir “Feira/exposição”? Esta ação não pode ser desfeita.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Excluir' }));
    expect((await within(dialog).findByRole('status')).textContent).toBe('“Feira/exposição” é usado por 3 itens. Escolha o valor que eles passam a ter antes de excluir.');
    // The first other value is offered; the deleted one is not.
    const target = within(dialog).getByLabelText('Mover para') as HTMLInputElement;
    expect(target.value).toBe('Ligação');

    answers['DELETE /reference-lists/SOURCE/TRADE_SHOW?replaceWith=CALL'] = { status: 204, body: undefined };
    fireEvent.click(within(dialog).getByRole('button', { name: 'Excluir' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Excluir valor' })).toBeNull());
    const deletes = calls.filter((call) => call.method === 'DELETE');
    expect(deletes.map((call) => call.query)).toEqual(['', '?replaceWith=CALL']);
  });

  it('renames a value in both languages when they were the same, and only in the user’s language when it is translated', async () => {
    await renderEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Editar Ligação' }));
    let dialog = await screen.findByRole('dialog', { name: 'Editar “Ligação”' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Nome' }), { target: { value: 'Telefone' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Vermelho' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    expect(calls.find((call) => call.method === 'PATCH')).toMatchObject({ path: '/reference-lists/SOURCE/CALL', body: { nameEn: 'Telefone', namePt: 'Telefone', color: '#FF5752' } });

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Editar Por recomendação' }));
    dialog = await screen.findByRole('dialog', { name: 'Editar “Por recomendação”' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Nome' }), { target: { value: 'Indicação' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((call) => call.method === 'PATCH')[1].body).toEqual({ name: 'Indicação' });
  });

  it('shows the server’s objection at the name, and adds a status in the chosen group', async () => {
    values = [value('NEW', 'Não tratado', { semantic: 'P' }), value('CONVERTED', 'Convertido', { semantic: 'S' }), value('JUNK', 'Lixo', { semantic: 'F' })];
    answers['POST /reference-lists/STATUS'] = { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'Inválido', details: [{ field: 'name', rule: 'maxLength', message: 'Nome é longo demais' }] } } };
    await renderEditor({ path: '/reference-lists/STATUS', queryKey: ['reference-list', 'STATUS'], listName: 'Status de leads', hasSemantic: true, systemCodes: ['CONVERTED', 'JUNK'] });
    // System statuses cannot be deleted.
    expect(screen.getByRole('button', { name: 'Excluir Convertido' }).getAttribute('aria-disabled')).toBe('true');
    expect(screen.getAllByText('Sucesso')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Adicionar valor' }));
    const dialog = await screen.findByRole('dialog', { name: 'Novo valor em Status de leads' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Nome' }), { target: { value: 'Sem interesse' } });
    fireEvent.click(within(dialog).getByLabelText('Grupo'));
    fireEvent.click(await screen.findByRole('option', { name: 'Falha', hidden: true }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Salvar' }));
    expect(await within(dialog).findByText('Nome é longo demais')).toBeTruthy();
    expect(calls.find((call) => call.method === 'POST')?.body).toEqual({ name: 'Sem interesse', semantic: 'F' });
  });
});
