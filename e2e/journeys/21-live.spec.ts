import type { Page } from '@playwright/test';
import { expect, test } from '../support/crm.ts';
import { pickUpWithKeyboard } from '../support/keyboardDrag.ts';

/**
 * Live screens (issue 15): two users, each in their own browser. Ana moves a deal on the Kanban board; Bruno's board
 * shows it in its new column and his open card of the deal shows the new stage, without a reload, and he is told who
 * moved it where.
 */

test.describe.configure({ timeout: 120_000 });

const title = 'Contrato anual — Serra Azul';
const column = (page: Page, stage: string) => page.getByRole('region', { name: stage, exact: true });
const boardCard = (page: Page, stage: string) => column(page, stage).getByRole('link', { name: title, exact: true });

async function openBoard(page: Page, url: string) {
  await page.goto(`${url}/deals?view=kanban`);
  await expect(page.getByRole('region', { name: 'Kanban de Negócios' })).toBeVisible({ timeout: 30_000 });
}

test("a deal another user moves on the board moves on Bruno's board and open card, and he is told", async ({ page, browser, crm }) => {
  const created = await crm.api.post('/api/v1/deals', { data: { title, opportunity: '12000.00', stageId: 'NEW' } });
  expect(created.status(), await created.text()).toBe(201);
  const deal = (await created.json()) as { id: number };
  // Bruno reads every deal through the role everyone has.
  const bruno = await crm.addUser('Bruno Tavares', { locale: 'pt-BR' });

  const brunoContext = await browser.newContext();
  const brunoBoard = await brunoContext.newPage();
  await crm.signIn(brunoBoard, bruno.email, bruno.password);
  await openBoard(brunoBoard, crm.url);
  await expect(boardCard(brunoBoard, 'Novo')).toBeVisible();
  const brunoCard = await brunoContext.newPage();
  await brunoCard.goto(`${crm.url}/deals/${deal.id}`);
  await expect(brunoCard.getByRole('heading', { name: title, level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(brunoCard.getByRole('button', { name: 'Novo (atual)' })).toHaveAttribute('aria-current', 'step');

  // Ana moves it one stage right with the keyboard.
  await crm.signIn(page);
  await openBoard(page, crm.url);
  await pickUpWithKeyboard(page, page.getByRole('button', { name: `Mover ${title}` }), `${title} pego em Novo`);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status').filter({ hasText: `${title} está sobre Preparando documentos` })).toBeAttached();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: `${title} solto em Preparando documentos` })).toBeAttached();
  await expect(boardCard(page, 'Preparando documentos')).toBeVisible();
  const movedAt = Date.now();

  // Bruno's screens follow without a reload.
  await expect(boardCard(brunoBoard, 'Preparando documentos')).toBeVisible({ timeout: 5000 });
  await expect(boardCard(brunoBoard, 'Novo')).toHaveCount(0);
  await expect(brunoCard.getByRole('button', { name: 'Preparando documentos (atual)' })).toHaveAttribute('aria-current', 'step', { timeout: 5000 });
  const told = `Ana Souza moveu ${title} para Preparando documentos`;
  await expect(brunoCard.getByText(told)).toBeVisible({ timeout: 5000 });
  await expect(brunoBoard.getByText(told)).toBeVisible({ timeout: 5000 });
  console.log(`live: Bruno's screens followed in ${Date.now() - movedAt} ms`);
  // Ana is not told of her own move.
  await expect(page.getByText(told)).toHaveCount(0);

  await brunoContext.close();
});
