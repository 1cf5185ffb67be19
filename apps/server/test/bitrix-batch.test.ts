import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** `batch` of the Bitrix24-compatible API: the official SDK's batch helper, and the exact maps on the wire. */

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const timeKeys = ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish', 'operating_reset_at', 'operating'];

for (const dialect of testDialects()) {
  describe(`Bitrix24 batch [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
    });
    after(() => t.close());

    it('refuses 51 commands, a nested batch, and a cmd that is not a list', async () => {
      const tooMany = await client.raw('batch', json({ cmd: Array.from({ length: 51 }, () => 'server.time') }));
      assert.deepEqual([tooMany.status, tooMany.body], [400, { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' }]);
      const fifty = await client.raw('batch', json({ cmd: Array.from({ length: 50 }, () => 'server.time') }));
      assert.equal(fifty.status, 200);
      assert.equal(fifty.body.result.result.length, 50);

      const nested = await client.raw('batch', json({ halt: 0, cmd: { inner: 'batch?cmd[0]=profile', me: 'profile' } }));
      assert.equal(nested.status, 200);
      assert.deepEqual(nested.body.result.result_error, { inner: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' } });
      assert.equal(nested.body.result.result.me.ID, String(t.adminId));
      assert.equal((await client.raw('batch', json({ cmd: 'profile' }))).status, 400);
    });

    it('answers the five maps as PHP serialises them: [] when empty, lists for 0..n-1, objects otherwise', async () => {
      const empty = await client.raw('batch', json({ cmd: [] }));
      assert.deepEqual(empty.body.result, { result: [], result_error: [], result_total: [], result_next: [], result_time: [] });
      assert.deepEqual(Object.keys(empty.body.time).sort(), [...timeKeys].sort());

      const list = await client.raw('batch', json({ halt: 0, cmd: ['profile', 'crm.status.list?filter[ENTITY_ID]=SOURCE'] }));
      const maps = list.body.result;
      assert.ok(Array.isArray(maps.result) && maps.result.length === 2);
      assert.deepEqual(maps.result_error, []);
      assert.deepEqual(maps.result_total, { 1: maps.result[1].length }, 'only list commands have a total');
      assert.deepEqual(maps.result_next, []);
      assert.ok(Array.isArray(maps.result_time) && maps.result_time.length === 2);
      assert.deepEqual(Object.keys(maps.result_time[0]).sort(), [...timeKeys].sort());

      // A failure at index 1 without halt: results keyed 0 and 2 (an object), the error keyed 1.
      const gap = await client.raw('batch', json({ halt: 0, cmd: ['profile', 'crm.status.get?id=0', 'scope'] }));
      assert.deepEqual(Object.keys(gap.body.result.result), ['0', '2']);
      assert.deepEqual(gap.body.result.result_error, { 1: { error: 'NOT_FOUND', error_description: 'Status is not found.' } });
      assert.deepEqual(Object.keys(gap.body.result.result_time), ['0', '1', '2']);
    });

    it('halts at the first failure with halt=1, true or Y, and runs everything with 0, false or none', async () => {
      for (const halt of [1, true, '1', 'true', 'Y']) {
        const answer = await client.raw('batch', json({ halt, cmd: { a: 'profile', b: 'crm.nothing', c: 'scope' } }));
        assert.deepEqual(Object.keys(answer.body.result.result), ['a'], `halt=${halt}`);
        assert.deepEqual(answer.body.result.result_error, { b: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
      }
      for (const halt of [0, false, '0', 'false', undefined]) {
        const answer = await client.raw('batch', json({ halt, cmd: { a: 'profile', b: 'crm.nothing', c: 'scope' } }));
        assert.deepEqual(Object.keys(answer.body.result.result), ['a', 'c'], `halt=${halt}`);
      }
    });

    it('fills $result references: a whole result, a field, a row of a list, inside text; leaves unresolved ones as written', async () => {
      const answer = await client.raw(
        'batch',
        json({
          halt: 0,
          cmd: {
            added: 'crm.status.add?fields%5BENTITY_ID%5D=SOURCE&fields%5BSTATUS_ID%5D=REF1&fields%5BNAME%5D=Ref%20one',
            byId: 'crm.status.get?id=%24result%5Badded%5D',
            sources: 'crm.status.list?filter[ENTITY_ID]=SOURCE&order[SORT]=ASC',
            firstRow: 'crm.status.get?id=$result[sources][0][ID]',
            renamed: 'crm.status.update?id=$result[byId][ID]&fields[NAME]=Named after $result[byId][STATUS_ID] of $result[byId][ENTITY_ID]',
            again: 'crm.status.get?id=$result[added]',
            missing: 'crm.status.get?id=$result[nothing][ID]',
          },
        }),
      );
      assert.equal(answer.status, 200);
      const { result, result_error: errors } = answer.body.result;
      assert.equal(typeof result.added, 'number');
      assert.equal(result.byId.STATUS_ID, 'REF1');
      assert.equal(result.firstRow.STATUS_ID, result.sources[0].STATUS_ID);
      assert.equal(result.renamed, true);
      assert.equal(result.again.NAME, 'Named after REF1 of SOURCE');
      assert.deepEqual(Object.keys(errors), ['missing']);
      assert.equal(errors.missing.error_description, 'ID is not defined or invalid.');
    });

    it("works with the SDK's batch helper: array and object forms, halt on error or not, references", async () => {
      const array = await client.b24.actions.v2.batch.make({
        calls: [
          ['crm.status.add', { fields: { ENTITY_ID: 'SOURCE', STATUS_ID: 'SDK1', NAME: 'SDK one' } }],
          ['crm.status.get', { id: '$result[0]' }],
          ['crm.status.list', { filter: { ENTITY_ID: 'SOURCE', STATUS_ID: 'SDK1' } }],
        ],
        options: { isHaltOnError: true },
      });
      assert.equal(array.isSuccess, true, array.getErrorMessages().join('; '));
      const [id, got, listed] = array.getData() as [number, { STATUS_ID: string; ID: string }, Array<{ ID: string }>];
      assert.equal(got.STATUS_ID, 'SDK1');
      assert.equal(got.ID, String(id));
      assert.equal(listed[0]!.ID, String(id));

      const named = await client.b24.actions.v2.batch.make({
        calls: { me: { method: 'profile', params: {} }, status: ['crm.status.get', { id: '$result[first][0][ID]' }], first: ['crm.status.list', { filter: { STATUS_ID: 'SDK1' } }] },
        options: { isHaltOnError: false },
      });
      assert.equal(named.isSuccess, false, 'the reference to a later command resolves to nothing');
      const data = named.getData() as Record<string, any>;
      assert.equal(data.me.ID, String(t.adminId));
      assert.equal(data.first[0].STATUS_ID, 'SDK1');

      const halted = await client.b24.actions.v2.batch.make({
        calls: [
          ['crm.status.get', { id: 0 }],
          ['profile', {}],
        ],
        options: { isHaltOnError: true },
      });
      assert.equal(halted.isSuccess, false);
      assert.match(halted.getErrorMessages().join('; '), /Status is not found/);

      const returned = await client.b24.actions.v2.batch.make({
        calls: { a: ['crm.status.get', { id: 0 }], b: ['scope', {}] },
        options: { isHaltOnError: false, returnAjaxResult: true },
      });
      const results = returned.getData() as Record<string, { isSuccess: boolean; getData(): { result: unknown } }>;
      assert.equal(results.a!.isSuccess, false);
      assert.deepEqual(results.b!.getData().result, ['crm']);
    });

    it('chains crm.lead.add, get and list through the SDK with references to an ID and a field', async () => {
      const answer = await client.b24.actions.v2.batch.make({
        calls: {
          lead: ['crm.lead.add', { fields: { TITLE: 'Batch lead', OPPORTUNITY: 150 } }],
          read: ['crm.lead.get', { id: '$result[lead]' }],
          same: ['crm.lead.list', { filter: { TITLE: '$result[read][TITLE]' }, select: ['ID', 'TITLE'] }],
          copy: ['crm.lead.add', { fields: { TITLE: 'Copy of $result[read][TITLE] #$result[lead]' } }],
        },
        options: { isHaltOnError: true },
      });
      assert.equal(answer.isSuccess, true, answer.getErrorMessages().join('; '));
      const data = answer.getData() as { lead: number; read: { ID: string; TITLE: string }; same: Array<{ ID: string }>; copy: number };
      assert.equal(data.read.ID, String(data.lead));
      assert.deepEqual(data.same.map((row) => row.ID), [String(data.lead)]);
      const copy = await client.b24.actions.v2.call.make({ method: 'crm.lead.get', params: { id: data.copy } });
      assert.equal((copy.getData() as { result: { TITLE: string } }).result.TITLE, `Copy of Batch lead #${data.lead}`);
    });

    it('takes a batch from a query string (CRest) with the commands encoded twice, and from a form', async () => {
      const command = encodeURIComponent('crm.status.list?filter[ENTITY_ID]=CONTACT_TYPE');
      const get = await client.raw(`batch.json?halt=0&cmd[types]=${command}&cmd[me]=profile`);
      assert.equal(get.status, 200);
      assert.ok(get.body.result.result.types.every((s: any) => s.ENTITY_ID === 'CONTACT_TYPE'));
      assert.equal(get.body.result.result.me.ID, String(t.adminId));
      const form = await client.raw('batch/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `halt=1&cmd%5B0%5D=${encodeURIComponent('crm.enum.ownertype')}&cmd%5B1%5D=${encodeURIComponent('crm.dealcategory.stage.list?ID=0&')}`,
      });
      assert.equal(form.status, 200);
      assert.equal(form.body.result.result[0][0].SYMBOL_CODE, 'LEAD');
      assert.equal(form.body.result.result[1][0].STATUS_ID, 'NEW');
    });
  });
}
