import type { Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

/** Creates an item through the API as the administrator; returns it as the API answers. */
async function create(crm: Crm, plural: string, data: Record<string, unknown>) {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number; version: number } & Record<string, unknown>;
}

/** The field of the card named `label` (its label, value and pencil). */
const cardField = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true });

test('creates a contact through the form and sees it on its card, then deletes it to the recycle bin', async ({ page, crm }) => {
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/new`);
  await expect(page.getByRole('heading', { name: 'Novo contato', level: 1 })).toBeVisible();
  await expectAccessible(page, 'create form');

  await page.getByLabel('Nome', { exact: true }).fill('Mariana');
  await page.getByLabel('Sobrenome').fill('Conceição');
  await page.getByLabel('Cargo').fill('Diretora comercial');
  await page.getByRole('textbox', { name: 'Telefone 1' }).fill('(31) 99876-5432');
  await page.getByRole('button', { name: 'Salvar' }).click();

  await expect(page).toHaveURL(/\/contacts\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Mariana Conceição', level: 1 })).toBeVisible();
  // The notice (the card's timeline says it too, as its first event).
  await expect(page.getByRole('alert').filter({ hasText: 'Contato criado' })).toBeVisible();
  // Typed as a Brazilian number, shown as the international number it is, with its kind.
  await expect(cardField(page, 'Telefone').getByRole('link', { name: '+55 31 99876-5432' })).toBeVisible();
  await expect(cardField(page, 'Telefone').getByText('Celular')).toBeVisible();
  await expect(cardField(page, 'Cargo')).toContainText('Diretora comercial');
  await expectAccessible(page, 'card');

  await page.getByRole('button', { name: 'Excluir' }).click();
  const dialog = page.getByRole('dialog', { name: 'Excluir “Mariana Conceição”?' });
  await expect(dialog).toContainText('lixeira');
  await expectAccessible(page, 'delete dialog');
  await dialog.getByRole('button', { name: 'Mover para a lixeira' }).click();
  await expect(page).toHaveURL(/\/contacts\/?(\?.*)?$/);
  await expect(page.getByText('“Mariana Conceição” foi movido para a lixeira.')).toBeVisible();
});

test('the create form shows the server’s message at the field', async ({ page, crm }) => {
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals/new`);
  await expect(page.getByRole('heading', { name: 'Novo negócio', level: 1 })).toBeVisible();
  // A deal starts in the default pipeline, at its first stage, in the base currency, with the user responsible.
  await expect(page.getByRole('combobox', { name: 'Funil' })).toHaveValue('Geral');
  await expect(page.getByRole('combobox', { name: 'Fase' })).toHaveValue('Novo');
  await expect(page.getByRole('combobox', { name: 'Moeda' })).toHaveValue(/^BRL/);
  await expect(page.getByRole('combobox', { name: 'Responsável' })).toHaveValue('Ana Souza');

  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Verifique os campos destacados.')).toBeVisible();
  const title = page.getByRole('textbox', { name: 'Nome do negócio' });
  await expect(title).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Nome do negócio é obrigatório')).toBeVisible();
  await expect(title).toBeFocused();

  await title.fill('Licenças anuais — Ipê');
  await page.getByRole('textbox', { name: 'Valor' }).fill('12500,50');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('heading', { name: 'Licenças anuais — Ipê', level: 1 })).toBeVisible();
  await expect(cardField(page, 'Valor')).toContainText('R$ 12.500,50');
  await expect(page.getByRole('button', { name: 'Novo (atual)' })).toHaveAttribute('aria-current', 'step');
});

