import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FieldMeta, FilterTerm, Operator } from '../../api/types';
import { changeLocale, i18n } from '../../i18n';
import { FilterBar } from './FilterBar';
import { operatorsFor, toTerm, withTerm } from './operators';

const text: Operator[] = ['eq', 'ne', 'in', 'contains', 'startsWith', 'empty'];
const range: Operator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'empty'];
const field = (name: string, type: string, label: string, operators: Operator[], extra: Partial<FieldMeta> = {}): FieldMeta => ({
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
  operators,
  sortable: true,
  showInList: false,
  ...extra,
});

const fields: FieldMeta[] = [
  field('title', 'string', 'Nome do negócio', text),
  field('probability', 'integer', 'Probabilidade, %', range),
  field('closeDate', 'date', 'Data prevista de fechamento', range),
  field('closed', 'boolean', 'Fechado', ['eq', 'ne']),
  field('assignedById', 'user', 'Responsável', range),
  field('stageSemantic', 'string', 'Grupo da fase', text),
  field('ufCrmSegmento', 'enumeration', 'Segmento', ['eq', 'ne', 'in', 'empty'], {
    custom: true,
    options: [
      { id: 11, value: 'Varejo', sort: 10, isDefault: false },
      { id: 12, value: 'Indústria', sort: 20, isDefault: false },
    ],
  }),
  field('version', 'integer', 'Versão', []),
];

const choices = { stageSemantic: [{ value: 'P', label: 'Em andamento' }, { value: 'S', label: 'Ganho' }, { value: 'F', label: 'Perdido' }] };

beforeAll(async () => {
  await changeLocale('pt-BR');
});

const fetchMock = vi.fn(async (url: string) => {
  const body = url.includes('/users') ? { users: [{ id: 1, name: 'Ana Souza', email: 'ana@example.com.br', isActive: true }] } : { items: [] };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
});
vi.stubGlobal('fetch', fetchMock);
afterEach(() => fetchMock.mockClear());

function renderBar(value: FilterTerm[] = [], onChange = vi.fn(), extra: { onClear?: () => void; clearable?: boolean } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <DatesProvider settings={{ locale: 'pt-br' }}>
          <QueryClientProvider client={client}>
            <FilterBar fields={fields} value={value} onChange={onChange} choices={choices} {...extra} />
          </QueryClientProvider>
        </DatesProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return onChange;
}

/** Opens a select's options (a click toggles them: a second one when the first closed them). */
function open(label: string) {
  const box = screen.getByRole('combobox', { name: label });
  fireEvent.click(box);
  if (screen.queryAllByRole('option').length === 0) fireEvent.click(box);
}

