import type { APIRequestContext, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

/** A custom enumeration on deals ("Segmento") and deals holding its values, through the API. */
async function dealsWithSegments(api: APIRequestContext) {
  const created = await api.post('/api/v1/custom-fields/deals', {
    data: { type: 'enumeration', labelEn: 'Segment', labelPt: 'Segmento', options: [{ value: 'Varejo' }, { value: 'Indústria' }] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const segment = (await created.json()) as { apiName: string; options: Array<{ id: number; value: string }> };
  const option = (value: string) => segment.options.find((o) => o.value === value)!.id;
  const deals: Array<[string, string, string | null]> = [
    ['Mercado Bom Preço', '1200.00', 'Varejo'],
    ['Loja Estrela', '800.00', 'Varejo'],
    ['Farmácia Central', '3500.00', 'Varejo'],
    ['Metalúrgica Aço Forte', '25000.00', 'Indústria'],
    ['Têxtil Horizonte', '9000.00', 'Indústria'],
    ['Consultoria avulsa', '500.00', null],
  ];
  for (const [title, opportunity, value] of deals) {
    const answer = await api.post('/api/v1/deals', { data: { title, opportunity, ...(value ? { [segment.apiName]: option(value) } : {}) } });
    expect(answer.status(), await answer.text()).toBe(201);
  }
}

const grid = (page: Page) => page.getByRole('table', { name: 'Negócios' });
/** The first column's text of every row drawn, top to bottom. */
// The second cell of each row (after the checkbox), in the order the rows are drawn.
const titles = (page: Page) => grid(page).locator('[data-row-index]').evaluateAll((rows) => rows.map((row) => row.querySelectorAll('[role="cell"]')[1]?.textContent ?? ''));

test('filters by a custom field, saves the filter, and gets the same rows after a reload', async ({ page, crm }) => {
  await dealsWithSegments(crm.api);
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();
  await expect(grid(page).getByRole('row', { name: /Consultoria avulsa/ })).toBeVisible();
  await expect(page.getByTestId('list-total')).toHaveText('6');

  // Filter: Segmento is Varejo, chosen by name.
  await page.getByRole('button', { name: 'Adicionar condição' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova condição' });
  await dialog.getByRole('combobox', { name: 'Campo' }).fill('Segm');
  await page.getByRole('option', { name: 'Segmento' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Condição' })).toHaveValue('é igual a');
  await dialog.getByRole('combobox', { name: 'Segmento' }).click();
  await page.getByRole('option', { name: 'Varejo' }).click();
  await dialog.getByRole('button', { name: 'Aplicar' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('filter-chip')).toHaveText('Segmento é igual a Varejo');
  await expect(page.getByTestId('list-total')).toHaveText('3');
  await expect.poll(async () => (await titles(page)).sort()).toEqual(['Farmácia Central', 'Loja Estrela', 'Mercado Bom Preço']);

  // Save it as a preset the list opens with.
  await page.getByRole('button', { name: 'Filtros salvos' }).click();
  await page.getByRole('menuitem', { name: 'Salvar filtro atual como…' }).click();
  const save = page.getByRole('dialog', { name: 'Salvar filtro' });
  await save.getByLabel('Nome do filtro').fill('Clientes do varejo');
  await save.getByLabel('Abrir a lista com este filtro').check();
  await save.getByRole('button', { name: 'Salvar' }).click();
  await expect(save).toBeHidden();
  await expect(page.getByRole('button', { name: 'Filtros salvos: Clientes do varejo' })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('filter-chip')).toHaveText('Segmento é igual a Varejo');
  await expect(page.getByTestId('list-total')).toHaveText('3');
  await expect.poll(async () => (await titles(page)).sort()).toEqual(['Farmácia Central', 'Loja Estrela', 'Mercado Bom Preço']);

  // Opened afresh, with nothing in the address, the list applies the default preset.
  await page.goto(`${crm.url}/deals`);
  await expect(page.getByRole('button', { name: 'Filtros salvos: Clientes do varejo' })).toBeVisible();
  await expect(page.getByTestId('list-total')).toHaveText('3');

  // Clearing the filter shows everything again.
  await page.getByRole('button', { name: 'Limpar filtro' }).click();
  await expect(page.getByTestId('list-total')).toHaveText('6');
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Filtros salvos', exact: true })).toBeVisible();
});

test('sorts by a column and hides one; the settings are kept on the server', async ({ page, crm }) => {
  await dealsWithSegments(crm.api);
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=list`);
  await expect(page.getByTestId('list-total')).toHaveText('6');

  // Sort by amount: ascending, then descending.
  await grid(page).getByRole('button', { name: 'Valor' }).click();
  await expect(grid(page).getByRole('columnheader', { name: 'Valor' })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => titles(page)).toEqual(['Consultoria avulsa', 'Loja Estrela', 'Mercado Bom Preço', 'Farmácia Central', 'Têxtil Horizonte', 'Metalúrgica Aço Forte']);
  await grid(page).getByRole('button', { name: 'Valor' }).click();
  await expect.poll(() => titles(page)).toEqual(['Metalúrgica Aço Forte', 'Têxtil Horizonte', 'Farmácia Central', 'Mercado Bom Preço', 'Loja Estrela', 'Consultoria avulsa']);

  // Hide the responsible's column; the setting is the user's, on the server.
  await expect(grid(page).getByRole('columnheader', { name: 'Responsável' })).toBeVisible();
  await page.getByRole('button', { name: 'Configurar colunas' }).click();
  const saved = page.waitForResponse((r) => r.url().includes('/api/v1/views/deals') && r.request().method() === 'PUT' && r.ok());
  await page.getByRole('list', { name: 'Exibidas' }).getByRole('checkbox', { name: 'Responsável' }).click();
  await expect(grid(page).getByRole('columnheader', { name: 'Responsável' })).toHaveCount(0);
  await saved;
  await page.keyboard.press('Escape');
  await expectAccessible(page, 'list of deals');

  await page.reload();
  await expect(grid(page).getByRole('columnheader', { name: 'Valor' })).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Responsável' })).toHaveCount(0);
  await expect(grid(page).getByRole('columnheader', { name: 'Valor' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => titles(page)).toEqual(['Metalúrgica Aço Forte', 'Têxtil Horizonte', 'Farmácia Central', 'Mercado Bom Preço', 'Loja Estrela', 'Consultoria avulsa']);
});

test('the keyboard moves through the rows and opens one; the list stays readable on a phone', async ({ page, crm }) => {
  await dealsWithSegments(crm.api);
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=list`);
  const first = grid(page).locator('[data-row-index="0"]');
  await expect(first).toContainText('Consultoria avulsa');
  await first.focus();
  await page.keyboard.press('ArrowDown');
  await expect(grid(page).locator('[data-row-index="1"]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/deals\/\d+/);
  await expect(page.getByText('Têxtil Horizonte').first()).toBeVisible();

  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(`${crm.url}/contacts`);
  await crm.api.post('/api/v1/contacts', { data: { name: 'Maria', lastName: 'Conceição', phones: [{ value: '(31) 99876-5432', valueType: 'WORK' }] } });
  await page.reload();
  const contacts = page.getByRole('table', { name: 'Contatos' });
  await expect(contacts.getByRole('link', { name: 'Maria' })).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Adicionar condição' })).toBeInViewport();
  await expect(page.getByRole('textbox', { name: 'Pesquisa rápida' })).toBeInViewport();
  await expectAccessible(page, 'contacts on a phone');
});
