import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

/**
 * The salesperson's day (issue 14): "Minhas atividades" in a list and on the calendar, the counter of today's and
 * overdue activities in the shell, and a task linked to a contact with a checklist, found under "Minhas tarefas" and
 * on the contact's timeline.
 */

async function create<T = { id: number }>(crm: Crm, path: string, data: Record<string, unknown>): Promise<T> {
  const response = await crm.api.post(`/api/v1/${path}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** `YYYY-MM-DD` of a moment in São Paulo, the journeys' browser time zone (UTC−3 all year). */
function saoPauloDay(date: Date): string {
  return new Date(date.getTime() - 3 * 3_600_000).toISOString().slice(0, 10);
}

/** `HH:mm` of a moment in São Paulo. */
function saoPauloTime(date: Date): string {
  return new Date(date.getTime() - 3 * 3_600_000).toISOString().slice(11, 16);
}

test('plans activities and sees them in the list, on the calendar and in the counter; completes one in a click', async ({ page, crm }) => {
  const deal = await create(crm, 'deals', { title: 'Renovação anual — Horizonte' });
  const contact = await create(crm, 'contacts', { name: 'Helena', lastName: 'Prado' });
  // One late (half an hour ago) and one for the day after tomorrow: only the late one is counted.
  const late = new Date(Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000);
  const later = new Date(Date.now() + 2 * 86_400_000);
  const overdue = await create<{ id: number }>(crm, 'activities', { kind: 'call', direction: 'outgoing', subject: 'Ligar para confirmar a renovação', owner: { type: 'deal', id: deal.id }, deadline: late.toISOString(), items: [{ type: 'contact', id: contact.id }] });
  await create(crm, 'activities', { kind: 'meeting', subject: 'Visita à Horizonte', owner: { type: 'deal', id: deal.id }, startAt: later.toISOString(), endAt: new Date(later.getTime() + 3_600_000).toISOString(), deadline: later.toISOString(), place: 'Sede do cliente' });

  await crm.signIn(page);
  const navigation = page.getByRole('navigation', { name: 'Navegação principal' });
  // The counter: in the header and beside the navigation entry.
  await expect(page.getByRole('link', { name: 'Minhas atividades: 1 para hoje ou atrasada' })).toBeVisible();
  await expect(page.getByTestId('activity-counter')).toContainText('1');
  await navigation.getByRole('link', { name: /^Atividades/ }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(page.getByRole('heading', { name: 'Minhas atividades', level: 1 })).toBeVisible();
  await expect(page.getByTestId('activity-summary')).toContainText('1 atrasada');
  await expect(page.getByTestId('activity-summary')).toContainText('1 próxima');

  // The list: under "Atrasadas", the deadline in red, the deal as a link to its card.
  const lateGroup = page.getByRole('region', { name: 'Atrasadas' });
  const row = lateGroup.getByTestId('activity-row').filter({ hasText: 'Ligar para confirmar a renovação' });
  await expect(row).toBeVisible();
  await expect(row.locator('[data-tone="overdue"]')).toContainText(saoPauloTime(late));
  await expect(row.getByRole('link', { name: /Renovação anual — Horizonte/ })).toHaveAttribute('href', `/deals/${deal.id}`);
  await expect(page.getByTestId('activity-row').filter({ hasText: 'Visita à Horizonte' })).toBeVisible();
  await expectAccessible(page, 'my activities, list');

  // Only meetings.
  await page.getByRole('combobox', { name: 'Tipo' }).click();
  await page.getByRole('option', { name: 'Reunião' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('activity-row')).toHaveCount(1);
  await expect(page.getByTestId('activity-row')).toContainText('Visita à Horizonte');
  await page.getByRole('button', { name: 'Limpar filtros' }).click();
  await expect(page.getByTestId('activity-row')).toHaveCount(2);

  // The calendar: the late call in its hour slot on its day.
  await page.getByText('Calendário', { exact: true }).click();
  await expect(page).toHaveURL(/view=calendar/);
  await page.goto(`${crm.url}/activities?view=calendar&date=${saoPauloDay(late)}&span=day`);
  const calendar = page.getByRole('region', { name: /^Calendário de / });
  const event = calendar.getByRole('button', { name: `${saoPauloTime(late)} Ligar para confirmar a renovação` });
  await expect(event).toBeVisible();
  await expect(event).toHaveAttribute('data-overdue', 'true');
  await expectAccessible(page, 'my activities, calendar');
  // Opening it shows its details; "Concluir" completes it and the counter follows.
  await event.click();
  const drawer = page.getByRole('dialog', { name: 'Atividade' });
  await expect(drawer.getByText('Ligação realizada')).toBeVisible();
  await expect(drawer.getByRole('link', { name: /Helena Prado/ })).toHaveAttribute('href', `/contacts/${contact.id}`);
  await drawer.getByRole('button', { name: 'Concluir' }).click();
  await expect(page.getByText('Atividade concluída')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Minhas atividades: nada para hoje nem atrasado' })).toBeVisible();
  const completed = (await (await crm.api.get(`/api/v1/activities/${overdue.id}`)).json()) as { completed: boolean };
  expect(completed.completed).toBe(true);
});

test('creates a task linked to a contact with a checklist, finds it under "Minhas tarefas" and on the contact’s timeline, ticks an entry', async ({ page, crm }) => {
  const contact = await create(crm, 'contacts', { name: 'Helena', lastName: 'Prado', emails: [{ value: 'helena@horizonte.com.br', valueType: 'WORK' }] });

  await crm.signIn(page);
  await page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Tarefas' }).click();
  await expect(page.getByRole('heading', { name: 'Minhas tarefas', level: 1 })).toBeVisible();
  await expect(page.getByText('Nenhuma tarefa aqui')).toBeVisible();

  await page.getByRole('button', { name: 'Nova tarefa' }).click();
  const form = page.getByRole('dialog', { name: 'Nova tarefa' });
  await form.getByLabel('Título').fill('Enviar a proposta para a Helena');
  await form.getByLabel('Descrição').fill('Com o desconto de 5% combinado por telefone.');
  const entry = form.getByRole('textbox', { name: 'Novo item do checklist' });
  await entry.fill('Revisar os valores');
  await entry.press('Enter');
  await entry.fill('Anexar o contrato');
  await form.getByRole('button', { name: 'Adicionar' }).click();
  await expect(form.getByRole('textbox', { name: 'Item 2 do checklist' })).toHaveValue('Anexar o contrato');
  await form.getByRole('textbox', { name: 'Itens do CRM vinculados' }).fill('Helena');
  await page.getByRole('option', { name: /Helena Prado/ }).click();
  await expect(form.getByText('Contato · Helena Prado')).toBeVisible();
  await expectAccessible(page, 'task form');
  await form.getByRole('button', { name: 'Criar tarefa' }).click();
  await expect(page.getByText('Tarefa criada')).toBeVisible();

  // Under "Responsável" (the default tab) and "Criadas por mim".
  const taskLink = page.getByRole('link', { name: 'Enviar a proposta para a Helena' });
  await expect(taskLink).toBeVisible();
  const row = page.getByTestId('task-row').filter({ hasText: 'Enviar a proposta para a Helena' });
  await expect(row.getByRole('img', { name: 'Checklist: 0 de 2 feitos' })).toBeVisible();
  await expect(row.getByRole('link', { name: /Helena Prado/ })).toHaveAttribute('href', `/contacts/${contact.id}`);
  await page.getByRole('tab', { name: 'Criadas por mim' }).click();
  await expect(page.getByRole('link', { name: 'Enviar a proposta para a Helena' })).toBeVisible();
  await page.getByRole('tab', { name: 'Coparticipante' }).click();
  await expect(page.getByText('Nenhuma tarefa aqui')).toBeVisible();
  await page.getByRole('tab', { name: 'Responsável' }).click();
  await expectAccessible(page, 'my tasks');

  // Its page: tick an entry.
  await page.getByRole('link', { name: 'Enviar a proposta para a Helena' }).click();
  await expect(page.getByRole('heading', { name: 'Enviar a proposta para a Helena', level: 1 })).toBeVisible();
  await expect(page.getByText('Com o desconto de 5% combinado por telefone.')).toBeVisible();
  // Ticked at once on screen, saved behind it: a click, then the state it leads to.
  await page.getByRole('checkbox', { name: 'Revisar os valores' }).click();
  await expect(page.getByTestId('checklist-progress')).toHaveText('1 de 2 feitos');
  await expect(page.getByRole('checkbox', { name: 'Revisar os valores' })).toBeChecked();
  await expectAccessible(page, 'task page');
  const taskId = Number(/\/tasks\/(\d+)/.exec(page.url())![1]);
  const saved = (await (await crm.api.get(`/api/v1/tasks/${taskId}`)).json()) as { checklist: Array<{ text: string; done: boolean }>; items: Array<{ type: string; id: number }> };
  expect(saved.checklist).toEqual([expect.objectContaining({ text: 'Revisar os valores', done: true }), expect.objectContaining({ text: 'Anexar o contrato', done: false })]);
  expect(saved.items).toEqual([expect.objectContaining({ type: 'contact', id: contact.id })]);

  // Status in one click.
  await page.getByRole('button', { name: 'Status de “Enviar a proposta para a Helena”: Nova' }).click();
  await page.getByRole('menuitem', { name: 'Em andamento' }).click();
  await expect(page.getByText('Status alterado para “Em andamento”')).toBeVisible();

  // The contact's timeline shows the task.
  await page.getByRole('link', { name: /Helena Prado/ }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${contact.id}$`));
  await expect(page.getByRole('list', { name: 'Linha do tempo' })).toContainText('Enviar a proposta para a Helena');
});
