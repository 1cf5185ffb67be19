import type { APIRequestContext, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

async function createDeal(api: APIRequestContext, title: string, assignedById?: number) {
  const answer = await api.post('/api/v1/deals', { data: { title, opportunity: '1000.00', ...(assignedById ? { assignedById } : {}) } });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: number }).id;
}

const grid = (page: Page) => page.getByRole('table', { name: 'Negócios' });
const groupActions = (page: Page) => page.getByRole('group', { name: 'Ações em grupo' });

/** Filter the list by the deal's title through the filter bar. */
async function filterByTitle(page: Page, text: string) {
  await page.getByRole('button', { name: 'Adicionar condição' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova condição' });
  await dialog.getByRole('combobox', { name: 'Campo' }).fill('Nome do neg');
  await page.getByRole('option', { name: 'Nome do negócio' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Condição' })).toHaveValue('contém');
  await dialog.getByRole('textbox', { name: 'Valor de Nome do negócio' }).fill(text);
  await dialog.getByRole('button', { name: 'Aplicar' }).click();
  await expect(dialog).toBeHidden();
}

test('"all that match" a filter gets a new responsible; the deals the seller may not change are refused, each with its reason', async ({ page, crm }) => {
  // A seller who sees every deal but may change only their own (and no role for everyone that allows more).
  const roles = (await (await crm.api.get('/api/v1/roles')).json()) as { roles: Array<{ id: number; assignments: Array<{ userId: number | null; departmentId: number | null }> }> };
  for (const everyone of roles.roles.filter((r) => r.assignments.some((a) => a.userId === null && a.departmentId === null))) {
    const cleared = await crm.api.put(`/api/v1/roles/${everyone.id}/assignments`, { data: { assignments: [] } });
    expect(cleared.ok(), await cleared.text()).toBe(true);
  }
  const role = await crm.api.post('/api/v1/roles', {
    data: { name: 'Vendedor', permissions: { items: { deal: { read: 'all', add: 'own', update: 'own', delete: 'own', export: 'own', import: 'none' } } } },
  });
  expect(role.status(), await role.text()).toBe(201);
  const seller = await crm.addUser('Bruno Lima', { roleId: ((await role.json()) as { id: number }).id });
  for (const title of ['Lote 1 — Bruno', 'Lote 2 — Bruno', 'Lote 3 — Bruno']) await createDeal(crm.api, title, seller.id);
  const anas = [await createDeal(crm.api, 'Lote 4 — Ana'), await createDeal(crm.api, 'Lote 5 — Ana')];
  await createDeal(crm.api, 'Outro negócio', seller.id);

  await crm.signIn(page, seller.email, seller.password);
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(page.getByTestId('list-total')).toHaveText('6');
  await filterByTitle(page, 'Lote');
  await expect(page.getByTestId('list-total')).toHaveText('5');

  await grid(page).getByRole('checkbox', { name: 'Selecionar Lote 1 — Bruno' }).check();
  await expect(groupActions(page)).toContainText('Selecionados: 1');
  await groupActions(page).getByRole('button', { name: 'Selecionar todos os 5 que correspondem' }).click();
  await expect(groupActions(page)).toContainText('Todos os 5 que correspondem estão selecionados');
  await expect(grid(page).getByRole('checkbox', { name: 'Selecionar Lote 5 — Ana' })).toBeChecked();

  await groupActions(page).getByRole('button', { name: 'Responsável' }).click();
  const dialog = page.getByRole('dialog', { name: 'Alterar responsável' });
  await expect(dialog).toContainText('Para todos os 5 itens que correspondem ao filtro.');
  await dialog.getByRole('combobox', { name: 'Novo responsável' }).click();
  await page.getByRole('option', { name: 'Bruno Lima' }).click();
  await dialog.getByRole('button', { name: 'Aplicar' }).click();

  await expect(dialog.getByRole('progressbar', { name: 'Andamento da ação em grupo' })).toBeVisible();
  await expect(dialog.getByTestId('job-progress')).toHaveText('Processados 5 de 5');
  await expect(dialog.getByRole('status')).toContainText('Ação em grupo concluída');
  await expect(dialog.getByRole('status')).toContainText('Concluídos: 3');
  await expect(dialog.getByRole('status')).toContainText('Recusados: 2');
  for (const id of anas) {
    const refusal = dialog.getByRole('row').filter({ has: page.locator(`a[href="/deals/${id}"]`) });
    await expect(refusal).toContainText('Você não tem permissão para alterar este item dessa forma.');
  }
  await expect(dialog.getByRole('link', { name: 'Lote 4 — Ana' })).toBeVisible();
  await expectAccessible(page, 'group action summary');
  await dialog.getByRole('status').getByRole('button', { name: 'Fechar' }).click();
  await expect(dialog).toBeHidden();
  await expect(groupActions(page)).toBeHidden();

  // The deals the seller could change are theirs; the others stayed with Ana.
  const list = await crm.api.get(`/api/v1/deals?filter[title][contains]=Lote&fields=id,assignedById&limit=10`);
  const owners = ((await list.json()) as { items: Array<{ id: number; assignedById: number }> }).items;
  expect(owners.filter((d) => anas.includes(d.id)).every((d) => d.assignedById !== seller.id)).toBe(true);
  expect(owners.filter((d) => !anas.includes(d.id)).every((d) => d.assignedById === seller.id)).toBe(true);
});

test('a selection of deals goes to the recycle bin after a confirmation and leaves the list', async ({ page, crm }) => {
  for (const title of ['Renovação Alfa', 'Renovação Beta', 'Renovação Gama']) await createDeal(crm.api, title);
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(page.getByTestId('list-total')).toHaveText('3');

  await grid(page).getByRole('checkbox', { name: 'Selecionar Renovação Alfa' }).check();
  await grid(page).getByRole('checkbox', { name: 'Selecionar Renovação Gama' }).check();
  await expect(groupActions(page)).toContainText('Selecionados: 2');
  await groupActions(page).getByRole('button', { name: 'Excluir' }).click();
  const dialog = page.getByRole('dialog', { name: 'Excluir' });
  await expect(dialog).toContainText('Mover 2 itens selecionados para a lixeira?');
  await dialog.getByRole('button', { name: 'Mover para a lixeira' }).click();
  await expect(dialog.getByRole('status')).toContainText('Concluídos: 2');
  await dialog.getByRole('status').getByRole('button', { name: 'Fechar' }).click();

  await expect(page.getByTestId('list-total')).toHaveText('1');
  await expect(grid(page).getByRole('row', { name: /Renovação Beta/ })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /Renovação Alfa/ })).toHaveCount(0);
  const bin = await crm.api.get('/api/v1/recycle-bin?type=deal');
  expect(((await bin.json()) as { items: unknown[] }).items).toHaveLength(2);
});
