import { MantineProvider, Text } from '@mantine/core';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../../../i18n';
import { SortableRows } from './SortableRows';

beforeAll(async () => {
  await changeLocale('pt-BR');
});

const rows = [
  { code: 'NEW', name: 'Novo' },
  { code: 'PREPARATION', name: 'Preparando documentos' },
  { code: 'OFFER', name: 'Proposta enviada' },
];

describe('SortableRows', () => {
  it('moves a row with the keyboard, announcing each step in Portuguese, and gives the new order of every id', async () => {
    const onReorder = vi.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider>
          <SortableRows rows={rows} idOf={(row) => row.code} nameOf={(row) => row.name} label="Fases" onReorder={onReorder}>
            {(row) => <Text>{row.name}</Text>}
          </SortableRows>
        </MantineProvider>
      </I18nextProvider>,
    );
    // dnd-kit measures the rows: stack them 40 px apart.
    within(screen.getByRole('list', { name: 'Fases' }))
      .getAllByRole('listitem')
      .forEach((item, index) => {
        item.getBoundingClientRect = () => ({ x: 0, y: index * 40, top: index * 40, left: 0, bottom: index * 40 + 40, right: 300, width: 300, height: 40, toJSON: () => ({}) });
      });
    const handle = screen.getByRole('button', { name: 'Mover Proposta enviada' });
    handle.focus();
    await act(async () => {
      fireEvent.keyDown(handle, { key: ' ', code: 'Space' });
    });
    expect(screen.getAllByRole('status').some((region) => region.textContent === 'Proposta enviada pego, posição 3 de 3.')).toBe(true);
    // One row up; jsdom's first arrow after the pick-up only measures, so the move takes a second one.
    for (let step = 0; step < 2 && !screen.getAllByRole('status').some((region) => region.textContent === 'Proposta enviada está na posição 2 de 3.'); step++) {
      await act(async () => {
        fireEvent.keyDown(document, { key: 'ArrowUp', code: 'ArrowUp' });
      });
    }
    await act(async () => {
      fireEvent.keyDown(document, { key: ' ', code: 'Space' });
    });
    expect(onReorder).toHaveBeenLastCalledWith(['NEW', 'OFFER', 'PREPARATION']);
    expect(screen.getAllByRole('status').some((region) => region.textContent === 'Proposta enviada solto na posição 2 de 3.')).toBe(true);
  });
});
