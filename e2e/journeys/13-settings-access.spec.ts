import { request, type Page } from '@playwright/test';
import { expectAccessible } from '../support/axe.ts';
import { expect, test, type Crm } from '../support/crm.ts';

async function post<T = { id: number }>(crm: Crm, path: string, data: Record<string, unknown>): Promise<T> {
  const response = await crm.api.post(`/api/v1/${path}`, { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

const shots = process.env.ACCESS_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/** Picks an option of a Mantine select or multi-select by its label. */
async function choose(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
  await page.keyboard.press('Escape');
}

// Many screens, each checked with axe, on a machine shared with others: more time than one screen's journey.
test.describe.configure({ timeout: 180_000 });

test('an admin gives a new user a "department" role for deals; that user sees only the department\'s deals; explain says why not the others', async ({ page, browser, crm }) => {
  await crm.signIn(page);
  const main = page.getByRole('main');

  // A department, through the screen.
  await page.goto(`${crm.url}/settings/departments`);
  await expect(page.getByRole('heading', { name: 'Departamentos', level: 2 })).toBeVisible();
  await page.getByRole('button', { name: 'Adicionar departamento' }).click();
  const newDepartment = page.getByRole('dialog', { name: 'Novo departamento' });
  await newDepartment.getByLabel('Nome').fill('Vendas Sul');
  await expectAccessible(page, 'new department');
  await newDepartment.getByRole('button', { name: 'Criar' }).click();
  await expect(main.getByText('Vendas Sul', { exact: true })).toBeVisible();
  await expectAccessible(page, 'departments');

  // A user in it, with a password.
  await page.goto(`${crm.url}/settings/users`);
  await page.getByRole('button', { name: 'Adicionar usuário' }).click();
  const newUser = page.getByRole('dialog', { name: 'Novo usuário' });
  await newUser.getByRole('textbox', { name: 'Nome', exact: true }).fill('Bruno Tavares');
  await newUser.getByRole('textbox', { name: 'E-mail', exact: true }).fill('bruno.tavares@example.com.br');
  await newUser.getByRole('textbox', { name: 'Senha', exact: true }).fill('senha-do-bruno-1');
  await choose(page, 'Departamentos', 'Vendas Sul');
  await expectAccessible(page, 'new user');
  await newUser.getByRole('button', { name: 'Criar usuário' }).click();
  await expect(newUser).toBeHidden();
  const brunoRow = main.getByRole('row').filter({ hasText: 'Bruno Tavares' });
  await expect(brunoRow).toContainText('Vendas Sul');
  await expectAccessible(page, 'users');

  // A colleague in the same department, someone elsewhere, and their deals (by the API).
  const departments = (await (await crm.api.get('/api/v1/departments')).json()) as { departments: Array<{ id: number; name: string }> };
  const south = departments.departments.find((d) => d.name === 'Vendas Sul')!;
  const other = await post(crm, 'departments', { name: 'Vendas Norte' });
  const carla = await post(crm, 'users', { name: 'Carla Mendes', email: 'carla@example.com.br', password: 'senha-da-carla-1', departmentIds: [south.id] });
  const diego = await post(crm, 'users', { name: 'Diego Rocha', email: 'diego@example.com.br', password: 'senha-do-diego-1', departmentIds: [other.id] });
  const users = (await (await crm.api.get('/api/v1/users')).json()) as { users: Array<{ id: number; name: string }> };
  const bruno = users.users.find((u) => u.name === 'Bruno Tavares')!;
  const me = (await (await crm.api.get('/api/v1/auth/me')).json()) as { id: number };
  await post(crm, 'deals', { title: 'Projeto Aurora — filial Porto Alegre', opportunity: '1000.00', stageId: 'NEW', assignedById: bruno.id });
  await post(crm, 'deals', { title: 'Projeto Aurora — Caxias', opportunity: '2500.00', stageId: 'NEW', assignedById: carla.id });
  await post(crm, 'deals', { title: 'Projeto Aurora — Manaus', opportunity: '9000.00', stageId: 'NEW', assignedById: diego.id });
  const hidden = await post(crm, 'deals', { title: 'Projeto Aurora — matriz', opportunity: '12000.00', stageId: 'PREPARATION', assignedById: me.id });

  // The everyone-role a new CRM starts with would let Bruno read every deal: it is given to nobody now.
  await page.goto(`${crm.url}/settings/roles`);
  await expect(page.getByRole('heading', { name: 'Funções e permissões', level: 2 })).toBeVisible();
  await expectAccessible(page, 'roles');
  await main.getByRole('link', { name: 'Employee' }).click();
  await page.getByRole('tab', { name: 'Atribuída a' }).click();
  await page.getByRole('checkbox', { name: 'Todos', exact: true }).uncheck();
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Tudo salvo')).toBeVisible();

  // A role: deals read within the department, given to Bruno.
  await page.getByRole('link', { name: 'Funções', exact: true }).click();
  await page.getByRole('button', { name: 'Adicionar função' }).click();
  await page.getByRole('dialog', { name: 'Nova função' }).getByLabel('Nome da função').fill('Vendas — departamento');
  await page.getByRole('dialog', { name: 'Nova função' }).getByRole('button', { name: 'Criar' }).click();
  await expect(page.getByRole('heading', { name: 'Função: Vendas — departamento', level: 2 })).toBeVisible();
  await page.getByLabel('Negócios: Ler', { exact: true }).selectOption({ label: 'Departamento' });
  await expect(page.getByLabel('Negócios: Geral: Ler', { exact: true })).toHaveValue('department');
  await expectAccessible(page, 'role editor');
  await shot(page, 'role-desktop');
  await page.getByRole('tab', { name: 'Atribuída a' }).click();
  await choose(page, 'Usuários', /Bruno Tavares/);
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Tudo salvo')).toBeVisible();
  const saved = (await (await crm.api.get('/api/v1/roles')).json()) as { roles: Array<{ name: string; permissions: { items: { deal?: { read?: string } } }; assignments: Array<{ userId: number | null }> }> };
  const role = saved.roles.find((r) => r.name === 'Vendas — departamento')!;
  expect(role.permissions.items.deal?.read).toBe('department');
  expect(role.assignments.map((a) => a.userId)).toEqual([bruno.id]);

  // Bruno, in a browser of his own.
  const brunoContext = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const brunoPage = await brunoContext.newPage();
  await crm.signIn(brunoPage, 'bruno.tavares@example.com.br', 'senha-do-bruno-1');
  const brunoMain = brunoPage.getByRole('main');
  await brunoPage.goto(`${crm.url}/deals?view=list`);
  await expect(brunoMain.getByText('Projeto Aurora — filial Porto Alegre')).toBeVisible();
  await expect(brunoMain.getByText('Projeto Aurora — Caxias')).toBeVisible();
  await expect(brunoPage.getByTestId('list-total')).toHaveText('2');
  await expect(brunoMain.getByText('Projeto Aurora — Manaus')).toBeHidden();
  await expect(brunoMain.getByText('Projeto Aurora — matriz')).toBeHidden();

  await brunoPage.goto(`${crm.url}/deals?view=kanban`);
  const fresh = brunoPage.getByRole('region', { name: 'Novo', exact: true });
  await expect(fresh.getByText('Projeto Aurora — Caxias')).toBeVisible();
  await expect(fresh).toContainText('2 itens');
  await expect(fresh).toContainText('R$ 3.500,00');
  await expect(fresh.getByText('Projeto Aurora — Manaus')).toBeHidden();
  const preparing = brunoPage.getByRole('region', { name: 'Preparando documentos', exact: true });
  await expect(preparing).toContainText('R$ 0,00');

  await brunoPage.keyboard.press('Control+k');
  const search = brunoPage.getByRole('dialog', { name: 'Pesquisar' });
  await search.getByRole('combobox', { name: 'Pesquisar em todo o CRM' }).pressSequentially('aurora');
  const found = search.getByRole('group', { name: 'Negócios' });
  await expect(found.getByRole('option')).toHaveCount(2);
  await expect(found.getByRole('option', { name: /Caxias/ })).toBeVisible();
  await expect(found.getByRole('option', { name: /Porto Alegre/ })).toBeVisible();
  await brunoContext.close();

  // Why can Bruno not see the head office's deal? The explain tool says.
  await page.goto(`${crm.url}/settings/roles`);
  await page.getByRole('link', { name: 'Por que alguém (não) pode…?' }).click();
  await expect(page.getByRole('heading', { name: 'Verificar acesso', level: 2 })).toBeVisible();
  await choose(page, 'Usuário', 'Bruno Tavares');
  await page.getByLabel('Item', { exact: true }).click();
  await page.getByLabel('Item', { exact: true }).pressSequentially('matriz');
  // The options are those of the last search answered: a click while a later answer redraws them can miss, so the
  // pick is retried until the form takes it.
  const check = page.getByRole('button', { name: 'Verificar' });
  await expect(async () => {
    if (await check.isDisabled()) await page.getByRole('option', { name: /Projeto Aurora — matriz/ }).click({ timeout: 2000 });
    await expect(check).toBeEnabled({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await check.click();
  const answer = page.getByRole('region', { name: 'Resposta' });
  await expect(answer).toContainText('Bruno Tavares não pode ler este negócio');
  await expect(answer).toContainText('O alcance mais amplo que a pessoa tem aqui é “Departamento”, que não chega a este item: o responsável é de fora dos departamentos da pessoa');
  await expect(answer.getByRole('row').filter({ hasText: 'Vendas — departamento' })).toContainText('não permite');
  await expectAccessible(page, 'explain');
  await shot(page, 'explain-desktop');
  const api = (await (await crm.api.get(`/api/v1/access/explain?userId=${bruno.id}&type=deals&id=${hidden.id}&action=read`)).json()) as { allowed: boolean; relation: string };
  expect(api).toMatchObject({ allowed: false, scope: 'department', reason: 'outOfScope' });
});

test('on a phone: users, the department tree, a role\'s matrix and explain fit 375 px; moving a department and the last admin\'s refusal', async ({ page, crm }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const sales = await post(crm, 'departments', { name: 'Comercial' });
  const south = await post(crm, 'departments', { name: 'Vendas Sul', parentId: sales.id });
  await post(crm, 'departments', { name: 'Suporte' });
  await post(crm, 'users', { name: 'Carla Mendes', email: 'carla@example.com.br', password: 'senha-da-carla-1', departmentIds: [south.id] });
  await post(crm, 'users', { name: 'Eduardo Lima', email: 'eduardo@example.com.br' });
  await post(crm, 'pipelines', { name: 'Licitações' });
  await crm.signIn(page);
  const main = page.getByRole('main');
  const noSideways = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // Users: the last administrator stays one, and the screen says why.
  await page.goto(`${crm.url}/settings/users`);
  await expect(main.getByText('Eduardo Lima')).toBeVisible();
  await expectAccessible(page, 'users on a phone');
  await noSideways();
  await shot(page, 'users-phone');
  await main.getByRole('button', { name: 'Ações para Ana Souza' }).click();
  await page.getByRole('menuitem', { name: 'Desativar' }).click();
  await expect(page.getByText('Ana Souza não foi alterado')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Ana Souza não foi alterado' })).toContainText(/administrador/i);

  // An invited user gets a password.
  await main.getByRole('button', { name: 'Ações para Eduardo Lima' }).click();
  await page.getByRole('menuitem', { name: 'Definir senha…' }).click();
  const password = page.getByRole('dialog', { name: 'Definir a senha de Eduardo Lima' });
  await password.getByLabel('Nova senha').fill('curta');
  await password.getByRole('button', { name: 'Definir senha' }).click();
  await expect(password.getByText(/8 caracteres/).last()).toBeVisible();
  await password.getByLabel('Nova senha').fill('senha-do-eduardo-1');
  await password.getByRole('button', { name: 'Definir senha' }).click();
  await expect(password).toBeHidden();
  const eduardo = await request.newContext({ baseURL: crm.url });
  const login = await eduardo.post('/api/v1/auth/login', { data: { email: 'eduardo@example.com.br', password: 'senha-do-eduardo-1' } });
  expect(login.status()).toBe(200);
  await eduardo.dispose();

  // Deactivate and reactivate someone.
  await main.getByRole('button', { name: 'Ações para Carla Mendes' }).click();
  await page.getByRole('menuitem', { name: 'Desativar' }).click();
  await expect(main.getByText('Carla Mendes')).toBeHidden();
  await page.getByText(/^Desativados \(1\)/).click();
  await expect(main.getByText('Carla Mendes')).toBeVisible();
  await main.getByRole('button', { name: 'Ações para Carla Mendes' }).click();
  await page.getByRole('menuitem', { name: 'Reativar' }).click();
  await expect(main.getByText('Carla Mendes')).toBeHidden();

  // The tree: "Vendas Sul" moves from Comercial to Suporte through "Move to…"; a parent cannot be deleted.
  await page.goto(`${crm.url}/settings/departments`);
  await expect(main.getByText('Vendas Sul', { exact: true })).toBeVisible();
  await expectAccessible(page, 'departments on a phone');
  await noSideways();
  await shot(page, 'departments-phone');
  await main.getByRole('button', { name: 'Ações para Vendas Sul' }).click();
  await page.getByRole('menuitem', { name: 'Mover para…' }).click();
  const move = page.getByRole('dialog', { name: 'Mover Vendas Sul' });
  await move.getByRole('combobox', { name: 'Colocar abaixo de' }).click();
  await expect(page.getByRole('option', { name: 'Comercial › Vendas Sul' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Suporte', exact: true }).click();
  await move.getByRole('button', { name: 'Mover' }).click();
  await expect(page.getByText('Vendas Sul agora fica em Suporte')).toBeVisible();
  const moved = (await (await crm.api.get(`/api/v1/departments/${south.id}`)).json()) as { parentId: number };
  expect(moved.parentId).not.toBe(sales.id);
  await main.getByRole('button', { name: 'Ações para Suporte' }).click();
  await page.getByRole('menuitem', { name: 'Excluir' }).click();
  await expect(page.getByRole('dialog', { name: 'Excluir Suporte?' })).toContainText('Ele tem 1 subdepartamento.');
  await page.getByRole('dialog', { name: 'Excluir Suporte?' }).getByRole('button', { name: 'Fechar' }).last().click();

  // A role's matrix as cards, with the new pipeline's own row.
  await page.goto(`${crm.url}/settings/roles`);
  await main.getByRole('link', { name: 'Employee' }).click();
  const licitacoes = page.getByRole('group', { name: 'Negócios: Licitações' });
  await expect(licitacoes.getByLabel('Negócios: Licitações: Ler')).toBeDisabled();
  await licitacoes.getByRole('checkbox', { name: 'Permissões próprias no funil Licitações' }).check();
  await licitacoes.getByLabel('Negócios: Licitações: Ler').selectOption({ label: 'Pessoal' });
  await expectAccessible(page, 'role on a phone');
  await noSideways();
  await shot(page, 'role-phone');
  await page.getByRole('tab', { name: 'Campos' }).click();
  await page.getByLabel('Acesso a Valor', { exact: true }).selectOption({ label: 'Oculto' });
  await expectAccessible(page, 'field access on a phone');
  await shot(page, 'fields-phone');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByText('Tudo salvo')).toBeVisible();
  const roles = (await (await crm.api.get('/api/v1/roles')).json()) as { roles: Array<{ name: string; permissions: { items: { deal?: { read?: string; pipelines?: Record<string, Record<string, string>> } }; fields?: { deal?: Record<string, string> } } }> };
  const employee = roles.roles.find((r) => r.name === 'Employee')!;
  const pipelineGrants = Object.values(employee.permissions.items.deal?.pipelines ?? {});
  expect(pipelineGrants).toEqual([{ read: 'own', add: 'all', update: 'all', delete: 'all', export: 'all', import: 'all' }]);
  expect(employee.permissions.fields?.deal).toEqual({ opportunity: 'hidden' });

  await page.goto(`${crm.url}/settings/roles/explain`);
  await expect(page.getByRole('heading', { name: 'Verificar acesso', level: 2 })).toBeVisible();
  await expectAccessible(page, 'explain on a phone');
  await noSideways();
  await shot(page, 'explain-phone');
});
