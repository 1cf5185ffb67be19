import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

test('the audit log shows a setting changed, a user created and a failed sign-in, in Portuguese, and filters them', async ({ page, crm }) => {
  // An administrator changes a setting and creates a user through the API.
  const added = await crm.api.post('/api/v1/reference-lists/SOURCE', { data: { nameEn: 'Trade fair', namePt: 'Feira de negócios' } });
  expect(added.status(), await added.text()).toBe(201);
  await crm.addUser('Bruno Lima');

  // A failed sign-in in the app: the right account, a wrong password.
  await page.goto(`${crm.url}/login`);
  await page.getByLabel(/E-mail/).fill(crm.admin.email);
  await page.getByLabel(/^Senha/).fill('senha-errada-999');
  await page.getByRole('button', { name: /^Entrar$/ }).click();
  await expect(page.getByText('E-mail ou senha incorretos.')).toBeVisible();

  await crm.signIn(page);
  await page.goto(`${crm.url}/settings/audit`);
  await expect(page.getByRole('heading', { name: 'Registro de auditoria', level: 2 })).toBeVisible();
  const table = page.getByRole('table', { name: 'Registro de auditoria' });

  const valueAdded = table.getByRole('row', { name: /Adicionou um valor de lista/ });
  await expect(valueAdded).toContainText('Ana Souza');
  await expect(valueAdded).toContainText('Lista SOURCE: Feira de negócios');
  await expect(valueAdded).toContainText('Nome (português): Feira de negócios');
  await expect(valueAdded.getByRole('cell').first()).toHaveText(/^\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}$/);

  await expect(table.getByRole('row', { name: /Criou um usuário Usuário: Bruno Lima/ })).toContainText('E-mail: user');
  const failed = table.getByRole('row', { name: /Tentativa de entrada falhou/ });
  await expect(failed).toContainText(`E-mail tentado: ${crm.admin.email}`);
  await expect(failed).toContainText('Motivo: senha errada');
  await expect(failed).not.toContainText('senha-errada-999');
  await expect(table.getByRole('row', { name: /Entrou no sistema/ }).first()).toBeVisible();
  await expectAccessible(page, 'audit log');

  // By kind: only the failed sign-ins.
  await page.getByLabel('O quê').selectOption({ label: 'Entradas que falharam' });
  await expect(table.getByRole('row', { name: /Tentativa de entrada falhou/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /Criou um usuário|Adicionou um valor/ })).toHaveCount(0);

  // By kind and person: what Ana did to users.
  await page.getByLabel('O quê').selectOption({ label: 'Usuários' });
  await page.getByRole('combobox', { name: 'Pessoa' }).click();
  await page.getByRole('option', { name: 'Ana Souza' }).click();
  await expect(table.getByRole('row', { name: /Criou um usuário Usuário: Bruno Lima/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /Tentativa de entrada falhou|Adicionou um valor/ })).toHaveCount(0);

  // By period: nothing from tomorrow on.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await page.getByRole('textbox', { name: 'De', exact: true }).fill(day);
  await expect(page.getByText('Nenhum registro com estes filtros.')).toBeVisible();
  await page.getByRole('button', { name: 'Limpar filtros' }).click();
  await expect(table.getByRole('row', { name: /Adicionou um valor de lista/ })).toBeVisible();

  // On a phone: one card per entry.
  await page.setViewportSize({ width: 375, height: 812 });
  const cards = page.getByRole('list', { name: 'Registro de auditoria' }).getByRole('listitem');
  await expect(cards.filter({ hasText: 'Adicionou um valor de lista' })).toContainText('Lista SOURCE: Feira de negócios');
  await expectAccessible(page, 'audit log on a phone');
});
