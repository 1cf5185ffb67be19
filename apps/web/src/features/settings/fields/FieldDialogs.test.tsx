import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../../../i18n';
import { DeleteFieldDialog } from './DeleteFieldDialog';
import type { CustomField } from './field-api';
import { FieldFormModal } from './FieldFormModal';
import { pickOption, renderWithApp, stubApi, type Recorded } from './test-support';
import { vi } from 'vitest';

const priority: CustomField = {
  name: 'UF_CRM_PRIORITY',
  apiName: 'ufCrmPriority',
  entityType: 'deal',
  type: 'enumeration',
  label: 'Prioridade',
  labelEn: 'Priority',
  labelPt: 'Prioridade',
  required: false,
  multiple: false,
  showInList: true,
  filterable: true,
  sortable: true,
  defaultValue: null,
  settings: {},
  sort: 100,
  options: [
    { id: 1, value: 'Alta', sort: 10, isDefault: false },
    { id: 2, value: 'Média', sort: 20, isDefault: false },
    { id: 3, value: 'Baixa', sort: 30, isDefault: false },
  ],
};

/** CONFLICT answers as the API gives them: a value in use says `usedBy`, a field with data `count`. */
const conflict = (details: Record<string, unknown>) => ({ status: 409, body: { error: { code: 'CONFLICT', message: 'Em uso', details } } });
const writes = (requests: Recorded[]) => requests.filter((request) => request.method !== 'GET');

beforeAll(async () => {
  await i18n.changeLanguage('pt-BR');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('creating a field', () => {
  it('sends a list field with its values in the order arranged, and shows the API’s problem at its input', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const requests = stubApi((request) => {
      if (request.method !== 'POST') return undefined;
      attempts++;
      if (attempts === 1) return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'Inválido', details: [{ field: 'labelEn', rule: 'tooLong', message: 'Nome em inglês: longo demais' }] } } };
      return { status: 201, body: { ...priority, options: [] } };
    });
    const onClose = vi.fn();
    renderWithApp(<FieldFormModal plural="deals" opened onClose={onClose} />);
    const dialog = await screen.findByRole('dialog', { name: 'Novo campo personalizado' });
    await pickOption('Tipo', 'Lista');
    await user.type(within(dialog).getByLabelText(/Nome em português/), 'Prioridade');
    await user.type(within(dialog).getByLabelText(/Nome em inglês/), 'Priority');
    for (const value of ['Alta', 'Média', 'Baixa']) await user.type(within(dialog).getByRole('textbox', { name: 'Novo valor' }), `${value}{Enter}`);
    await user.click(within(dialog).getByRole('button', { name: 'Subir Baixa' }));
    await user.click(within(dialog).getAllByRole('checkbox', { name: 'Padrão' })[0]);
    await user.click(within(dialog).getByRole('button', { name: 'Criar campo' }));

    expect(await within(dialog).findByText('Nome em inglês: longo demais')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Nome em inglês/)).toHaveAttribute('aria-invalid', 'true');
    expect(writes(requests)[0].body).toEqual({
      type: 'enumeration',
      labelPt: 'Prioridade',
      labelEn: 'Priority',
      required: false,
      multiple: false,
      showInList: true,
      filterable: true,
      sortable: true,
      options: [
        { value: 'Alta', sort: 10, isDefault: true },
        { value: 'Baixa', sort: 20, isDefault: false },
        { value: 'Média', sort: 30, isDefault: false },
      ],
    });
    await user.click(within(dialog).getByRole('button', { name: 'Criar campo' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});

describe('the values of an existing list field', () => {
  it('asks for a replacement when a value is in use, saying how many items hold it, and moves them with replaceWith', async () => {
    const user = userEvent.setup();
    const requests = stubApi((request) => {
      if (request.method !== 'DELETE') return undefined;
      if (!request.search.includes('replaceWith')) return conflict({ reason: 'inUse', usedBy: 4 });
      return { status: 200, body: { ...priority, options: priority.options!.filter((option) => option.id !== 2) } };
    });
    renderWithApp(<FieldFormModal plural="deals" field={priority} opened onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Campo “Prioridade”' });
    expect(within(dialog).getByRole('combobox', { name: 'Tipo' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Excluir Média' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('4 itens têm “Média”');
    expect(within(alert).getByRole('button', { name: 'Excluir e passar' })).toBeDisabled();
    await pickOption('Passar para', 'Baixa');
    await user.click(within(alert).getByRole('button', { name: 'Excluir e passar' }));

    await waitFor(() => expect(within(dialog).queryByRole('textbox', { name: 'Valor 3' })).not.toBeInTheDocument());
    expect(writes(requests).map((request) => `${request.method} ${request.path}${request.search}`)).toEqual([
      'DELETE /api/v1/custom-fields/deals/UF_CRM_PRIORITY/options/2',
      'DELETE /api/v1/custom-fields/deals/UF_CRM_PRIORITY/options/2?replaceWith=3',
    ]);
    expect(within(dialog).getByRole('textbox', { name: 'Valor 2' })).toHaveValue('Baixa');
  });

  it('makes a value the single default by clearing the previous one', async () => {
    const user = userEvent.setup();
    let current: CustomField = { ...priority, options: priority.options!.map((option) => ({ ...option, isDefault: option.id === 1 })) };
    const requests = stubApi((request) => {
      const match = /options\/(\d+)$/.exec(request.path);
      if (request.method !== 'PATCH' || !match) return undefined;
      const body = request.body as { isDefault: boolean };
      current = { ...current, options: current.options!.map((option) => (option.id === Number(match[1]) ? { ...option, isDefault: body.isDefault } : option)) };
      return { status: 200, body: current };
    });
    renderWithApp(<FieldFormModal plural="deals" field={current} opened onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Campo “Prioridade”' });
    await user.click(within(dialog).getAllByRole('checkbox', { name: 'Padrão' })[2]);
    await waitFor(() => expect(within(dialog).getAllByRole('checkbox', { name: 'Padrão' })[2]).toBeChecked());
    expect(within(dialog).getAllByRole('checkbox', { name: 'Padrão' })[0]).not.toBeChecked();
    expect(writes(requests).map((request) => [request.path.split('/').pop(), request.body])).toEqual([
      ['1', { isDefault: false }],
      ['3', { isDefault: true }],
    ]);
  });
});

describe('deleting a field', () => {
  it('shows how many items hold values and deletes only after the second confirmation', async () => {
    const user = userEvent.setup();
    const requests = stubApi((request) => {
      if (request.method !== 'DELETE') return undefined;
      return request.search.includes('confirm=true') ? { status: 204 } : conflict({ reason: 'confirmationRequired', count: 12 });
    });
    const onClose = vi.fn();
    renderWithApp(<DeleteFieldDialog plural="deals" field={priority} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog', { name: 'Excluir campo' });
    await user.click(within(dialog).getByRole('button', { name: 'Excluir' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('12 itens têm valor em “Prioridade”');
    expect(onClose).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Excluir campo e 12 valores' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(writes(requests).map((request) => request.search)).toEqual(['', '?confirm=true']);
  });
});
