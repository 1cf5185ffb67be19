import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../api/types';
import { changeLocale, i18n } from '../../../i18n';
import type { RolePermissions } from './access-api';
import { PermissionMatrix } from './PermissionMatrix';

const pipelines: Pipeline[] = [
  { id: 0, name: 'Geral', sort: 10, isDefault: true },
  { id: 4, name: 'Licitações', sort: 20, isDefault: false },
];

beforeAll(async () => {
  await changeLocale('pt-BR');
});

/** The matrix with its state held as the role editor holds it; `latest` is what it last reported. */
function renderMatrix(initial: RolePermissions, compact = false) {
  const seen: { latest: RolePermissions } = { latest: initial };
  function Harness() {
    const [permissions, setPermissions] = useState(initial);
    return (
      <PermissionMatrix
        permissions={permissions}
        pipelines={pipelines}
        compact={compact}
        onChange={(next) => {
          seen.latest = next;
          setPermissions(next);
        }}
      />
    );
  }
  render(
    <I18nextProvider i18n={i18n}>
      <MantineProvider>
        <Harness />
      </MantineProvider>
    </I18nextProvider>,
  );
  return seen;
}

const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;

describe('PermissionMatrix', () => {
  it('shows a scope for every type and action, "none" where the role says nothing, in Bitrix24\'s words', () => {
    renderMatrix({ items: { contact: { read: 'own', update: 'subdepartments' } } });
    expect(select('Contatos: Ler').value).toBe('own');
    expect(select('Contatos: Editar').value).toBe('subdepartments');
    expect(select('Leads: Importar').value).toBe('none');
    expect(within(select('Contatos: Ler')).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Nenhum',
      'Pessoal',
      'Departamento',
      'Departamento e subdepartamentos',
      'Todos abertos',
      'Todos',
    ]);
    // 4 types and 2 pipelines of deals, 6 actions each.
    expect(screen.getAllByRole('combobox')).toHaveLength(36);
  });

  it('changes one cell and leaves the others as they were', () => {
    const seen = renderMatrix({ items: { deal: { read: 'all', add: 'own' }, lead: { read: 'own' } } });
    fireEvent.change(select('Negócios: Ler'), { target: { value: 'department' } });
    expect(seen.latest).toEqual({ items: { deal: { read: 'department', add: 'own' }, lead: { read: 'own' } } });
  });

  it('a pipeline follows the deal grants until it gets its own, which spell out every action; unticking removes them', () => {
    const seen = renderMatrix({ items: { deal: { read: 'department', update: 'own' } } });
    const pipelineRead = select('Negócios: Licitações: Ler');
    expect(pipelineRead).toBeDisabled();
    expect(pipelineRead.value).toBe('department');
    fireEvent.change(select('Negócios: Ler'), { target: { value: 'all' } });
    expect(select('Negócios: Licitações: Ler').value).toBe('all');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Permissões próprias no funil Licitações' }));
    expect(select('Negócios: Licitações: Ler')).toBeEnabled();
    expect(seen.latest.items.deal?.pipelines).toEqual({ '4': { read: 'all', add: 'none', update: 'own', delete: 'none', export: 'none', import: 'none' } });

    fireEvent.change(select('Negócios: Licitações: Ler'), { target: { value: 'own' } });
    expect(seen.latest.items.deal?.pipelines?.['4']?.read).toBe('own');
    // The general deal grant and the other pipeline are untouched.
    expect(seen.latest.items.deal?.read).toBe('all');
    expect(select('Negócios: Geral: Ler').value).toBe('all');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Permissões próprias no funil Licitações' }));
    expect(seen.latest.items.deal).toEqual({ read: 'all', update: 'own' });
    expect(select('Negócios: Licitações: Ler').value).toBe('all');
  });

  it('on a phone each row is a group of labelled selects with the same cells', () => {
    const seen = renderMatrix({ items: { company: { export: 'open' } } }, true);
    const companies = screen.getByRole('group', { name: 'Empresas' });
    const exportScope = within(companies).getByRole('combobox', { name: 'Empresas: Exportar' }) as HTMLSelectElement;
    expect(exportScope.value).toBe('open');
    fireEvent.change(exportScope, { target: { value: 'all' } });
    expect(seen.latest.items.company).toEqual({ export: 'all' });
    expect(screen.getByRole('group', { name: 'Negócios: Geral' })).toBeInTheDocument();
  });
});
