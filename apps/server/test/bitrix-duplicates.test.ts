import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** crm.duplicate.findbycomm through the official SDK: phones and e-mails compared normalised, within the caller's rights. */

for (const dialect of testDialects()) {
  describe(`Bitrix24 crm.duplicate.findbycomm [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    const ids: Record<string, number> = {};
    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
      const make = async (plural: string, body: Record<string, unknown>) => {
        const response = await t.call('POST', `/api/v1/${plural}`, body);
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id as number;
      };
      ids.contact = await make('contacts', { name: 'Júlia', lastName: 'Prado', phones: [{ value: '+55 11 99876-5432', valueType: 'MOBILE' }], emails: [{ value: 'Julia.Prado@Exemplo.com.br', valueType: 'WORK' }] });
      ids.lead = await make('leads', { title: 'Site', name: 'Júlia', emails: [{ value: 'julia.prado@exemplo.com.br', valueType: 'WORK' }] });
      ids.company = await make('companies', { title: 'Prado Ltda', phones: [{ value: '(11) 3333-2222', valueType: 'WORK' }] });
    });
    after(() => t.close());

    const find = async (params: Record<string, unknown>) => {
      const answer = await client.raw('crm.duplicate.findbycomm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
      return answer;
    };

    it('finds by e-mail across types, by phone however it is written, and answers [] when nothing matches', async () => {
      const byEmail = await client.b24.actions.v2.call.make({ method: 'crm.duplicate.findbycomm', params: { type: 'EMAIL', values: ['JULIA.PRADO@exemplo.com.br'] } });
      assert.deepEqual((byEmail.getData() as { result: unknown }).result, { LEAD: [ids.lead], CONTACT: [ids.contact] });
      const byPhone = await find({ type: 'PHONE', values: ['11998765432', '+55 (11) 3333-2222'] });
      assert.deepEqual(byPhone.body.result, { CONTACT: [ids.contact], COMPANY: [ids.company] });
      const onlyLeads = await find({ type: 'EMAIL', values: ['julia.prado@exemplo.com.br'], entity_type: 'LEAD' });
      assert.deepEqual(onlyLeads.body.result, { LEAD: [ids.lead] });
      const none = await find({ type: 'EMAIL', values: ['ninguem@exemplo.com.br'] });
      assert.deepEqual([none.status, none.body.result], [200, []]);
    });

    it("refuses a missing type or values as Bitrix24 does, and finds only what the webhook's user may read", async () => {
      assert.deepEqual((await find({ values: ['x'] })).body, { error: 'Communication type is not defined', error_description: 'Communication type is not defined' });
      assert.equal((await find({ type: 'FAX', values: ['x'] })).body.error, "Communication type 'FAX' is not supported in current context");
      assert.equal((await find({ type: 'EMAIL' })).body.error, 'Communication values is not defined');
      assert.equal((await find({ type: 'EMAIL', values: Array.from({ length: 21 }, (_, i) => `a${i}@x.com`) })).status, 400);

      const seller = await t.addUser('Vendedor Duplicatas');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: every('own'), lead: every('none'), company: every('own'), deal: every('own') } } }]);
      const theirs = await bitrixClient(t, { token: seller.token });
      const answer = await theirs.raw('crm.duplicate.findbycomm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'EMAIL', values: ['julia.prado@exemplo.com.br'] }) });
      assert.deepEqual(answer.body.result, [], 'the admin’s contact and lead are not theirs to see');
    });
  });
}
