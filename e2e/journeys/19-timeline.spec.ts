import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

/**
 * The card's timeline (issue 14): plan a call from a deal's card for today, see it due today on the card and on the
 * Kanban card, complete it and find it in the stream; mention a colleague in a comment, who then finds it under the bell.
 */

test.describe.configure({ timeout: 120_000 });

/** 10:00 today in São Paulo (the journeys' time zone), whatever the hour the journey runs at. */
function todayAtTenInSaoPaulo(): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(`${day}T10:00:00-03:00`);
}

test('plans a call for today from a deal card, sees it due today on the card and the board, completes it; a mention reaches the colleague', async ({ page, browser, crm }) => {
  const carlos = await crm.addUser('Carlos Lima');
  const created = await crm.api.post('/api/v1/deals', { data: { title: 'Licenças anuais — Horizonte', opportunity: '36750.50', currencyId: 'BRL' } });
  expect(created.status(), await created.text()).toBe(201);
  const deal = (await created.json()) as { id: number };
  const title = 'Licenças anuais — Horizonte';

  // The browser's clock at 10:00 today, so "Hoje 18h" is later today at any hour the journey runs.
  await page.clock.setFixedTime(todayAtTenInSaoPaulo());
  await crm.signIn(page);

  // Before: nothing planned, on the board too.
  await page.goto(`${crm.url}/deals?view=kanban`);
  const board = page.getByRole('region', { name: 'Kanban de Negócios' });
  await expect(board).toBeVisible({ timeout: 30_000 });
  const boardCard = board.locator('div', { has: page.getByRole('link', { name: title }) }).filter({ has: page.locator('[data-activity]') }).last();
  await expect(boardCard.locator('[data-activity]')).toHaveAttribute('data-activity', 'none');
  await expect(boardCard).toContainText('Nada planejado');

  // Plan the call in two clicks from the card: "Hoje 18h", then Planejar; the subject is already written.
  await board.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  const timeline = page.getByRole('region', { name: 'Linha do tempo' });
  await expect(timeline.getByTestId('nothing-planned')).toBeVisible();
  const composer = timeline.getByRole('tabpanel', { name: 'Atividade' });
  await expect(composer.getByRole('textbox', { name: 'Assunto' })).toHaveValue('Ligar para o cliente');
  await composer.getByRole('button', { name: 'Hoje 18h' }).click();
  await composer.getByRole('button', { name: 'Planejar' }).click();
  await expect(page.getByText('Atividade planejada')).toBeVisible();

  // Pinned on top, orange: due today at 18:00.
  const planned = timeline.getByTestId('planned-activity');
  await expect(planned).toHaveCount(1);
  await expect(planned).toHaveAttribute('data-due', 'today');
  await expect(planned).toContainText('Ligar para o cliente');
  await expect(planned).toContainText('Hoje, 18:00');
  await expect(planned.getByText('Hoje', { exact: true })).toBeVisible();
  await expect(planned).toContainText('Responsável: Ana Souza');
  await expectAccessible(page, 'card with its timeline');

  // The Kanban card says it too.
  await page.goto(`${crm.url}/deals?view=kanban`);
  await expect(board).toBeVisible({ timeout: 30_000 });
  await expect(boardCard.locator('[data-activity]')).toHaveAttribute('data-activity', 'today');
  await expect(boardCard).toContainText('Hoje');
  await expectAccessible(page, 'Kanban board with activity flags');

  // Completed in one click: it leaves the planned ones and enters the stream.
  await page.goto(`${crm.url}/deals/${deal.id}`);
  await timeline.getByRole('button', { name: 'Concluir “Ligar para o cliente”' }).click();
  await expect(page.getByText('Atividade concluída')).toBeVisible();
  await expect(timeline.getByTestId('planned-activity')).toHaveCount(0);
  await expect(timeline.getByTestId('nothing-planned')).toBeVisible();
  const stream = timeline.getByRole('list', { name: 'Linha do tempo' });
  const done = stream.locator('li[data-kind="activity"]');
  await expect(done).toHaveCount(1);
  await expect(done).toContainText('Ligação concluída');
  await expect(done).toContainText('Ligar para o cliente');
  // The deal's creation is further down, from its history.
  await expect(stream.locator('li[data-kind="history"]').last()).toContainText('Negócio criado');

  // A comment that mentions Carlos: "@Car" offers him, Enter writes his name.
  await timeline.getByRole('tab', { name: 'Comentário' }).click();
  const text = timeline.getByRole('textbox', { name: 'Comentário' });
  await text.pressSequentially('Cliente confirmou a compra. @Car');
  await expect(page.getByRole('option', { name: 'Carlos Lima' })).toBeVisible();
  await text.press('Enter');
  await expect(text).toHaveValue('Cliente confirmou a compra. @Carlos Lima ');
  await text.pressSequentially('pode preparar o contrato?');
  await timeline.getByRole('button', { name: 'Enviar' }).click();
  await expect(page.getByText('Comentário adicionado')).toBeVisible();
  const comment = stream.locator('li[data-kind="comment"]');
  await expect(comment).toContainText('Cliente confirmou a compra. @Carlos Lima pode preparar o contrato?');
  await expect(comment).toContainText('Ana Souza');

  // Carlos, in a browser of his own, finds the mention under the bell and follows it to the deal.
  const carlosContext = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const carlosPage = await carlosContext.newPage();
  await crm.signIn(carlosPage, carlos.email, carlos.password);
  const bell = carlosPage.getByRole('button', { name: 'Notificações' });
  await expect(bell).toBeVisible();
  await expect(carlosPage.getByTestId('notification-count')).toContainText('1');
  await bell.click();
  const notifications = carlosPage.getByRole('dialog', { name: 'Notificações' });
  await expect(notifications).toContainText('Ana Souza mencionou você');
  await expect(notifications).toContainText('Cliente confirmou a compra');
  await notifications.getByText('Ana Souza mencionou você').click();
  await expect(carlosPage).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  await expect(carlosPage.getByRole('region', { name: 'Linha do tempo' }).locator('li[data-kind="comment"]')).toContainText('@Carlos Lima');
  await carlosContext.close();
});
