import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

/**
 * Import (issue 13) through the wizard: a CSV of 31 contacts (accents, phones, e-mails, companies by name, a note
 * column the wizard cannot guess, a repeated person, a bad e-mail and an impossible date) into contacts.
 */

const fixture = join(import.meta.dirname, '../fixtures/import/contatos.csv');
const grid = (page: Page) => page.getByRole('table', { name: 'Contatos' });
const total = async (page: Page, path: string) => ((await (await page.request.get(path)).json()) as { total: number }).total;

test('a CSV imports into contacts with one column mapped by hand; the refused rows download with their reasons; the import is undone', async ({ page, crm }) => {
  // Three screens with accessibility checks, an import and its undo: longer than the default minute on a busy machine.
  test.setTimeout(150_000);
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts`);
  await expect(page.getByTestId('list-total')).toHaveText('0');

  // Step 1: from the list, the wizard opens on its type; the file is picked.
  await page.getByRole('search', { name: 'Filtro e pesquisa' }).getByRole('link', { name: 'Importar' }).click();
  await expect(page).toHaveURL(/\/import\?type=contacts/);
  await expect(page.getByRole('combobox', { name: 'Importar em' })).toHaveValue('Contatos');
  await expect(page.getByText('Arraste um arquivo CSV ou XLSX para cá')).toBeVisible();
  await expectAccessible(page, 'import: file');
  await page.locator('input[type=file]').setInputFiles(fixture);

  // Step 2: how the file was read, the proposed fields, the preview with its refused row.
  await expect(page.getByRole('heading', { name: 'Colunas de contatos.csv' })).toBeVisible();
  await expect(page.getByTestId('import-shape')).toHaveText('Lido como CSV, UTF-8, separado por ponto e vírgula');
  await expect(page.getByText('Os campos foram escolhidos pelos títulos das colunas: confira.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Campo da coluna E-mail' })).toHaveValue('E-mail (trabalho)');
  await expect(page.getByRole('combobox', { name: 'Campo da coluna Empresa' })).toHaveValue('Empresa (pelo nome; criada se não existir)');
  const notes = page.getByRole('combobox', { name: 'Campo da coluna Anotações da visita' });
  await expect(notes).toHaveValue('Não importar');
  await expect(page.getByText('Datas como 05/06/2026 são lidas como dia/mês/ano.')).toBeVisible();
  const preview = page.getByRole('table', { name: 'As primeiras linhas como serão importadas' });
  await expect(page.getByTestId('preview-summary')).toHaveText('1 das primeiras 10 linhas seriam recusadas.');
  const refused = preview.getByRole('row').filter({ hasText: 'Xênia' });
  await expect(refused).toContainText('Recusada: E-mail: não é um endereço de e-mail');
  await expect(preview.getByRole('columnheader', { name: /Comentário/ })).toHaveCount(0);

  // One column mapped by hand: the preview is asked again and shows the note where it will go.
  await notes.fill('Coment');
  await page.getByRole('option', { name: 'Comentário', exact: true }).click();
  await expect(notes).toHaveValue('Comentário');
  await expect(page.getByText('Mapeamento alterado por você.')).toBeVisible();
  await expect(preview.getByRole('columnheader', { name: /Comentário/ })).toBeVisible();
  await expect(preview.getByRole('row').filter({ hasText: 'Conceição' }).first()).toContainText('Prefere contato pela manhã');
  await expect(page.getByRole('radio', { name: 'Ignorar a linha' })).toBeChecked();
  await expectAccessible(page, 'import: columns');
  await page.getByRole('button', { name: 'Iniciar a importação' }).click();

  // Step 3: its progress at its own address, then what became of the rows.
  await expect(page).toHaveURL(/\/import\/\d+$/);
  const importUrl = page.url();
  await expect(page.getByRole('progressbar', { name: 'Andamento da importação' })).toBeVisible();
  await expect(page.getByTestId('import-progress')).toHaveText('31 de 31 linhas');
  await expect(page.getByRole('status').filter({ hasText: 'Importação concluída' })).toContainText('31 linhas lidas de contatos.csv.');
  await expect(page.getByTestId('import-created')).toContainText('28');
  await expect(page.getByTestId('import-updated')).toContainText('0');
  await expect(page.getByTestId('import-skipped')).toContainText('1');
  await expect(page.getByTestId('import-rejected')).toContainText('2');
  await expectAccessible(page, 'import: outcome');

  // The refused rows, downloaded and read: the row's number in the file, the reason, the row as it was.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Baixar as linhas recusadas (CSV)' }).click();
  const path = await (await download).path();
  const bytes = readFileSync(path!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.subarray(3).toString('utf8'), { delimiter: ';', relax_column_count: true }) as string[][];
  expect(header).toEqual(['Linha', 'Motivo']);
  expect(rows.map((row) => row.slice(0, 4))).toEqual([
    ['7', 'não é um endereço de e-mail (coluna 3)', 'Xênia', 'Barbosa'],
    ['29', 'não é uma data (coluna 7)', 'Yara', 'Figueiredo'],
  ]);

  // The contacts are in the list, with their companies (created once per name) and the column mapped by hand.
  await page.getByRole('link', { name: 'Abrir Contatos' }).click();
  await expect(page.getByTestId('list-total')).toHaveText('28');
  await page.getByRole('textbox', { name: 'Pesquisa rápida' }).fill('Gonçalves');
  await expect(page.getByTestId('list-total')).toHaveText('1');
  await expect(grid(page).getByRole('row').filter({ hasText: 'Ana Lúcia' })).toBeVisible();
  expect(await total(page, `${crm.url}/api/v1/companies?limit=1`)).toBe(5);
  const joao = (await (await page.request.get(`${crm.url}/api/v1/contacts?filter[lastName][eq]=Conceição&filter[name][eq]=João&fields=id,comments,birthdate,phones`)).json()) as {
    items: Array<{ comments: string; birthdate: string; phones: Array<{ value: string }> }>;
  };
  expect(joao.items).toHaveLength(1);
  expect(joao.items[0].comments).toBe('Prefere contato pela manhã');
  expect(joao.items[0].birthdate).toBe('1985-03-12');

  // Leaving and coming back: the wizard lists the import, and its address still shows it.
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Importar' }).click();
  await expect(page.getByRole('heading', { name: 'Suas importações recentes' })).toBeVisible();
  await page.getByRole('link', { name: 'contatos.csv' }).click();
  await expect(page).toHaveURL(importUrl);

  // Undo, confirmed: its progress, then the contacts and the companies it created are gone.
  await page.getByRole('button', { name: 'Desfazer importação' }).click();
  const confirm = page.getByRole('dialog', { name: 'Desfazer esta importação?' });
  await expect(confirm).toContainText('Os 28 itens que ela criou vão para a lixeira');
  await confirm.getByRole('button', { name: 'Desfazer importação' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('import-undone')).toHaveText('Importação desfeita: 28 itens removidos ou restaurados.');
  await expect(page.getByRole('button', { name: 'Desfazer importação' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Abrir Contatos' }).click();
  await expect(page.getByTestId('list-total')).toHaveText('0');
  expect(await total(page, `${crm.url}/api/v1/companies?limit=1`)).toBe(0);
});
