import { MantineProvider } from '@mantine/core';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeLocale, i18n } from '../../i18n';
import { ColumnChooser } from './ColumnChooser';
import { DataGrid, type DataGridProps } from './DataGrid';
import type { DataGridColumn } from './types';

interface Person {
  id: number;
  name: string;
  city: string;
  age: number;
}

const people = (count: number): Person[] => Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `Pessoa ${i + 1}`, city: i % 2 ? 'Recife' : 'Belo Horizonte', age: 20 + (i % 50) }));

const columns: Array<DataGridColumn<Person>> = [
  { id: 'name', header: 'Nome', size: 200, sortable: true, cell: (p) => p.name },
  { id: 'city', header: 'Cidade', size: 160, sortable: false, cell: (p) => p.city },
  { id: 'age', header: 'Idade', size: 100, sortable: true, cell: (p) => String(p.age) },
];

// jsdom lays nothing out: give every element a 1000 × 400 box, so the virtualiser has a window to fill.
const box = { offsetHeight: 400, offsetWidth: 1000, clientHeight: 400, clientWidth: 1000 };
const saved = Object.fromEntries(Object.keys(box).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)]));
beforeAll(async () => {
  for (const [key, value] of Object.entries(box)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  await changeLocale('pt-BR');
});
afterAll(() => {
  for (const [key, descriptor] of Object.entries(saved)) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
});

function renderGrid(props: Partial<DataGridProps<Person>> = {}) {
  const all: DataGridProps<Person> = {
    label: 'Pessoas',
    rows: people(5),
    getRowId: (p) => String(p.id),
    getRowLabel: (p) => p.name,
    columns,
    visibleColumns: ['name', 'city', 'age'],
    sort: null,
    ...props,
  };
  const view = render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <DataGrid {...all} />
      </MantineProvider>
    </I18nextProvider>,
  );
  return { ...view, rerenderGrid: (next: Partial<DataGridProps<Person>>) => view.rerender(
    <I18nextProvider i18n={i18n}>
      <MantineProvider env="test">
        <DataGrid {...all} {...next} />
      </MantineProvider>
    </I18nextProvider>,
  ) };
}

const bodyRows = () => screen.getAllByRole('row').filter((row) => row.hasAttribute('data-row-index'));
const headers = () => screen.getAllByRole('columnheader').map((header) => header.textContent?.trim()).filter(Boolean);

