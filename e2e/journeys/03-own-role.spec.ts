import { expect, test, type Crm } from '../support/crm.ts';

async function create(crm: Crm, plural: string, data: Record<string, unknown>): Promise<{ id: number }> {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

const own = { read: 'own', add: 'own', update: 'own', delete: 'own', export: 'own', import: 'own' };

/**
 * A seller whose only role reaches their own deals and contacts. The everyone-role a new CRM starts with ("Employee",
 * all items) is unassigned first, or it would widen what the seller sees.
 */
async function sellerWithOwnRole(crm: Crm) {
  const roles = (await (await crm.api.get('/api/v1/roles')).json()) as { roles: Array<{ id: number; assignments: Array<{ userId: number | null; departmentId: number | null }> }> };
  for (const role of roles.roles.filter((r) => r.assignments.some((a) => a.userId === null && a.departmentId === null))) {
    const cleared = await crm.api.put(`/api/v1/roles/${role.id}/assignments`, { data: { assignments: [] } });
    expect(cleared.ok(), await cleared.text()).toBe(true);
  }
  const created = await crm.api.post('/api/v1/roles', { data: { name: 'Vendedor', permissions: { items: { deal: own, contact: own } } } });
  expect(created.status(), await created.text()).toBe(201);
  const role = (await created.json()) as { id: number };
  return crm.addUser('Bruno Tavares', { roleId: role.id });
}

test('a seller with an "own" role sees only their deals in the list, the board totals and the search', async ({ page, crm }) => {
  const seller = await sellerWithOwnRole(crm);
  const me = (await (await crm.api.get('/api/v1/auth/me')).json()) as { id: number };

  await create(crm, 'deals', { title: 'Projeto Horizonte — filial', opportunity: '1000.00', stageId: 'NEW', assignedById: seller.id });
  await create(crm, 'deals', { title: 'Projeto Horizonte — expansão', opportunity: '2500.00', stageId: 'NEW', assignedById: seller.id });
  await create(crm, 'deals', { title: 'Projeto Horizonte — matriz', opportunity: '9000.00', stageId: 'NEW', assignedById: me.id });
  await create(crm, 'deals', { title: 'Contrato anual da Ana', opportunity: '12000.00', stageId: 'PREPARATION', assignedById: me.id });
  await create(crm, 'contacts', { name: 'Carlos', lastName: 'Vasconcelos', assignedById: seller.id });
  await create(crm, 'contacts', { name: 'Helena', lastName: 'Vasconcelos', assignedById: me.id });

  await crm.signIn(page, seller.email, seller.password);
  const main = page.getByRole('main');

  // The list: their two deals, and a total of two.
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(main.getByText('Projeto Horizonte — filial')).toBeVisible();
  await expect(main.getByText('Projeto Horizonte — expansão')).toBeVisible();
  await expect(page.getByTestId('list-total')).toHaveText('2');
  await expect(main.getByText('Projeto Horizonte — matriz')).toBeHidden();
  await expect(main.getByText('Contrato anual da Ana')).toBeHidden();

  // The board: the column counts and totals are theirs alone.
  await page.goto(`${crm.url}/deals?view=kanban`);
  const fresh = page.getByRole('region', { name: 'Novo', exact: true });
  await expect(fresh.getByText('Projeto Horizonte — filial')).toBeVisible();
  await expect(fresh).toContainText('2 itens');
  await expect(fresh).toContainText('R$ 3.500,00');
  await expect(fresh.getByText('Projeto Horizonte — matriz')).toBeHidden();
  const preparing = page.getByRole('region', { name: 'Preparando documentos', exact: true });
  await expect(preparing).toContainText('R$ 0,00');
  await expect(preparing.getByText('Contrato anual da Ana')).toBeHidden();

  // The search: their deals and contacts, never the others'.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Pesquisar' });
  const box = dialog.getByRole('combobox', { name: 'Pesquisar em todo o CRM' });
  await box.pressSequentially('horizonte');
  const deals = dialog.getByRole('group', { name: 'Negócios' });
  await expect(deals.getByRole('option')).toHaveCount(2);
  await expect(deals.getByRole('option', { name: /filial/ })).toBeVisible();
  await expect(deals.getByRole('option', { name: /expansão/ })).toBeVisible();
  await box.fill('vasconcelos');
  const contacts = dialog.getByRole('group', { name: 'Contatos' });
  await expect(contacts.getByRole('option')).toHaveCount(1);
  await expect(contacts.getByRole('option', { name: /Carlos Vasconcelos/ })).toBeVisible();
  await box.fill('contrato anual');
  await expect(dialog.getByRole('paragraph').filter({ hasText: 'Nada encontrado para “contrato anual”.' })).toBeVisible();

  // The administrator, on the same data, finds all of them.
  const asAdmin = (await (await crm.api.get('/api/v1/search?q=horizonte')).json()) as { groups: Array<{ type: string; items: unknown[] }> };
  expect(asAdmin.groups.find((group) => group.type === 'deal')?.items).toHaveLength(3);
});
