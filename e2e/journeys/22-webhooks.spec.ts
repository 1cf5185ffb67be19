import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectAccessible } from '../support/axe.ts';
import { expect, test } from '../support/crm.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: { kind: string; item: { id?: number; title?: string } | null };
}

/** A receiver on 127.0.0.1 that answers 200 to every POST and keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text || '{}') as Received['body'] });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/vinculo`, received, close: () => new Promise((done) => server.close(done)) };
}

test('an administrator allows 127.0.0.1, registers a webhook for new deals in the settings, and sees the delivery a new deal makes', async ({ page, crm }) => {
  const receiver = await startReceiver();
  try {
    await crm.signIn(page);
    await page.goto(`${crm.url}/settings/webhooks`);
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 2 })).toBeVisible();
    await expect(page.getByText('Nenhum webhook ainda. Crie um para enviar eventos a outro sistema.')).toBeVisible();

    // 127.0.0.1 is refused until an administrator allows it.
    await page.getByRole('button', { name: 'Novo webhook' }).click();
    let dialog = page.getByRole('dialog', { name: 'Novo webhook' });
    await dialog.getByRole('textbox', { name: /Endereço/ }).fill(receiver.url);
    await dialog.getByRole('checkbox', { name: 'Negócio criado' }).check();
    await dialog.getByRole('button', { name: 'Criar webhook' }).click();
    await expect(dialog.getByRole('textbox', { name: /Endereço/ })).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();

    const hosts = page.getByRole('combobox', { name: 'Hosts permitidos' });
    await hosts.fill('127.0.0.1');
    await hosts.press('Enter');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect(page.getByText('Hosts permitidos salvos.')).toBeVisible();
    expect(await (await crm.api.get('/api/v1/settings/outbound')).json()).toEqual({ allowedHosts: ['127.0.0.1'] });

    // The webhook, for new deals only; its secret is shown once.
    await page.getByRole('button', { name: 'Novo webhook' }).click();
    dialog = page.getByRole('dialog', { name: 'Novo webhook' });
    await dialog.getByRole('textbox', { name: /Endereço/ }).fill(receiver.url);
    await dialog.getByRole('textbox', { name: /Descrição/ }).fill('Receptor do teste');
    await dialog.getByRole('checkbox', { name: 'Negócio criado' }).check();
    await expect(dialog.getByRole('checkbox', { name: 'Todos: Negócios' })).not.toBeChecked();
    await dialog.getByRole('button', { name: 'Criar webhook' }).click();
    const secretDialog = page.getByRole('dialog', { name: 'Webhook criado' });
    await expect(secretDialog.getByText(/HMAC-SHA256/)).toBeVisible();
    await expect(secretDialog.getByText('Copie agora: ele não será mostrado de novo.')).toBeVisible();
    await expect(secretDialog.getByRole('textbox', { name: 'Segredo de assinatura' })).not.toHaveValue('');
    await expectAccessible(page, 'webhook secret dialog');
    await secretDialog.getByRole('button', { name: 'Pronto' }).click();
    await expect(secretDialog).toBeHidden();

    const row = page.getByTestId('webhook-row').filter({ hasText: receiver.url });
    await expect(row).toContainText('Ativo');
    await expect(row).toContainText('Negócio criado');
    await expect(row).toContainText('Nada enviado ainda');
    await expectAccessible(page, 'webhooks section');

    // A deal made through the API reaches the receiver and the webhook's delivery log.
    const created = await crm.api.post('/api/v1/deals', { data: { title: 'Contrato via webhook' } });
    expect(created.status(), await created.text()).toBe(201);
    const deal = (await created.json()) as { id: number };
    await expect.poll(() => receiver.received.filter((r) => r.body.kind === 'deal.created').length, { timeout: 15_000 }).toBe(1);
    const got = receiver.received.find((r) => r.body.kind === 'deal.created')!;
    expect(got.body.item?.id).toBe(deal.id);
    expect(got.headers['vinculo-signature']).toBeTruthy();

    await row.getByRole('link', { name: receiver.url }).click();
    await expect(page.getByRole('heading', { name: receiver.url, level: 2 })).toBeVisible();
    const log = page.getByRole('table', { name: 'Entregas' });
    const delivered = log.getByRole('row', { name: /Negócio criado/ });
    // The page asks again every 10 s; a reload is quicker when the delivery landed just before it opened.
    await expect(async () => {
      if (!(await delivered.isVisible())) await page.reload();
      await expect(delivered).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(delivered).toContainText('Entregue');
    await expect(delivered).toContainText('HTTP 200');
    await expectAccessible(page, 'webhook delivery log');

    // A test ping from the page: its outcome is told, and it joins the log.
    await page.getByRole('button', { name: 'Enviar teste' }).click();
    await expect(page.getByText(/Teste entregue: HTTP 200/)).toBeVisible();
    await expect(log.getByRole('row', { name: /Teste \(ping\)/ })).toContainText('Entregue');
  } finally {
    await receiver.close();
  }
});
