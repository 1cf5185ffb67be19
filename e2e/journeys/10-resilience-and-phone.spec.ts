import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function create(crm: Crm, plural: string, data: Record<string, unknown>): Promise<{ id: number }> {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

const lost = 'Conexão perdida. Tentando novamente…';
const back = 'Conexão restabelecida';

test('offline: the banner says so and keeps trying; back online it leaves and the data loads', async ({ page, context, crm }) => {
  await create(crm, 'companies', { title: 'Cooperativa Vale Verde' });
  await crm.signIn(page);
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByRole('heading', { name: 'Contatos', level: 1 })).toBeVisible();
  await expect(page.getByText(lost)).toBeHidden();

  await context.setOffline(true);
  await nav.getByRole('link', { name: 'Empresas' }).click();
  await expect(page.getByRole('status').filter({ hasText: lost })).toBeVisible();
  await expect(page.getByRole('main').getByText('Cooperativa Vale Verde')).toBeHidden();

  await context.setOffline(false);
  await expect(page.getByRole('main').getByText('Cooperativa Vale Verde')).toBeVisible();
  await expect(page.getByText(lost)).toBeHidden();
  await expect(page.getByText(back)).toBeVisible();
  await expect(page.getByText(back)).toBeHidden();

  // A screen whose code was never loaded waits for the connection too, instead of the browser's offline page.
  await context.setOffline(true);
  await nav.getByRole('link', { name: 'Lixeira' }).click();
  await expect(page.getByRole('status').filter({ hasText: lost })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Empresas', level: 1 })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole('heading', { name: 'Lixeira', level: 1 })).toBeVisible();
  await expect(page.getByText(lost)).toBeHidden();
});

test('a server out of reach: the banner shows while requests fail and leaves once one goes through', async ({ page, crm }) => {
  await create(crm, 'contacts', { name: 'Joana', lastName: 'Prado' });
  await crm.signIn(page);
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();

  // Every API request fails as if the server were down (the browser itself stays online).
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByRole('status').filter({ hasText: lost })).toBeVisible();

  await page.unroute('**/api/v1/**');
  await expect(page.getByRole('main').getByText('Joana')).toBeVisible();
  await expect(page.getByText(lost)).toBeHidden();
});

test('an item or address that does not exist shows the not-found page inside the app', async ({ page, crm }) => {
  await crm.signIn(page);
  const notFound = page.getByText('Esta página ou item não existe, ou você não tem acesso a ele.');

  await page.goto(`${crm.url}/deals/999999`);
  await expect(notFound).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeVisible();

  await page.goto(`${crm.url}/xyz`);
  await expect(notFound).toBeVisible();
  await expectAccessible(page, 'the not-found page');
  await page.getByRole('link', { name: 'Voltar' }).click();
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();
});

test('a part of the screen that crashes shows a notice, and the rest of the app keeps working', async ({ page, crm }) => {
  await crm.signIn(page);
  await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();
  // An answer the screen cannot read (a broken proxy, a server bug) makes the recycle bin crash.
  await page.route('**/api/v1/recycle-bin', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"items": "not a list"}' }));
  const nav = page.getByRole('navigation', { name: 'Navegação principal' });
  await nav.getByRole('link', { name: 'Lixeira' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Esta parte da tela parou de funcionar.' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Seus dados estão seguros.');

  // Reloading the part draws it again once the answer is right.
  await page.unroute('**/api/v1/recycle-bin');
  await notice.getByRole('button', { name: 'Recarregar' }).click();
  await expect(page.getByRole('heading', { name: 'Lixeira', level: 1 })).toBeVisible();

  // The header, the navigation and the other screens never stopped working.
  await nav.getByRole('link', { name: 'Contatos' }).click();
  await expect(page.getByRole('heading', { name: 'Contatos', level: 1 })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

  test('the navigation folds behind the menu button; the list, a card and the search stay usable', async ({ page, crm }) => {
    const contact = await create(crm, 'contacts', {
      name: 'Maria',
      lastName: 'Conceição',
      phones: [{ value: '+55 31 99876-5432', valueType: 'MOBILE' }],
      emails: [{ value: 'maria.conceicao@exemplo.com.br', valueType: 'WORK' }],
    });
    await create(crm, 'contacts', { name: 'Rodrigo', lastName: 'Nascimento' });
    await crm.signIn(page);
    await expect(page.getByRole('heading', { name: 'Negócios', level: 1 })).toBeVisible();

    // The navigation hides behind the menu button (off the screen), and folds again once a place is chosen.
    const contactsLink = page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Contatos' });
    await expect(contactsLink).not.toBeInViewport();
    await page.getByRole('button', { name: 'Abrir navegação' }).click();
    await expect(contactsLink).toBeInViewport();
    await contactsLink.click();
    await expect(page.getByRole('heading', { name: 'Contatos', level: 1 })).toBeVisible();
    await expect(contactsLink).not.toBeInViewport();

    // The list reads without sideways scrolling of the page.
    await expect(page.getByRole('main').getByText('Rodrigo')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'the contact list on a phone');

    // The search fills the screen; a result opens the card.
    await page.getByRole('button', { name: 'Pesquisar' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pesquisar' });
    const box = dialog.getByRole('combobox', { name: 'Pesquisar em todo o CRM' });
    await box.pressSequentially('5432');
    const option = dialog.getByRole('option', { name: /Maria Conceição/ });
    await expect(option).toBeVisible();
    const size = await dialog.evaluate((element) => element.getBoundingClientRect());
    expect(size.width).toBeGreaterThanOrEqual(375 - 1);
    await expectAccessible(page, 'the search on a phone');
    await option.tap();
    await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));

    // The card reads on the narrow screen too.
    await expect(page.getByRole('main').getByText('Maria Conceição').first()).toBeVisible();
    const cardOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(cardOverflow).toBeLessThanOrEqual(0);
  });
});
