import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function create(crm: Crm, plural: string, data: Record<string, unknown>): Promise<{ id: number }> {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

async function remove(crm: Crm, plural: string, id: number) {
  const response = await crm.api.delete(`/api/v1/${plural}/${id}`);
  expect(response.status(), await response.text()).toBe(204);
}

/** The purge date as a user in São Paulo reads it: `29/12/2026`. */
async function purgeDate(crm: Crm, type: string, id: number): Promise<string> {
  const bin = (await (await crm.api.get('/api/v1/recycle-bin')).json()) as { items: Array<{ type: string; id: number; purgeAfter: string }> };
  const entry = bin.items.find((item) => item.type === type && item.id === id)!;
  return new Date(entry.purgeAfter).toLocaleDateString('pt-BR', { timeZone: 'America/Sao_Paulo' });
}

test('a deleted item waits in the bin with its purge date, is restored to its list, or deleted for good', async ({ page, crm }) => {
  const sofia = await create(crm, 'contacts', { name: 'Sofia', lastName: 'Andrade' });
  const deal = await create(crm, 'deals', { title: 'Consultoria tributária — Araucária', opportunity: '4800.00' });
  await create(crm, 'companies', { title: 'Tropical Saúde ME' });
  await remove(crm, 'contacts', sofia.id);
  await remove(crm, 'deals', deal.id);
  const sofiaPurge = await purgeDate(crm, 'contact', sofia.id);

  await crm.signIn(page);
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Lixeira' }).click();
  await expect(page.getByRole('heading', { name: 'Lixeira', level: 1 })).toBeVisible();
  await expect(page.getByText('Os itens excluídos ficam aqui por 30 dias; depois são excluídos para sempre.')).toBeVisible();

  const sofiaRow = page.getByRole('row', { name: /Sofia Andrade/ });
  await expect(sofiaRow).toContainText('Contato');
  await expect(sofiaRow).toContainText('Ana Souza');
  await expect(sofiaRow.getByRole('cell').nth(5)).toHaveText(sofiaPurge);
  await expect(page.getByRole('columnheader', { name: 'Excluído para sempre em' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Consultoria tributária — Araucária/ })).toContainText('Negócio');
  await expectAccessible(page, 'the recycle bin');

  // The type filter shows how many of each wait here.
  await page.getByText('Negócios (1)').click();
  await expect(page.getByRole('radio', { name: 'Negócios (1)' })).toBeChecked();
  await expect(sofiaRow).toBeHidden();
  await expect(page.getByRole('row', { name: /Consultoria tributária/ })).toBeVisible();
  await page.getByText('Todos (2)').click();

  // Restore: the row leaves, a link leads back to the card, and she is in her list again.
  await sofiaRow.getByRole('button', { name: 'Restaurar “Sofia Andrade”' }).click();
  const restored = page.getByRole('status').filter({ hasText: '1 item restaurado' });
  await expect(restored).toBeVisible();
  await expect(sofiaRow).toBeHidden();
  await restored.getByRole('link', { name: 'Sofia Andrade' }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${sofia.id}$`));
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByRole('main').getByText('Sofia').first()).toBeVisible();

  // Delete for good asks first; Cancel keeps it, confirming removes it for good.
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Lixeira' }).click();
  const dealRow = page.getByRole('row', { name: /Consultoria tributária/ });
  await dealRow.getByRole('button', { name: 'Excluir “Consultoria tributária — Araucária” para sempre' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir “Consultoria tributária — Araucária” para sempre?' });
  await expect(confirm).toContainText('Esta ação não pode ser desfeita');
  await expectAccessible(page, 'the purge confirmation');
  await confirm.getByRole('button', { name: 'Cancelar' }).click();
  await expect(confirm).toBeHidden();
  await expect(dealRow).toBeVisible();
  await dealRow.getByRole('button', { name: 'Excluir “Consultoria tributária — Araucária” para sempre' }).click();
  await confirm.getByRole('button', { name: 'Excluir para sempre' }).click();
  await expect(page.getByText('1 item excluído para sempre.')).toBeVisible();
  await expect(page.getByText('A lixeira está vazia')).toBeVisible();
  expect((await crm.api.get(`/api/v1/deals/${deal.id}`)).status()).toBe(404);
  expect((await crm.api.post(`/api/v1/deals/${deal.id}/restore`)).status()).toBe(404);
});

test('several items at once: select, restore them together, delete the rest for good', async ({ page, crm }) => {
  const titles = ['Renovação anual — Serra Azul', 'Implantação — Atlântica', 'Treinamento — Tropical'];
  for (const title of titles) await remove(crm, 'deals', (await create(crm, 'deals', { title })).id);
  const company = await create(crm, 'companies', { title: 'Araucária Móveis' });
  await remove(crm, 'companies', company.id);

  await crm.signIn(page);
  await page.goto(`${crm.url}/recycle-bin`);
  await expect(page.getByRole('row')).toHaveCount(5);

  await page.getByRole('checkbox', { name: `Selecionar “${titles[0]}”` }).check();
  await page.getByRole('checkbox', { name: `Selecionar “${titles[1]}”` }).check();
  const bar = page.getByRole('region', { name: '2 selecionados' });
  await expect(bar).toBeVisible();
  await expectAccessible(page, 'the recycle bin with a selection');
  await bar.getByRole('button', { name: 'Restaurar' }).click();
  const restored = page.getByRole('status').filter({ hasText: '2 itens restaurados' });
  await expect(restored).toBeVisible();
  await expect(restored.getByRole('link', { name: titles[0] })).toBeVisible();
  await expect(restored.getByRole('link', { name: titles[1] })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(3);
  await expect(bar).toBeHidden();
  await expectAccessible(page, 'the recycle bin after a restore');

  // "Select all" takes what is left; delete them for good in one go.
  await page.getByRole('checkbox', { name: 'Selecionar todos' }).check();
  await page.getByRole('region', { name: '2 selecionados' }).getByRole('button', { name: 'Excluir para sempre' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir 2 itens para sempre?' });
  await confirm.getByRole('button', { name: 'Excluir para sempre' }).click();
  await expect(page.getByText('2 itens excluídos para sempre.')).toBeVisible();
  await expect(page.getByText('A lixeira está vazia')).toBeVisible();

  // The restored deals are back in the deals list.
  await page.goto(`${crm.url}/deals`);
  await expect(page.getByRole('main').getByText(titles[0])).toBeVisible();
  await expect(page.getByRole('main').getByText(titles[2])).toBeHidden();
});
