import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The dictionary methods of the Bitrix24-compatible API: crm.status, crm.category, crm.dealcategory, crm.currency, crm.enum. */

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

for (const dialect of testDialects()) {
  describe(`Bitrix24 dictionaries [${dialect}]`, () => {
    let t: TestApp;
    let admin: BitrixClient;
    let seller: BitrixClient;
    const call = async (method: string, params: Record<string, unknown> = {}, client = admin) => client.raw(method, json(params));
    before(async () => {
      t = await createTestApp(dialect);
      admin = await bitrixClient(t);
      const user = await t.addUser('Vendedora');
      seller = await bitrixClient(t, { token: user.token });
    });
    after(() => t.close());

    it('refuses what the caller may not do: a seller changes no dictionary, an unknown id is not found', async () => {
      const denied = await call('crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'FAIR', NAME: 'Fair' } }, seller);
      assert.deepEqual([denied.status, denied.body.error], [403, 'ACCESS_DENIED']);
      assert.equal((await call('crm.currency.base.set', { id: 'USD' }, seller)).status, 403);
      assert.equal((await call('crm.category.add', { entityTypeId: 2, fields: { name: 'X' } }, seller)).status, 403);
      const missing = await call('crm.status.get', { id: 999999 });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'NOT_FOUND', error_description: 'Status is not found.' }]);
      const noId = await call('crm.status.get', {});
      assert.deepEqual([noId.status, noId.body.error_description], [400, 'ID is not defined or invalid.']);
      const required = await call('crm.status.add', { fields: { ENTITY_ID: 'SOURCE', NAME: 'x' } });
      assert.deepEqual([required.status, required.body.error_description], [400, 'The field STATUS_ID is required.']);
      assert.equal((await seller.raw('crm.status.list')).status, 200, 'every user reads the dictionaries');
    });

    it('crm.status: list, entity types and items, add, get, update, delete over the reference lists and the stages', async () => {
      const sources = await call('crm.status.list', { filter: { ENTITY_ID: 'SOURCE' }, order: { SORT: 'ASC' } });
      assert.equal(sources.status, 200);
      assert.equal(sources.body.total, sources.body.result.length);
      assert.ok(sources.body.result.every((s: any) => s.ENTITY_ID === 'SOURCE' && typeof s.ID === 'string' && typeof s.SORT === 'string'));
      assert.equal(sources.body.result[0].STATUS_ID, 'CALL');

      const lead = (await call('crm.status.list', { filter: { ENTITY_ID: 'STATUS', STATUS_ID: 'CONVERTED' } })).body.result[0];
      assert.deepEqual([lead.SEMANTICS, lead.SYSTEM, lead.EXTRA.SEMANTICS], ['S', 'Y', 'success']);

      const types = (await call('crm.status.entity.types')).body.result as Array<{ ID: string }>;
      for (const id of ['STATUS', 'SOURCE', 'CONTACT_TYPE', 'COMPANY_TYPE', 'DEAL_TYPE', 'DEAL_STAGE']) assert.ok(types.some((type) => type.ID === id), id);
      const stages = await call('crm.status.entity.items', { entityId: 'DEAL_STAGE' });
      assert.deepEqual(stages.body.result[0], { NAME: 'New', SORT: 10, STATUS_ID: 'NEW' });

      const added = await call('crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'FAIR', NAME: 'Trade fair 2027', SORT: 15 } });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal(typeof added.body.result, 'number');
      const got = (await call('crm.status.get', { id: added.body.result })).body.result;
      assert.deepEqual([got.STATUS_ID, got.NAME, got.SORT, got.ENTITY_ID, got.CATEGORY_ID], ['FAIR', 'Trade fair 2027', '15', 'SOURCE', null]);
      const taken = await call('crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'FAIR', NAME: 'again' } });
      assert.equal(taken.status, 400);
      assert.match(taken.body.error_description, /STATUS_ID/);
      const badColor = await call('crm.status.update', { id: added.body.result, fields: { COLOR: 'red' } });
      assert.match(badColor.body.error_description, /COLOR/);

      assert.deepEqual((await call('crm.status.update', { id: added.body.result, fields: { NAME: 'Fair', SORT: '5', COLOR: '#112233' } })).body.result, true);
      const updated = (await call('crm.status.get', { id: added.body.result })).body.result;
      assert.deepEqual([updated.NAME, updated.SORT, updated.COLOR], ['Fair', '5', '#112233']);
      assert.deepEqual((await call('crm.status.delete', { id: added.body.result })).body.result, true);
      assert.equal((await call('crm.status.get', { id: added.body.result })).status, 400);

      // A stage of a new pipeline: DEAL_STAGE_N, its code prefixed with C{N}:.
      const pipeline = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Revenda' } })).body.result.category.id as number;
      const stage = await call('crm.status.add', { fields: { ENTITY_ID: `DEAL_STAGE_${pipeline}`, STATUS_ID: 'TRIAL', NAME: 'Trial', SEMANTICS: '' } });
      assert.equal(stage.status, 200, JSON.stringify(stage.body));
      const stageRow = (await call('crm.status.get', { id: stage.body.result })).body.result;
      assert.deepEqual([stageRow.STATUS_ID, stageRow.CATEGORY_ID, stageRow.SEMANTICS, stageRow.EXTRA.SEMANTICS], [`C${pipeline}:TRIAL`, String(pipeline), null, 'process']);
      const system = await call('crm.status.delete', { id: Number(lead.ID), params: { FORCED: 'Y' } });
      assert.equal(system.status, 400, 'a system value stays, FORCED or not');
    });

    it('crm.category and crm.dealcategory: pipelines of deals, the general one as 0', async () => {
      const list = await call('crm.category.list', { entityTypeId: 2 });
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.result.categories[0], { id: 0, name: 'General', sort: 0, entityTypeId: 2, isDefault: 'Y' });
      assert.equal(list.body.total, list.body.result.categories.length);
      const leads = await call('crm.category.list', { entityTypeId: 1 });
      assert.deepEqual([leads.status, leads.body.error], [400, 'ENTITY_TYPE_NOT_SUPPORTED']);
      assert.deepEqual((await call('crm.category.list', { entityTypeId: 999 })).body.error, 'NOT_FOUND');

      const created = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Projetos', sort: 300 } })).body.result.category;
      assert.deepEqual([created.name, created.sort, created.isDefault, created.entityTypeId], ['Projetos', 300, 'N', 2]);
      const renamed = (await call('crm.category.update', { entityTypeId: 2, id: created.id, fields: { name: 'Projetos B' } })).body.result.category;
      assert.equal(renamed.name, 'Projetos B');
      assert.equal((await call('crm.category.get', { entityTypeId: 2, id: created.id })).body.result.category.name, 'Projetos B');
      const general = await call('crm.category.delete', { entityTypeId: 2, id: 0 });
      assert.deepEqual([general.status, general.body.error], [400, '0']);

      assert.equal((await call('crm.dealcategory.status', { id: created.id })).body.result, `DEAL_STAGE_${created.id}`);
      assert.equal((await call('crm.dealcategory.status', { id: 0 })).body.result, 'DEAL_STAGE');
      const stages = (await call('crm.dealcategory.stage.list', { ID: String(created.id) })).body.result;
      assert.deepEqual(stages[0], { NAME: 'New', SORT: 10, STATUS_ID: `C${created.id}:NEW` });
      const old = (await call('crm.dealcategory.list')).body;
      assert.ok(old.result.every((c: any) => c.ID !== '0' && typeof c.SORT === 'string'), 'the general pipeline is default.get');
      assert.ok(old.result.some((c: any) => c.ID === String(created.id) && c.NAME === 'Projetos B'));
      assert.deepEqual((await call('crm.dealcategory.default.get')).body.result, { ID: 0, NAME: 'General' });
      const id = (await call('crm.dealcategory.add', { fields: { NAME: 'Antigo', SORT: '700' } })).body.result;
      assert.equal(typeof id, 'number');
      assert.equal((await call('crm.dealcategory.update', { id, fields: { NAME: 'Antigo 2' } })).body.result, true);
      assert.equal((await call('crm.dealcategory.get', { id })).body.result.NAME, 'Antigo 2');
      assert.equal((await call('crm.dealcategory.delete', { id })).body.result, true);
      assert.equal((await call('crm.category.delete', { entityTypeId: 2, id: created.id })).body.result, null);
      assert.equal((await call('crm.dealcategory.get', { id })).status, 400);
    });

    it('crm.currency: list, get with languages, add, update, base.get/set, delete', async () => {
      assert.equal((await call('crm.currency.base.get')).body.result, 'BRL');
      const list = (await call('crm.currency.list')).body.result;
      const usd = list.find((c: any) => c.CURRENCY === 'USD');
      assert.deepEqual([usd.AMOUNT, usd.AMOUNT_CNT, usd.BASE, usd.FULL_NAME, usd.DECIMALS], ['5.40', '1', 'N', 'US dollar', '2']);
      const brl = (await call('crm.currency.get', { id: 'BRL' })).body.result;
      assert.equal(brl.BASE, 'Y');
      assert.equal(brl.LANG.br.FULL_NAME, 'Real brasileiro');
      assert.equal(brl.LANG.br.DEC_POINT, ',');
      assert.match(brl.LANG.br.FORMAT_STRING, /^R\$ ?#$/);

      const added = await call('crm.currency.add', { fields: { CURRENCY: 'ARS', AMOUNT_CNT: 100, AMOUNT: '0.6', SORT: 50, LANG: { en: { FULL_NAME: 'Argentine peso' }, br: { FULL_NAME: 'Peso argentino' } } } });
      assert.deepEqual([added.status, added.body.result], [200, 'ARS']);
      const ars = (await call('crm.currency.get', { id: 'ARS' })).body.result;
      assert.deepEqual([ars.AMOUNT, ars.FULL_NAME, ars.LANG.br.FULL_NAME], ['0.006', 'Argentine peso', 'Peso argentino']);
      assert.equal((await call('crm.currency.add', { fields: { CURRENCY: 'ARS', AMOUNT_CNT: 1, AMOUNT: 1 } })).status, 400);
      assert.equal((await call('crm.currency.update', { id: 'ARS', fields: { AMOUNT: '0.007', SORT: 60 } })).body.result, true);
      assert.equal((await call('crm.currency.get', { id: 'ars' })).body.result.AMOUNT, '0.007');
      assert.equal((await call('crm.currency.base.set', { id: 'USD' })).body.result, true);
      assert.equal((await call('crm.currency.base.get')).body.result, 'USD');
      const baseDelete = await call('crm.currency.delete', { id: 'USD' });
      assert.equal(baseDelete.status, 400);
      assert.equal((await call('crm.currency.delete', { id: 'ARS' })).body.result, true);
      assert.equal((await call('crm.currency.get', { id: 'ARS' })).status, 400);
      assert.ok((await call('crm.currency.fields')).body.result.CURRENCY.isRequired);
    });

    it('crm.enum: owner types and the activity enumerations, in the caller\'s language', async () => {
      const owners = (await call('crm.enum.ownertype')).body.result;
      assert.deepEqual(owners[1], { ID: 2, NAME: 'Deal', SYMBOL_CODE: 'DEAL', SYMBOL_CODE_SHORT: 'D' });
      assert.deepEqual((await call('crm.enum.activitydirection')).body.result, [
        { ID: 1, NAME: 'Incoming' },
        { ID: 2, NAME: 'Outgoing' },
      ]);
      for (const name of ['contenttype', 'activitytype', 'activitypriority', 'activitystatus', 'activitynotifytype', 'fields']) assert.equal((await call(`crm.enum.${name}`)).status, 200, name);
      await t.database.db.updateTable('users').set({ locale: 'pt-BR' }).execute();
      try {
        assert.equal((await call('crm.enum.ownertype')).body.result[1].NAME, 'Negócio');
      } finally {
        await t.database.db.updateTable('users').set({ locale: 'en' }).execute();
      }
    });
  });
}