test('edits in place and shows a validation error at the field', async ({ page, crm }) => {
  const contact = await create(crm, 'contacts', { name: 'Bruno', lastName: 'Ferreira', post: 'Analista de compras', emails: [{ value: 'bruno@serraazul.com.br', valueType: 'WORK' }] });
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: 'Bruno Ferreira', level: 1 })).toBeVisible();

  // Inline edit: the pencil opens the input, Save writes it.
  await page.getByRole('button', { name: 'Editar Cargo' }).click();
  await page.getByRole('textbox', { name: 'Cargo' }).fill('Gerente de compras');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('textbox', { name: 'Cargo' })).toBeHidden();
  await expect(cardField(page, 'Cargo')).toContainText('Gerente de compras');

  // The server's message shows at the value it is about; Escape leaves the field as it was.
  await page.getByRole('button', { name: 'Editar E-mail' }).click();
  const email = page.getByRole('textbox', { name: 'E-mail 1' });
  await email.fill('bruno-arroba-serraazul');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/não é um endereço de e-mail/)).toBeVisible();
  await email.press('Escape');
  await expect(cardField(page, 'E-mail')).toContainText('bruno@serraazul.com.br');

  // The title is edited in place too.
  await page.getByRole('button', { name: 'Editar o nome' }).click();
  await page.getByRole('textbox', { name: 'Sobrenome' }).fill('Ferreira Lima');
  await page.getByRole('textbox', { name: 'Sobrenome' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Bruno Ferreira Lima', level: 1 })).toBeVisible();
});

test('survives a conflict keeping the draft, and shows the changes in the history', async ({ page, crm }) => {
  const company = await create(crm, 'companies', { title: 'Serra Azul Alimentos' });
  const contact = await create(crm, 'contacts', { name: 'Bruno', lastName: 'Ferreira Lima', post: 'Analista de compras', companyIds: [company.id] });
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: 'Bruno Ferreira Lima', level: 1 })).toBeVisible();

  // Someone else changes the contact while Ana types.
  await page.getByRole('button', { name: 'Editar Cargo' }).click();
  await page.getByRole('textbox', { name: 'Cargo' }).fill('Diretor de compras');
  const current = (await (await crm.api.get(`/api/v1/contacts/${contact.id}`)).json()) as { version: number };
  const meanwhile = await crm.api.patch(`/api/v1/contacts/${contact.id}`, { data: { post: 'Coordenador de compras', version: current.version } });
  expect(meanwhile.ok()).toBe(true);
  await page.getByRole('button', { name: 'Salvar' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Outra pessoa alterou este item' });
  await expect(notice).toBeVisible();
  await expectAccessible(page, 'card with a conflict');
  await notice.getByRole('button', { name: 'Recarregar e manter o que digitei' }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Cargo' })).toHaveValue('Diretor de compras');
  // The value saved meanwhile shows beside the draft (the timeline, updated live, shows it too).
  const reloaded = page.getByText('Recarregado. Valor salvo agora:');
  await expect(reloaded).toBeVisible();
  await expect(reloaded.locator('..')).toContainText('Coordenador de compras');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('textbox', { name: 'Cargo' })).toBeHidden();
  await expect(cardField(page, 'Cargo')).toContainText('Diretor de compras');

  // History: who changed what, in Portuguese, the old and new values as they are shown.
  await page.getByRole('tab', { name: 'Histórico' }).click();
  await expect(page).toHaveURL(/tab=history/);
  const history = page.getByRole('tabpanel', { name: 'Histórico' });
  await expect(history.getByText('Contato criado')).toBeVisible();
  await expect(history.getByText('Cargo').first()).toBeVisible();
  await expect(history.getByText('Analista de compras')).toBeVisible();
  await expect(history.getByText('Coordenador de compras').first()).toBeVisible();
  await expect(history.getByText('Diretor de compras')).toBeVisible();
  await expect(history.getByText('Ana Souza').first()).toBeVisible();
  await expectAccessible(page, 'history');
});

