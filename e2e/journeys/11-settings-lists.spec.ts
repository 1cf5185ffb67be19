import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';
import { pickUpWithKeyboard } from '../support/keyboardDrag.ts';

/** The administrator's settings: pipelines and stages, reference lists, currencies and the CRM mode, in pt-BR. */

async function post(crm: Crm, path: string, data: unknown) {
  const response = await crm.api.post(path, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

async function openSettings(page: Page, crm: Crm, path: string, heading: string) {
  await crm.signIn(page);
  await page.goto(`${crm.url}${path}`);
  // The first visit loads the settings' code: give a busy machine time.
  await expect(page.getByRole('heading', { name: heading, level: 2 })).toBeVisible({ timeout: 30_000 });
}

/** SHOTS=dir: pictures of the screen at a desktop's and a phone's width, to look at (not an assertion). */
async function snap(page: Page, name: string) {
  const dir = process.env.SHOTS;
  if (!dir) return;
  const size = page.viewportSize()!;
  await page.screenshot({ path: `${dir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(size);
}

const column = (page: Page, stage: string) => page.getByRole('region', { name: stage, exact: true });
const stageNames = (page: Page) => page.getByRole('heading', { level: 2 }).allTextContents();

test('adds a pipeline with its stages, puts a stage in place with the keyboard, and a deal made on its board shows there', async ({ page, crm }) => {
  // The longest journey of the settings: two dialogs, a keyboard move, a board and a refusal (50 s on a quiet machine).
  test.setTimeout(120_000);
  await openSettings(page, crm, '/settings/pipelines', 'Funis e fases');
  await expectAccessible(page, 'pipelines');

  await page.getByRole('button', { name: 'Novo funil' }).click();
  const create = page.getByRole('dialog', { name: 'Novo funil' });
  await expectAccessible(page, 'new pipeline dialog');
  await create.getByRole('button', { name: 'Salvar' }).click();
  await expect(create.getByText('Informe o nome.')).toBeVisible();
  await create.getByRole('textbox', { name: 'Nome' }).fill('Revendas');
  await create.getByRole('button', { name: 'Salvar' }).click();
  await expect(create).toBeHidden();

  // The new pipeline is chosen, with the usual stages.
  const pipelines = page.getByRole('list', { name: 'Funis' });
  await expect(pipelines.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Fases de Revendas', level: 3 })).toBeVisible();
  const stages = page.getByRole('list', { name: 'Valores de Revendas' });
  await expect(stages.getByRole('listitem')).toHaveText([/Novo.*Em andamento/, /Preparando documentos.*Em andamento/, /Negócio ganho.*Sucesso/, /Negócio perdido.*Falha/]);

  // A new stage, with its colour; it comes last, then the keyboard puts it second.
  await page.getByRole('button', { name: 'Adicionar fase' }).click();
  const add = page.getByRole('dialog', { name: 'Nova fase em Revendas' });
  await add.getByRole('textbox', { name: 'Nome' }).fill('Proposta enviada');
  await add.getByRole('button', { name: 'Laranja' }).click();
  await expect(add.getByRole('textbox', { name: 'Cor em #RRGGBB' })).toHaveValue('#FFA900');
  await expectAccessible(page, 'new stage dialog');
  await add.getByRole('button', { name: 'Salvar' }).click();
  await expect(add).toBeHidden();
  await expect(stages.getByRole('listitem')).toHaveCount(5);
  await expect(stages.getByRole('listitem').last()).toContainText('Proposta enviada');

  await pickUpWithKeyboard(page, page.getByRole('button', { name: 'Mover Proposta enviada' }), 'Proposta enviada pego, posição 5 de 5');
  for (const position of [4, 3, 2]) {
    await page.keyboard.press('ArrowUp');
    await expect(page.getByRole('status').filter({ hasText: `Proposta enviada está na posição ${position} de 5` })).toBeAttached();
  }
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: 'Proposta enviada solto na posição 2 de 5' })).toBeAttached();
  await expect(stages.getByRole('listitem').nth(1)).toContainText('Proposta enviada');
  await snap(page, 'pipelines');

  // The server has the order: a reload shows it.
  const pipelineId = Number(new URL(page.url()).searchParams.get('pipeline'));
  expect(pipelineId).toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Valores de Revendas' }).getByRole('listitem').nth(1)).toContainText('Proposta enviada');

  // Its board has the stages in that order; a deal added there shows in its column.
  await page.getByRole('link', { name: 'Abrir o Kanban' }).click();
  await expect(page).toHaveURL(new RegExp(`/deals\\?.*pipeline=${pipelineId}`));
  await expect(page.getByRole('region', { name: 'Kanban de Negócios' })).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => stageNames(page)).toEqual(['Novo', 'Proposta enviada', 'Preparando documentos', 'Negócio ganho', 'Negócio perdido']);
  await page.getByRole('button', { name: 'Adicionar em Proposta enviada' }).click();
  const form = page.getByRole('form', { name: 'Novo negócio em Proposta enviada' });
  await form.getByRole('textbox', { name: 'Nome do negócio' }).fill('Revenda — Distribuidora Norte');
  await form.getByRole('button', { name: 'Adicionar' }).click();
  await expect(column(page, 'Proposta enviada').getByRole('link', { name: 'Revenda — Distribuidora Norte' })).toBeVisible();
  const deals = (await (await crm.api.get('/api/v1/deals?fields=title,categoryId,stageId')).json()) as { items: Array<{ title: string; categoryId: number; stageId: string }> };
  const made = deals.items.find((d) => d.title === 'Revenda — Distribuidora Norte')!;
  expect(made.categoryId).toBe(pipelineId);
  expect(made.stageId).toMatch(new RegExp(`^C${pipelineId}:UC_`));

  // A pipeline that holds deals is kept, and the dialog says how many.
  await page.goto(`${crm.url}/settings/pipelines?pipeline=${pipelineId}`);
  await page.getByRole('button', { name: 'Ações de Revendas' }).click();
  await page.getByRole('menuitem', { name: 'Excluir Revendas' }).click();
  const remove = page.getByRole('dialog', { name: 'Excluir funil' });
  await remove.getByRole('button', { name: 'Excluir' }).click();
  await expect(remove.getByRole('alert')).toHaveText('“Revendas” tem 1 negócio (no funil ou na lixeira). Mova-o para outro funil antes de excluir.');
  await expectAccessible(page, 'pipeline refused');
  // On a busy machine a click as the dialog settles can be lost: the dialog must close, clicked again if need be.
  await expect(async () => {
    if (await remove.isVisible()) await remove.getByRole('button', { name: 'Cancelar' }).click({ timeout: 5_000 });
    await expect(remove).toBeHidden({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });

  // Made the default, it takes the badge from the general pipeline.
  await page.getByRole('button', { name: 'Ações de Revendas' }).click();
  await page.getByRole('menuitem', { name: 'Tornar Revendas o funil padrão' }).click();
  await expect(pipelines.getByRole('listitem').filter({ hasText: 'Revendas' })).toContainText('Padrão');
  await expect(pipelines.getByRole('listitem').filter({ hasText: 'Padrão' })).toHaveCount(1);
});

test('deletes a used source with a replacement: the dialog says how many items move, and they show the replacement', async ({ page, crm }) => {
  const contact = await post(crm, '/api/v1/contacts', { name: 'Beatriz', lastName: 'Moraes', sourceId: 'TRADE_SHOW' });
  await post(crm, '/api/v1/contacts', { name: 'Caio', lastName: 'Prado', sourceId: 'TRADE_SHOW' });
  await post(crm, '/api/v1/deals', { title: 'Estande — Feira do Livro', sourceId: 'TRADE_SHOW' });
  await post(crm, '/api/v1/contacts', { name: 'Davi', lastName: 'Lima', sourceId: 'CALL' });

  await openSettings(page, crm, '/settings/lists', 'Listas');
  await page.getByRole('combobox', { name: 'Lista' }).selectOption({ label: 'Fontes' });
  const values = page.getByRole('list', { name: 'Valores de Fontes' });
  await expect(values.getByRole('listitem').first()).toContainText('Ligação');
  await expectAccessible(page, 'sources');

  // Renamed and recoloured first: a value keeps its code, so its items follow.
  await page.getByRole('button', { name: 'Editar Outro' }).click();
  const edit = page.getByRole('dialog', { name: 'Editar “Outro”' });
  await edit.getByRole('textbox', { name: 'Nome' }).fill('Outros canais');
  await edit.getByRole('button', { name: 'Roxo' }).click();
  await edit.getByRole('button', { name: 'Salvar' }).click();
  await expect(values.getByRole('listitem').last()).toContainText('Outros canais');

  await page.getByRole('button', { name: 'Excluir Feira/exposição' }).click();
  const remove = page.getByRole('dialog', { name: 'Excluir valor' });
  await expect(remove).toContainText('Excluir “Feira/exposição”? Esta ação não pode ser desfeita.');
  await remove.getByRole('button', { name: 'Excluir' }).click();
  // In use: the server counted its items (two contacts and a deal), and the dialog asks where they go.
  await expect(remove.getByRole('status')).toHaveText('“Feira/exposição” é usado por 3 itens. Escolha o valor que eles passam a ter antes de excluir.');
  await expect(remove.getByRole('button', { name: 'Excluir' })).not.toHaveAttribute('data-loading');
  await expectAccessible(page, 'delete a used source');
  await snap(page, 'source-delete');
  await remove.getByLabel('Mover para').click();
  await page.getByRole('option', { name: 'Por recomendação' }).click();
  await remove.getByRole('button', { name: 'Excluir' }).click();
  await expect(remove).toBeHidden();
  await expect(values).not.toContainText('Feira/exposição');

  // The items now show the replacement.
  await page.goto(`${crm.url}/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: 'Beatriz Moraes', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('main')).toContainText('Por recomendação');
  await expect(page.getByRole('main')).not.toContainText('Feira/exposição');
  const sources = (await (await crm.api.get('/api/v1/contacts?fields=name,sourceId')).json()) as { items: Array<{ name: string; sourceId: string }> };
  expect(sources.items.map((c) => `${c.name}:${c.sourceId}`).sort()).toEqual(['Beatriz:RECOMMENDATION', 'Caio:RECOMMENDATION', 'Davi:CALL']);
});

test('changes the base currency after a confirmation, and the board shows its totals in the new one', async ({ page, crm }) => {
  await post(crm, '/api/v1/deals', { title: 'Licenças — Atlântica', opportunity: '1000.00', currencyId: 'USD', stageId: 'NEW' });
  await post(crm, '/api/v1/deals', { title: 'Suporte — Atlântica', opportunity: '540.00', currencyId: 'BRL', stageId: 'NEW' });
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals?view=kanban`);
  // 1,000 USD at 5.40 plus 540 BRL.
  await expect(column(page, 'Novo')).toContainText(/R\$\s5\.940,00/, { timeout: 30_000 });

  await page.goto(`${crm.url}/settings/currencies`);
  await expect(page.getByRole('heading', { name: 'Moedas', level: 2 })).toBeVisible({ timeout: 30_000 });
  const list = page.getByRole('list', { name: 'Moedas' });
  const row = (code: string) => list.getByRole('listitem').filter({ has: page.getByText(code, { exact: true }) });
  await expect(row('USD')).toContainText('1 USD = 5,40 BRL');
  await expectAccessible(page, 'currencies');

  // A new currency, its rate typed the Brazilian way and kept exact.
  await page.getByRole('button', { name: 'Adicionar moeda' }).click();
  const add = page.getByRole('dialog', { name: 'Nova moeda' });
  await add.getByRole('textbox', { name: 'Código' }).fill('ars');
  await add.getByRole('textbox', { name: 'Nome em português' }).fill('Peso argentino');
  await add.getByRole('textbox', { name: 'Nome em inglês' }).fill('Argentine peso');
  await add.getByRole('textbox', { name: 'Valor de 1 unidade em BRL' }).fill('0,0054321987');
  await expectAccessible(page, 'new currency');
  await add.getByRole('button', { name: 'Salvar' }).click();
  await expect(add).toBeHidden();
  await expect(row('ARS')).toContainText('1 ARS = 0,0054321987 BRL');
  const rates = (await (await crm.api.get('/api/v1/currencies')).json()) as { items: Array<{ code: string; rate: string }> };
  expect(rates.items.find((c) => c.code === 'ARS')?.rate).toBe('0.0054321987');

  // A used currency cannot go, and the dialog says why.
  await page.getByRole('button', { name: 'Ações de USD' }).click();
  await page.getByRole('menuitem', { name: 'Excluir USD' }).click();
  const remove = page.getByRole('dialog', { name: 'Excluir moeda' });
  await remove.getByRole('button', { name: 'Excluir' }).click();
  await expect(remove.getByRole('alert')).toHaveText('USD não pode ser excluída: 1 item a usa (no CRM ou na lixeira).');
  await remove.getByRole('button', { name: 'Cancelar' }).click();

  await page.getByRole('button', { name: 'Ações de USD' }).click();
  await page.getByRole('menuitem', { name: 'Tornar USD a moeda base' }).click();
  const confirm = page.getByRole('dialog', { name: 'Mudar a moeda base' });
  await expect(confirm).toContainText('Todas as taxas serão reexpressas em relação a USD');
  // The actions menu fades out after its choice: checked once it is gone (half-closed, it has no items yet).
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expectAccessible(page, 'make base');
  await snap(page, 'currencies-make-base');
  await confirm.getByRole('button', { name: 'Tornar base' }).click();
  await expect(confirm).toBeHidden();
  await expect(row('USD')).toContainText('Base');
  await expect(row('BRL')).toContainText('1 BRL = 0,1851851852 USD');
  await snap(page, 'currencies');

  // 1,000 USD plus 540 BRL at 0.1851851852, rounded once: US$ 1,100.00.
  await page.goto(`${crm.url}/deals?view=kanban`);
  await expect(column(page, 'Novo')).toContainText(/US\$\s1\.100,00/, { timeout: 30_000 });
});

test('switches to simple mode: the confirmation says how many open leads are converted, and Leads leaves the navigation', async ({ page, crm }) => {
  await post(crm, '/api/v1/leads', { title: 'Pedido de orçamento — Vale Verde', name: 'Helena', lastName: 'Costa' });
  await post(crm, '/api/v1/leads', { title: 'Contato pelo site — Rio Claro', name: 'Igor', lastName: 'Souza' });
  await openSettings(page, crm, '/settings/crm-mode', 'Modo do CRM');
  await expect(page.getByRole('link', { name: 'Leads', exact: true })).toBeVisible();
  await expect(page.getByText('Modo atual: clássico · 2 leads abertos')).toBeVisible();
  await expectAccessible(page, 'crm mode');

  await page.getByRole('radio', { name: 'CRM simples (sem leads)' }).click();
  await page.getByRole('button', { name: 'Mudar o modo' }).click();
  const confirm = page.getByRole('dialog', { name: 'Mudar para o modo simples' });
  await expect(confirm).toContainText('2 leads abertos serão convertidos em contatos ou empresas e negócios.');
  await expectAccessible(page, 'crm mode confirmation');
  await snap(page, 'crm-mode-confirm');
  await confirm.getByRole('button', { name: 'Mudar e converter' }).click();
  await expect(confirm).toBeHidden();

  await expect(page.getByText('Modo atual: simples')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Leads', exact: true })).toHaveCount(0);
  const deals = (await (await crm.api.get('/api/v1/deals?fields=title')).json()) as { items: Array<{ title: string }> };
  expect(deals.items.map((d) => d.title).sort()).toEqual(['Contato pelo site — Rio Claro', 'Pedido de orçamento — Vale Verde']);
  await snap(page, 'crm-mode');
});
