import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function create(crm: Crm, plural: string, data: Record<string, unknown>): Promise<{ id: number }> {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

test('global search finds as you type: phone digits, folded accents, company names, opened from the keyboard', async ({ page, crm }) => {
  const maria = await create(crm, 'contacts', {
    name: 'Maria',
    lastName: 'Conceição',
    phones: [{ value: '+55 31 99876-5432', valueType: 'MOBILE' }],
    emails: [{ value: 'maria.conceicao@exemplo.com.br', valueType: 'WORK' }],
  });
  const company = await create(crm, 'companies', { title: 'Laticínios Serra Azul' });
  await create(crm, 'contacts', { name: 'Mariana', lastName: 'Teixeira', phones: [{ value: '+55 11 91234-0000', valueType: 'WORK' }] });

  await crm.signIn(page);
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();

  // Ctrl+K opens the search with the focus in its box, and says what to type.
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Pesquisar' });
  const box = dialog.getByRole('combobox', { name: 'Pesquisar em todo o CRM' });
  await expect(box).toBeFocused();
  await expect(dialog.getByText('Digite um nome, uma empresa, um e-mail ou qualquer parte de um telefone.')).toBeVisible();

  // A single letter only asks for more.
  await box.pressSequentially('5');
  await expect(dialog.getByText('Digite pelo menos 2 caracteres.')).toBeVisible();

  // Four digits of the phone find her under Contatos, the first result active.
  await box.pressSequentially('432');
  const contacts = dialog.getByRole('group', { name: 'Contatos' });
  const mariaOption = contacts.getByRole('option', { name: /Maria Conceição/ });
  await expect(mariaOption).toBeVisible();
  await expect(mariaOption).toContainText('+55 31 99876-5432');
  await expect(mariaOption).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await mariaOption.getAttribute('id'))!);
  await expect(mariaOption.locator('mark')).toHaveText(['5432']);
  await expectAccessible(page, 'the search dialog with results');

  // Enter opens her card and closes the search.
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/contacts/${maria.id}$`));
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('main').getByText('Maria Conceição').first()).toBeVisible();

  // "/" opens it too; without accents "conceicao" finds "Conceição", and the mark covers the accented name.
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await box.pressSequentially('conceicao');
  await expect(contacts.getByRole('option', { name: /Maria Conceição/ })).toBeVisible();
  await expect(contacts.getByRole('option', { name: /Maria Conceição/ }).locator('mark').first()).toHaveText('Conceição');

  // The phone however it is typed.
  await box.fill('99876-5432');
  await expect(contacts.getByRole('option', { name: /Maria Conceição/ })).toBeVisible();

  // The company by its name, under Empresas.
  await box.fill('serra azul');
  const companyOption = dialog.getByRole('group', { name: 'Empresas' }).getByRole('option', { name: /Laticínios Serra Azul/ });
  await expect(companyOption).toBeVisible();
  await expect(contacts).toBeHidden();

  // ↓ and ↑ move through the results; Enter opens the active one.
  await box.fill('mari');
  const options = contacts.getByRole('option');
  await expect(options).toHaveCount(2);
  const [first, second] = [options.nth(0), options.nth(1)];
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowDown');
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(first).toHaveAttribute('aria-selected', 'false');
  await box.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await box.press('ArrowUp');
  await expect(second).toHaveAttribute('aria-selected', 'true');

  // Nothing found says so in words.
  await box.fill('xyzw');
  await expect(dialog.getByRole('paragraph').filter({ hasText: 'Nada encontrado para “xyzw”.' })).toBeVisible();
  // …and screen readers hear it.
  await expect(dialog.getByRole('status')).toHaveText('Nada encontrado para “xyzw”.');

  // Escape closes; a click on a result opens it as well.
  await box.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: /Pesquisar negócios, contatos, empresas/ }).click();
  await box.pressSequentially('laticinios');
  await dialog.getByRole('option', { name: /Laticínios Serra Azul/ }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${company.id}$`));
});

test('"all results" opens the type\'s list with the search applied', async ({ page, crm }) => {
  for (const name of ['Ana', 'Bruno', 'Carla', 'Daniel', 'Eduarda', 'Fábio']) await create(crm, 'contacts', { name, lastName: 'Drummond' });
  await crm.signIn(page);
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Pesquisar' });
  await dialog.getByRole('combobox').pressSequentially('drummond');
  const contacts = dialog.getByRole('group', { name: 'Contatos' });
  await expect(contacts.getByRole('option', { name: /Drummond/ })).toHaveCount(5);
  const more = contacts.getByRole('option', { name: 'Todos os resultados em Contatos' });
  await expect(more).toBeVisible();
  // The keyboard reaches it: from the first result, ↑ goes round to the last row.
  await dialog.getByRole('combobox').press('ArrowUp');
  await expect(more).toHaveAttribute('aria-selected', 'true');
  await dialog.getByRole('combobox').press('Enter');
  await expect(page).toHaveURL(/\/contacts\?.*q=drummond/);
  await expect(page.getByRole('heading', { name: 'Contatos', level: 1 })).toBeVisible();
  // The list's quick search holds the text.
  await expect(page.getByRole('main').getByPlaceholder('Pesquisar')).toHaveValue('drummond');
});