test('the Dependencies tab lists the linked items, each a link to its card', async ({ page, crm }) => {
  const company = await create(crm, 'companies', { title: 'Serra Azul Alimentos' });
  const contact = await create(crm, 'contacts', { name: 'Bruno', lastName: 'Ferreira Lima', companyIds: [company.id] });
  await create(crm, 'deals', { title: 'Pedido de embalagens — Serra Azul', companyId: company.id, contactIds: [contact.id] });
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/${contact.id}?tab=dependencies`);
  await expect(page.getByRole('heading', { name: 'Bruno Ferreira Lima', level: 1 })).toBeVisible();

  // The tab is part of the address; items come grouped by the link: the contact's companies, the deals naming it.
  await expect(page.getByRole('tab', { name: 'Dependências' })).toHaveAttribute('aria-selected', 'true');
  const dependencies = page.getByRole('tabpanel', { name: 'Dependências' });
  await expect(dependencies.getByRole('heading', { name: 'Empresas' })).toBeVisible();
  await expect(dependencies.getByRole('heading', { name: 'Negócios · campo “Contatos”' })).toBeVisible();
  await expect(dependencies.getByRole('link', { name: 'Pedido de embalagens — Serra Azul' })).toBeVisible();
  await expectAccessible(page, 'dependencies');
  await dependencies.getByRole('link', { name: 'Serra Azul Alimentos' }).click();
  await expect(page.getByRole('heading', { name: 'Serra Azul Alimentos', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Dependências' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Dependências' }).getByRole('link', { name: 'Bruno Ferreira Lima' })).toBeVisible();
});

const customFields = [
  { type: 'enumeration', labelEn: 'Tier', labelPt: 'Nível', options: [{ value: 'VIP' }, { value: 'Padrão', isDefault: true }] },
  { type: 'date', labelEn: 'First purchase', labelPt: 'Primeira compra' },
  { type: 'money', labelEn: 'Credit limit', labelPt: 'Limite de crédito' },
  { type: 'boolean', labelEn: 'Newsletter', labelPt: 'Recebe newsletter' },
  { type: 'user', labelEn: 'Account manager', labelPt: 'Gerente de conta' },
  { type: 'item', labelEn: 'Partner company', labelPt: 'Empresa parceira', settings: { itemType: 'company' } },
  { type: 'file', labelEn: 'Contract', labelPt: 'Contrato' },
];

async function addCustomFields(crm: Crm) {
  for (const field of customFields) {
    const response = await crm.api.post('/api/v1/custom-fields/contacts', { data: field });
    expect(response.status(), await response.text()).toBe(201);
  }
}

test('custom fields of several types: each with its input on the create form', async ({ page, crm }) => {
  await addCustomFields(crm);
  await create(crm, 'companies', { title: 'Pampa Consultoria' });

  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/new`);
  const custom = page.getByRole('region', { name: 'Campos personalizados' });
  // The enumeration starts at its default option.
  await expect(custom.getByRole('combobox', { name: 'Nível' })).toHaveValue('Padrão');
  await page.getByLabel('Nome', { exact: true }).fill('Helena');
  await page.getByLabel('Sobrenome').fill('Prado');
  await custom.getByRole('combobox', { name: 'Nível' }).click();
  await page.getByRole('option', { name: 'VIP' }).click();
  await custom.getByRole('textbox', { name: 'Primeira compra' }).fill('15/03/2026');
  await custom.getByRole('textbox', { name: 'Limite de crédito', exact: true }).fill('15000');
  await custom.getByRole('checkbox', { name: 'Recebe newsletter' }).check();
  await custom.getByRole('combobox', { name: 'Gerente de conta' }).click();
  await page.getByRole('option', { name: 'Ana Souza' }).click();
  await custom.getByRole('textbox', { name: 'Empresa parceira' }).fill('Pampa');
  await page.getByRole('option', { name: /Pampa Consultoria/ }).click();
  await custom.locator('input[type="file"]').setInputFiles({ name: 'contrato-helena.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 contrato') });
  await expect(custom.getByRole('link', { name: 'contrato-helena.pdf' })).toBeVisible();
  await expectAccessible(page, 'create form with custom fields');
  await page.getByRole('button', { name: 'Salvar' }).click();

  await expect(page.getByRole('heading', { name: 'Helena Prado', level: 1 })).toBeVisible();
  await expect(cardField(page, 'Nível')).toContainText('VIP');
  await expect(cardField(page, 'Primeira compra')).toContainText('15/03/2026');
  await expect(cardField(page, 'Limite de crédito')).toContainText('R$ 15.000,00');
  await expect(cardField(page, 'Recebe newsletter')).toContainText('Sim');
  await expect(cardField(page, 'Gerente de conta')).toContainText('Ana Souza');
  await expect(cardField(page, 'Empresa parceira').getByRole('link', { name: 'Pampa Consultoria' })).toBeVisible();
  const download = cardField(page, 'Contrato').getByRole('link', { name: 'contrato-helena.pdf' });
  await expect(download).toHaveAttribute('href', /\/api\/v1\/files\/\d+\/content$/);
});

