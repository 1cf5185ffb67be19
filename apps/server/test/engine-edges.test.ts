import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { companyBody, contactBody, dealBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Issue 10's smaller defects, each with the case that showed it. */

for (const dialect of testDialects()) {
  describe(`engine edges [${dialect}]`, () => {
    let t: TestApp;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const issues = (response: { json(): any }) => (response.json().error.details as Array<{ field: string; rule: string }>).map((i) => [i.field, i.rule]);

    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('explains access to administrators only, not to every role that may change settings', async () => {
      const settings = await t.addUser('Settings');
      await setRoles(t, [{ userId: settings.id, permissions: { items: everywhere('all') }, mayChangeSettings: true }]);
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      const url = `/api/v1/access/explain?userId=${t.adminId}&type=contacts&id=${contact.id}`;
      assert.equal((await t.call('GET', url, undefined, { authorization: `Bearer ${settings.token}` })).statusCode, 403);
      assert.equal((await t.call('GET', url)).statusCode, 200);
    });

    it('setting a user\'s password revokes their API tokens with their sessions', async () => {
      const user = await t.addUser('Rotated');
      assert.equal((await t.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${user.token}` })).statusCode, 200);
      assert.equal((await t.call('POST', `/api/v1/users/${user.id}/password`, { password: 'a new long password' })).statusCode, 204);
      assert.equal((await t.call('GET', '/api/v1/auth/me', undefined, { authorization: `Bearer ${user.token}` })).statusCode, 401);
    });

    it('lists reverse links in dependencies whatever custom fields the other types have', async () => {
      assert.equal((await t.call('POST', '/api/v1/custom-fields/deals', { name: 'UF_CRM_NOTE', type: 'string', labelEn: 'Note', labelPt: 'Nota' })).statusCode, 201);
      const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id, contactIds: [contact.id] }))).json();
      const ofCompany = (await t.call('GET', `/api/v1/companies/${company.id}/dependencies`)).json().items;
      assert.deepEqual(ofCompany.map((d: { type: string; id: number; relation: string }) => [d.type, d.id, d.relation]), [['deal', deal.id, 'deal.companyId']]);
      const ofContact = (await t.call('GET', `/api/v1/contacts/${contact.id}/dependencies`)).json().items;
      assert.deepEqual(ofContact.map((d: { type: string; id: number; relation: string }) => [d.type, d.id, d.relation]), [['deal', deal.id, 'deal.contactIds']]);
    });

    it('refuses a custom field whose API name or columns would collide with another field\'s', async () => {
      const create = (body: Record<string, unknown>) => t.call('POST', '/api/v1/custom-fields/companies', { labelEn: 'X', labelPt: 'X', type: 'string', ...body });
      assert.equal((await create({ name: 'UF_CRM_A_1' })).statusCode, 201);
      assert.deepEqual(issues(await create({ name: 'UF_CRM_A1' })), [['name', 'taken']], 'both are ufCrmA1');
      assert.equal((await create({ name: 'UF_CRM_FEE', type: 'money' })).statusCode, 201);
      assert.deepEqual(issues(await create({ name: 'UF_CRM_FEE_CURRENCY' })), [['name', 'taken']], 'the money field\'s currency column');
      assert.equal((await create({ name: 'UF_CRM_RATE_CURRENCY' })).statusCode, 201);
      assert.deepEqual(issues(await create({ name: 'UF_CRM_RATE', type: 'money' })), [['name', 'taken']], 'its currency column is taken already');
      assert.deepEqual(issues(await create({ name: 'UF_CRM_A_1_KEY' })), [['name', 'taken']], 'the string field\'s folded key column');
      const named = await create({ labelEn: 'A 1' });
      assert.equal(named.statusCode, 201, named.body);
      assert.equal(named.json().name, 'UF_CRM_A_1_2', 'a generated name steps around the taken ones');
      const company = await t.call('POST', '/api/v1/companies', companyBody({ ufCrmA1: 'um', ufCrmFee: { amount: '10.00', currency: 'USD' } }));
      assert.equal(company.statusCode, 201, company.body);
    });

    it('refuses with 409 a field the table has no room for, deleted columns counted as the database counts them', async () => {
      const limit = dialect === 'postgres' ? 1600 : 2000;
      const used = async () =>
        dialect === 'postgres'
          ? Number((await sql<{ n: number }>`select max(attnum)::int as n from pg_attribute where attrelid = 'leads'::regclass and attnum > 0`.execute(t.database.db)).rows[0].n)
          : Number((await sql<{ n: number }>`select count(*) as n from pragma_table_info('leads')`.execute(t.database.db)).rows[0].n);
      const room = limit - (await used());
      // Fill the table to one column short of its limit, straight in the database.
      if (dialect === 'postgres') {
        await sql.raw(`alter table leads ${Array.from({ length: room - 1 }, (_, i) => `add column pad_${i} integer`).join(', ')}`).execute(t.database.db);
        await sql.raw(`alter table leads ${Array.from({ length: room - 1 }, (_, i) => `drop column pad_${i}`).join(', ')}`).execute(t.database.db);
      } else {
        for (let i = 0; i < room - 1; i++) await sql.raw(`alter table leads add column pad_${i} integer`).execute(t.database.db);
      }
      const money = await t.call('POST', '/api/v1/custom-fields/leads', { name: 'UF_CRM_BUDGET', type: 'money', labelEn: 'Budget', labelPt: 'Orçamento' });
      assert.equal(money.statusCode, 409, money.body);
      assert.equal(money.json().error.details.reason, 'tooManyColumns');
      const fits = await t.call('POST', '/api/v1/custom-fields/leads', { name: 'UF_CRM_SCORE', type: 'integer', labelEn: 'Score', labelPt: 'Pontos' });
      assert.equal(fits.statusCode, 201, 'one column still fits');
      assert.equal((await t.call('POST', '/api/v1/custom-fields/leads', { name: 'UF_CRM_MORE', type: 'integer', labelEn: 'More', labelPt: 'Mais' })).statusCode, 409);
      assert.equal((await raw().selectFrom('custom_fields').select('name').where('name', 'in', ['UF_CRM_BUDGET', 'UF_CRM_MORE']).execute()).length, 0, 'nothing of the refused fields was kept');
    });

    it('checks the currency of a custom money field, and keeps a currency that binned items or hidden fields hold', async () => {
      assert.equal((await t.call('POST', '/api/v1/custom-fields/deals', { name: 'UF_CRM_COST', type: 'money', labelEn: 'Cost', labelPt: 'Custo' })).statusCode, 201);
      const unknown = await t.call('POST', '/api/v1/deals', dealBody({ ufCrmCost: { amount: '5.00', currency: 'ZZZ' } }));
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.deepEqual(issues(unknown), [['ufCrmCost', 'reference']]);

      await t.call('POST', '/api/v1/currencies', { code: 'CLP', nameEn: 'Chilean peso', namePt: 'Peso chileno', rate: '0.0058' });
      const binned = (await t.call('POST', '/api/v1/deals', dealBody({ currencyId: 'CLP' }))).json();
      assert.equal((await t.call('DELETE', `/api/v1/deals/${binned.id}`)).statusCode, 204);
      const refused = await t.call('DELETE', '/api/v1/currencies/CLP');
      assert.equal(refused.statusCode, 409, 'a restore would bring it back');
      assert.equal(refused.json().error.details.count, 1);
      assert.equal((await t.call('POST', `/api/v1/deals/${binned.id}/restore`)).statusCode, 200);
      assert.equal((await t.call('GET', '/api/v1/deals/kanban')).statusCode, 200, 'the board adds up the restored deal');

      await t.call('POST', '/api/v1/currencies', { code: 'PEN', nameEn: 'Sol', namePt: 'Sol', rate: '1.4' });
      assert.equal((await t.call('POST', '/api/v1/deals', dealBody({ ufCrmCost: { amount: '5.00', currency: 'PEN' } }))).statusCode, 201);
      const settings = await t.addUser('Treasurer');
      await setRoles(t, [{ userId: settings.id, permissions: { items: everywhere('all'), fields: { deal: { ufCrmCost: 'hidden' } } }, mayChangeSettings: true }]);
      const hidden = await t.call('DELETE', '/api/v1/currencies/PEN', undefined, { authorization: `Bearer ${settings.token}` });
      assert.equal(hidden.statusCode, 409, 'a field hidden from the one deleting still holds the currency');
    });
  });
}
