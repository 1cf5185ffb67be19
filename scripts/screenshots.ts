#!/usr/bin/env node
/**
 * Screenshots of the main screens, in pt-BR, at desktop size and at 375 px wide, for docs/screenshots and for looking
 * at what we build. Runs against a running server with data (`vinculo seed --demo`):
 *
 *   node scripts/screenshots.ts --url http://127.0.0.1:3000 --email ana@example.com.br --password … [--out docs/screenshots] [--only name,…|settings]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    email: { type: 'string' },
    password: { type: 'string' },
    out: { type: 'string', default: 'docs/screenshots' },
    only: { type: 'string' },
    locale: { type: 'string', default: 'pt-BR' },
  },
});
if (!values.email || !values.password) {
  console.error('Usage: node scripts/screenshots.ts --url URL --email E --password P [--out DIR] [--only NAME,…|settings]');
  process.exit(1);
}

interface Shot {
  name: string;
  path: string;
  width: number;
  height: number;
  /** `--only settings` takes a group. */
  group?: string;
  /** What to do once the page is there (open a dialog, wait for data). */
  prepare?: (page: Page) => Promise<void>;
}

const firstDealId = async (page: Page) => {
  // The biggest deal with something planned: its card shows the timeline with a pinned activity.
  const answer = await page.request.get(`${values.url}/api/v1/deals?limit=1&fields=id&sort=-opportunity&filter[nextActivityAt][empty]=false`);
  return ((await answer.json()) as { items: Array<{ id: number }> }).items[0]?.id ?? 1;
};

const shots: Shot[] = [
  { name: 'list', path: '/deals?view=list', width: 1440, height: 900 },
  { name: 'kanban', path: '/deals?view=kanban', width: 1440, height: 900 },
  { name: 'card', path: '/deals/{deal}', width: 1440, height: 900 },
  {
    name: 'search',
    path: '/contacts',
    width: 1440,
    height: 900,
    prepare: async (page) => {
      await page.keyboard.press('Control+k');
      await page.getByRole('dialog').getByRole('combobox').waitFor();
      await page.keyboard.type('silva');
      await page.waitForTimeout(800);
    },
  },
  { name: 'recycle-bin', path: '/recycle-bin', width: 1440, height: 900 },
  { name: 'activities', path: '/activities', width: 1440, height: 900 },
  { name: 'activities-calendar', path: '/activities?view=calendar', width: 1440, height: 900 },
  { name: 'tasks', path: '/tasks', width: 1440, height: 900 },
  {
    name: 'notifications',
    path: '/deals?view=kanban',
    width: 1440,
    height: 900,
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Notificações' }).click();
      await page.waitForTimeout(500);
    },
  },
  { name: 'phone-activities', path: '/activities', width: 375, height: 812 },
  { name: 'phone-tasks', path: '/tasks', width: 375, height: 812 },
  { name: 'phone-list', path: '/contacts', width: 375, height: 812 },
  { name: 'phone-kanban', path: '/deals?view=kanban', width: 375, height: 812 },
  { name: 'phone-card', path: '/deals/{deal}', width: 375, height: 812 },
  {
    name: 'phone-search',
    path: '/contacts',
    width: 375,
    height: 812,
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Pesquisar' }).click();
      await page.getByRole('dialog').getByRole('combobox').waitFor();
      await page.keyboard.type('silva');
      await page.waitForTimeout(800);
    },
  },
  { name: 'phone-recycle-bin', path: '/recycle-bin', width: 375, height: 812 },
  // The settings and the profile (not in the README; `--only settings` takes them all).
  ...[
    { name: 'duplicates', path: '/duplicates?type=contacts' },
    {
      name: 'duplicates-merge',
      path: '/duplicates?type=contacts',
      prepare: async (page: Page) => {
        await page.getByRole('button', { name: 'Mesclar' }).first().click();
        await page.getByRole('dialog').getByRole('radio').first().waitFor();
      },
    },
    {
      name: 'duplicates-warning',
      path: '/contacts/new',
      prepare: async (page: Page) => {
        await page.getByRole('textbox', { name: 'Nome', exact: true }).fill('Rafael');
        await page.getByRole('textbox', { name: 'Sobrenome', exact: true }).fill('Ribeiro');
        await page.getByTestId('duplicate-warning').waitFor();
        await page.getByTestId('duplicate-warning').scrollIntoViewIfNeeded();
      },
    },
  ].flatMap((shot) => [
    { ...shot, width: 1280, height: 900, group: 'duplicates' },
    { ...shot, name: `phone-${shot.name}`, width: 375, height: 812, group: 'duplicates' },
  ]),
  ...[
    { name: 'settings-lists', path: '/settings/lists?list=SOURCE' },
    { name: 'settings-pipelines', path: '/settings/pipelines' },
    { name: 'settings-fields', path: '/settings/fields/deals' },
    { name: 'settings-layout', path: '/settings/fields/deals/layout' },
    { name: 'settings-currencies', path: '/settings/currencies' },
    { name: 'settings-crm-mode', path: '/settings/crm-mode' },
    { name: 'settings-users', path: '/settings/users' },
    { name: 'settings-departments', path: '/settings/departments' },
    { name: 'settings-roles', path: '/settings/roles' },
    { name: 'settings-explain', path: '/settings/roles/explain' },
    { name: 'settings-audit', path: '/settings/audit' },
    { name: 'settings-profile', path: '/profile' },
    { name: 'settings-inbound-webhooks', path: '/settings/inbound-webhooks' },
    {
      name: 'settings-webhook-new',
      path: '/settings/webhooks',
      prepare: async (page: Page) => {
        await page.getByRole('button', { name: 'Novo webhook' }).first().click();
        await page.getByRole('dialog').getByText('Comentário excluído').scrollIntoViewIfNeeded();
      },
    },
  ].flatMap((shot) => [
    { ...shot, width: 1440, height: 900, group: 'settings' },
    { ...shot, name: `phone-${shot.name}`, width: 375, height: 812, group: 'settings' },
  ]),
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const context = await browser.newContext({ locale: values.locale, timezoneId: 'America/Sao_Paulo' });
const page = await context.newPage();
await page.goto(`${values.url}/login`);
await page.getByLabel(/E-mail/).fill(values.email);
await page.getByLabel(/^Senha|^Password/).fill(values.password);
await page.getByRole('button', { name: /^Entrar$|^Sign in$/ }).click();
await page.waitForURL((url) => !url.pathname.startsWith('/login'));
const deal = await firstDealId(page);

mkdirSync(values.out!, { recursive: true });
// --only: names or groups, comma-separated; without it, every shot but the settings.
const wanted = values.only?.split(',').map((name) => name.trim());
const chosen = shots.filter((s) => (wanted ? wanted.includes(s.name) || (s.group !== undefined && wanted.includes(s.group)) : s.group === undefined));
for (const shot of chosen) {
  await page.setViewportSize({ width: shot.width, height: shot.height });
  await page.goto(`${values.url}${shot.path.replace('{deal}', String(deal))}`);
  await page.waitForLoadState('networkidle');
  await shot.prepare?.(page);
  await page.waitForTimeout(300);
  const file = join(values.out!, `${shot.name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
}
await browser.close();
