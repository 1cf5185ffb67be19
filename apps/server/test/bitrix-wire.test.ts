import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * The Bitrix24-compatible API as the other popular clients send it (spec §19), byte for byte: PHP CRest (GET, `.json`,
 * bracket query strings), the PHP SDK b24phpsdk (POST to `…/method/`, lower-cased names, telemetry in the query),
 * Python fast_bitrix24 (JSON, lower-cased names, batches keyed `cmd0000000000` with a trailing `&`).
 */

const form = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

for (const dialect of testDialects()) {
  describe(`Bitrix24 wire formats [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    const lead = async (id: number) => (await client.raw(`crm.lead.get.json?id=${id}`)).body.result;
    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
    });
    after(() => t.close());

    it('CRest: GET method.json with bracket query strings, literal and percent-encoded, values coerced from text', async () => {
      const literal = await client.raw('crm.lead.add.json?fields[TITLE]=CRest%20literal&fields[OPPORTUNITY]=10.50&fields[CURRENCY_ID]=USD&fields[OPENED]=Y&fields[PHONE][0][VALUE]=%2B55%2011%2098888-7777&fields[PHONE][0][VALUE_TYPE]=WORK&params[REGISTER_SONET_EVENT]=Y');
      assert.equal(literal.status, 200, JSON.stringify(literal.body));
      assert.equal(typeof literal.body.result, 'number');
      const stored = await lead(literal.body.result);
      assert.equal(stored.TITLE, 'CRest literal');
      assert.equal(Number(stored.OPPORTUNITY), 10.5);
      assert.equal(stored.CURRENCY_ID, 'USD');
      assert.deepEqual([stored.PHONE[0].VALUE, stored.PHONE[0].VALUE_TYPE], ['+55 11 98888-7777', 'WORK']);

      const encoded = await client.raw('crm.lead.add.json?fields%5BTITLE%5D=CRest%20encoded%20%26%20more&fields%5BOPPORTUNITY%5D=7');
      assert.equal(encoded.status, 200, JSON.stringify(encoded.body));
      assert.equal((await lead(encoded.body.result)).TITLE, 'CRest encoded & more');

      const list = await client.raw(`crm.lead.list.json?select[]=ID&select[]=TITLE&select[]=PHONE&filter[%3EID]=0&filter[%25TITLE]=CRest&order[ID]=DESC`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.deepEqual(list.body.result.map((row: any) => row.TITLE), ['CRest encoded & more', 'CRest literal']);
      assert.equal(list.body.total, 2);
      assert.equal(list.body.result[1].PHONE[0].VALUE_TYPE, 'WORK');
      assert.ok(list.body.time.date_start);
    });

    it('b24phpsdk: POST to …/method/ lower-cased, JSON or a form, bx24_request_id in the query; unknown parameters ignored', async () => {
      const added = await client.raw('crm.lead.add/?bx24_request_id=0f3c9d', json({ fields: { TITLE: 'PHP SDK', OPPORTUNITY: 99.9, OPENED: true }, params: { REGISTER_SONET_EVENT: 'N' }, unknown_thing: 1 }));
      assert.equal(added.status, 200, JSON.stringify(added.body));
      assert.equal((await lead(added.body.result)).TITLE, 'PHP SDK');

      const posted = await client.raw('crm.lead.update/?bx24_request_id=0f3c9e', form(`id=${added.body.result}&fields%5BTITLE%5D=PHP+SDK+form&fields%5BOPPORTUNITY%5D=12.5&auth=&whatever%5Bx%5D=1`));
      assert.equal(posted.status, 200, JSON.stringify(posted.body));
      assert.equal(posted.body.result, true);
      const changed = await lead(added.body.result);
      assert.deepEqual([changed.TITLE, Number(changed.OPPORTUNITY)], ['PHP SDK form', 12.5]);

      const upperParams = await client.raw('crm.lead.get/', json({ ID: added.body.result }));
      assert.equal(upperParams.body.result.TITLE, 'PHP SDK form', 'top-level names in any case');
      const missing = await client.raw('crm.lead.get/', json({ id: 99_999_999 }));
      assert.equal(missing.status, 400);
      assert.ok(missing.body.error && /not found/i.test(missing.body.error_description), 'a code the PHP SDK knows, and a description');
    });

    it('fast_bitrix24: JSON with lower-cased methods, its get_all batch keyed cmd0000000000 with a trailing &', async () => {
      for (const title of ['Py 1', 'Py 2', 'Py 3']) assert.equal((await client.raw('crm.lead.add', json({ fields: { TITLE: title } }))).status, 200);
      const first = await client.raw('crm.lead.list', json({ order: { ID: 'ASC' }, filter: { '%TITLE': 'Py ' }, select: ['ID', 'TITLE'] }));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.total, 3);
      const ids = first.body.result.map((row: any) => Number(row.ID)) as number[];

      const batch = await client.raw(
        'batch',
        json({ halt: 0, cmd: Object.fromEntries(ids.map((id, index) => [`cmd${String(index).padStart(10, '0')}`, `crm.lead.get?ID=${id}&`])) }),
      );
      assert.equal(batch.status, 200);
      const results = batch.body.result.result;
      assert.ok(!Array.isArray(results) && typeof results === 'object', 'named commands answer a dict, as fast_bitrix24 expects');
      assert.deepEqual(Object.values(results).map((row: any) => row.TITLE), ['Py 1', 'Py 2', 'Py 3']);
      assert.deepEqual(batch.body.result.result_error, []);

      const chained = await client.raw(
        'batch',
        json({ halt: 1, cmd: { add: 'crm.lead.add?fields[TITLE]=Chained', get: 'crm.lead.get?id=$result[add]', page: 'crm.lead.list?filter[>ID]=$result[get][ID]&start=-1', total: 'crm.lead.list?select[0]=ID' } }),
      );
      assert.equal(chained.status, 200, JSON.stringify(chained.body));
      assert.equal(chained.body.result.result.get.TITLE, 'Chained');
      assert.deepEqual(chained.body.result.result.page, []);
      assert.equal(chained.body.result.result_total.page, 0);
      assert.equal(chained.body.result.result_total.total, 7, JSON.stringify(chained.body.result.result.total));
    });

    it('answers in JSON with its content type whatever the client accepts, and with Bitrix24 errors for a wrong method', async () => {
      const response = await fetch(`${client.url}crm.status.list.json?filter[ENTITY_ID]=SOURCE`, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json; charset=utf-8/);
      const lowered = await client.raw('crm.dealcategory.stage.list', json({ id: 0 }));
      assert.equal(lowered.body.result[0].STATUS_ID, 'NEW');
      const unknown = await client.raw('crm.lead.nothing/', form(''));
      assert.deepEqual([unknown.status, unknown.body.error], [404, 'ERROR_METHOD_NOT_FOUND']);
    });
  });
}
