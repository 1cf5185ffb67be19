import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { purgeExpired } from '../src/modules/recycle-bin/recycle-bin.service.ts';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10: writes to many items go through the bulk writer: each item locked and re-checked, versioned and in the
 * history; purging cuts links as changes of the items that held them; the CRM-mode switch converts in chunks
 * without holding up new inquiries. Each case lost a change or a history entry before.
 */

const day = 86_400_000;

for (const dialect of testDialects()) {
  describe(`bulk writes [${dialect}]`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-11-29T12:00:00Z');
    const raw = () => t.database.db as unknown as Kysely<any>;
    const eventsOf = async (type: string, id: number) =>
      (await raw().selectFrom('events').select(['type', 'changes']).where('entity_type', '=', type).where('entity_id', '=', id).orderBy('id').execute()).map((e) => ({ type: e.type, changes: JSON.parse(e.changes) }));

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
    });
    after(() => t.close());

    it('deleting a stage does not undo a move made meanwhile: the items are locked and re-checked, and the history tells the truth', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Corrida' })).json();
      const stage = (code: string) => `C${pipeline.id}:${code}`;
      assert.equal((await t.call('POST', `/api/v1/pipelines/${pipeline.id}/stages`, { code: 'DOOMED', name: 'Doomed' })).statusCode, 201);
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ categoryId: pipeline.id, stageId: stage('DOOMED') }))).json();
      const bystander = (await t.call('POST', '/api/v1/deals', dealBody({ categoryId: pipeline.id, stageId: stage('DOOMED') }))).json();

      if (dialect === 'postgres') {
        // A salesperson's move holds the deal's row while the administrator deletes its stage; the move commits second.
        const salesperson = new pg.Client({ connectionString: t.url });
        await salesperson.connect();
        await salesperson.query('begin');
        await salesperson.query('select id from deals where id = $1 for update', [deal.id]);
        const deletion = t.call('DELETE', `/api/v1/pipelines/${pipeline.id}/stages/${stage('DOOMED')}?replaceWith=${stage('NEW')}`);
        await new Promise((resolve) => setTimeout(resolve, 400));
        await salesperson.query("update deals set stage_id = $1, stage_semantic = 'S', version = version + 1 where id = $2", [stage('WON'), deal.id]);
        await salesperson.query('commit');
        await salesperson.end();
        assert.equal((await deletion).statusCode, 204);
      } else {
        // SQLite writers take turns: the move is simply first.
        assert.equal((await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: stage('WON') })).statusCode, 200);
        assert.equal((await t.call('DELETE', `/api/v1/pipelines/${pipeline.id}/stages/${stage('DOOMED')}?replaceWith=${stage('NEW')}`)).statusCode, 204);
      }
      const moved = (await t.call('GET', `/api/v1/deals/${deal.id}`)).json();
      assert.equal(moved.stageId, stage('WON'), 'the concurrent move stands');
      const history = await eventsOf('deal', deal.id);
      assert.ok(!history.some((e) => e.changes.stageId?.[1] === stage('NEW')), 'no history entry claims the deal went to the replacement');
      const other = (await t.call('GET', `/api/v1/deals/${bystander.id}`)).json();
      assert.equal(other.stageId, stage('NEW'));
      assert.equal(other.version, 2);
      assert.deepEqual((await eventsOf('deal', bystander.id)).at(-1)!.changes.stageId, [stage('DOOMED'), stage('NEW')]);
    });

    it('purging cuts the links other items hold to the purged ones, each as a versioned change in their history', async () => {
      const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [company.id] }))).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id, contactIds: [contact.id] }))).json();
      const lead = (await t.call('POST', '/api/v1/leads', leadBody({ companyId: company.id }))).json();
      assert.equal((await t.call('DELETE', `/api/v1/companies/${company.id}`)).statusCode, 204);
      clock += 31 * day;
      assert.equal(await purgeExpired(t.database, new Date(clock), 30), 1);

      for (const [type, item, field, before] of [
        ['deals', deal, 'companyId', company.id],
        ['leads', lead, 'companyId', company.id],
        ['contacts', contact, 'companyIds', [company.id]],
      ] as const) {
        const now = (await t.call('GET', `/api/v1/${type}/${item.id}`)).json();
        assert.deepEqual(now[field], Array.isArray(before) ? [] : null, `${type}.${field}`);
        assert.equal(now.version, item.version + 1, `${type}: the change has a version`);
        const last = (await eventsOf(type.slice(0, -1), item.id)).at(-1)!;
        assert.equal(last.type, 'item.updated', type);
        assert.deepEqual(last.changes[field], [before, Array.isArray(before) ? [] : null], `${type}: the change is in the history`);
      }
      assert.equal((await eventsOf('company', company.id)).at(-1)!.type, 'item.purged');
    });

    it('counts the items a multiple field would erase, not their values', async () => {
      assert.equal((await t.call('POST', '/api/v1/custom-fields/contacts', { name: 'UF_CRM_TAGS', type: 'enumeration', multiple: true, labelEn: 'Tags', labelPt: 'Etiquetas', options: [{ value: 'a' }, { value: 'b' }] })).statusCode, 201);
      const options = (await t.call('GET', '/api/v1/custom-fields/contacts/UF_CRM_TAGS')).json().options.map((o: { id: number }) => o.id);
      assert.equal((await t.call('POST', '/api/v1/contacts', contactBody({ ufCrmTags: options }))).statusCode, 201);
      const refused = await t.call('DELETE', '/api/v1/custom-fields/contacts/UF_CRM_TAGS');
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.details.count, 1, 'one item, holding two values');
      assert.match(refused.json().error.message, /^1 items/);
    });

    it('switching to simple mode converts open leads a chunk at a time: new inquiries are not held up, and asking again finishes the job', async () => {
      for (let i = 0; i < 230; i++) assert.equal((await t.call('POST', '/api/v1/leads', leadBody({ name: `Aberto ${i}` }))).statusCode, 201);
      let switchDone = false;
      const switching = t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'simple', confirm: true }).then((response) => {
        switchDone = true;
        return response;
      });
      const openLeft = async () => Number((await raw().selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).where('deleted_at', 'is', null).where('status_semantic', '=', 'P').executeTakeFirstOrThrow()).n);
      // The switch is committed first, then the leads convert a chunk per transaction: the mode is seen while open leads remain.
      for (let tries = 0; ; tries++) {
        const mode = (await raw().selectFrom('app_settings').select('value').where('key', '=', 'crm_mode').executeTakeFirst())?.value;
        if (mode === 'simple') break;
        assert.ok(tries < 500 && !switchDone, 'the mode is written before the leads are converted');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok((await openLeft()) > 0, 'the conversion goes on in chunks after the switch committed');
      if (dialect === 'postgres') {
        // An inquiry goes the simple way at once, without waiting for every lead to convert.
        const inquiry = await t.call('POST', '/api/v1/leads', leadBody({ name: 'Nova', lastName: 'Consulta' }));
        assert.equal(inquiry.statusCode, 201, inquiry.body);
        assert.equal(inquiry.json().mode, 'simple');
        assert.equal(switchDone, false, 'the inquiry did not wait for the whole conversion');
      }
      const switched = await switching;
      assert.equal(switched.statusCode, 200, switched.body);
      assert.equal(await openLeft(), 0);
      assert.ok(switched.json().converted >= 230);

      // A switch interrupted after writing the mode leaves open leads: asking for simple mode again converts them.
      await raw().updateTable('app_settings').set({ value: 'classic' }).where('key', '=', 'crm_mode').execute();
      for (let i = 0; i < 3; i++) await t.call('POST', '/api/v1/leads', leadBody({ name: `Resto ${i}` }));
      await raw().updateTable('app_settings').set({ value: 'simple' }).where('key', '=', 'crm_mode').execute();
      const again = await t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'simple', confirm: true });
      assert.equal(again.json().converted, 3);
      assert.equal(await openLeft(), 0);
      assert.equal((await t.call('PUT', '/api/v1/settings/crm-mode', { mode: 'classic' })).statusCode, 200);
    });

    it('the open leads a settings screen counts are those the caller may read', async () => {
      const seller = await t.addUser('Counter');
      await t.call('POST', '/api/v1/leads', leadBody({ assignedById: seller.id }));
      await t.call('POST', '/api/v1/leads', leadBody());
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('own') } }]);
      const mode = await t.call('GET', '/api/v1/settings/crm-mode', undefined, { authorization: `Bearer ${seller.token}` });
      assert.deepEqual(mode.json(), { mode: 'classic', openLeads: 1 });
    });
  });
}
