import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';

let broken = true;
function Fragile() {
  if (broken) throw new Error('cannot read the answer');
  return <p>Lixeira carregada</p>;
}

afterEach(() => vi.restoreAllMocks());

describe('ErrorBoundary', () => {
  it('shows a notice in place of the crashed part, keeps the rest, and draws the part again on Reload', async () => {
    await changeLocale('pt-BR');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = new QueryClient();
    client.setQueryData(['recycle-bin'], { items: 'not a list' });
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <QueryClientProvider client={client}>
            <nav>Navegação</nav>
            <ErrorBoundary>
              <Fragile />
            </ErrorBoundary>
          </QueryClientProvider>
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Esta parte da tela parou de funcionar.');
    expect(screen.getByText('Navegação')).toBeInTheDocument();

    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Recarregar' }));
    expect(screen.getByText('Lixeira carregada')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    // The answer nobody shows any more is forgotten, so it is fetched afresh.
    expect(client.getQueryData(['recycle-bin'])).toBeUndefined();
  });
});
