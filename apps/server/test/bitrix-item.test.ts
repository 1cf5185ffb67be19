import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The universal crm.item.* methods of the Bitrix24-compatible API (modules/bitrix/item-methods.ts), driven by the official SDK. */

type Answer = { status: number; body: any };

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

for (const dialect of testDialects()) {
  describe(`Bitrix24 crm.item.* [${dialect}]`, () => {
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
    const add = async (entityTypeId: number, fields: Record<string, unknown>, on: BitrixClient = client) => (await call('crm.item.add', { entityTypeId, fields }, on)).item;
    const get = async (entityTypeId: number, id: number, extra: Record<string, unknown> = {}) => (await call('crm.item.get', { entityTypeId, id, ...extra })).item;

    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
    });
    after(() => t.close());

    it('refuses first: an unknown entityTypeId, a missing item, a bad id, a bad value named by its item field', async () => {
      for (const entityTypeId of [7, 31, 128, 0, 'deal']) {
        const unknown = await post('crm.item.list', { entityTypeId });
        assert.deepEqual([unknown.status, unknown.body], [400, { error: 'NOT_FOUND', error_description: 'Smart process not found' }], String(entityTypeId));
      }
      assert.equal((await post('crm.item.fields', {})).body.error_description, 'Smart process not found', 'no entityTypeId');
      const missing = await post('crm.item.get', { entityTypeId: 2, id: 999999 });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'NOT_FOUND', error_description: 'Element not found' }]);
      assert.equal((await post('crm.item.update', { entityTypeId: 2, id: 999999, fields: { title: 'x' } })).body.error_description, 'Element not found');
      assert.deepEqual((await post('crm.item.delete', { entityTypeId: 2, id: 999999 })).body, { error: 'NOT_FOUND', error_description: 'Item not found' });
      const sdk = await client.b24.actions.v2.call.make({ method: 'crm.item.get', params: { entityTypeId: 3, id: 999999 } }).catch((error: unknown) => error);
      assert.match(String((sdk as { code?: string }).code ?? sdk), /NOT_FOUND/);
      const noId = await post('crm.item.get', { entityTypeId: 3 });
      assert.deepEqual([noId.status, noId.body.error], [400, 'INVALID_ARG_VALUE']);

      const tooLong = await post('crm.item.add', { entityTypeId: 3, fields: { name: 'Ana', lastName: 'x'.repeat(51) } });
      assert.deepEqual([tooLong.status, tooLong.body.error, tooLong.body.error_description], [400, 'INVALID_ARG_VALUE', 'lastName (Last name) is longer than 50 characters']);
      const noTitle = await post('crm.item.add', { entityTypeId: 4, fields: { typeId: 'CUSTOMER' } });
      assert.equal(noTitle.status, 400);
      assert.match(noTitle.body.error_description, /^title /);
      const badPhone = await post('crm.item.add', { entityTypeId: 3, fields: { name: 'Ana', fm: [{ typeId: 'PHONE', valueType: 'WORK', value: 'abc' }] } });
      assert.equal(badPhone.status, 400);
      assert.match(badPhone.body.error_description, /^fm\.PHONE\.0\.value /);
      const badKind = await post('crm.item.add', { entityTypeId: 3, fields: { name: 'Ana', fm: [{ typeId: 'FAX', value: '1' }] } });
      assert.deepEqual([badKind.status, badKind.body.error], [400, 'INVALID_ARG_VALUE']);
      assert.match(badKind.body.error_description, /^fm\.0\.typeId/);
      const noKind = await post('crm.item.update', { entityTypeId: 3, id: 1, fields: { fm: { n0: { value: 'x@example.com' } } } });
      assert.match(noKind.body.error_description, /^fm\.n0\.typeId/);
      const badFilter = await post('crm.item.list', { entityTypeId: 3, filter: { NAME: 'Ana' } });
      assert.deepEqual([badFilter.status, badFilter.body.error, badFilter.body.error_description], [400, 'INVALID_ARG_VALUE', 'Unknown filter field: NAME'], 'the legacy names are not item names');
      const badOrder = await post('crm.item.list', { entityTypeId: 3, order: { nope: 'ASC' } });
      assert.equal(badOrder.status, 400);
      const badLogic = await post('crm.item.list', { entityTypeId: 3, filter: { 0: { logic: 'XOR', name: 'a' } } });
      assert.equal(badLogic.status, 400);
      assert.equal((await post('crm.item.list', { entityTypeId: 2, filter: { stageSemanticId: 'P' } })).status, 200, 'no 500 on the filters that do work');
    });

    it('describes fields under item names, each with its upperName (crm.item.fields)', async () => {
      const { fields } = await call('crm.item.fields', { entityTypeId: 2 });
      assert.deepEqual(fields.title, { type: 'string', isRequired: true, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Deal name', upperName: 'TITLE' });
      assert.deepEqual([fields.id.isReadOnly, fields.id.upperName], [true, 'ID']);
      assert.deepEqual([fields.createdTime.upperName, fields.createdTime.type], ['DATE_CREATE', 'datetime']);
      assert.deepEqual([fields.createdBy.upperName, fields.updatedBy.upperName, fields.updatedTime.upperName], ['CREATED_BY_ID', 'MODIFY_BY_ID', 'DATE_MODIFY']);
      assert.deepEqual([fields.stageId.type, fields.stageId.statusType], ['crm_status', 'DEAL_STAGE']);
      assert.equal(fields.categoryId.isImmutable, true);
      assert.deepEqual([fields.contactIds.isMultiple, fields.contactIds.upperName], [true, 'CONTACT_IDS']);
      assert.deepEqual([fields.begindate.upperName, fields.closedate.upperName, fields.stageSemanticId.upperName], ['BEGINDATE', 'CLOSEDATE', 'STAGE_SEMANTIC_ID']);
      assert.equal(fields.entityTypeId.isReadOnly, true);
      assert.ok(!('fm' in fields) && !('version' in fields) && !('TITLE' in fields), 'deals have no multi-fields');
      const lead = (await call('crm.item.fields', { entityTypeId: 1 })).fields;
      assert.deepEqual([lead.stageId.upperName, lead.stageId.statusType, lead.stageSemanticId.upperName, lead.closedate.upperName], ['STATUS_ID', 'STATUS', 'STATUS_SEMANTIC_ID', 'DATE_CLOSED']);
      assert.ok(!('statusId' in lead));
      const company = (await call('crm.item.fields', { entityTypeId: 4 })).fields;
      assert.deepEqual([company.typeId.upperName, company.contactIds.upperName, company.isMyCompany.type], ['COMPANY_TYPE', 'CONTACT_ID', 'char']);
      const contact = (await call('crm.item.fields', { entityTypeId: 3 })).fields;
      assert.deepEqual([contact.fm.type, contact.fm.isMultiple, contact.companyIds.isMultiple, contact.address2.upperName], ['crm_multifield', true, true, 'ADDRESS_2']);
      assert.ok(!('phones' in contact) && !('PHONE' in contact));
    });

    it('adds, gets, updates and deletes each type with item names and native values', async () => {
      const company = await add(4, { title: 'Acme Ltda', typeId: 'CUSTOMER', revenue: 1000000, opened: 'Y', fm: [{ typeId: 'PHONE', valueType: 'WORK', value: '+55 11 3333-4444' }] });
      assert.equal(typeof company.id, 'number');
      assert.deepEqual([company.title, company.typeId, company.revenue, company.opened, company.entityTypeId], ['Acme Ltda', 'CUSTOMER', 1000000, 'Y', 4]);
      assert.match(company.createdTime, isoWithOffset);
      assert.equal(company.createdBy, client.userId);
      assert.equal(company.assignedById, client.userId);
      assert.deepEqual(company.fm.map((e: any) => [typeof e.id, e.typeId, e.valueType, e.value]), [['number', 'PHONE', 'WORK', '+55 11 3333-4444']]);
      assert.equal(company.hasPhone, 'Y');
      assert.ok(!('COMPANY_TYPE' in company) && !('version' in company) && !('companyType' in company));
      assert.deepEqual(await get(4, company.id), company, 'get answers what add answered');

      const contact = await add(3, { name: 'Ana', lastName: 'Souza', birthdate: '2001-11-11', companyIds: [company.id], fm: [{ typeId: 'EMAIL', valueType: 'WORK', value: 'ana@example.com' }] });
      assert.deepEqual([contact.name, contact.birthdate, contact.companyIds, contact.entityTypeId, contact.post], ['Ana', '2001-11-11T00:00:00+00:00', [company.id], 3, null]);
      assert.deepEqual(contact.fm.map((e: any) => [e.typeId, e.value]), [['EMAIL', 'ana@example.com']]);

      const lead = await add(1, { title: 'Pedido', name: 'João', opportunity: 10.5, currencyId: 'BRL', stageId: 'NEW', contactId: contact.id });
      assert.deepEqual([lead.title, lead.opportunity, lead.currencyId, lead.stageId, lead.stageSemanticId, lead.contactId, lead.companyId, lead.entityTypeId], ['Pedido', 10.5, 'BRL', 'NEW', 'P', contact.id, null, 1]);
      assert.equal(lead.closedate, null);
      assert.deepEqual(lead.fm, []);
      assert.ok(!('statusId' in lead) && !('STATUS_ID' in lead));

      const deal = await add(2, { title: 'Licenças', opportunity: 1500, currencyId: 'BRL', companyId: company.id, contactIds: [contact.id], closedate: '2026-12-31T00:00:00+00:00' });
      assert.deepEqual(
        [deal.title, deal.opportunity, deal.companyId, deal.contactIds, deal.closedate, deal.begindate, deal.closed, deal.typeId, deal.categoryId, deal.probability, deal.entityTypeId],
        ['Licenças', 1500, company.id, [contact.id], '2026-12-31T00:00:00+00:00', null, 'N', null, 0, null, 2],
      );
      assert.equal(typeof deal.stageId, 'string');
      assert.ok(!('fm' in deal));

      // Form-encoded values arrive as strings and come back native.
      const form = await client.raw('crm.item.update', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `entityTypeId=2&id=${deal.id}&fields[probability]=40&fields[opened]=Y&fields[begindate]=2026-01-02&fields[notAField]=1&fields[id]=5`,
      });
      assert.equal(form.status, 200, JSON.stringify(form.body));
      const updated = form.body.result.item;
      assert.deepEqual([updated.id, updated.probability, updated.opened, updated.begindate, updated.title], [deal.id, 40, 'Y', '2026-01-02T00:00:00+00:00', 'Licenças']);
      assert.ok(updated.updatedTime >= deal.updatedTime);
      assert.deepEqual(await get(2, deal.id), updated);
      const moved = (await call('crm.item.update', { entityTypeId: 1, id: lead.id, fields: { stageId: 'JUNK', opportunity: '20.25' } })).item;
      assert.deepEqual([moved.stageId, moved.stageSemanticId, moved.opportunity], ['JUNK', 'F', 20.25]);
      assert.match(moved.closedate, isoWithOffset, 'a lead closes on a final stage');
      const cleared = (await call('crm.item.update', { entityTypeId: 3, id: contact.id, fields: { birthdate: '', companyIds: [] } })).item;
      assert.deepEqual([cleared.birthdate, cleared.companyIds], [null, []]);

      assert.deepEqual(await call('crm.item.delete', { entityTypeId: 2, id: deal.id }), []);
      assert.equal((await post('crm.item.get', { entityTypeId: 2, id: deal.id })).body.error_description, 'Element not found');
      assert.equal((await call('crm.contact.get', { id: contact.id })).NAME, 'Ana', 'the legacy methods see the same items');
    });

    it('fm: add a list, then n0 appends, an id with a value changes it, an id with an empty value deletes it', async () => {
      const created = await add(3, {
        name: 'Multi',
        fm: [
          { typeId: 'PHONE', valueType: 'MOBILE', value: '+55 11 98765-4321' },
          { typeId: 'PHONE', valueType: 'WORK', value: '+55 11 3333-4444' },
          { typeId: 'WEB', valueType: 'WORK', value: 'https://example.com' },
        ],
      });
      const [mobile, work, web] = created.fm;
      assert.deepEqual(created.fm.map((e: any) => [e.typeId, e.valueType]), [['PHONE', 'MOBILE'], ['PHONE', 'WORK'], ['WEB', 'WORK']]);
      const update = async (fm: Record<string, unknown>) => (await call('crm.item.update', { entityTypeId: 3, id: created.id, fields: { fm } })).item.fm as Array<{ id: number; typeId: string; valueType: string; value: string }>;

      let fm = await update({ n0: { typeId: 'PHONE', valueType: 'HOME', value: '+55 21 2222-1111' }, n1: { typeId: 'EMAIL', valueType: 'WORK', value: 'multi@example.com' } });
      assert.deepEqual(fm.map((e) => [e.typeId, e.valueType]), [['PHONE', 'MOBILE'], ['PHONE', 'WORK'], ['PHONE', 'HOME'], ['EMAIL', 'WORK'], ['WEB', 'WORK']], 'appended, the others untouched');
      fm = await update({ [mobile.id]: { typeId: 'PHONE', valueType: 'MOBILE', value: '+55 11 91111-2222' } });
      assert.equal(fm.find((e) => e.id === mobile.id)!.value, '+55 11 91111-2222');
      fm = await update({ [work.id]: { typeId: 'PHONE', value: '' }, [web.id]: { typeId: 'WEB', value: 'https://example.org' } });
      assert.deepEqual(fm.map((e) => e.valueType), ['MOBILE', 'HOME', 'WORK', 'WORK']);
      assert.ok(!fm.some((e) => e.id === work.id));
      assert.equal(fm.find((e) => e.id === web.id)!.value, 'https://example.org');
      const stranger = await post('crm.item.update', { entityTypeId: 3, id: created.id, fields: { fm: { 999999: { typeId: 'PHONE', value: '+55 11 90000-0000' } } } });
      assert.equal(stranger.status, 400, 'an id that is not one of the item\'s values is refused');
      assert.equal((await call('crm.contact.get', { id: created.id })).PHONE.length, 2, 'the legacy methods see the same values');

      const [plain] = (await call('crm.item.list', { entityTypeId: 3, filter: { id: created.id }, select: ['id', 'name'] })).items;
      assert.deepEqual(Object.keys(plain).sort(), ['entityTypeId', 'id', 'name']);
      const [star] = (await call('crm.item.list', { entityTypeId: 3, filter: { id: created.id }, select: ['*'] })).items;
      assert.equal(star.fm.length, 4);
      const [onlyFm] = (await call('crm.item.list', { entityTypeId: 3, filter: { id: created.id }, select: ['fm'] })).items;
      assert.deepEqual(Object.keys(onlyFm).sort(), ['entityTypeId', 'fm', 'id']);
    });

    it('custom fields: camelCase ufCrm… names, or UF_CRM_… with useOriginalUfNames, written, read, filtered and described', async () => {
      for (const [type, labelEn, name] of [['string', 'Project code', 'UF_CRM_PROJECT'], ['integer', 'Seats', 'UF_CRM_SEATS'], ['boolean', 'Renewal', 'UF_CRM_1721244707107']]) {
        const created = await t.call('POST', '/api/v1/custom-fields/deals', { type, labelEn, labelPt: labelEn, name });
        assert.equal(created.statusCode, 201, created.body);
      }
      const deal = await add(2, { title: 'Com campo', ufCrmProject: 'PRJ-7', ufCrmSeats: 12, ufCrm_1721244707107: 'Y' });
      assert.deepEqual([deal.ufCrmProject, deal.ufCrmSeats, deal.ufCrm_1721244707107], ['PRJ-7', 12, 'Y']);
      assert.ok(!('UF_CRM_SEATS' in deal));
      const original = await get(2, deal.id, { useOriginalUfNames: 'Y' });
      assert.deepEqual([original.UF_CRM_PROJECT, original.UF_CRM_SEATS, original.UF_CRM_1721244707107, original.title], ['PRJ-7', 12, 'Y', 'Com campo']);
      assert.ok(!('ufCrmProject' in original));
      // Either name is taken on the way in.
      const updated = (await call('crm.item.update', { entityTypeId: 2, id: deal.id, fields: { UF_CRM_SEATS: '15', ufCrm_1721244707107: 'N' } })).item;
      assert.deepEqual([updated.ufCrmSeats, updated.ufCrm_1721244707107], [15, 'N']);
      const other = await add(2, { title: 'Sem campo', ufCrmSeats: 3, ufCrm_1721244707107: 1 });
      assert.equal(other.ufCrm_1721244707107, 'Y');

      const ids = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
        ((await call('crm.item.list', { entityTypeId: 2, filter, order: { id: 'ASC' }, ...extra })).items as Array<{ id: number }>).map((d) => d.id);
      assert.deepEqual(await ids({ ufCrmProject: 'prj-7' }), [deal.id]);
      assert.deepEqual(await ids({ '>UF_CRM_SEATS': 2 }), [deal.id, other.id]);
      assert.deepEqual(await ids({ ufCrm_1721244707107: 1 }), [other.id], 'boolean user fields filter with 1/0');
      assert.deepEqual(await ids({ ufCrm_1721244707107: 0, '>ufCrmSeats': 0 }), [deal.id]);
      const [onlyUf] = (await call('crm.item.list', { entityTypeId: 2, filter: { id: deal.id }, select: ['UF_*'], useOriginalUfNames: 'Y' })).items;
      assert.deepEqual(Object.keys(onlyUf).sort(), ['UF_CRM_1721244707107', 'UF_CRM_PROJECT', 'UF_CRM_SEATS', 'entityTypeId', 'id']);
      const [named] = (await call('crm.item.list', { entityTypeId: 2, filter: { id: deal.id }, select: ['id', 'ufCrmSeats'] })).items;
      assert.deepEqual(named, { id: deal.id, ufCrmSeats: 15, entityTypeId: 2 });
      const ordered = (await call('crm.item.list', { entityTypeId: 2, filter: { '>ufCrmSeats': 0 }, order: { ufCrmSeats: 'ASC' }, select: ['id'] })).items;
      assert.deepEqual(ordered.map((d: any) => d.id), [other.id, deal.id]);

      const { fields } = await call('crm.item.fields', { entityTypeId: 2 });
      assert.deepEqual([fields.ufCrmSeats.isDynamic, fields.ufCrmSeats.title, fields.ufCrmSeats.upperName, fields.ufCrm_1721244707107.type], [true, 'Seats', 'UF_CRM_SEATS', 'boolean']);
      const originalFields = (await call('crm.item.fields', { entityTypeId: 2, useOriginalUfNames: 'Y' })).fields;
      assert.ok('UF_CRM_SEATS' in originalFields && !('ufCrmSeats' in originalFields) && 'title' in originalFields);
      const bad = await post('crm.item.update', { entityTypeId: 2, id: deal.id, fields: { ufCrmSeats: 'many' } });
      assert.deepEqual([bad.status, bad.body.error_description], [400, 'ufCrmSeats (Seats) has the wrong type']);
      const badOriginal = await post('crm.item.update', { entityTypeId: 2, id: deal.id, useOriginalUfNames: 'Y', fields: { UF_CRM_SEATS: 'many' } });
      assert.equal(badOriginal.body.error_description, 'UF_CRM_SEATS (Seats) has the wrong type');
    });

    it('lists with filter (prefixes, OR groups), order and select; pages of 50 with start, total, next and start=-1', async () => {
      const created: number[] = [];
      for (let index = 0; index < 120; index += 1) {
        const response = await t.call('POST', '/api/v1/companies', { title: `Paginada ${String(index).padStart(3, '0')}`, isMyCompany: index % 10 === 0 });
        assert.equal(response.statusCode, 201, response.body);
        created.push(response.json().id as number);
      }
      const filter = { '%title': 'Paginada' };
      const list = (params: Record<string, unknown>) => post('crm.item.list', { entityTypeId: 4, filter, ...params });
      const first = await list({ order: { title: 'ASC' }, select: ['id', 'title'] });
      assert.deepEqual([first.body.result.items.length, first.body.total, first.body.next], [50, 120, 50]);
      assert.deepEqual(first.body.result.items[0], { id: created[0], title: 'Paginada 000', entityTypeId: 4 });
      const last = await list({ order: { title: 'ASC' }, select: ['id', 'title'], start: 100 });
      assert.deepEqual([last.body.result.items.length, last.body.total, 'next' in last.body], [20, 120, false]);
      assert.equal(last.body.result.items[0].title, 'Paginada 100');
      const odd = await list({ order: { title: 'desc' }, start: 7 });
      assert.equal(odd.body.result.items[0].title, 'Paginada 112', 'start is an offset, order descending');
      const uncounted = await list({ start: -1 });
      assert.deepEqual([uncounted.body.result.items.length, uncounted.body.total, 'next' in uncounted.body], [50, 0, false]);
      assert.ok('fm' in uncounted.body.result.items[0] && 'typeId' in uncounted.body.result.items[0], 'no select: every field');
      const beyond = await list({ start: 1e308 });
      assert.deepEqual([beyond.status, beyond.body.result.items.length, beyond.body.total, 'next' in beyond.body], [200, 0, 120, false], 'a huge start is an empty page');

      const titles = async (more: Record<string, unknown>) =>
        ((await call('crm.item.list', { entityTypeId: 4, filter: { ...filter, ...more }, order: { id: 'ASC' }, select: ['title'] })).items as Array<{ title: string }>).map((c) => c.title);
      assert.deepEqual(await titles({ '@id': [created[3], created[5]] }), ['Paginada 003', 'Paginada 005']);
      assert.deepEqual(await titles({ '>=id': created[118] }), ['Paginada 118', 'Paginada 119']);
      assert.deepEqual(await titles({ '=%title': 'Paginada 11%', '!@id': [created[110], created[111]] }), ['Paginada 112', 'Paginada 113', 'Paginada 114', 'Paginada 115', 'Paginada 116', 'Paginada 117', 'Paginada 118', 'Paginada 119']);
      assert.deepEqual(await titles({ isMyCompany: 'Y', '<id': created[30] }), ['Paginada 000', 'Paginada 010', 'Paginada 020']);
      assert.deepEqual(await titles({ 0: { logic: 'OR', 0: { title: 'Paginada 001' }, 1: { '>=id': created[119] }, 2: { title: 'Nada' } } }), ['Paginada 001', 'Paginada 119'], 'an OR group');
      assert.deepEqual(
        await titles({ 0: { logic: 'OR', 0: { title: 'Paginada 002' }, 1: { '>=id': created[100], '<=id': created[101] } } }),
        ['Paginada 002', 'Paginada 100', 'Paginada 101'],
        'an OR of an AND group',
      );
      assert.deepEqual(await titles({ '>createdTime': '2000-01-01T00:00:00+03:00', '@id': [created[4]] }), ['Paginada 004']);
      assert.deepEqual(await titles({ '<createdTime': '2000-01-01 00:00:00' }), []);
      // CRest-style GET: brackets in the query string, values as strings.
      const query = await client.raw(`crm.item.list.json?entityTypeId=4&filter%5B%25title%5D=Paginada&filter[%3Eid]=${created[117]}&select[]=title&order[id]=desc`);
      assert.deepEqual([query.status, query.body.result.items.map((c: any) => c.title), query.body.total], [200, ['Paginada 119', 'Paginada 118'], 2]);

      const all = await client.b24.actions.v2.callList.make<{ id: number }>({ method: 'crm.item.list', params: { entityTypeId: 4, filter, select: ['id'] }, idKey: 'id', customKeyForResult: 'items' });
      assert.equal(all.isSuccess, true, all.getErrorMessages().join('; '));
      assert.deepEqual(all.getData()!.map((c) => c.id), created);
      const pages: number[] = [];
      for await (const page of client.b24.actions.v2.fetchList.make<{ id: number }>({ method: 'crm.item.list', params: { entityTypeId: 4, filter, select: ['id'] }, idKey: 'id', customKeyForResult: 'items' })) pages.push(page.length);
      assert.deepEqual(pages, [50, 50, 20]);
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
      for (const owner of [seller.id, colleague.id]) ours.push((await add(3, { name: 'Do time', post: 'Gerente', assignedById: owner, opened: 'N' })).id);
      const theirs = (await add(3, { name: 'Do time', post: 'Diretor', assignedById: outsider.id, opened: 'N' })).id;
      const sellerHook = await bitrixClient(t, { token: seller.token });
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('department'), fields: { contact: { post: 'hidden' } } } }]);

      const listed = await post('crm.item.list', { entityTypeId: 3, filter: { name: 'Do time' }, select: ['*', 'post'] }, sellerHook);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.result.items.map((c: any) => c.id).sort(), [...ours].sort());
      assert.equal(listed.body.total, 2);
      assert.ok(listed.body.result.items.every((c: any) => !('post' in c) && c.name === 'Do time'));
      const walked = await sellerHook.b24.actions.v2.callList.make<{ id: number }>({ method: 'crm.item.list', params: { entityTypeId: 3, filter: { name: 'Do time' } }, idKey: 'id', customKeyForResult: 'items' });
      assert.deepEqual(walked.getData()!.map((c) => c.id).sort(), [...ours].sort());
      const got = (await call('crm.item.get', { entityTypeId: 3, id: ours[1] }, sellerHook)).item;
      assert.ok(!('post' in got) && got.name === 'Do time');
      await raw().updateTable('users').set({ locale: 'pt-BR' }).where('id', '=', seller.id).execute();
      const described = (await call('crm.item.fields', { entityTypeId: 3 }, sellerHook)).fields;
      assert.ok(!('post' in described));
      assert.equal(described.lastName.title, 'Sobrenome', "in the webhook user's language");
      assert.equal(described.fm.title, 'Telefones, e-mails, sites e mensageiros');
      const refused = await post('crm.item.update', { entityTypeId: 3, id: ours[0], fields: { lastName: 'x'.repeat(51) } }, sellerHook);
      assert.equal(refused.body.error_description, 'lastName (Sobrenome) tem mais de 50 caracteres');
      assert.equal((await post('crm.item.get', { entityTypeId: 3, id: theirs }, sellerHook)).body.error_description, 'Element not found');
      assert.equal((await post('crm.item.update', { entityTypeId: 3, id: theirs, fields: { name: 'x' } }, sellerHook)).body.error, 'NOT_FOUND');
      assert.equal((await post('crm.item.delete', { entityTypeId: 3, id: theirs }, sellerHook)).body.error, 'NOT_FOUND');
      assert.equal((await post('crm.item.list', { entityTypeId: 3, filter: { post: 'Diretor' } }, sellerHook)).status, 400, 'a hidden field cannot be filtered on');
      assert.equal((await post('crm.item.list', { entityTypeId: 3, order: { post: 'ASC' } }, sellerHook)).status, 400, 'nor ordered by');
      // A hidden field written is ignored, as Bitrix24 ignores fields it does not know; the answer still hides it.
      const written = (await call('crm.item.update', { entityTypeId: 3, id: ours[0], fields: { post: 'Trocado', lastName: 'Lima' } }, sellerHook)).item;
      assert.ok(!('post' in written) && written.lastName === 'Lima');
      assert.equal((await get(3, ours[0])).post, 'Gerente');

      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('department'), contact: { ...everywhere('department').contact, add: 'none' } } } }]);
      const denied = await post('crm.item.add', { entityTypeId: 3, fields: { name: 'Proibido' } }, sellerHook);
      assert.deepEqual([denied.status, denied.body.error], [403, 'ACCESS_DENIED']);
    });
  });
}
