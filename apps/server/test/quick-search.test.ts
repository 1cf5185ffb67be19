import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { contactBody, dealBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * The quick search of lists, boards and group actions (`search=`): what the global search finds, within one type and
 * under the list's own filter, order, paging, count and the caller's scope.
 */
for (const dialect of testDialects()) {
  describe(`quick search in lists, boards and group actions [${dialect}]`, () => {
    let t: TestApp;
    const ids: Record<string, number> = {};

    before(async () => {
      t = await createTestApp(dialect);
      const create = async (plural: string, body: Record<string, unknown>) => {
        const response = await t.call('POST', `/api/v1/${plural}`, body);
        assert.equal(response.statusCode, 201, response.body);
        return response.json().id as number;
      };
      ids.maria = await create('contacts', contactBody({ name: 'Maria', lastName: 'Conceição', phones: [{ value: '+55 31 99876-5432', valueType: 'MOBILE' }], emails: [{ value: 'maria@horizonte.com.br', valueType: 'WORK' }] }));
      ids.joao = await create('contacts', contactBody({ name: 'João', lastName: 'Conceição Alves', phones: [{ value: '(11) 3333-4444', valueType: 'WORK' }], emails: [] }));
      ids.pedro = await create('contacts', contactBody({ name: 'Pedro', lastName: 'Souza', phones: [], emails: [{ value: 'pedro@outra.com', valueType: 'WORK' }] }));
      ids.licenca = await create('deals', dealBody({ title: 'Licença anual Horizonte', opportunity: '1000.00' }));
      ids.suporte = await create('deals', dealBody({ title: 'Suporte mensal Horizonte', opportunity: '250.00' }));
      ids.outro = await create('deals', dealBody({ title: 'Consultoria Atlântico', opportunity: '900.00' }));
    });
    after(() => t.close());

    const list = async (query: string, headers?: Record<string, string>) => {
      const response = await t.call('GET', `/api/v1/contacts?${query}`, undefined, headers);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { items: Array<{ id: number }>; total: number };
    };

    it('finds by name with accents folded, by e-mail, and by any run of a phone\'s digits, with the total', async () => {
      const byName = await list('search=conceicao&sort=id');
      assert.deepEqual(byName.items.map((i) => i.id), [ids.maria, ids.joao]);
      assert.equal(byName.total, 2);
      assert.deepEqual((await list('search=5432')).items.map((i) => i.id), [ids.maria]);
      assert.deepEqual((await list(`search=${encodeURIComponent('99876-5432')}`)).items.map((i) => i.id), [ids.maria]);
      assert.deepEqual((await list('search=pedro%40outra')).items.map((i) => i.id), [ids.pedro]);
      assert.deepEqual((await list('search=ma')).items.map((i) => i.id), [ids.maria], 'two letters: the start of a name');
      assert.deepEqual((await list('search=nobody-like-this')).items, []);
    });

    it('narrows the filter, keeps the sort and the paging, and ignores a blank text', async () => {
      const filtered = await list(`search=conceicao&filter[name]=joao`);
      assert.deepEqual(filtered.items.map((i) => i.id), [ids.joao]);
      const first = await list('search=conceicao&sort=name&limit=1');
      assert.equal(first.items[0].id, ids.joao);
      assert.equal((await list('search=%20%20&limit=500')).total, 3);
    });

    it('a board column counts and totals the deals the text finds', async () => {
      const response = await t.call('GET', '/api/v1/deals/kanban?search=horizonte');
      assert.equal(response.statusCode, 200, response.body);
      const columns = response.json().columns as Array<{ count: number; total: string; items: Array<{ id: number }> }>;
      assert.equal(columns.reduce((sum, column) => sum + column.count, 0), 2);
      const first = columns.find((column) => column.count > 0)!;
      assert.equal(first.total, '1250.00');
      assert.deepEqual(new Set(first.items.map((i) => i.id)), new Set([ids.licenca, ids.suporte]));
    });

    it('a group action over "all that match" acts on what the quick search finds only', async () => {
      const started = await t.call('POST', '/api/v1/deals/bulk', { filter: [], search: 'horizonte', action: { kind: 'set', field: 'probability', value: 70 } });
      assert.equal(started.statusCode, 202, started.body);
      assert.equal(started.json().total, 2);
      await t.app.jobRunner.whenIdle();
      const deals = (await t.call('GET', '/api/v1/deals?fields=probability&sort=id')).json().items as Array<{ id: number; probability: number | null }>;
      assert.deepEqual(deals.map((d) => [d.id, d.probability]), [[ids.licenca, 70], [ids.suporte, 70], [ids.outro, null]]);
    });

    it('finds only what the caller may read, and not by a field their roles hide', async () => {
      const seller = await t.addUser('Quick Seller');
      const own = await t.call('POST', '/api/v1/contacts', contactBody({ name: 'Marta', lastName: 'Conceição', assignedById: seller.id, emails: [{ value: 'marta@horizonte.com.br', valueType: 'WORK' }] }));
      assert.equal(own.statusCode, 201, own.body);
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('none'), contact: every('own') }, fields: { contact: { emails: 'hidden' } } } }]);
      const as = { authorization: `Bearer ${seller.token}` };
      assert.deepEqual((await list('search=conceicao', as)).items.map((i) => i.id), [own.json().id]);
      assert.deepEqual((await list('search=horizonte.com', as)).items, [], 'a hidden field is not searched');
    });

    it('refuses a text over 200 characters or with a NUL, naming the parameter', async () => {
      for (const text of ['x'.repeat(201), 'a\u0000b']) {
        const response = await t.call('GET', `/api/v1/contacts?search=${encodeURIComponent(text)}`);
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.details[0].field, 'querystring.search');
      }
    });
  });
}