test('custom fields of several types: edited in place on the card', async ({ page, crm }) => {
  await addCustomFields(crm);
  const contact = await create(crm, 'contacts', { name: 'Otávio', lastName: 'Souza', ufCrmTier: 2, ufCrmFirstPurchase: '2026-03-15', ufCrmCreditLimit: { amount: '2000.00', currency: 'BRL' } });
  await crm.signIn(page);
  await page.goto(`${crm.url}/contacts/${contact.id}`);
  await expect(page.getByRole('heading', { name: 'Otávio Souza', level: 1 })).toBeVisible();
  await expect(cardField(page, 'Nível')).toContainText('Padrão');

  // A date typed the Brazilian way.
  await page.getByRole('button', { name: 'Editar Primeira compra' }).click();
  await page.getByRole('textbox', { name: 'Primeira compra' }).fill('20/04/2026');
  // Leaving the input closes its calendar, which may open over the buttons below it (the card is tall with its timeline).
  await page.getByRole('textbox', { name: 'Primeira compra' }).press('Tab');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(cardField(page, 'Primeira compra')).toContainText('20/04/2026');

  // An enumeration picked from its options.
  await page.getByRole('button', { name: 'Editar Nível' }).click();
  await page.getByRole('combobox', { name: 'Nível' }).click();
  await page.getByRole('option', { name: 'VIP' }).click();
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(cardField(page, 'Nível')).toContainText('VIP');

  // Money with its currency.
  await page.getByRole('button', { name: 'Editar Limite de crédito' }).click();
  await page.getByRole('textbox', { name: 'Limite de crédito', exact: true }).fill('3500,75');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(cardField(page, 'Limite de crédito')).toContainText('R$ 3.500,75');
  await expectAccessible(page, 'card with custom fields');
});

test('the card and the create form work on a phone', async ({ page, crm }) => {
  const deal = await create(crm, 'deals', { title: 'Treinamento da equipe — Aurora', opportunity: '8400.00', stageId: 'PREPARATION' });
  await page.setViewportSize({ width: 375, height: 812 });
  await crm.signIn(page);
  await page.goto(`${crm.url}/deals/${deal.id}`);
  await expect(page.getByRole('heading', { name: 'Treinamento da equipe — Aurora', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Preparando documentos (atual)' })).toBeVisible();
  // The page itself does not scroll sideways: only the stage bar does.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // Closing a deal asks how it ends.
  await page.getByRole('button', { name: 'Finalizar negócio' }).click();
  const finish = page.getByRole('dialog', { name: 'Finalizar negócio' });
  await expect(finish.getByText('Fecha o negócio como ganho')).toBeVisible();
  await expectAccessible(page, 'finish dialog on a phone');
  await finish.getByRole('button', { name: /Negócio ganho/ }).click();
  await expect(finish).toBeHidden();
  await expect(page.getByRole('button', { name: 'Negócio ganho' })).toHaveAttribute('aria-current', 'step');
  await expect(cardField(page, 'Data prevista de fechamento')).not.toContainText('—');

  await page.goto(`${crm.url}/deals/new`);
  await expect(page.getByRole('heading', { name: 'Novo negócio', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page, 'create form on a phone');
});
