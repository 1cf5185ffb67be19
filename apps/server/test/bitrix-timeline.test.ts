import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** crm.timeline.comment.* through the official SDK: comments on an item, visible with the item. */

for (const dialect of testDialects()) {
  describe(`Bitrix24 crm.timeline.comment.* [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    let dealId: number;
    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
      const deal = await t.call('POST', '/api/v1/deals', { title: 'Contrato anual — Jacarandá' });
      assert.equal(deal.statusCode, 201, deal.body);
      dealId = deal.json().id;
    });
    after(() => t.close());

    const call = async (b24: BitrixClient, method: string, params: Record<string, unknown>) => {
      const answer = await b24.raw(method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
      return answer;
    };

    it('adds, reads, lists, edits and deletes a comment on a deal', async () => {
      const added = await client.b24.actions.v2.call.make({ method: 'crm.timeline.comment.add', params: { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Cliente pediu proposta até sexta' } } });
      const id = (added.getData() as { result: number }).result;
      assert.ok(Number.isInteger(id));
      const got = (await call(client, 'crm.timeline.comment.get', { id })).body.result;
      assert.deepEqual({ ...got, CREATED: undefined }, { ID: String(id), ENTITY_ID: dealId, ENTITY_TYPE: 'deal', CREATED: undefined, COMMENT: 'Cliente pediu proposta até sexta', AUTHOR_ID: String(t.adminId), FILES: [] });
      await call(client, 'crm.timeline.comment.add', { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Segunda nota' } });
      const listed = await call(client, 'crm.timeline.comment.list', { filter: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal' }, order: { ID: 'DESC' } });
      assert.deepEqual(listed.body.result.map((c: { COMMENT: string }) => c.COMMENT), ['Segunda nota', 'Cliente pediu proposta até sexta']);
      assert.equal(listed.body.total, 2);
      assert.equal(listed.body.next, undefined);

      assert.equal((await call(client, 'crm.timeline.comment.update', { id, fields: { COMMENT: 'Proposta enviada' } })).body.result, id);
      assert.equal((await call(client, 'crm.timeline.comment.get', { id })).body.result.COMMENT, 'Proposta enviada');
      const deleted = await call(client, 'crm.timeline.comment.delete', { id });
      assert.deepEqual([deleted.status, deleted.body.result], [200, null]);
      assert.equal((await call(client, 'crm.timeline.comment.get', { id })).body.error, 'NOT_FOUND');
    });

    it("refuses an empty comment or a bad item, and a user who may not read the deal sees none of it", async () => {
      const empty = await call(client, 'crm.timeline.comment.add', { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: '  ' } });
      assert.deepEqual([empty.status, empty.body.error, empty.body.error_description], [400, 'INVALID_ARG_VALUE', 'Empty comment message']);
      assert.equal((await call(client, 'crm.timeline.comment.add', { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'invoice', COMMENT: 'x' } })).status, 400);
      assert.equal((await call(client, 'crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'deal' } })).status, 400, 'ENTITY_ID is required');

      await call(client, 'crm.timeline.comment.add', { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Só para quem vê o negócio' } });
      const seller = await t.addUser('Vendedora Comentários');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { deal: every('own'), contact: every('own'), company: every('own'), lead: every('own') } } }]);
      const theirs = await bitrixClient(t, { token: seller.token });
      const listed = await call(theirs, 'crm.timeline.comment.list', { filter: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal' } });
      assert.deepEqual([listed.body.result, listed.body.total], [[], 0]);
      const added = await call(theirs, 'crm.timeline.comment.add', { fields: { ENTITY_ID: dealId, ENTITY_TYPE: 'deal', COMMENT: 'Intrometido' } });
      assert.equal(added.body.error, 'NOT_FOUND');
    });
  });
}
