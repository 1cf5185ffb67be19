import type { Locator, Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';
import { pickUpWithKeyboard } from '../support/keyboardDrag.ts';

/** A deal made through the API as the administrator, as the API answers it. */
async function deal(crm: Crm, title: string, opportunity: string, stageId: string) {
  const response = await crm.api.post('/api/v1/deals', { data: { title, opportunity, stageId } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number; version: number; stageId: string };
}

/** The column of a stage, by its name as the board shows it. */
const column = (page: Page, stage: string) => page.getByRole('region', { name: stage, exact: true });
/** A card of a column, by its title. */
const card = (page: Page, stage: string, title: string) => column(page, stage).getByRole('link', { name: title, exact: true });
const stageNames = (page: Page) => page.getByRole('heading', { level: 2 }).allTextContents();

async function openBoard(page: Page, crm: Crm) {
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=kanban`);
  // The first visit loads the board's code: give a busy machine time.
  await expect(page.getByRole('region', { name: 'Kanban de Negócios' })).toBeVisible({ timeout: 30_000 });
}

/** Drags a card with the mouse onto a column, in small steps as a hand does. */
async function dragWithMouse(page: Page, cardLink: Locator, target: Locator) {
  await cardLink.scrollIntoViewIfNeeded();
  const from = (await cardLink.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height + 24);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height + 32, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 220, { steps: 24 });
  await page.mouse.up();
}

test('drags a deal to the won stage with the mouse: the counts and totals follow, and its card keeps the stage change', async ({ page, crm }) => {
  await deal(crm, 'Licenças anuais — Ipê', '12500.00', 'FINAL_INVOICE');
  await deal(crm, 'Treinamento — Pampa', '3000.50', 'FINAL_INVOICE');
  await deal(crm, 'Consultoria — Cerrado', '800.00', 'WON');
  await openBoard(page, crm);

  // Stages in progress first, then the final ones, as Bitrix24 shows them.
  expect(await stageNames(page)).toEqual(['Novo', 'Preparando documentos', 'Fatura de pré-pagamento', 'Em andamento', 'Fatura final', 'Negócio ganho', 'Negócio perdido', 'Analisar falha']);
  const won = column(page, 'Negócio ganho');
  const finalInvoice = column(page, 'Fatura final');
  await expect(finalInvoice).toContainText('2 itens');
  await expect(finalInvoice).toContainText(/R\$\s15\.500,50/);
  await expect(won).toContainText('1 item');
  await expect(won).toContainText(/R\$\s800,00/);
  await expectAccessible(page, 'Kanban board');

  await won.scrollIntoViewIfNeeded();
  await dragWithMouse(page, card(page, 'Fatura final', 'Licenças anuais — Ipê'), won);

  await expect(card(page, 'Negócio ganho', 'Licenças anuais — Ipê')).toBeVisible();
  await expect(won).toContainText('2 itens');
  await expect(won).toContainText(/R\$\s13\.300,00/);
  await expect(finalInvoice).toContainText('1 item');
  await expect(finalInvoice).toContainText(/R\$\s3\.000,50/);
  // The server has it too: a reload shows the same board.
  await page.reload();
  await expect(card(page, 'Negócio ganho', 'Licenças anuais — Ipê')).toBeVisible();
  await expect(column(page, 'Negócio ganho')).toContainText('2 itens');

  // Its card: the stage change is in its history, with who made it.
  await card(page, 'Negócio ganho', 'Licenças anuais — Ipê').click();
  await expect(page.getByRole('heading', { name: 'Licenças anuais — Ipê', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Histórico' }).click();
  const history = page.getByRole('tabpanel', { name: 'Histórico' });
  await expect(history.getByText('Fase', { exact: true })).toBeVisible();
  await expect(history.getByText('Fatura final', { exact: true })).toBeVisible();
  await expect(history.getByText('Negócio ganho', { exact: true })).toBeVisible();
  await expect(history.getByText('Ana Souza').first()).toBeVisible();
});

test('moves a card with the keyboard, and a move the server refuses goes back with the reason', async ({ page, crm }) => {
  const proposal = await deal(crm, 'Proposta — Serra Azul', '4200.00', 'NEW');
  await deal(crm, 'Renovação — Horizonte', '1000.00', 'NEW');
  // Without the live stream, so the board keeps an old version below (live updates: journey 21).
  await page.route('**/api/v1/live', (route) => route.abort());
  await openBoard(page, crm);

  // Space picks the card up by its handle, the arrows move it (right: the next stage), Space drops it; a screen
  // reader hears each step in Portuguese.
  await pickUpWithKeyboard(page, page.getByRole('button', { name: 'Mover Renovação — Horizonte' }), 'Renovação — Horizonte pego em Novo');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status').filter({ hasText: 'Renovação — Horizonte está sobre Preparando documentos' })).toBeAttached();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: 'Renovação — Horizonte solto em Preparando documentos, posição 1 de 1' })).toBeAttached();
  await expect(card(page, 'Preparando documentos', 'Renovação — Horizonte')).toBeVisible();
  // The keyboard stays on the card, in its new column.
  await expect(column(page, 'Preparando documentos').getByRole('button', { name: 'Mover Renovação — Horizonte' })).toBeFocused();
  await expect(column(page, 'Preparando documentos')).toContainText(/R\$\s1\.000,00/);
  await expect(column(page, 'Novo')).toContainText('1 item');
  await expect.poll(async () => ((await (await crm.api.get('/api/v1/deals?fields=title,stageId&limit=10')).json()) as { items: Array<{ title: string; stageId: string }> }).items.find((d) => d.title === 'Renovação — Horizonte')?.stageId).toBe('PREPARATION');

  // Someone else edits the proposal while the board shows the old version: the move is refused and undone.
  const edited = await crm.api.patch(`/api/v1/deals/${proposal.id}`, { data: { opportunity: '4500.00', version: proposal.version } });
  expect(edited.ok(), await edited.text()).toBe(true);
  await pickUpWithKeyboard(page, page.getByRole('button', { name: 'Mover Proposta — Serra Azul' }), 'Proposta — Serra Azul pego em Novo');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status').filter({ hasText: 'Proposta — Serra Azul está sobre Preparando documentos' })).toBeAttached();
  await page.keyboard.press('Space');
  await expect(page.getByRole('alert').filter({ hasText: 'Outra pessoa alterou este negócio enquanto isso' })).toBeVisible();
  await expect(card(page, 'Novo', 'Proposta — Serra Azul')).toBeVisible();
  await expect(card(page, 'Preparando documentos', 'Proposta — Serra Azul')).toHaveCount(0);
  // The board now holds the latest version (the new amount), so the same move goes through.
  await expect(column(page, 'Novo')).toContainText(/R\$\s4\.500,00/);
  await pickUpWithKeyboard(page, page.getByRole('button', { name: 'Mover Proposta — Serra Azul' }), 'Proposta — Serra Azul pego em Novo');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('status').filter({ hasText: 'Proposta — Serra Azul está sobre Preparando documentos' })).toBeAttached();
  await page.keyboard.press('Space');
  await expect(card(page, 'Preparando documentos', 'Proposta — Serra Azul')).toBeVisible();
  await expect(column(page, 'Preparando documentos')).toContainText('2 itens');
});

test('adds a deal at the top of a column', async ({ page, crm }) => {
  await deal(crm, 'Contrato — Tropical', '2000.00', 'EXECUTING');
  await openBoard(page, crm);

  await page.getByRole('button', { name: 'Adicionar em Em andamento' }).click();
  const form = page.getByRole('form', { name: 'Novo negócio em Em andamento' });
  await expect(form.getByRole('textbox', { name: 'Nome do negócio' })).toBeFocused();
  await expectAccessible(page, 'quick add');
  await form.getByRole('button', { name: 'Adicionar' }).click();
  // The server's message at the field.
  await expect(form.getByText('Nome do negócio é obrigatório')).toBeVisible();
  await form.getByRole('textbox', { name: 'Nome do negócio' }).fill('Pedido de equipamentos — Aurora');
  await form.getByRole('textbox', { name: 'Valor' }).fill('7300,25');
  await form.getByRole('button', { name: 'Adicionar' }).click();

  const executing = column(page, 'Em andamento');
  await expect(card(page, 'Em andamento', 'Pedido de equipamentos — Aurora')).toBeVisible();
  await expect(executing.getByRole('link').first()).toHaveText('Pedido de equipamentos — Aurora');
  await expect(executing).toContainText('2 itens');
  await expect(executing).toContainText(/R\$\s9\.300,25/);
  const created = (await (await crm.api.get('/api/v1/deals?fields=title,stageId,categoryId,opportunity&limit=10')).json()) as { items: Array<Record<string, unknown>> };
  expect(created.items.find((d) => d.title === 'Pedido de equipamentos — Aurora')).toMatchObject({ stageId: 'EXECUTING', categoryId: 0, opportunity: '7300.25' });
});

test('an administrator renames, adds, moves and deletes stages on the board; a stage with deals asks where they go', async ({ page, crm }) => {
  await deal(crm, 'Licenças — Jequitibá', '900.00', 'NEW');
  await openBoard(page, crm);

  // Rename and recolour "Novo".
  await page.getByRole('button', { name: 'Configurações de Novo' }).click();
  await page.getByRole('menuitem', { name: 'Renomear ou mudar a cor' }).click();
  const edit = page.getByRole('dialog', { name: 'Editar fase' });
  await edit.getByRole('textbox', { name: 'Nome' }).fill('Primeiro contato');
  await edit.getByRole('button', { name: 'Verde', exact: true }).click();
  await expect(edit.getByRole('textbox', { name: 'Cor em #RRGGBB' })).toHaveValue('#7BD500');
  await expectAccessible(page, 'stage dialog');
  await edit.getByRole('button', { name: 'Salvar' }).click();
  await expect(edit).toBeHidden();
  await expect(column(page, 'Primeiro contato')).toBeVisible();
  await expect(card(page, 'Primeiro contato', 'Licenças — Jequitibá')).toBeVisible();

  // A new stage right after it.
  await page.getByRole('button', { name: 'Configurações de Primeiro contato' }).click();
  await page.getByRole('menuitem', { name: 'Adicionar fase depois desta' }).click();
  const add = page.getByRole('dialog', { name: 'Nova fase' });
  await add.getByRole('textbox', { name: 'Nome' }).fill('Qualificação');
  await add.getByRole('button', { name: 'Salvar' }).click();
  await expect(add).toBeHidden();
  await expect.poll(() => stageNames(page)).toEqual(['Primeiro contato', 'Qualificação', 'Preparando documentos', 'Fatura de pré-pagamento', 'Em andamento', 'Fatura final', 'Negócio ganho', 'Negócio perdido', 'Analisar falha']);

  // Moved to the left of "Primeiro contato".
  await page.getByRole('button', { name: 'Configurações de Qualificação' }).click();
  await page.getByRole('menuitem', { name: 'Mover para a esquerda' }).click();
  await expect.poll(async () => (await stageNames(page)).slice(0, 3)).toEqual(['Qualificação', 'Primeiro contato', 'Preparando documentos']);

  // Deleting a stage that holds a deal: the deal goes where the administrator says.
  await page.getByRole('button', { name: 'Configurações de Primeiro contato' }).click();
  await page.getByRole('menuitem', { name: 'Excluir' }).click();
  const remove = page.getByRole('dialog', { name: 'Excluir fase' });
  await expect(remove).toContainText('“Primeiro contato” tem 1 item. Escolha para onde ele vai antes de excluir.');
  await remove.getByLabel('Mover para').click();
  await page.getByRole('option', { name: 'Qualificação' }).click();
  await remove.getByRole('button', { name: 'Excluir' }).click();
  await expect(remove).toBeHidden();
  await expect(column(page, 'Primeiro contato')).toHaveCount(0);
  await expect(card(page, 'Qualificação', 'Licenças — Jequitibá')).toBeVisible();
  await expect(column(page, 'Qualificação')).toContainText('1 item');

  // An empty stage goes after a confirmation.
  await page.getByRole('button', { name: 'Configurações de Analisar falha' }).click();
  await page.getByRole('menuitem', { name: 'Excluir' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir fase' });
  await expect(confirm).toContainText('Excluir “Analisar falha”? Esta ação não pode ser desfeita.');
  await confirm.getByRole('button', { name: 'Excluir' }).click();
  await expect(column(page, 'Analisar falha')).toHaveCount(0);
  await expectAccessible(page, 'board after stage editing');
});
