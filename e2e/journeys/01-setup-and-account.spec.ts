import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

test.describe('first run', () => {
  test.use({ freshInstall: true });

  test('sets up the administrator, lands in the CRM, signs out and back in', async ({ page, crm }) => {
    await page.goto(crm.url);
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByRole('heading', { name: 'Bem-vindo ao Vínculo' })).toBeVisible();
    await expectAccessible(page, 'setup');

    // The form says what is wrong before asking the server.
    await page.getByRole('button', { name: 'Criar administrador' }).click();
    await expect(page.getByText('Informe seu e-mail.')).toBeVisible();

    await page.getByLabel('Seu nome').fill('Ana Souza');
    await page.getByLabel(/E-mail/).fill('ana@example.com.br');
    await page.getByLabel(/^Senha/).fill('senha-forte-123');
    await page.getByRole('button', { name: 'Criar administrador' }).click();
    await expect(page).toHaveURL(/\/deals/);
    await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Ana Souza' }).click();
    await page.getByRole('menuitem', { name: 'Sair' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto(`${crm.url}/contacts`);
    await expect(page).toHaveURL(/\/login\?next=%2Fcontacts|\/login\?next=\/contacts/);

    await page.getByLabel(/E-mail/).fill('ana@example.com.br');
    await page.getByLabel(/^Senha/).fill('senha-forte-123');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page).toHaveURL(/\/contacts/);
    await expect(page.getByRole('heading', { name: 'Contatos', level: 1 })).toBeVisible();
  });
});

test('a throttled sign-in says how long to wait', async ({ page, crm }) => {
  await page.goto(`${crm.url}/login`);
  await page.getByLabel(/E-mail/).fill(crm.admin.email);
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.getByLabel(/^Senha/).fill(`errada-${attempt}`);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert')).toContainText('E-mail ou senha incorretos.');
  }
  await page.getByLabel(/^Senha/).fill('errada-de-novo');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toContainText(/Muitas tentativas\. Tente novamente em \d+ minutos?\./);
  await expect(page.getByRole('button', { name: 'Entrar' })).toBeDisabled();
});

test('changes the password and the language, and the choice is remembered', async ({ page, crm }) => {
  await crm.signIn(page);
  await page.goto(`${crm.url}/profile`);
  await expect(page.getByRole('heading', { name: 'Meu perfil' })).toBeVisible();
  await expectAccessible(page, 'profile');

  await page.getByLabel('Senha atual').fill('senha-errada');
  await page.getByLabel('Nova senha', { exact: true }).fill('outra-senha-456');
  await page.getByLabel('Repita a nova senha').fill('outra-senha-456');
  await page.getByRole('button', { name: 'Alterar senha' }).click();
  await expect(page.getByText(/senha atual/i).last()).toBeVisible();

  await page.getByLabel('Senha atual').fill(crm.admin.password);
  await page.getByRole('button', { name: 'Alterar senha' }).click();
  await expect(page.getByText('Senha alterada. As outras sessões foram encerradas.')).toBeVisible();

  await page.getByText('English').click();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();

  // A new browser signs in with the new password and opens in the saved language.
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  await crm.signIn(page, crm.admin.email, 'outra-senha-456');
  await expect(page.getByRole('heading', { name: 'Deals', level: 1 })).toBeVisible();
});
