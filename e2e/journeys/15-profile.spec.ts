import { request as playwrightRequest, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A second browser (its own cookies), an iPhone by its User-Agent (at desktop size, the navigation at hand), signed in as `user`. */
async function secondBrowser(browser: Browser, url: string, user: { email: string; password: string }) {
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', userAgent: iphone });
  const page = await context.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel(/E-mail/).fill(user.email);
  await page.getByLabel(/^Senha/).fill(user.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}

const sessionList = (page: Page) => page.getByRole('list', { name: 'Sessões ativas' }).getByRole('listitem');

test.describe('my profile: API tokens and sessions', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('creates an API token, copies it, uses it, revokes it (401 then)', async ({ page, crm }) => {
    const user = await crm.addUser('Beatriz Lima');
    await crm.signIn(page, user.email, user.password);
    await page.goto(`${crm.url}/profile`);
    await expect(page.getByRole('heading', { name: 'Meu perfil', level: 1 })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Tokens de API', level: 2 })).toBeVisible();
    await expect(page.getByText('Você não tem tokens de API.')).toBeVisible();
    await expectAccessible(page, 'profile');

    // A name is needed, before asking the server.
    await page.getByRole('button', { name: 'Criar token' }).click();
    await expect(page.getByText('Dê um nome ao token.')).toBeVisible();
    await page.getByLabel('Nome do token').fill('Integração do site');
    await page.getByRole('button', { name: 'Criar token' }).click();

    const dialog = page.getByRole('dialog', { name: 'Novo token “Integração do site”' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Ele não será mostrado de novo.');
    const token = await dialog.getByLabel('Token').inputValue();
    expect(token).toMatch(/^vk_[\w-]{40,}$/);
    await expectAccessible(page, 'new token dialog');
    await dialog.getByRole('button', { name: 'Copiar' }).click();
    await expect(dialog.getByRole('button', { name: 'Copiado' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await dialog.getByRole('button', { name: 'Pronto' }).click();
    await expect(dialog).toBeHidden();

    const tokens = page.getByRole('list', { name: 'Tokens de API' }).getByRole('listitem');
    await expect(tokens).toHaveCount(1);
    await expect(tokens.first()).toContainText('Integração do site');
    await expect(tokens.first()).toContainText(token.slice(0, 10));
    await expect(tokens.first()).toContainText('nunca usado');
    await expect(page.getByRole('list', { name: 'Tokens de API' })).not.toContainText(token.slice(10, 30));

    // A program with the token is this user.
    const program = await playwrightRequest.newContext({ baseURL: crm.url });
    const withToken = () => program.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
    const allowed = await withToken();
    expect(allowed.status()).toBe(200);
    expect((await allowed.json()).id).toBe(user.id);
    await page.reload();
    await expect(tokens.first()).toContainText('último uso');

    await page.getByRole('button', { name: 'Revogar o token Integração do site' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revogar o token “Integração do site”?' });
    await expect(confirm).toContainText('perdem o acesso na hora');
    await expectAccessible(page, 'revoke dialog');
    await confirm.getByRole('button', { name: 'Revogar' }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText('Token revogado')).toBeVisible();
    await expect(page.getByText('Você não tem tokens de API.')).toBeVisible();
    const refused = await withToken();
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe('UNAUTHENTICATED');
    await program.dispose();
  });

  test('sees the session of a second browser and signs it out; that browser lands on the sign-in screen', async ({ page, crm, browser }) => {
    const user = await crm.addUser('Caio Prado');
    await crm.signIn(page, user.email, user.password);
    const phone = await secondBrowser(browser, crm.url, user);

    await page.goto(`${crm.url}/profile`);
    const sessions = sessionList(page);
    await expect(sessions).toHaveCount(2);
    await expect(sessions.first()).toContainText('Este dispositivo');
    await expect(sessions.first()).toContainText('ativa agora');
    await expect(sessions.nth(1)).toContainText('Safari no iPhone');
    await expect(sessions.nth(1)).toContainText(/IP \S+/);
    await expect(sessions.nth(1)).not.toContainText('Este dispositivo');
    await expect(sessions.first().getByRole('button')).toHaveCount(0);
    await expectAccessible(page, 'profile with two sessions');

    await page.getByRole('button', { name: 'Encerrar a sessão: Safari no iPhone' }).click();
    await expect(page.getByText('Sessão encerrada')).toBeVisible();
    await expect(sessions).toHaveCount(1);
    await expect(page.getByText('Nenhum outro dispositivo está conectado.')).toBeVisible();

    // The phone's next action (a link inside the app, no page load) finds its session gone: the sign-in screen.
    await phone.page.getByRole('link', { name: 'Contatos' }).first().click();
    await expect(phone.page).toHaveURL(/\/login\?next=%2Fcontacts/);
    await expect(phone.page.getByRole('heading', { name: 'Entrar' })).toBeVisible();
    // This browser is still signed in.
    await page.reload();
    await expect(sessions).toHaveCount(1);
    await phone.context.close();
  });

  test('"sign out everywhere else" ends every other session and keeps this one', async ({ page, crm, browser }) => {
    // Three browsers sign in (an argon2id hash each) on two cores shared with the other journeys.
    test.setTimeout(120_000);
    const user = await crm.addUser('Helena Duarte');
    await crm.signIn(page, user.email, user.password);
    const others = [await secondBrowser(browser, crm.url, user), await secondBrowser(browser, crm.url, user)];
    await page.goto(`${crm.url}/profile`);
    const sessions = sessionList(page);
    await expect(sessions).toHaveCount(3);
    await page.getByRole('button', { name: 'Sair de todos os outros dispositivos' }).click();
    const confirm = page.getByRole('dialog', { name: 'Sair de todos os outros dispositivos?' });
    await expect(confirm).toContainText('As outras 2 sessões terminam na hora');
    await expectAccessible(page, 'sign out everywhere else');
    await confirm.getByRole('button', { name: 'Sair de todos os outros dispositivos' }).click();
    await expect(page.getByText('2 sessões encerradas')).toBeVisible();
    await expect(sessions).toHaveCount(1);
    await expect(sessions.first()).toContainText('Este dispositivo');

    // Each browser signed in on the deals; its next step elsewhere in the app lands on the sign-in screen.
    await others[0].page.getByRole('link', { name: 'Empresas' }).first().click();
    await expect(others[0].page).toHaveURL(/\/login\?next=%2Fcompanies/);
    await others[1].page.reload();
    await expect(others[1].page).toHaveURL(/\/login/);
    await page.reload();
    await expect(sessions).toHaveCount(1);
    for (const other of others) await other.context.close();
  });
});

test('the profile at 375 px in pt-BR: no sideways scrolling, everything reachable', async ({ page, crm, browser }) => {
  const user = await crm.addUser('Débora Nascimento');
  const other = await secondBrowser(browser, crm.url, user);
  await page.setViewportSize({ width: 375, height: 812 });
  await crm.signIn(page, user.email, user.password);
  const program = await playwrightRequest.newContext({ baseURL: crm.url });
  await program.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } });
  const token = await program.post('/api/v1/tokens', { data: { name: 'Planilha de relatórios mensais da equipe comercial' } });
  expect(token.status()).toBe(201);
  await page.goto(`${crm.url}/profile`);
  await expect(sessionList(page)).toHaveCount(3);
  await expect(page.getByRole('list', { name: 'Tokens de API' }).getByRole('listitem')).toHaveCount(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await expectAccessible(page, 'profile at 375 px');
  await page.getByRole('button', { name: 'Criar token' }).scrollIntoViewIfNeeded();
  await page.getByLabel('Nome do token').fill('Celular');
  await page.getByRole('button', { name: 'Criar token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Novo token “Celular”' });
  await expect(dialog.getByRole('button', { name: 'Copiar' })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await program.dispose();
  await other.context.close();
});
