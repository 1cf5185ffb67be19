import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The legacy CRM entity methods of the Bitrix24-compatible API (modules/bitrix/crm-*.ts), driven by the official SDK. */

type Answer = { status: number; body: any };

for (const dialect of testDialects()) {
  describe(`Bitrix24 crm.lead|contact|company|deal [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    const raw = () => t.database.db as unknown as Kysely<any>;
    /** A call through the SDK; its `result`. */
    const call = async (method: string, params: Record<string, unknown> = {}, on: BitrixClient = client): Promise<any> => {
      const answer = await on.b24.actions.v2.call.make({ method, params });
      assert.equal(answer.isSuccess, true, `${method}: ${answer.getErrorMessages().join('; ')}`);
      return (answer.getData() as { result: unknown }).result;
    };
    /** A raw JSON call, for statuses, `total` and `next`. */
    const post = (method: string, params: Record<string, unknown> = {}, on: BitrixClient = client): Promise<Answer> =>
      on.raw(method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });

    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
    });
    after(() => t.close());

    it('refuses first: a bad id, a missing item, a bad value named by its Bitrix24 field', async () => {
      const noId = await post('crm.contact.get', {});
      assert.deepEqual([noId.status, noId.body.error, noId.body.error_description], [400, 'INVALID_ARG_VALUE', 'ID is not defined or invalid.']);
      const missing = await post('crm.deal.get', { id: 999999 });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'NOT_FOUND', error_description: 'Not found' }]);
      const sdk = await client.b24.actions.v2.call.make({ method: 'crm.deal.get', params: { id: 999999 } }).catch((error: unknown) => error);
      assert.match(String((sdk as { code?: string }).code ?? sdk), /NOT_FOUND/);
      const tooLong = await post('crm.contact.add', { fields: { NAME: 'Ana', LAST_NAME: 'x'.repeat(51) } });
      assert.equal(tooLong.status, 400);
      assert.match(tooLong.body.error_description, /^LAST_NAME \(Last name\) is longer than 50 characters$/);
      const noTitle = await post('crm.company.add', { fields: { COMPANY_TYPE: 'CUSTOMER' } });
      assert.equal(noTitle.status, 400);
      assert.match(noTitle.body.error_description, /TITLE/);
      const badPhone = await post('crm.contact.add', { fields: { NAME: 'Ana', PHONE: [{ VALUE: 'abc', VALUE_TYPE: 'WORK' }] } });
      assert.equal(badPhone.status, 400);
      assert.match(badPhone.body.error_description, /^PHONE\.0\.value/);
      const badFilter = await post('crm.contact.list', { filter: { NOPE: 1 } });
      assert.deepEqual([badFilter.status, badFilter.body.error], [400, 'INVALID_ARG_VALUE']);
    });

    it('describes fields in the webhook user\'s language (crm.X.fields)', async () => {
      const fields = await call('crm.deal.fields');
      assert.deepEqual(fields.TITLE, { type: 'string', isRequired: true, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Deal name' });
      assert.equal(fields.ID.isReadOnly, true);
      assert.equal(fields.STAGE_ID.type, 'crm_status');
      assert.equal(fields.STAGE_ID.statusType, 'DEAL_STAGE');
      assert.equal(fields.CATEGORY_ID.isImmutable, true);
      assert.equal(fields.OPPORTUNITY.type, 'double');
      assert.equal(fields.CONTACT_IDS.isMultiple, true);
      assert.ok(!('VERSION' in fields));
      const contact = await call('crm.contact.fields');
      assert.deepEqual([contact.PHONE.type, contact.PHONE.isMultiple, contact.OPENED.type], ['crm_multifield', true, 'char']);
    });

    it('adds, gets, updates, lists and deletes each type with Bitrix24 names and value shapes', async () => {
      const companyId = await call('crm.company.add', { fields: { TITLE: 'Acme Ltda', COMPANY_TYPE: 'CUSTOMER', REVENUE: 1000000, OPENED: 'Y' } });
      assert.equal(typeof companyId, 'number');
      const contactId = await call('crm.contact.add', { fields: { NAME: 'Ana', LAST_NAME: 'Souza', BIRTHDATE: '11.11.2001', COMPANY_IDS: [companyId], EMAIL: [{ VALUE: 'ana@example.com', VALUE_TYPE: 'WORK' }] } });
      const leadId = await call('crm.lead.add', { fields: { TITLE: 'Pedido', NAME: 'João', OPPORTUNITY: '10.5', CURRENCY_ID: 'BRL', STATUS_ID: 'NEW' } });
      const dealId = await call('crm.deal.add', { fields: { TITLE: 'Licenças', OPPORTUNITY: 1500, CURRENCY_ID: 'BRL', COMPANY_ID: String(companyId), CONTACT_IDS: [contactId], CLOSEDATE: '2026-12-31T00:00:00+00:00' } });

      const deal = await call('crm.deal.get', { id: dealId });
      assert.equal(deal.ID, String(dealId));
      assert.equal(deal.TITLE, 'Licenças');
      assert.equal(deal.OPPORTUNITY, '1500.00');
      assert.equal(deal.COMPANY_ID, String(companyId));
      assert.equal(deal.CLOSEDATE, '2026-12-31T00:00:00+00:00');
      assert.equal(deal.BEGINDATE, '');
      assert.equal(deal.CLOSED, 'N');
      assert.equal(deal.TYPE_ID, null);
      assert.match(deal.DATE_CREATE, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      assert.ok(!('CONTACT_IDS' in deal) && !('VERSION' in deal), 'links come from the link methods');

      const contact = await call('crm.contact.get', { id: contactId });
      assert.equal(contact.BIRTHDATE, '2001-11-11T00:00:00+00:00');
      assert.ok(contact.OPENED === 'Y' || contact.OPENED === 'N');
      assert.deepEqual(contact.EMAIL.map((e: any) => [e.VALUE, e.VALUE_TYPE, e.TYPE_ID]), [['ana@example.com', 'WORK', 'EMAIL']]);
      assert.deepEqual(contact.PHONE, []);
      assert.equal((await call('crm.lead.get', { id: leadId })).OPPORTUNITY, '10.50');
      assert.equal((await call('crm.company.get', { id: companyId })).OPENED, 'Y');

      // Form-encoded values arrive as strings and are coerced by field type.
      const form = await client.raw('crm.deal.update', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${dealId}&fields[PROBABILITY]=40&fields[OPENED]=Y&fields[BEGINDATE]=2026-01-02` });
      assert.deepEqual([form.status, form.body.result], [200, true]);
      assert.equal(await call('crm.lead.update', { id: leadId, fields: { TITLE: 'Pedido 2', NOT_A_FIELD: 'ignored', ID: 5 } }), true);
      const updated = await call('crm.deal.get', { id: dealId });
      assert.deepEqual([updated.PROBABILITY, updated.OPENED, updated.BEGINDATE], ['40', 'Y', '2026-01-02T00:00:00+00:00']);
      assert.equal((await call('crm.lead.get', { id: leadId })).TITLE, 'Pedido 2');

      for (const [type, id] of [['lead', leadId], ['contact', contactId], ['company', companyId], ['deal', dealId]] as const) {
        const listed = await call(`crm.${type}.list`, { filter: { ID: id } });
        assert.equal(listed.length, 1, type);
        assert.equal(listed[0].ID, String(id));
      }
      assert.equal(await call('crm.deal.delete', { id: dealId }), true);
      assert.equal((await post('crm.deal.get', { id: dealId })).body.error, 'NOT_FOUND');
      assert.equal((await post('crm.deal.update', { id: dealId, fields: { TITLE: 'x' } })).status, 400);
    });

    it('multi-fields: add a list, append without ID, change by ID, delete by DELETE=Y or an empty VALUE', async () => {
      const id = await call('crm.contact.add', { fields: { NAME: 'Multi', PHONE: [{ VALUE: '+55 11 98765-4321', VALUE_TYPE: 'MOBILE' }, { VALUE: '+55 11 3333-4444', VALUE_TYPE: 'WORK' }] } });
      const phones = async () => (await call('crm.contact.get', { id })).PHONE as Array<{ ID: string; VALUE: string; VALUE_TYPE: string; TYPE_ID: string }>;
      const [mobile, work] = await phones();
      assert.equal(mobile.TYPE_ID, 'PHONE');
      await call('crm.contact.update', { id, fields: { PHONE: [{ VALUE: '+55 21 2222-1111', VALUE_TYPE: 'HOME' }] } });
      assert.deepEqual((await phones()).map((p) => p.VALUE_TYPE), ['MOBILE', 'WORK', 'HOME'], 'appended, the others untouched');
      await call('crm.contact.update', { id, fields: { PHONE: [{ ID: mobile.ID, VALUE: '+55 11 91111-2222', VALUE_TYPE: 'MOBILE' }] } });
      assert.equal((await phones()).find((p) => p.ID === mobile.ID)!.VALUE, '+55 11 91111-2222');
      await call('crm.contact.update', { id, fields: { PHONE: [{ ID: work.ID, DELETE: 'Y' }] } });
      const left = await phones();
      assert.deepEqual(left.map((p) => p.VALUE_TYPE), ['MOBILE', 'HOME']);
      await call('crm.contact.update', { id, fields: { PHONE: [{ ID: left[1].ID, VALUE: '' }] } });
      assert.deepEqual((await phones()).map((p) => p.ID), [mobile.ID]);
      // Multi-fields come in a list only when selected.
      const [plain] = await call('crm.contact.list', { filter: { ID: id } });
      assert.ok(!('PHONE' in plain));
      const [selected] = await call('crm.contact.list', { filter: { ID: id }, select: ['ID', 'PHONE'] });
      assert.deepEqual(Object.keys(selected).sort(), ['ID', 'PHONE']);
      assert.equal(selected.PHONE[0].VALUE, '+55 11 91111-2222');
    });

    it('custom fields: UF_CRM_* written and read, selected with UF_* or by name, filtered', async () => {
      const created = await t.call('POST', '/api/v1/custom-fields/deals', { type: 'string', labelEn: 'Project code', labelPt: 'Código do projeto', name: 'UF_CRM_PROJECT' });
      assert.equal(created.statusCode, 201, created.body);
      await t.call('POST', '/api/v1/custom-fields/deals', { type: 'integer', labelEn: 'Seats', labelPt: 'Licenças', name: 'UF_CRM_SEATS' });
      // A new field: the webhook's next call sees it.
      const id = await call('crm.deal.add', { fields: { TITLE: 'Com campo', UF_CRM_PROJECT: 'PRJ-7', UF_CRM_SEATS: '12' } });
      const deal = await call('crm.deal.get', { id });
      assert.deepEqual([deal.UF_CRM_PROJECT, deal.UF_CRM_SEATS], ['PRJ-7', '12']);
      await call('crm.deal.update', { id, fields: { UF_CRM_SEATS: 15 } });
      const [byDefault] = await call('crm.deal.list', { filter: { UF_CRM_PROJECT: 'PRJ-7' } });
      assert.deepEqual([byDefault.ID, byDefault.UF_CRM_SEATS, typeof byDefault.TITLE], [String(id), '15', 'string']);
      const [onlyUf] = await call('crm.deal.list', { filter: { '>UF_CRM_SEATS': 14 }, select: ['UF_*'] });
      assert.deepEqual(Object.keys(onlyUf).sort(), ['ID', 'UF_CRM_PROJECT', 'UF_CRM_SEATS']);
      const [star] = await call('crm.deal.list', { filter: { ID: id }, select: ['*'] });
      assert.ok(!('UF_CRM_SEATS' in star) && 'TITLE' in star);
      const fields = await call('crm.deal.fields');
      assert.equal(fields.UF_CRM_SEATS.isDynamic, true);
      assert.equal(fields.UF_CRM_SEATS.title, 'Seats');
      const bad = await post('crm.deal.update', { id, fields: { UF_CRM_SEATS: 'many' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error_description, /^UF_CRM_SEATS \(Seats\) has the wrong type$/);
    });

    it('filters with every prefix, bare arrays, PHONE/EMAIL and dates; orders in any case', async () => {
      const ids: number[] = [];
      const people: Array<[string, string, string, number]> = [
        ['Filtro Alfa', 'Molina', '+55 11 90000-0001', 10],
        ['Filtro Beta', 'Moraes', '+55 11 90000-0002', 20],
        ['Filtro Gama', 'Silva', '+55 11 90000-0003', 30],
        ['Filtro Delta', 'Amol', '+55 11 90000-0004', 40],
      ];
      for (const [name, lastName, phone] of people) {
        ids.push(await call('crm.contact.add', { fields: { NAME: name, LAST_NAME: lastName, PHONE: [{ VALUE: phone, VALUE_TYPE: 'WORK' }], EMAIL: [{ VALUE: `${lastName.toLowerCase()}@example.com` }], OPENED: lastName === 'Silva' ? 'Y' : 'N' } }));
      }
      const scope = { '%NAME': 'Filtro' };
      const names = async (filter: Record<string, unknown>, order: Record<string, string> = { ID: 'asc' }) =>
        ((await call('crm.contact.list', { filter: { ...scope, ...filter }, order, select: ['ID', 'LAST_NAME'] })) as Array<{ LAST_NAME: string }>).map((c) => c.LAST_NAME);
      assert.deepEqual(await names({}), ['Molina', 'Moraes', 'Silva', 'Amol']);
      assert.deepEqual(await names({ LAST_NAME: 'silva' }), ['Silva'], 'no prefix: equal (case folded)');
      assert.deepEqual(await names({ '=LAST_NAME': 'Silva' }), ['Silva']);
      assert.deepEqual(await names({ '!LAST_NAME': 'Silva' }), ['Molina', 'Moraes', 'Amol']);
      assert.deepEqual(await names({ '!=LAST_NAME': 'Silva' }), ['Molina', 'Moraes', 'Amol']);
      assert.deepEqual(await names({ '>ID': ids[1] }), ['Silva', 'Amol']);
      assert.deepEqual(await names({ '>=ID': ids[1] }), ['Moraes', 'Silva', 'Amol']);
      assert.deepEqual(await names({ '<ID': ids[1] }), ['Molina']);
      assert.deepEqual(await names({ '<=ID': ids[1] }), ['Molina', 'Moraes']);
      assert.deepEqual(await names({ '@ID': [ids[0], ids[3]] }), ['Molina', 'Amol']);
      assert.deepEqual(await names({ '!@ID': [ids[0], ids[3]] }), ['Moraes', 'Silva']);
      assert.deepEqual(await names({ ID: [ids[1], ids[2]] }), ['Moraes', 'Silva'], 'a bare array is IN');
      assert.deepEqual(await names({ '%LAST_NAME': 'mol' }), ['Molina', 'Amol']);
      assert.deepEqual(await names({ '!%LAST_NAME': 'mol' }), ['Moraes', 'Silva']);
      assert.deepEqual(await names({ '=%LAST_NAME': 'Mo%' }), ['Molina', 'Moraes']);
      assert.deepEqual(await names({ '%=LAST_NAME': '%ora%' }), ['Moraes']);
      assert.deepEqual(await names({ '!=%LAST_NAME': 'Mo%' }), ['Silva', 'Amol']);
      assert.deepEqual(await names({ '!%=LAST_NAME': 'Mo%' }), ['Silva', 'Amol']);
      assert.deepEqual(await names({ OPENED: 'Y' }), ['Silva']);
      assert.deepEqual(await names({ PHONE: '+55 11 90000-0002' }), ['Moraes']);
      assert.deepEqual(await names({ EMAIL: 'AMOL@example.com' }), ['Amol']);
      assert.deepEqual(await names({ '%PHONE': '0003' }), ['Silva']);
      assert.deepEqual(await names({ SECOND_NAME: '' }), ['Molina', 'Moraes', 'Silva', 'Amol'], 'empty means no value');
      for (const date of ['2000-01-01', '2000-01-01 00:00:00', '2000-01-01T00:00:00', '2000-01-01T00:00:00+03:00']) {
        assert.equal((await names({ '>DATE_CREATE': date })).length, 4, date);
        assert.equal((await names({ '<DATE_CREATE': date })).length, 0, date);
      }
      assert.deepEqual(await names({}, { LAST_NAME: 'DESC' }), ['Silva', 'Moraes', 'Molina', 'Amol']);
      assert.deepEqual(await names({}, { OPENED: 'desc', ID: 'Asc' }), ['Silva', 'Molina', 'Moraes', 'Amol']);
      assert.equal((await post('crm.contact.list', { filter: { '=%LAST_NAME': '%mol' } })).status, 400, 'an ends-with pattern is refused, not mis-read');
      // CRest-style GET: brackets in the query string, values as strings.
      const query = await client.raw(`crm.contact.list.json?filter%5B%25NAME%5D=Filtro&filter[%3EID]=${ids[2]}&select[]=LAST_NAME&order[ID]=desc`);
      assert.deepEqual([query.status, query.body.result.map((c: any) => c.LAST_NAME), query.body.total], [200, ['Amol'], 1]);
    });

    it('pages of 50 with start, total and next; start=-1 counts nothing; callList and fetchList walk them all', async () => {
      for (let index = 0; index < 120; index += 1) {
        const response = await t.call('POST', '/api/v1/companies', { title: `Paginada ${String(index).padStart(3, '0')}` });
        assert.equal(response.statusCode, 201, response.body);
      }
      const filter = { '%TITLE': 'Paginada' };
      const first = await post('crm.company.list', { filter, order: { TITLE: 'ASC' }, select: ['ID', 'TITLE'] });
      assert.deepEqual([first.body.result.length, first.body.total, first.body.next], [50, 120, 50]);
      assert.equal(first.body.result[0].TITLE, 'Paginada 000');
      const last = await post('crm.company.list', { filter, order: { TITLE: 'ASC' }, select: ['ID', 'TITLE'], start: 100 });
      assert.deepEqual([last.body.result.length, last.body.total, 'next' in last.body], [20, 120, false]);
      assert.equal(last.body.result[0].TITLE, 'Paginada 100');
      const odd = await post('crm.company.list', { filter, order: { TITLE: 'ASC' }, start: 7 });
      assert.equal(odd.body.result[0].TITLE, 'Paginada 007', 'start is an offset');
      const uncounted = await post('crm.company.list', { filter, start: -1 });
      assert.deepEqual([uncounted.body.result.length, uncounted.body.total, 'next' in uncounted.body], [50, 0, false]);

      const all = await client.b24.actions.v2.callList.make<{ ID: string }>({ method: 'crm.company.list', params: { filter, select: ['ID'] }, idKey: 'ID' });
      assert.equal(all.isSuccess, true);
      const ids = all.getData()!.map((c) => Number(c.ID));
      assert.equal(ids.length, 120);
      assert.equal(new Set(ids).size, 120);
      const pages: number[] = [];
      for await (const page of client.b24.actions.v2.fetchList.make<{ ID: string }>({ method: 'crm.company.list', params: { filter, select: ['ID'] }, idKey: 'ID' })) pages.push(page.length);
      assert.deepEqual(pages, [50, 50, 20]);
    });

    it('link methods: a deal\'s contacts, a contact\'s companies, a company\'s contacts', async () => {
      const contacts = [await call('crm.contact.add', { fields: { NAME: 'Link A' } }), await call('crm.contact.add', { fields: { NAME: 'Link B' } }), await call('crm.contact.add', { fields: { NAME: 'Link C' } })];
      const dealId = await call('crm.deal.add', { fields: { TITLE: 'Com contatos' } });
      assert.deepEqual(await call('crm.deal.contact.items.get', { id: dealId }), []);
      assert.equal(await call('crm.deal.contact.items.set', { id: dealId, items: [{ CONTACT_ID: contacts[1], SORT: 20 }, { CONTACT_ID: contacts[0], SORT: 10 }] }), true);
      const linked = await call('crm.deal.contact.items.get', { id: dealId });
      assert.deepEqual(linked.map((l: any) => [l.CONTACT_ID, l.IS_PRIMARY]), [[contacts[0], 'Y'], [contacts[1], 'N']]);
      await call('crm.deal.contact.add', { id: dealId, fields: { CONTACT_ID: contacts[2], IS_PRIMARY: 'Y' } });
      assert.deepEqual((await call('crm.deal.contact.items.get', { id: dealId })).map((l: any) => l.CONTACT_ID), [contacts[2], contacts[0], contacts[1]]);
      await call('crm.deal.contact.delete', { id: dealId, fields: { CONTACT_ID: contacts[0] } });
      assert.deepEqual((await call('crm.deal.contact.items.get', { id: dealId })).map((l: any) => l.CONTACT_ID), [contacts[2], contacts[1]]);
      await call('crm.deal.contact.items.delete', { id: dealId });
      assert.deepEqual(await call('crm.deal.contact.items.get', { id: dealId }), []);
      const missing = await post('crm.deal.contact.add', { id: dealId, fields: { CONTACT_ID: 999999 } });
      assert.equal(missing.status, 400);

      const companyId = await call('crm.company.add', { fields: { TITLE: 'Vinculada' } });
      await call('crm.contact.company.add', { id: contacts[0], fields: { COMPANY_ID: companyId } });
      assert.deepEqual((await call('crm.contact.company.items.get', { id: contacts[0] })).map((l: any) => l.COMPANY_ID), [companyId]);
      assert.deepEqual((await call('crm.company.contact.items.get', { id: companyId })).map((l: any) => l.CONTACT_ID), [contacts[0]], 'the same link seen from the company');
      await call('crm.company.contact.items.set', { id: companyId, items: [{ CONTACT_ID: contacts[1] }] });
      assert.deepEqual(await call('crm.contact.company.items.get', { id: contacts[0] }), []);
      assert.equal((await call('crm.company.contact.fields')).CONTACT_ID.type, 'crm_contact');
    });

    it('a department role: only its department\'s items are seen, listed and counted, never a hidden field', async () => {
      const seller = await t.addUser('Vendedora');
      const colleague = await t.addUser('Colega');
      const outsider = await t.addUser('De fora');
      const department = async (name: string, members: number[]) => {
        const row = await raw().insertInto('departments').values({ name, parent_id: null, head_user_id: members[0], sort: 100 }).returning('id').executeTakeFirstOrThrow();
        for (const member of members) await raw().insertInto('user_departments').values({ user_id: member, department_id: row.id }).execute();
      };
      await department('Vendas', [seller.id, colleague.id]);
      await department('Suporte', [outsider.id]);
      const ours: number[] = [];
      for (const owner of [seller.id, colleague.id]) ours.push(await call('crm.contact.add', { fields: { NAME: 'Do time', POST: 'Gerente', ASSIGNED_BY_ID: owner, OPENED: 'N' } }));
      const theirs = await call('crm.contact.add', { fields: { NAME: 'Do time', POST: 'Diretor', ASSIGNED_BY_ID: outsider.id, OPENED: 'N' } });
      const sellerHook = await bitrixClient(t, { token: seller.token });
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('department'), fields: { contact: { post: 'hidden' } } } }]);

      const listed = await post('crm.contact.list', { filter: { NAME: 'Do time' }, select: ['*', 'POST'] }, sellerHook);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.result.map((c: any) => Number(c.ID)).sort(), [...ours].sort());
      assert.equal(listed.body.total, 2);
      assert.ok(listed.body.result.every((c: any) => !('POST' in c)));
      const got = await call('crm.contact.get', { id: ours[1] }, sellerHook);
      assert.ok(!('POST' in got) && got.NAME === 'Do time');
      await raw().updateTable('users').set({ locale: 'pt-BR' }).where('id', '=', seller.id).execute();
      const described = await call('crm.contact.fields', {}, sellerHook);
      assert.ok(!('POST' in described));
      assert.equal(described.LAST_NAME.title, 'Sobrenome', "in the webhook user's language");
      const refused = await post('crm.contact.update', { id: ours[0], fields: { LAST_NAME: 'x'.repeat(51) } }, sellerHook);
      assert.equal(refused.body.error_description, 'LAST_NAME (Sobrenome) tem mais de 50 caracteres');
      assert.equal((await post('crm.contact.get', { id: theirs }, sellerHook)).body.error, 'NOT_FOUND');
      assert.equal((await post('crm.contact.update', { id: theirs, fields: { NAME: 'x' } }, sellerHook)).body.error, 'NOT_FOUND');
      assert.equal((await post('crm.contact.list', { filter: { POST: 'Diretor' } }, sellerHook)).status, 400, 'a hidden field cannot be filtered on');
      // A hidden field written is ignored, as Bitrix24 ignores fields it does not know.
      await call('crm.contact.update', { id: ours[0], fields: { POST: 'Trocado' } }, sellerHook);
      assert.equal((await call('crm.contact.get', { id: ours[0] })).POST, 'Gerente');

      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('department'), contact: { ...everywhere('department').contact, add: 'none' } } } }]);
      const denied = await post('crm.contact.add', { fields: { NAME: 'Proibido' } }, sellerHook);
      assert.deepEqual([denied.status, denied.body.error], [403, 'ACCESS_DENIED']);
    });
  });
}
