import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

interface TypeMeta {
  name: string;
  plural: string;
  label: string;
  stages: { field: string; list: string; pipelineField: string | null } | null;
  board: { cardFields: string[]; amountField: string } | null;
  rights: Record<string, string>;
  fields: Array<{ name: string; label: string; operators: string[]; sortable: boolean; showInList: boolean; custom: boolean }>;
}

for (const dialect of testDialects()) {
  describe(`GET /api/v1/types: what the web app draws from (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const types = async (token?: string, language = 'en') => {
      const response = await t.call('GET', '/api/v1/types', undefined, { ...(token ? { authorization: `Bearer ${token}` } : {}), 'accept-language': language });
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { items: TypeMeta[] }).items;
    };

    it('describes every type with its stages, board, fields and the caller\'s rights, in their language', async () => {
      const custom = await t.call('POST', '/api/v1/custom-fields/deals', { type: 'string', labelEn: 'Project code', labelPt: 'Código do projeto', showInList: true, sortable: false });
      assert.equal(custom.statusCode, 201, custom.body);

      const all = await types(undefined, 'pt-BR');
      assert.deepEqual(all.map((type) => type.plural), ['leads', 'contacts', 'companies', 'deals']);
      const deal = all.find((type) => type.name === 'deal')!;
      assert.equal(deal.label, 'Negócio');
      assert.deepEqual(deal.stages, { field: 'stageId', semanticField: 'stageSemantic', list: 'DEAL_STAGE', pipelineField: 'categoryId' });
      assert.equal(deal.board?.amountField, 'opportunity');
      assert.equal(deal.rights.read, 'all');
      const title = deal.fields.find((f) => f.name === 'title')!;
      assert.equal(title.label, 'Nome do negócio');
      assert.ok(title.operators.includes('contains') && title.sortable);
      const code = deal.fields.find((f) => f.custom)!;
      assert.equal(code.label, 'Código do projeto');
      assert.equal(code.showInList, true);
      assert.equal(code.sortable, false);
      const phones = all.find((type) => type.name === 'contact')!.fields.find((f) => f.name === 'phones')!;
      assert.deepEqual(phones.operators, ['eq', 'in', 'contains', 'empty']);
      assert.equal(phones.sortable, false);
      assert.equal(all.find((type) => type.name === 'contact')!.stages, null);
    });

    it('leaves out what a role hides and says what the caller may do', async () => {
      const seller = await t.addUser('Seller');
      await setRoles(t, [
        {
          userId: seller.id,
          permissions: { items: { ...everywhere('none'), deal: { ...every('own'), delete: 'none' }, contact: every('department') }, fields: { deal: { opportunity: 'hidden' } } },
        },
      ]);
      const all = await types(seller.token);
      const deal = all.find((type) => type.name === 'deal')!;
      assert.equal(deal.rights.read, 'own');
      assert.equal(deal.rights.delete, 'none');
      assert.equal(all.find((type) => type.name === 'lead')!.rights.read, 'none');
      assert.equal(all.find((type) => type.name === 'contact')!.rights.update, 'department');
      assert.equal(deal.fields.some((f) => f.name === 'opportunity'), false);
      assert.equal(deal.board!.cardFields.includes('opportunity'), false);
    });

    it('needs a signed-in caller', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/types')).statusCode, 401);
    });
  });
}
