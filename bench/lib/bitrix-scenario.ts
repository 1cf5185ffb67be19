/**
 * The Bitrix24-compatible API beside the native one (issue 16): `crm.contact.get`, `crm.contact.list` (a filter and
 * an order, with Bitrix24's total) and `crm.deal.add`, each against the same native call, through an inbound webhook
 * of the administrator. Target: each at most 1.5× the native time at p50.
 */
import type { Database } from '../../apps/server/src/db/database.ts';
import { createForEmail } from '../../apps/server/src/modules/bitrix/inbound-webhook.service.ts';
import { request, timeIt } from './measure.ts';
import { log } from './options.ts';
import type { Figure, Setup } from './scenarios.ts';

async function ok(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const response = await request(method, path, token, body);
  if (response.status < 200 || response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body);
}

export async function bitrixFigures(s: Setup, database: Database): Promise<Figure[]> {
  const admin = await database.db.selectFrom('users').select('email').where('id', '=', s.seed.adminId).executeTakeFirstOrThrow();
  const created = await createForEmail(database, admin.email, 'bench', ['crm'], 'http://127.0.0.1', new Date());
  if (!created) throw new Error('no active administrator for the webhook');
  const base = new URL(created.url).pathname;
  const figures: Figure[] = [];
  const ids = s.liveIds;
  const idAt = (i: number) => ids[(i * 7919) % ids.length];

  // Both calls read the same contacts: read them first through both, so neither pays for bringing them into the
  // cache nor for the first compilation of its code.
  for (let i = 0; i < s.iterations + s.warmup; i++) {
    await ok('GET', `/api/v1/contacts/${idAt(i)}`, s.adminToken);
    await ok('GET', `${base}crm.contact.get?id=${idAt(i)}`, s.adminToken);
  }
  const got = await ok('GET', `${base}crm.contact.get?id=${idAt(1)}`, s.adminToken);
  if (String(got.result.ID) !== String(idAt(1))) throw new Error('crm.contact.get answered another contact');
  figures.push({
    key: 'bitrix.contactGet',
    label: 'crm.contact.get — beside GET /api/v1/contacts/{id}',
    kind: 'latency',
    api: await timeIt(s.iterations, s.warmup, (i) => ok('GET', `${base}crm.contact.get?id=${idAt(i)}`, s.adminToken)),
    sql: await timeIt(s.iterations, s.warmup, (i) => ok('GET', `/api/v1/contacts/${idAt(i)}`, s.adminToken)),
  });

  // A filter and an order; Bitrix24 answers the exact total, so the native call is asked for it too.
  const listPath = `${base}crm.contact.list?filter[ASSIGNED_BY_ID]=${s.filterUser}&order[DATE_CREATE]=DESC&select[]=*`;
  const nativePath = `/api/v1/contacts?limit=50&filter[assignedById]=${s.filterUser}&sort=-createdAt&total=exact`;
  const [listed, native] = [await ok('GET', listPath, s.adminToken), await ok('GET', nativePath, s.adminToken)];
  if (listed.result.length !== 50 || listed.total !== native.total) throw new Error(`crm.contact.list: ${listed.result.length} rows, total ${listed.total}; native total ${native.total}`);
  figures.push({
    key: 'bitrix.contactList',
    label: `crm.contact.list, ASSIGNED_BY_ID filter by DATE_CREATE desc (${Number(listed.total).toLocaleString('en-US')}) — beside the native list`,
    kind: 'latency',
    api: await timeIt(s.iterations, s.warmup, () => ok('GET', listPath, s.adminToken)),
    sql: await timeIt(s.iterations, s.warmup, () => ok('GET', nativePath, s.adminToken)),
  });

  const contact = idAt(3);
  figures.push({
    key: 'bitrix.dealAdd',
    label: 'crm.deal.add — beside POST /api/v1/deals',
    kind: 'latency',
    api: await timeIt(s.iterations, s.warmup, (i) => ok('POST', `${base}crm.deal.add`, s.adminToken, { fields: { TITLE: `Bitrix24 bench ${i}`, OPPORTUNITY: '1500.00', CURRENCY_ID: 'BRL', CONTACT_ID: contact } })),
    sql: await timeIt(s.iterations, s.warmup, (i) => ok('POST', '/api/v1/deals', s.adminToken, { title: `Native bench ${i}`, opportunity: '1500.00', currencyId: 'BRL', contactIds: [contact] })),
  });
  log('  Bitrix24-compatible calls done');
  return figures;
}
