import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function create(crm: Crm, plural: string, data: Record<string, unknown>) {
  const response = await crm.api.post(`/api/v1/${plural}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number; version: number } & Record<string, unknown>;
}

test('converts a lead into a new contact and a new deal from its card', async ({ page, crm }) => {
  const lead = await create(crm, 'leads', {
    title: 'Visita na feira — Larissa Lima',
    name: 'Larissa',
    lastName: 'Lima',
    statusId: 'IN_PROCESS',
    opportunity: '9900.00',
    phones: [{ value: '(21) 97344-2144', valueType: 'MOBILE' }],
  });
  await crm.signIn(page);
  await page.goto(`${crm.url}/leads/${lead.id}`);
  await expect(page.getByRole('heading', { name: 'Visita na feira — Larissa Lima', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Em andamento (atual)' })).toHaveAttribute('aria-current', 'step');

  await page.getByRole('button', { name: 'Converter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Converter lead' });
  // A lead with a person's name becomes a contact; it has no company name, so no company; a deal by default.
  await expect(dialog.getByRole('radiogroup', { name: 'Contato' }).getByRole('radio', { name: 'Criar' })).toBeChecked();
  await expect(dialog.getByRole('radiogroup', { name: 'Empresa' }).getByRole('radio', { name: 'Não' })).toBeChecked();
  await expect(dialog.getByRole('switch', { name: 'Criar negócio' })).toBeChecked();
  await expectAccessible(page, 'conversion dialog');
  await dialog.getByRole('button', { name: 'Converter' }).click();

  const done = page.getByRole('dialog', { name: 'Lead convertido' });
  await expect(done).toContainText('O lead agora está convertido.');
  await expect(done.getByRole('link', { name: 'Larissa Lima', exact: true })).toBeVisible();
  const dealLink = done.getByRole('link', { name: 'Visita na feira — Larissa Lima' });
  await expect(dealLink).toBeVisible();

  // Behind the dialog the lead already shows converted, and it cannot be converted again.
  await done.getByRole('button', { name: 'Fechar' }).last().click();
  await expect(page.getByText('Convertido', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lead de qualidade' })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByRole('button', { name: 'Converter' })).toBeHidden();

  // The history tells it in words, with links to what was made.
  await page.getByRole('tab', { name: 'Histórico' }).click();
  const history = page.getByRole('tabpanel', { name: 'Histórico' });
  await expect(history.getByText('Lead convertido em:')).toBeVisible();
  await expect(history.getByRole('link', { name: 'Larissa Lima', exact: true }).first()).toBeVisible();

  // The new deal carries the lead's amount and links back to its contact.
  await history.getByRole('link', { name: 'Visita na feira — Larissa Lima' }).click();
  await expect(page).toHaveURL(/\/deals\/\d+/);
  await expect(page.getByRole('heading', { name: 'Visita na feira — Larissa Lima', level: 1 })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Valor', exact: true })).toContainText('R$ 9.900,00');
  await expect(page.getByRole('group', { name: 'Contatos', exact: true }).getByRole('link', { name: 'Larissa Lima', exact: true })).toBeVisible();
  await expectAccessible(page, 'deal made by the conversion');
});

test('finishing a lead as a good lead converts it, here into an existing contact and a new company', async ({ page, crm }) => {
  await create(crm, 'contacts', { name: 'Bruno', lastName: 'Ferreira', emails: [{ value: 'bruno@pampa.com.br', valueType: 'WORK' }] });
  const lead = await create(crm, 'leads', { title: 'Pedido de orçamento — Pampa', name: 'Bruno', lastName: 'Ferreira', companyTitle: 'Pampa Distribuidora' });
  await crm.signIn(page);
  await page.goto(`${crm.url}/leads/${lead.id}`);
  await expect(page.getByRole('heading', { name: 'Pedido de orçamento — Pampa', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Finalizar lead' }).click();
  const finish = page.getByRole('dialog', { name: 'Finalizar lead' });
  await finish.getByRole('button', { name: /Lead de qualidade/ }).click();

  const dialog = page.getByRole('dialog', { name: 'Converter lead' });
  await expect(dialog.getByRole('radiogroup', { name: 'Empresa' }).getByRole('radio', { name: 'Criar' })).toBeChecked();
  await dialog.getByRole('radiogroup', { name: 'Contato' }).getByText('Existente').click();
  await dialog.getByRole('switch', { name: 'Criar negócio' }).uncheck();
  // An existing contact must be chosen before converting.
  await dialog.getByRole('button', { name: 'Converter' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Escolha o item a vincular.');
  await dialog.getByRole('textbox', { name: 'Contato existente' }).fill('Bruno');
  await page.getByRole('option', { name: /Bruno Ferreira/ }).click();
  await dialog.getByRole('button', { name: 'Converter' }).click();

  const done = page.getByRole('dialog', { name: 'Lead convertido' });
  await expect(done.getByRole('link', { name: 'Bruno Ferreira' })).toBeVisible();
  await expect(done.getByRole('link', { name: 'Pampa Distribuidora' })).toBeVisible();
  await done.getByRole('link', { name: 'Pampa Distribuidora' }).click();
  await expect(page.getByRole('heading', { name: 'Pampa Distribuidora', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Dependências' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Dependências' }).getByRole('link', { name: 'Pedido de orçamento — Pampa' }).first()).toBeVisible();
});