async function pick(label: string, option: string) {
  open(label);
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

const optionNames = () => screen.getAllByRole('option').map((o) => o.textContent);

describe('FilterBar', () => {
  it('adds a condition: a field, an operator in words, a value; emits the terms', async () => {
    const onChange = renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Adicionar condição' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nova condição' });
    expect(within(dialog).getByRole('button', { name: 'Aplicar' })).toBeDisabled();
    await pick('Campo', 'Nome do negócio');
    expect(screen.getByRole('combobox', { name: 'Condição' })).toHaveValue('contém');
    fireEvent.change(screen.getByRole('textbox', { name: 'Valor de Nome do negócio' }), { target: { value: 'Serra' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Aplicar' }));
    expect(onChange).toHaveBeenCalledWith([{ field: 'title', op: 'contains', value: 'Serra' }]);
  });

  it('offers the operators of the field type, and fields without operators not at all', async () => {
    renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Adicionar condição' }));
    await screen.findByRole('dialog');
    open('Campo');
    expect(optionNames()).not.toContain('Versão');
    fireEvent.click(screen.getByRole('option', { name: 'Probabilidade, %' }));
    open('Condição');
    expect(optionNames()).toEqual(['é igual a', 'é diferente de', 'maior que', 'maior ou igual a', 'menor que', 'menor ou igual a', 'está vazio', 'não está vazio']);

    await pick('Campo', 'Nome do negócio');
    open('Condição');
    expect(optionNames()).toEqual(['contém', 'é igual a', 'é diferente de', 'começa com', 'é um de', 'está vazio', 'não está vazio']);

    await pick('Campo', 'Data prevista de fechamento');
    open('Condição');
    expect(optionNames()).toEqual(['em', 'depois de', 'a partir de', 'antes de', 'até', 'está vazio', 'não está vazio']);

    await pick('Campo', 'Fechado');
    open('Condição');
    expect(optionNames()).toEqual(['é igual a']);
  });

  it('takes several values for "is one of" and a named choice for coded fields', async () => {
    const onChange = renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Adicionar condição' }));
    await screen.findByRole('dialog');
    await pick('Campo', 'Segmento');
    await pick('Condição', 'é um de');
    open('Segmento');
    fireEvent.click(await screen.findByRole('option', { name: 'Varejo' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Indústria' }));
    fireEvent.click(screen.getByRole('button', { name: 'Aplicar' }));
    expect(onChange).toHaveBeenLastCalledWith([{ field: 'ufCrmSegmento', op: 'in', value: [11, 12] }]);

    fireEvent.click(screen.getByRole('button', { name: 'Adicionar condição' }));
    await screen.findByRole('dialog');
    await pick('Campo', 'Grupo da fase');
    await pick('Valor de Grupo da fase', 'Em andamento');
    fireEvent.click(screen.getByRole('button', { name: 'Aplicar' }));
    expect(onChange).toHaveBeenLastCalledWith([{ field: 'stageSemantic', op: 'eq', value: 'P' }]);
  });

  it('offers "Me" for people, kept as @me', async () => {
    const onChange = renderBar();
    fireEvent.click(screen.getByRole('button', { name: 'Adicionar condição' }));
    await screen.findByRole('dialog');
    await pick('Campo', 'Responsável');
    await pick('Responsável', 'Eu');
    fireEvent.click(screen.getByRole('button', { name: 'Aplicar' }));
    expect(onChange).toHaveBeenCalledWith([{ field: 'assignedById', op: 'eq', value: '@me' }]);
  });

  it('shows the active conditions as chips in words; × removes one, "Limpar filtro" all', async () => {
    const value: FilterTerm[] = [
      { field: 'stageSemantic', op: 'eq', value: 'P' },
      { field: 'assignedById', op: 'eq', value: '@me' },
      { field: 'closeDate', op: 'empty', value: false },
      { field: 'ufCrmSegmento', op: 'in', value: [12, 11] },
    ];
    const onChange = renderBar(value);
    const chips = screen.getAllByTestId('filter-chip').map((chip) => chip.textContent);
    expect(chips).toEqual(['Grupo da fase é igual a Em andamento', 'Responsável é igual a Eu', 'Data prevista de fechamento não está vazio', 'Segmento é um de Indústria, Varejo']);
    fireEvent.click(screen.getByRole('button', { name: 'Remover a condição Responsável' }));
    expect(onChange).toHaveBeenLastCalledWith([value[0], value[2], value[3]]);
    fireEvent.click(screen.getByRole('button', { name: 'Limpar filtro' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('edits a condition in place from its chip', async () => {
    const value: FilterTerm[] = [
      { field: 'title', op: 'contains', value: 'Serra' },
      { field: 'probability', op: 'gte', value: 50 },
    ];
    const onChange = renderBar(value);
    fireEvent.click(screen.getByRole('button', { name: /Nome do negócio contém/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Editar condição' });
    const input = within(dialog).getByRole('textbox', { name: 'Valor de Nome do negócio' });
    expect(input).toHaveValue('Serra');
    fireEvent.change(input, { target: { value: 'Ipê' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Aplicar' }));
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith([{ field: 'title', op: 'contains', value: 'Ipê' }, value[1]]));
  });

  it('lets the owner clear more than the conditions', () => {
    const onClear = vi.fn();
    renderBar([], vi.fn(), { onClear, clearable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Limpar filtro' }));
    expect(onClear).toHaveBeenCalled();
  });
});

describe('filter operators', () => {
  it('keeps only what the server allows on the field, and falls back to it for an unknown type', () => {
    expect(operatorsFor({ type: 'string', operators: ['eq', 'contains'] })).toEqual(['contains', 'eq']);
    expect(operatorsFor({ type: 'geo', operators: ['eq', 'empty'] })).toEqual(['eq', 'empty', 'notEmpty']);
    expect(operatorsFor({ type: 'integer', operators: range }, true)).toEqual(['eq', 'ne', 'in', 'empty', 'notEmpty']);
  });

  it('turns a condition into the API term, or nothing while its value is missing', () => {
    expect(toTerm('title', 'notEmpty', null)).toEqual({ field: 'title', op: 'empty', value: false });
    expect(toTerm('title', 'eq', '')).toBeUndefined();
    expect(toTerm('tags', 'in', [])).toBeUndefined();
    expect(toTerm('tags', 'in', 'a')).toEqual({ field: 'tags', op: 'in', value: ['a'] });
  });

  it('replaces a term on the same field and operator instead of adding a second one', () => {
    const terms: FilterTerm[] = [
      { field: 'a', op: 'eq', value: 1 },
      { field: 'b', op: 'eq', value: 2 },
    ];
    expect(withTerm(terms, { field: 'a', op: 'eq', value: 3 })).toEqual([{ field: 'b', op: 'eq', value: 2 }, { field: 'a', op: 'eq', value: 3 }]);
    expect(withTerm(terms, { field: 'b', op: 'gt', value: 0 }, 1)).toEqual([terms[0], { field: 'b', op: 'gt', value: 0 }]);
  });
});
