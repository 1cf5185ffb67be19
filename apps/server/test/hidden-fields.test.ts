import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { companyBody, contactBody, dealBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: what a role hides stays hidden on every side path, and hiding a field never changes what the role may
 * do. Each case failed on the engine before the type catalogue and the scoped reader (answers of 500, values shown,
 * rights widened).
 */

for (const dialect of testDialects()) {
  describe(`hidden fields on every path [${dialect}]`, () => {
    let t: TestApp;
    let seller: { id: number; token: string };
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asSeller = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${seller.token}` });

    before(async () => {
      t = await createTestApp(dialect);
      seller = await t.addUser('Seller');
    });
    after(() => t.close());

    it('hiding the pipeline of deals does not widen update and delete rights: a pipeline set to none stays closed', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Locked' })).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ categoryId: pipeline.id, assignedById: seller.id }))).json();
      await setRoles(t, [
        {
          userId: seller.id,
          permissions: {
            items: { ...everywhere('all'), deal: { ...every('all'), pipelines: { [pipeline.id]: { ...every('all'), update: 'none', delete: 'none' } } } },
            fields: { deal: { categoryId: 'hidden' } },
          },
        },
      ]);
      const read = await asSeller('GET', `/api/v1/deals/${deal.id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal('categoryId' in read.json(), false, 'the pipeline is not shown');
      const patched = await asSeller('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Renamed' });
      assert.equal(patched.statusCode, 403, patched.body);
      assert.equal((await asSeller('DELETE', `/api/v1/deals/${deal.id}`)).statusCode, 403);
      const stored = await raw().selectFrom('deals').select(['title', 'deleted_at', 'version']).where('id', '=', deal.id).executeTakeFirstOrThrow();
      assert.deepEqual([stored.title, stored.deleted_at, Number(stored.version)], [deal.title, null, 1], 'nothing was written');
    });

    it('a hidden standard field is simply absent: get, update, list and create answer 200 without it', async () => {
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ post: 'Diretora financeira', assignedById: seller.id }))).json();
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { contact: { post: 'hidden' } } } }]);
      const read = await asSeller('GET', `/api/v1/contacts/${contact.id}`);
      assert.equal(read.statusCode, 200, read.body);
      assert.equal('post' in read.json(), false);
      const patched = await asSeller('PATCH', `/api/v1/contacts/${contact.id}`, { name: 'Mariana' });
      assert.equal(patched.statusCode, 200, patched.body);
      assert.equal(patched.json().name, 'Mariana');
      assert.doesNotMatch(patched.body, /Diretora/);
      const created = await asSeller('POST', '/api/v1/contacts', contactBody());
      assert.equal(created.statusCode, 201, created.body);
      assert.equal('post' in created.json(), false);
      const list = await asSeller('GET', `/api/v1/contacts?filter[id]=${contact.id}`);
      assert.equal(list.statusCode, 200, list.body);
      assert.doesNotMatch(list.body, /Diretora/);
      assert.equal((await asSeller('GET', '/api/v1/contacts?filter[post]=Diretora financeira')).statusCode, 400, 'nor can it be filtered on');
    });

    it('Kanban totals leave out an amount the role hides, so no filter can reveal it; move-to-pipeline answers with the caller view', async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ opportunity: '98765.43', assignedById: seller.id }))).json();
      const other = (await t.call('POST', '/api/v1/pipelines', { name: 'Outro' })).json();
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { deal: { opportunity: 'hidden' } } } }]);
      const board = await asSeller('GET', `/api/v1/deals/kanban?filter[id]=${deal.id}`);
      assert.equal(board.statusCode, 200, board.body);
      assert.doesNotMatch(board.body, /98765/);
      for (const column of board.json().columns) assert.equal(column.total, null);
      assert.equal(board.json().columns.reduce((sum: number, c: { count: number }) => sum + c.count, 0), 1, 'counts still show');
      const moved = await asSeller('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: other.id });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.doesNotMatch(moved.body, /98765/);
      assert.equal('opportunity' in moved.json(), false);
      // The administrator still sees the totals.
      assert.match((await t.call('GET', `/api/v1/deals/kanban?pipelineId=${other.id}&filter[id]=${deal.id}`)).body, /98765\.43/);
    });

    it('the recycle bin and the dependencies title items by the fields the caller may see', async () => {
      const company = (await t.call('POST', '/api/v1/companies', companyBody({ title: 'Segredo Industrial Ltda', assignedById: seller.id }))).json();
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [company.id], assignedById: seller.id }))).json();
      const binned = (await t.call('POST', '/api/v1/companies', companyBody({ title: 'Segredo Apagado Ltda', assignedById: seller.id }))).json();
      assert.equal((await t.call('DELETE', `/api/v1/companies/${binned.id}`)).statusCode, 204);
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { company: { title: 'hidden' } } } }]);
      const dependencies = await asSeller('GET', `/api/v1/contacts/${contact.id}/dependencies`);
      assert.equal(dependencies.statusCode, 200, dependencies.body);
      assert.doesNotMatch(dependencies.body, /Segredo/);
      assert.deepEqual(dependencies.json().items.find((d: { id: number; type: string }) => d.type === 'company' && d.id === company.id)?.title, `Company #${company.id}`);
      const bin = await asSeller('GET', '/api/v1/recycle-bin?type=company');
      assert.equal(bin.statusCode, 200, bin.body);
      assert.doesNotMatch(bin.body, /Segredo/);
      assert.ok(bin.json().items.some((entry: { id: number; title: string }) => entry.id === binned.id && entry.title === `Company #${binned.id}`));
    });

    it('a hidden stage: stage history leaves it out and there is no board; a hidden card field only drops off the cards', async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ assignedById: seller.id, closeDate: '2026-12-24' }))).json();
      assert.equal((await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'WON' })).statusCode, 200);
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { deal: { stageId: 'hidden', stageSemantic: 'hidden' } } } }]);
      const history = await asSeller('GET', `/api/v1/deals/${deal.id}/stage-history`);
      assert.equal(history.statusCode, 200, history.body);
      assert.doesNotMatch(history.body, /WON|NEW|stageId/);
      assert.equal(history.json().items.length, 2, 'the moves themselves still show');
      const board = await asSeller('GET', '/api/v1/deals/kanban');
      assert.equal(board.statusCode, 403, board.body);
      assert.equal(board.json().error.details.reason, 'hiddenField');

      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { deal: { closeDate: 'hidden' } } } }]);
      const withCards = await asSeller('GET', '/api/v1/deals/kanban');
      assert.equal(withCards.statusCode, 200, withCards.body);
      assert.doesNotMatch(withCards.body, /2026-12-24|closeDate/);
    });

    it('a hidden custom field keeps its default and required rules; its metadata is not listed to the caller', async () => {
      const fields = [
        { name: 'UF_CRM_RISK', type: 'string', labelEn: 'Risk', labelPt: 'Risco', defaultValue: 'baixo' },
        { name: 'UF_CRM_GRADE', type: 'string', labelEn: 'Grade', labelPt: 'Nota', required: true, defaultValue: 'B' },
      ];
      for (const field of fields) assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', field)).statusCode, 201);
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { contact: { ufCrmRisk: 'hidden', ufCrmGrade: 'hidden' } } } }]);
      const created = await asSeller('POST', '/api/v1/contacts', contactBody());
      assert.equal(created.statusCode, 201, created.body);
      assert.equal('ufCrmRisk' in created.json(), false);
      const stored = await raw().selectFrom('contacts').select(['uf_crm_risk', 'uf_crm_grade']).where('id', '=', created.json().id).executeTakeFirstOrThrow();
      assert.deepEqual([stored.uf_crm_risk, stored.uf_crm_grade], ['baixo', 'B'], 'the defaults apply');

      const listed = await asSeller('GET', '/api/v1/custom-fields/contacts');
      assert.equal(listed.statusCode, 200);
      assert.doesNotMatch(listed.body, /UF_CRM_RISK|UF_CRM_GRADE/);
      assert.equal((await asSeller('GET', '/api/v1/custom-fields/contacts/UF_CRM_RISK')).statusCode, 404);

      // Required without a default, and hidden: a new item cannot be made without it.
      assert.equal((await t.call('PATCH', '/api/v1/custom-fields/contacts/UF_CRM_GRADE', { defaultValue: null })).statusCode, 200);
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { contact: { ufCrmRisk: 'hidden', ufCrmGrade: 'hidden' } } } }]);
      const refused = await asSeller('POST', '/api/v1/contacts', contactBody());
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().error.details[0].rule, 'required');
      for (const field of fields) assert.equal((await t.call('DELETE', `/api/v1/custom-fields/contacts/${field.name}?confirm=true`)).statusCode, 204);
    });

    it('a user who may add but only read their own still gets the item they created', async () => {
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('all'), contact: { ...every('own'), add: 'all' } } } }]);
      const created = await asSeller('POST', '/api/v1/contacts', contactBody({ name: 'Entregue', assignedById: t.adminId }));
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().name, 'Entregue');
      assert.equal((await t.call('GET', `/api/v1/contacts/${created.json().id}`)).statusCode, 200, 'and it was kept');
      assert.equal((await asSeller('GET', `/api/v1/contacts/${created.json().id}`)).statusCode, 404, 'though they may not read it later');
    });
  });
}
