import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TypeMeta } from '../../api/types';
import { changeLocale, i18n } from '../../i18n';
import { FileStep } from './FileStep';

const type = (plural: string, label: string) => ({ plural, label, rights: { import: 'all', add: 'all' } }) as unknown as TypeMeta;
const types = [type('contacts', 'Contato'), type('deals', 'Negócio')];

const uploads: Array<{ url: string; contentType: string | undefined; body: unknown }> = [];

beforeAll(async () => {
  await changeLocale('pt-BR');
});

beforeEach(() => {
  uploads.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init?: RequestInit) => {
      uploads.push({ url: input, contentType: (init?.headers as Record<string, string>)['content-type'], body: init?.body });
      return new Response(JSON.stringify({ fileId: 41, name: 'contatos.csv', size: 12 }), { status: 201, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function renderStep() {
  const onUploaded = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <QueryClientProvider client={new QueryClient()}>
          <FileStep types={types} type={types[0]} onType={() => undefined} onUploaded={onUploaded} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>,
  );
  return onUploaded;
}

describe('the import wizard, file step', () => {
  it('sends a dropped CSV as it is, named, and goes on with the stored file', async () => {
    const onUploaded = renderStep();
    const file = new File(['Nome;E-mail\nJoão;joao@exemplo.com.br\n'], 'contatos.csv', { type: 'text/csv' });
    fireEvent.drop(screen.getByTestId('import-dropzone'), { dataTransfer: { files: [file] } });
    await waitFor(() => expect(onUploaded).toHaveBeenCalledWith({ fileId: 41, name: 'contatos.csv', size: 12 }));
    expect(uploads).toHaveLength(1);
    expect(uploads[0].url).toBe('/api/v1/imports/files?name=contatos.csv');
    expect(uploads[0].contentType).toBe('text/csv');
    expect(uploads[0].body).toBe(file);
  });

  it('sends a CSV whose type the browser does not name as bytes', async () => {
    renderStep();
    const file = new File(['a;b\n'], 'Exportação Bitrix.csv', { type: 'text/x-csv' });
    fireEvent.drop(screen.getByTestId('import-dropzone'), { dataTransfer: { files: [file] } });
    await waitFor(() => expect(uploads).toHaveLength(1));
    expect(uploads[0].url).toBe(`/api/v1/imports/files?name=${encodeURIComponent('Exportação Bitrix.csv').replace(/%20/g, '+')}`);
    expect(uploads[0].contentType).toBe('application/octet-stream');
  });

  it('refuses a file that is neither CSV nor XLSX without sending it', async () => {
    const onUploaded = renderStep();
    fireEvent.drop(screen.getByTestId('import-dropzone'), { dataTransfer: { files: [new File(['%PDF'], 'contrato.pdf', { type: 'application/pdf' })] } });
    expect(await screen.findByRole('alert')).toHaveTextContent('contrato.pdf não é um arquivo CSV ou XLSX.');
    expect(uploads).toHaveLength(0);
    expect(onUploaded).not.toHaveBeenCalled();
  });
});
