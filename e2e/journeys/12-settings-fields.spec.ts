import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function createDeal(crm: Crm, title: string): Promise<number> {
  const answer = await crm.api.post('/api/v1/deals', { data: { title, opportunity: '1000.00' } });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: number }).id;
}

const grid = (page: Page) => page.getByRole('table', { name: 'Negócios' });
const cardField = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true });

/** Drags with the mouse in small steps, as dnd-kit's pointer sensor needs to see a move. */
async function drag(page: Page, from: Locator, to: Locator) {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  for (let step = 1; step <= 12; step++) {
    await page.mouse.move(start.x + start.width / 2 + ((end.x + end.width / 2 - start.x - start.width / 2) * step) / 12, start.y + start.height / 2 + ((end.y + end.height / 2 - start.y - start.height / 2) * step) / 12);
  }
  await page.mouse.up();
}

test('an enumeration field added in the settings shows on the card, as a list column, in the filter; moved on the card layout; deleted with its data', async ({ page, crm }) => {
  // One long story through four screens, on a machine shared with other runs.
  test.setTimeout(180_000);
  const dealId = await createDeal(crm, 'Licenças anuais — Ipê');
  await createDeal(crm, 'Consultoria avulsa');
  await crm.signIn(page);

  // The list is open first, so the app holds the deals' fields from before the new one.
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(grid(page).getByRole('row', { name: /Consultoria avulsa/ })).toBeVisible();

  // Settings › Campos e ficha › Negócios, through the app's links.
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Campos e ficha' }).click();
  await expect(page.getByRole('heading', { name: 'Campos e ficha', level: 2 })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Tipo de item' }).getByText('Negócios').click();
  await expect(page).toHaveURL(/\/settings\/fields\/deals$/);
  await expect(page.getByText('Nenhum campo personalizado ainda.')).toBeVisible();
  await expectAccessible(page, 'custom fields of deals');

  // A list field with three values, in both languages.
  await page.getByRole('button', { name: 'Novo campo' }).click();
  const form = page.getByRole('dialog', { name: 'Novo campo personalizado' });
  await form.getByRole('combobox', { name: 'Tipo' }).click();
  await page.getByRole('option', { name: 'Lista', exact: true }).click();
  await form.getByLabel('Nome em português').fill('Prioridade');
  await form.getByLabel('Nome em inglês').fill('Priority');
  await form.getByLabel('Mostrado nas listas').uncheck();
  for (const value of ['Alta', 'Média', 'Baixa']) {
    await form.getByRole('textbox', { name: 'Novo valor' }).fill(value);
    await form.getByRole('textbox', { name: 'Novo valor' }).press('Enter');
  }
  await expect(form.getByRole('textbox', { name: 'Valor 3' })).toHaveValue('Baixa');
  await form.getByRole('button', { name: 'Descer Alta' }).click();
  await form.getByRole('button', { name: 'Subir Alta' }).click();
  await expectAccessible(page, 'new field form');
  await form.getByRole('button', { name: 'Criar campo' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText('Campo “Prioridade” criado')).toBeVisible();
  const row = page.getByRole('listitem', { name: 'Prioridade' });
  await expect(row).toContainText('Valores: Alta, Média, Baixa');
  await expect(row).toContainText('UF_CRM_PRIORITY');
  await expectAccessible(page, 'custom fields with one');

  // Back to the deals (same page load): the card has the field, editable with its values.
  await page.getByRole('link', { name: 'Negócios' }).first().click();
  await grid(page).getByRole('link', { name: 'Licenças anuais — Ipê' }).click();
  await expect(page.getByRole('heading', { name: 'Licenças anuais — Ipê', level: 1 })).toBeVisible();
  const custom = page.getByRole('region', { name: 'Campos personalizados' });
  await custom.getByRole('button', { name: /Mostrar campos vazios/ }).click();
  await custom.getByRole('button', { name: 'Editar Prioridade' }).click();
  await page.getByRole('combobox', { name: 'Prioridade' }).click();
  await expect(page.getByRole('option')).toHaveText(['Alta', 'Média', 'Baixa']);
  await page.getByRole('option', { name: 'Alta' }).click();
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(cardField(page, 'Prioridade')).toContainText('Alta');

  // The list: the column chooser offers it; the column shows the value.
  await page.goBack();
  await expect(grid(page).getByRole('row', { name: /Consultoria avulsa/ })).toBeVisible();
  await page.getByRole('button', { name: 'Configurar colunas' }).click();
  const chooser = page.getByRole('dialog', { name: /Colunas/ });
  await chooser.getByRole('list', { name: 'Ocultas' }).getByRole('checkbox', { name: 'Prioridade' }).click();
  await expect(chooser.getByRole('list', { name: 'Exibidas' }).getByRole('checkbox', { name: 'Prioridade' })).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(grid(page).getByRole('columnheader', { name: 'Prioridade' })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /Licenças anuais — Ipê/ })).toContainText('Alta');

  // The filter bar: Prioridade is Alta leaves one deal.
  await page.getByRole('button', { name: 'Adicionar condição' }).click();
  const condition = page.getByRole('dialog', { name: 'Nova condição' });
  await condition.getByRole('combobox', { name: 'Campo' }).fill('Priori');
  await page.getByRole('option', { name: 'Prioridade' }).click();
  await condition.getByRole('combobox', { name: 'Prioridade' }).click();
  await page.getByRole('option', { name: 'Alta' }).click();
  await condition.getByRole('button', { name: 'Aplicar' }).click();
  await expect(page.getByTestId('filter-chip')).toHaveText('Prioridade é igual a Alta');
  await expect(page.getByTestId('list-total')).toHaveText('1');
  await expect(grid(page).getByRole('row', { name: /Consultoria avulsa/ })).toHaveCount(0);

  // Card layout: Prioridade moves from "Campos personalizados" to the first section.
  await page.goto(`${crm.url}/settings/fields/deals/layout`);
  const about = page.getByRole('region', { name: 'Seção Sobre o negócio' });
  const customSection = page.getByRole('region', { name: 'Seção Campos personalizados' });
  await expect(customSection.getByRole('listitem').filter({ hasText: 'Prioridade' })).toBeVisible();
  await expectAccessible(page, 'card layout editor');
  // The custom section goes first (two steps up), so both ends of the drag are on screen.
  await page.getByRole('button', { name: 'Subir seção Campos personalizados' }).click();
  await page.getByRole('button', { name: 'Subir seção Campos personalizados' }).click();
  await expect(page.getByRole('region', { name: /^Seção / }).first()).toHaveAccessibleName('Seção Campos personalizados');
  await drag(page, customSection.getByRole('button', { name: 'Arrastar Prioridade' }), about.getByRole('button', { name: 'Arrastar Tipo de negócio' }));
  await expect(about.getByRole('listitem').filter({ hasText: 'Prioridade' })).toBeVisible();
  await expect(customSection.getByText('Seção vazia: arraste campos para cá.')).toBeVisible();
  // The preview draws the card as it will be: Prioridade in "Sobre o negócio", no custom section.
  const preview = page.getByRole('region', { name: 'Pré-visualização da ficha' });
  await expect(preview.getByRole('region', { name: 'Sobre o negócio' }).getByRole('group', { name: 'Prioridade', exact: true })).toBeVisible();
  await expect(preview.getByRole('region', { name: 'Campos personalizados' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Salvar layout' }).click();
  await expect(page.getByText('Layout da ficha salvo')).toBeVisible();

  await page.goto(`${crm.url}/deals/${dealId}`);
  await expect(page.getByRole('region', { name: 'Sobre o negócio' }).getByRole('group', { name: 'Prioridade', exact: true })).toContainText('Alta');
  await expect(page.getByRole('region', { name: 'Campos personalizados' })).toHaveCount(0);

  // Deleting the field: one deal holds a value; the count is shown and a second confirmation is needed.
  await page.goto(`${crm.url}/settings/fields/deals`);
  await page.getByRole('button', { name: 'Excluir Prioridade' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir campo' });
  await confirm.getByRole('button', { name: 'Excluir', exact: true }).click();
  await expect(confirm.getByRole('alert')).toContainText('1 item tem valor em “Prioridade”');
  await expectAccessible(page, 'delete a field with data');
  await confirm.getByRole('button', { name: 'Excluir campo e 1 valor' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('Campo “Prioridade” excluído')).toBeVisible();
  await expect(page.getByText('Nenhum campo personalizado ainda.')).toBeVisible();
  const fields = (await (await crm.api.get('/api/v1/custom-fields/deals')).json()) as { items: unknown[] };
  expect(fields.items).toEqual([]);
});