describe('DataGrid', () => {
  it('renders the rows through the visible columns, with the header named for assistive technology', () => {
    renderGrid();
    const table = screen.getByRole('table', { name: 'Pessoas' });
    expect(table).toHaveAttribute('aria-rowcount', '6');
    expect(headers()).toEqual(['Nome', 'Cidade', 'Idade']);
    const first = bodyRows()[0];
    expect(within(first).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Pessoa 1', 'Belo Horizonte', '20']);
    expect(bodyRows()).toHaveLength(5);
  });

  it('draws a window of a long list, not every row, and asks for more near the end', () => {
    const onEndReached = vi.fn();
    renderGrid({ rows: people(10_000), hasMore: true, onEndReached, rowCount: 100_000 });
    const drawn = bodyRows();
    expect(drawn.length).toBeGreaterThan(5);
    expect(drawn.length).toBeLessThan(40);
    expect(drawn[0]).toHaveAttribute('aria-rowindex', '2');
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '100001');
    expect(onEndReached).not.toHaveBeenCalled();

    const scroller = screen.getByRole('table');
    act(() => {
      scroller.scrollTop = 9_990 * 40;
      fireEvent.scroll(scroller);
    });
    expect(onEndReached).toHaveBeenCalled();
    const indexes = bodyRows().map((row) => Number(row.getAttribute('data-row-index')));
    expect(Math.min(...indexes)).toBeGreaterThan(9_900);
    expect(bodyRows().length).toBeLessThan(40);
  });

  it('cycles the sort of a sortable header: ascending, descending, none; other headers do not sort', () => {
    const onSortChange = vi.fn();
    const { rerenderGrid } = renderGrid({ onSortChange });
    fireEvent.click(screen.getByRole('button', { name: /Nome/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({ id: 'name', desc: false });

    rerenderGrid({ onSortChange, sort: { id: 'name', desc: false } });
    expect(screen.getByRole('columnheader', { name: /Nome/ })).toHaveAttribute('aria-sort', 'ascending');
    fireEvent.click(screen.getByRole('button', { name: /Nome/ }));
    expect(onSortChange).toHaveBeenLastCalledWith({ id: 'name', desc: true });

    rerenderGrid({ onSortChange, sort: { id: 'name', desc: true } });
    fireEvent.click(screen.getByRole('button', { name: /Nome/ }));
    expect(onSortChange).toHaveBeenLastCalledWith(null);

    expect(screen.queryByRole('button', { name: /Cidade/ })).toBeNull();
  });

  it('shows the columns it is told, in that order, and hides the others', () => {
    const { rerenderGrid } = renderGrid({ visibleColumns: ['age', 'name'] });
    expect(headers()).toEqual(['Idade', 'Nome']);
    expect(within(bodyRows()[0]).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['20', 'Pessoa 1']);
    rerenderGrid({ visibleColumns: ['city', 'age', 'name'] });
    expect(headers()).toEqual(['Cidade', 'Idade', 'Nome']);
  });

  it('resizes a column from the keyboard and reports every width', () => {
    const onColumnSizingChange = vi.fn();
    renderGrid({ onColumnSizingChange });
    fireEvent.keyDown(screen.getByRole('separator', { name: 'Redimensionar a coluna Nome' }), { key: 'ArrowRight' });
    expect(onColumnSizingChange).toHaveBeenCalledWith({ name: 216, city: 160, age: 100 });
  });

  it('moves through the rows with the arrows, opens one with Enter and ticks it with Space', () => {
    const onRowOpen = vi.fn();
    const onToggle = vi.fn();
    renderGrid({
      onRowOpen,
      selection: { all: false, loadedCount: 0, isSelected: () => false, onToggle, onToggleLoaded: vi.fn() },
    });
    const [first, second] = bodyRows();
    expect(first).toHaveAttribute('tabindex', '0');
    expect(second).toHaveAttribute('tabindex', '-1');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(bodyRows()[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(onRowOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 2 }));
    fireEvent.keyDown(document.activeElement!, { key: ' ' });
    expect(onToggle).toHaveBeenCalledWith('2', true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Selecionar Pessoa 3' }));
    expect(onToggle).toHaveBeenCalledWith('3', true);
  });

  it('says so when there are no rows', () => {
    renderGrid({ rows: [], empty: <p>Nada por aqui</p> });
    expect(screen.getByText('Nada por aqui')).toBeInTheDocument();
  });
});

describe('ColumnChooser', () => {
  function renderChooser(onChange = vi.fn(), visible = ['name', 'age']) {
    render(
      <I18nextProvider i18n={i18n}>
        <MantineProvider env="test">
          <ColumnChooser columns={columns.map((c) => ({ id: c.id, label: c.header }))} visible={visible} onChange={onChange} locked={['name']} />
        </MantineProvider>
      </I18nextProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Configurar colunas' }));
    return onChange;
  }

  it('hides a shown column and shows a hidden one at the end', () => {
    const onChange = renderChooser();
    const shown = screen.getByRole('list', { name: 'Exibidas' });
    expect(within(shown).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).checked)).toEqual([true, true]);
    fireEvent.click(within(shown).getByRole('checkbox', { name: 'Idade' }));
    expect(onChange).toHaveBeenLastCalledWith(['name']);
    fireEvent.click(within(screen.getByRole('list', { name: 'Ocultas' })).getByRole('checkbox', { name: 'Cidade' }));
    expect(onChange).toHaveBeenLastCalledWith(['name', 'age', 'city']);
  });

  it('keeps a locked column shown', () => {
    renderChooser();
    expect(within(screen.getByRole('list', { name: 'Exibidas' })).getByRole('checkbox', { name: 'Nome' })).toBeDisabled();
  });

  it('narrows the list by a search', () => {
    renderChooser();
    fireEvent.change(screen.getByRole('textbox', { name: 'Encontrar um campo' }), { target: { value: 'cid' } });
    expect(screen.queryByRole('checkbox', { name: 'Idade' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Cidade' })).toBeInTheDocument();
  });

  it('moves a column with the keyboard (dnd-kit keyboard sensor)', async () => {
    const onChange = renderChooser(vi.fn(), ['name', 'city', 'age']);
    // dnd-kit measures the items: stack them 30 px apart.
    const items = within(screen.getByRole('list', { name: 'Exibidas' })).getAllByRole('listitem');
    items.forEach((item, index) => {
      item.getBoundingClientRect = () => ({ x: 0, y: index * 30, top: index * 30, left: 0, bottom: index * 30 + 30, right: 280, width: 280, height: 30, toJSON: () => ({}) });
    });
    const handle = screen.getByRole('button', { name: 'Mover Nome' });
    handle.focus();
    await act(async () => {
      fireEvent.keyDown(handle, { key: ' ', code: 'Space' });
    });
    await act(async () => {
      fireEvent.keyDown(document, { key: 'ArrowDown', code: 'ArrowDown' });
    });
    await act(async () => {
      fireEvent.keyDown(document, { key: ' ', code: 'Space' });
    });
    expect(onChange).toHaveBeenLastCalledWith(['city', 'name', 'age']);
  });
});
