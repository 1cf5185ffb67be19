import { readFileSync } from 'node:fs';
import type { APIRequestContext, Download, Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

/** Export (issue 13): the filtered list and the ticked rows to a file that downloads, read back here. */

async function createContact(api: APIRequestContext, data: Record<string, unknown>) {
  const answer = await api.post('/api/v1/contacts', { data: { export: true, ...data } });
  expect(answer.status(), await answer.text()).toBe(201);
  return ((await answer.json()) as { id: number }).id;
}

const grid = (page: Page) => page.getByRole('table', { name: 'Contatos' });

async function filterByLastName(page: Page, text: string) {
  await page.getByRole('button', { name: 'Adicionar condição' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova condição' });
  await dialog.getByRole('combobox', { name: 'Campo' }).fill('Sobrenome');
  await page.getByRole('option', { name: 'Sobrenome', exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Valor de Sobrenome' }).fill(text);
  await dialog.getByRole('button', { name: 'Aplicar' }).click();
  await expect(dialog).toBeHidden();
}

/** The CSV a download holds, each row as { title: cell }. */
function csvRows(download: string) {
  const bytes = readFileSync(download);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';', record_delimiter: '\r\n' }) as string[][];
  return rows.map((cells) => Object.fromEntries(header.map((title, index) => [title, cells[index]])));
}

async function savedFile(download: Download) {
  const path = await download.path();
  expect(path).toBeTruthy();
  return path!;
}

test('the filtered list exports to CSV and XLSX, downloads, and the file holds its rows; ticked rows export alone', async ({ page, crm }) => {
  await createContact(crm.api, { name: 'Beatriz', lastName: 'Conceição', comments: 'Cliente "antiga"\nligar às 10h', phones: [{ value: '+55 11 98765-4321', valueType: 'MOBILE' }] });
  await createContact(crm.api, { name: 'Carlos', lastName: 'Conceição Lima' });
  await createContact(crm.api, { name: 'Fora', lastName: 'Conceição', export: false });
  await createContact(crm.api, { name: 'Daniela', lastName: 'Souza' });

  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts`);
  await expect(page.getByTestId('list-total')).toHaveText('4');
  await filterByLastName(page, 'Conceição');
  await expect(page.getByTestId('list-total')).toHaveText('3');

  // CSV of the filtered list, with the list's columns.
  await page.getByRole('button', { name: 'Exportar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Exportar contatos' });
  await expect(dialog.getByText('Só são exportados os itens “incluídos na exportação”.')).toBeVisible();
  await expectAccessible(page, 'export dialog');
  await dialog.getByText('CSV', { exact: true }).click();
  await expect(dialog.getByRole('radio', { name: 'Todos que correspondem ao filtro atual' })).toBeChecked();
  const csvDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Exportar' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^contacts-\d{8}-\d{4}\.csv$/);
  await expect(dialog.getByRole('status')).toContainText('Pronto: 2 linhas exportadas');
  const rows = csvRows(await savedFile(csv));
  expect(rows.map((row) => row.Nome).sort()).toEqual(['Beatriz', 'Carlos']);
  const beatriz = rows.find((row) => row.Nome === 'Beatriz')!;
  expect(beatriz.Sobrenome).toBe('Conceição');
  expect(beatriz.Celular).toBe("'+55 11 98765-4321");
  await dialog.getByRole('button', { name: 'Fechar' }).first().click();

  // The header keeps it: progress while running, then the file to download again.
  await page.getByTestId('export-indicator').click();
  await expect(page.getByText('Exportações recentes')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Baixar' })).toBeVisible();
  await page.keyboard.press('Escape');

  // XLSX of the ticked row only, with every field.
  await grid(page).getByRole('checkbox', { name: 'Selecionar Carlos Conceição Lima' }).check();
  await page.getByRole('button', { name: 'Exportar' }).click();
  await dialog.getByRole('radio', { name: 'Todos os campos' }).check();
  await expect(dialog.getByRole('radio', { name: 'As linhas selecionadas (1)' })).toBeChecked();
  const xlsxDownload = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Exportar' }).click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await savedFile(xlsx));
  const sheet = book.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toContain('Incluído na exportação');
  expect(sheet.rowCount).toBe(2);
  expect(sheet.getRow(2).getCell(header.indexOf('Nome') + 1).value).toBe('Carlos');
  expect(sheet.getRow(2).getCell(header.indexOf('Sobrenome') + 1).value).toBe('Conceição Lima');
});
