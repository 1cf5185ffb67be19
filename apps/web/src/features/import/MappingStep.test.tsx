import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FieldMeta, TypeMeta } from '../../api/types';
import { changeLocale, i18n } from '../../i18n';
import type { Preview, Target } from './imports';
import { MappingStep } from './MappingStep';

const field = (name: string, label: string, type = 'string'): FieldMeta =>
  ({ name, label, type, labels: { en: label, 'pt-BR': label }, multiple: false, multifieldKind: null, options: null, list: null, itemType: null }) as unknown as FieldMeta;

const contacts = {
  name: 'contact',
  plural: 'contacts',
  label: 'Contato',
  fields: [field('name', 'Nome'), field('lastName', 'Sobrenome'), field('post', 'Cargo'), field('comments', 'Comentário'), field('emails', 'E-mail', 'multifield')],
} as unknown as TypeMeta;

const header = ['Nome', 'Sobrenome', 'E-mail', 'Cargo', 'Notas'];
const cells = [
  ['João', 'Conceição', 'joao@exemplo.com.br', 'Gerente', 'Prefere manhã'],
  ['Xênia', 'Barbosa', 'xenia@exemplo', 'Estagiária', ''],
];
const targets = [
  { target: 'name', label: 'Nome' },
  { target: 'lastName', label: 'Sobrenome' },
  { target: 'post', label: 'Cargo' },
  { target: 'comments', label: 'Comentário' },
  { target: 'emails:WORK', label: 'E-mail (trabalho)' },
];
const proposed: Array<Target | null> = ['name', 'lastName', 'emails:WORK', 'post', null];

/** The server's preview: the mapping given, else the proposed one; the bad e-mail refused when its column is imported. */
function preview(mapping: Array<Target | null> | undefined): Preview {
  const used = mapping ?? proposed;
  return {
    file: { id: 12, name: 'contatos.csv', size: 300 },
    shape: { format: 'csv', encoding: 'utf-8', delimiter: ';' },
    header,
    mapping: used,
    mappingSource: mapping ? 'given' : 'proposed',
    targets,
    dayFirst: true,
    rows: cells.map((row, index) => {
      const refused = used[2] === 'emails:WORK' && row[2].endsWith('@exemplo');
      const values = Object.fromEntries(used.flatMap((target, column) => (target && !target.includes(':') ? [[target, row[column]]] : [])));
      return {
        rowNo: index + 1,
        cells: row,
        values: refused ? null : values,
        company: null,
        contact: null,
        error: refused ? { code: 'email', column: 2, message: 'não é um endereço de e-mail' } : null,
      };
    }),
  };
}

const sent: Array<{ path: string; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  await changeLocale('pt-BR');
});

beforeEach(() => {
  sent.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      const path = new URL(input, 'http://localhost').pathname.replace('/api/v1', '');
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      sent.push({ path, body });
      const answer = path === '/contacts/import' ? { jobId: 7 } : preview(body.mapping as Array<Target | null> | undefined);
      return new Response(JSON.stringify(answer), { status: path === '/contacts/import' ? 202 : 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderStep() {
  const onStarted = vi.fn();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <QueryClientProvider client={client}>
          <MappingStep type={contacts} fileId={12} onBack={() => undefined} onStarted={onStarted} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return onStarted;
}

/** Types part of the option's name in the column's select, as a person searching the list does, and takes it. */
async function pick(column: string, option: string) {
  const box = screen.getByRole('combobox', { name: `Campo da coluna ${column}` });
  fireEvent.focus(box);
  fireEvent.change(box, { target: { value: option.slice(0, 4) } });
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

const previews = () => sent.filter((call) => call.path === '/contacts/import/preview');

describe('the import wizard, columns step', () => {
  it('shows how the file was read, the proposed fields, and the refused row with its reason', async () => {
    renderStep();
    expect(await screen.findByTestId('import-shape')).toHaveTextContent('Lido como CSV, UTF-8, separado por ponto e vírgula');
    expect(screen.getByText('Os campos foram escolhidos pelos títulos das colunas: confira.')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Campo da coluna Notas' })).toHaveValue('Não importar');
    // No column goes to a date field: the order of day and month is not mentioned.
    expect(screen.queryByText(/Datas como/)).toBeNull();
    expect(screen.getByTestId('preview-summary')).toHaveTextContent('1 das primeiras 2 linhas seriam recusadas.');
    const refused = screen.getAllByTestId('preview-row')[1];
    expect(refused).toHaveTextContent('Recusada: E-mail: não é um endereço de e-mail');
    // The first preview asks for no mapping: the server offers the saved or the proposed one.
    expect(previews()[0].body).toEqual({ fileId: 12 });
  });

  it('asks for the preview again with a column changed by hand, and a field chosen twice leaves its first column', async () => {
    renderStep();
    await screen.findByTestId('import-shape');
    await pick('Notas', 'Comentário');
    await waitFor(() => expect(previews().at(-1)?.body).toEqual({ fileId: 12, mapping: ['name', 'lastName', 'emails:WORK', 'post', 'comments'] }));
    expect(await screen.findByText('Mapeamento alterado por você.')).toBeInTheDocument();

    await pick('Notas', 'Cargo');
    await waitFor(() => expect(previews().at(-1)?.body).toEqual({ fileId: 12, mapping: ['name', 'lastName', 'emails:WORK', null, 'post'] }));
    expect(screen.getByRole('combobox', { name: 'Campo da coluna Cargo' })).toHaveValue('Não importar');
    expect(screen.getByText('"Cargo" saiu da coluna Cargo.')).toBeInTheDocument();

    // Without the e-mail column the bad address no longer refuses its row.
    await pick('E-mail', 'Não importar');
    await waitFor(() => expect(screen.getByTestId('preview-summary')).toHaveTextContent('As primeiras 2 linhas podem ser importadas.'));
  });

  it('starts the import with the mapping shown and the duplicate rule chosen', async () => {
    const onStarted = renderStep();
    await screen.findByTestId('import-shape');
    await pick('Notas', 'Comentário');
    await waitFor(() => expect(screen.getByText('Mapeamento alterado por você.')).toBeInTheDocument());
    fireEvent.click(screen.getByRole('radio', { name: /Atualizar o item/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Lembrar este mapeamento para arquivos com as mesmas colunas' }));
    fireEvent.click(screen.getByRole('button', { name: 'Iniciar a importação' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(7));
    expect(sent.find((call) => call.path === '/contacts/import')?.body).toEqual({
      fileId: 12,
      mapping: ['name', 'lastName', 'emails:WORK', 'post', 'comments'],
      onDuplicate: 'update',
      saveMapping: false,
    });
  });

  it('does not start with no column imported', async () => {
    renderStep();
    await screen.findByTestId('import-shape');
    for (const column of ['Nome', 'Sobrenome', 'E-mail', 'Cargo']) {
      await pick(column, 'Não importar');
      await waitFor(() => expect(screen.getByRole('combobox', { name: `Campo da coluna ${column}` })).toHaveValue('Não importar'));
    }
    expect(await screen.findByText('Escolha um campo para pelo menos uma coluna.')).toBeInTheDocument();
    expect(within(document.body).getByRole('button', { name: 'Iniciar a importação' })).toBeDisabled();
  });
});
