import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

/** Duplicate control (issue 13): the scan's groups, merging two contacts, and the create form's warning. */

async function create(crm: Crm, plural: string, data: Record<string, unknown>): Promise<{ id: number }> {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

test('finds two duplicate contacts with a scan and merges them into one; the create form warns about the survivor', async ({ page, crm }) => {
  const kept = await create(crm, 'contacts', {
    name: 'José',
    lastName: 'da Silva',
    emails: [{ value: 'jose.silva@horizonte.com.br', valueType: 'WORK' }],
    phones: [{ value: '(11) 98765-4321', valueType: 'MOBILE' }],
  });
  const duplicate = await create(crm, 'contacts', {
    name: 'jose',
    lastName: 'silva',
    post: 'Comprador',
    emails: [{ value: 'JOSE.SILVA@horizonte.com.br', valueType: 'HOME' }],
    phones: [{ value: '(11) 3456-7890', valueType: 'WORK' }],
  });
  const deal = await create(crm, 'deals', { title: 'Renovação anual — Horizonte', contactIds: [duplicate.id] });

  await crm.signIn(page);
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Duplicatas' }).click();
  await expect(page.getByRole('heading', { name: 'Duplicatas', level: 1 })).toBeVisible();
  await expect(page.getByText('Nenhuma busca ainda: procure duplicatas para ver os grupos.')).toBeVisible();
  await page.getByRole('button', { name: 'Procurar duplicatas' }).click();

  // The scan runs as a job; when it ends the group appears: same e-mail, and same name.
  const byEmail = page.getByRole('region', { name: 'Mesmo e-mail: 2 itens' });
  await expect(byEmail).toBeVisible({ timeout: 20_000 });
  await expect(byEmail).toContainText('jose.silva@horizonte.com.br');
  await expect(byEmail.getByRole('link', { name: 'José da Silva' })).toBeVisible();
  await expect(byEmail.getByRole('link', { name: 'jose silva' })).toBeVisible();
  // They share the name too: one group, both reasons.
  await expect(byEmail.getByText('Mesmo nome')).toBeVisible();
  await expect(page.getByTestId('duplicate-group')).toHaveCount(1);
  await expect(page.getByTestId('scan-date')).toContainText('Última busca');
  await expectAccessible(page, 'duplicates');

  // The merge dialog: José da Silva stays, keeps his own last name and takes the other's position.
  await byEmail.getByRole('button', { name: 'Mesclar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mesclar 2 itens' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: `Item 1 · José da Silva (#${kept.id})` }).check();
  await expect(dialog.getByRole('radio', { name: 'Sobrenome: o valor do item 1' })).toBeChecked();
  await dialog.getByRole('radio', { name: 'Nome: o valor do item 1', exact: true }).check();
  await expect(dialog.getByRole('radio', { name: 'Cargo: o valor do item 2' })).toBeChecked();
  await expect(dialog.getByText('Todos, sem repetições').first()).toBeVisible();
  await expectAccessible(page, 'merge dialog');
  await dialog.getByRole('button', { name: 'Mesclar' }).click();

  // Then the survivor's card: both phones, one e-mail, the position; the other contact is in the recycle bin.
  await expect(page).toHaveURL(new RegExp(`/contacts/${kept.id}$`));
  await expect(page.getByText('Itens mesclados')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'José da Silva', level: 1 })).toBeVisible();
  const phones = page.getByRole('group', { name: 'Telefone' });
  await expect(phones.getByRole('link', { name: '+55 11 98765-4321' })).toBeVisible();
  await expect(phones.getByRole('link', { name: '+55 11 3456-7890' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'E-mail' }).getByRole('link')).toHaveCount(1);
  await expect(page.getByText('Comprador').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Histórico' }).click();
  const mergedEntry = page.getByText('Mesclados neste item:');
  await expect(mergedEntry).toBeVisible();
  await expect(mergedEntry.locator('..')).toContainText(`#${duplicate.id}`);
  expect((await crm.api.get(`/api/v1/contacts/${duplicate.id}`)).status()).toBe(404);
  const movedDeal = (await (await crm.api.get(`/api/v1/deals/${deal.id}`)).json()) as { contactIds: number[] };
  expect(movedDeal.contactIds).toEqual([kept.id]);

  // The duplicates screen has nothing left for them.
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Duplicatas' }).click();
  await expect(page.getByRole('region', { name: 'Mesmo e-mail: 2 itens' })).toBeHidden();

  // Creating "Jose Silva" again: the form names the survivor before saving, and saving still works.
  await page.goto(`${crm.url}/contacts/new`);
  await page.getByLabel('Nome', { exact: true }).fill('Jose');
  await page.getByLabel('Sobrenome').fill('Silva');
  const warning = page.getByTestId('duplicate-warning');
  await expect(warning).toContainText('Possíveis duplicatas');
  await expect(warning.getByRole('link', { name: 'José da Silva' })).toHaveAttribute('href', `/contacts/${kept.id}`);
  await expect(warning).toContainText('Mesmo nome');
  await expectAccessible(page, 'create form with a duplicate warning');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Jose Silva', level: 1 })).toBeVisible();
});
