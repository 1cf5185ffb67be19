import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { dealBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const base = '/api/v1/pipelines';
const codes = (response: { json(): any }) => response.json().values.map((v: { code: string }) => v.code);

for (const dialect of testDialects()) {
  describe(`pipelines and stage history [${dialect}]`, () => {
    let t: TestApp;
    let userToken: string;
    before(async () => {
      t = await createTestApp(dialect);
      userToken = (await t.addUser()).token;
    });
    after(() => t.close());
    const raw = () => t.database.db as unknown as Kysely<any>;
    const asUser = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${userToken}` });
    const stageHistory = async (plural: string, id: number) => (await t.call('GET', `/api/v1/${plural}/${id}/stage-history`)).json().items;

    it('refuses every route without credentials (401)', async () => {
      const routes: Array<[string, string]> = [
        ['GET', base],
        ['POST', base],
        ['GET', `${base}/0`],
        ['PATCH', `${base}/0`],
        ['DELETE', `${base}/0`],
        ['GET', `${base}/0/stages`],
        ['POST', `${base}/0/stages`],
        ['PUT', `${base}/0/stages/order`],
        ['PATCH', `${base}/0/stages/NEW`],
        ['DELETE', `${base}/0/stages/NEW`],
        ['POST', '/api/v1/deals/1/move-to-pipeline'],
        ['GET', '/api/v1/deals/1/stage-history'],
        ['GET', '/api/v1/leads/1/stage-history'],
      ];
      for (const [method, url] of routes) {
        const response = await t.anonymous(method as 'GET', url, ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses bad input (400), non-admin writes (403) and unknown ids (404)', async () => {
      assert.equal((await t.call('POST', base, {})).statusCode, 400);
      assert.equal((await t.call('POST', base, { name: 'x', isDefault: false })).statusCode, 400);
      assert.equal((await t.call('GET', `${base}/abc`)).statusCode, 400);
      assert.equal((await t.call('POST', `${base}/0/stages`, { name: 'Stage', code: 'C9:X' })).statusCode, 400, 'a prefix of another pipeline');
      assert.equal((await asUser('POST', base, { name: 'Mine' })).statusCode, 403);
      assert.equal((await asUser('PATCH', `${base}/0`, { name: 'Mine' })).statusCode, 403);
      assert.equal((await asUser('DELETE', `${base}/0/stages/NEW`)).statusCode, 403);
      for (const [method, url] of [['GET', `${base}/999`], ['PATCH', `${base}/999`], ['DELETE', `${base}/999`], ['GET', `${base}/999/stages`], ['POST', `${base}/999/stages`], ['DELETE', `${base}/0/stages/NOPE`], ['POST', '/api/v1/deals/999999/move-to-pipeline'], ['GET', '/api/v1/deals/999999/stage-history'], ['GET', '/api/v1/leads/999999/stage-history']]) {
        const body = method === 'PATCH' ? { name: 'x' } : method === 'POST' ? (url.includes('move') ? { categoryId: 0 } : { name: 'x' }) : undefined;
        assert.equal((await t.call(method as 'GET', url, body)).statusCode, 404, `${method} ${url}`);
      }
      const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      const badPipeline = await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: 999 });
      assert.equal(badPipeline.statusCode, 400);
      assert.equal(badPipeline.json().error.details[0].field, 'categoryId');
      const badStage = await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: 0, stageId: 'NOPE' });
      assert.equal(badStage.json().error.details[0].field, 'stageId');
      assert.equal((await t.call('POST', '/api/v1/deals', dealBody({ categoryId: 999 }))).statusCode, 400);
    });

    it('has the general pipeline, and refuses to delete the last or default pipeline (409)', async () => {
      const pipelines = (await t.call('GET', base, undefined, { 'accept-language': 'pt-BR' })).json().pipelines;
      assert.deepEqual(pipelines, [{ id: 0, name: 'Geral', sort: 0, isDefault: true }]);
      assert.equal((await t.call('GET', `${base}/0`)).json().name, 'General');
      const last = await t.call('DELETE', `${base}/0`);
      assert.equal(last.statusCode, 409);
      assert.equal(last.json().error.details.reason, 'lastPipeline');
    });

    it('creates a pipeline with prefixed default stages, makes it the default, and deletes it only when empty', async () => {
      const created = await t.call('POST', base, { name: 'Revenda' });
      assert.equal(created.statusCode, 201, created.body);
      const pipeline = created.json();
      assert.ok(pipeline.id > 0);
      assert.equal(pipeline.isDefault, false);
      const stages = (await t.call('GET', `${base}/${pipeline.id}/stages`)).json().values;
      assert.deepEqual(stages.map((s: { code: string; semantic: string }) => [s.code, s.semantic]), [
        [`C${pipeline.id}:NEW`, 'P'],
        [`C${pipeline.id}:PREPARATION`, 'P'],
        [`C${pipeline.id}:WON`, 'S'],
        [`C${pipeline.id}:LOSE`, 'F'],
      ]);
      assert.equal(stages[2].namePt, 'Negócio ganho');

      const made = await t.call('PATCH', `${base}/${pipeline.id}`, { isDefault: true, name: 'Revenda 2' });
      assert.equal(made.json().isDefault, true);
      assert.equal((await t.call('GET', `${base}/0`)).json().isDefault, false, 'only one default');
      const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      assert.equal(deal.categoryId, pipeline.id, 'new deals go to the default pipeline');
      assert.equal(deal.stageId, `C${pipeline.id}:NEW`);
      const isDefault = await t.call('DELETE', `${base}/${pipeline.id}`);
      assert.equal(isDefault.statusCode, 409);
      assert.equal(isDefault.json().error.details.reason, 'defaultPipeline');
      await t.call('PATCH', `${base}/0`, { isDefault: true });

      await t.call('DELETE', `/api/v1/deals/${deal.id}`);
      const holds = await t.call('DELETE', `${base}/${pipeline.id}`);
      assert.equal(holds.statusCode, 409, 'a binned deal still holds the pipeline');
      assert.equal(holds.json().error.details.usedBy, 1);
      await t.call('DELETE', `/api/v1/recycle-bin/deal/${deal.id}`);
      assert.equal((await t.call('DELETE', `${base}/${pipeline.id}`)).statusCode, 204);
      assert.equal((await t.call('GET', `${base}/${pipeline.id}`)).statusCode, 404);
      const left = await raw().selectFrom('reference_items').select('code').where('category_id', '=', pipeline.id).execute();
      assert.equal(left.length, 0, 'its stages are gone');
    });

    it('reorders every pipeline in one change, and refuses an order that misses, repeats or invents one', async () => {
      const a = (await t.call('POST', base, { name: 'Revenda' })).json();
      const b = (await t.call('POST', base, { name: 'Licitações' })).json();
      const order = async () => (await t.call('GET', base)).json().pipelines.map((p: { id: number }) => p.id);
      const before = await order();
      const wanted = [b.id, ...before.filter((id: number) => id !== b.id && id !== a.id), a.id];
      const answer = await t.call('PUT', `${base}/order`, { ids: wanted });
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(answer.json().pipelines.map((p: { id: number }) => p.id), wanted);
      assert.deepEqual(await order(), wanted);
      for (const ids of [wanted.slice(1), [...wanted, wanted[0]], [...wanted.slice(1), 999_999]]) {
        assert.equal((await t.call('PUT', `${base}/order`, { ids })).statusCode, 400, JSON.stringify(ids));
        assert.deepEqual(await order(), wanted, 'a refused order changes nothing');
      }
      assert.equal((await asUser('PUT', `${base}/order`, { ids: [...wanted].reverse() })).statusCode, 403);
      assert.deepEqual(await order(), wanted);
      const audit = (await t.call('GET', '/api/v1/audit?kind=settings.pipeline.reordered')).json().items;
      assert.equal(audit.length, 1);
      await t.call('DELETE', `${base}/${a.id}`);
      await t.call('DELETE', `${base}/${b.id}`);
    });

    it('adds, reorders and deletes stages, keeping one in progress, one success and one failure stage', async () => {
      const pipeline = (await t.call('POST', base, { name: 'Projetos' })).json();
      const stages = `${base}/${pipeline.id}/stages`;
      const added = await t.call('POST', stages, { code: 'REVIEW', name: 'Review' });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(added.json().code, `C${pipeline.id}:REVIEW`);
      assert.equal(added.json().semantic, 'P');
      const generated = (await t.call('POST', stages, { name: 'Other', semantic: 'F' })).json();
      assert.match(generated.code, new RegExp(`^C${pipeline.id}:UC_[A-Z0-9]{6}$`));

      const order = codes(await t.call('GET', stages));
      const reordered = [order[4], ...order.slice(0, 4), order[5]];
      assert.deepEqual(codes(await t.call('PUT', `${stages}/order`, { codes: reordered })), reordered);

      const won = await t.call('DELETE', `${stages}/C${pipeline.id}:WON`);
      assert.equal(won.statusCode, 409);
      assert.equal(won.json().error.details.reason, 'semanticNeeded');
      assert.equal((await t.call('PATCH', `${stages}/C${pipeline.id}:WON`, { semantic: 'P' })).statusCode, 409);
      assert.equal((await t.call('DELETE', `${stages}/C${pipeline.id}:LOSE`)).statusCode, 204, 'another failure stage remains');
      assert.equal((await t.call('DELETE', `${stages}/${generated.code}`)).json().error.details.reason, 'semanticNeeded');
      const renamed = await t.call('PATCH', `${stages}/C${pipeline.id}:REVIEW`, { nameEn: 'Peer review', color: '#123456' });
      assert.equal(renamed.json().name, 'Peer review');
      assert.equal((await t.call('PATCH', `${base}/0/stages/C${pipeline.id}:REVIEW`, { name: 'x' })).statusCode, 404, 'stages belong to their pipeline');
    });

    it('deletes a used stage only with a replacement, moving its deals with history and stage history', async () => {
      const first = (await t.call('POST', '/api/v1/deals', dealBody({ stageId: 'EXECUTING' }))).json();
      const second = (await t.call('POST', '/api/v1/deals', dealBody({ stageId: 'EXECUTING' }))).json();
      const refused = await t.call('DELETE', `${base}/0/stages/EXECUTING`);
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.details.usedBy, 2);
      assert.equal((await t.call('DELETE', `${base}/0/stages/EXECUTING?replaceWith=C1:NEW`)).statusCode, 400, 'the replacement must be in the same pipeline');

      assert.equal((await t.call('DELETE', `${base}/0/stages/EXECUTING?replaceWith=WON`)).statusCode, 204);
      const left = await raw().selectFrom('deals').select('id').where('stage_id', '=', 'EXECUTING').execute();
      assert.equal(left.length, 0);
      for (const deal of [first, second]) {
        const moved = (await t.call('GET', `/api/v1/deals/${deal.id}`)).json();
        assert.deepEqual([moved.stageId, moved.stageSemantic, moved.closed, moved.version], ['WON', 'S', true, 2]);
        const history = (await t.call('GET', `/api/v1/deals/${deal.id}/history`)).json().items;
        const change = history.find((h: { field: string }) => h.field === 'stageId');
        assert.deepEqual([change.oldValue, change.newValue], ['EXECUTING', 'WON']);
        assert.deepEqual((await stageHistory('deals', deal.id)).map((s: { stageId: string }) => s.stageId), ['EXECUTING', 'WON']);
      }
    });

    it('moves a deal to another pipeline: first stage unless given, with history; categoryId stays immutable in PATCH', async () => {
      const pipeline = (await t.call('POST', base, { name: 'Licitações' })).json();
      const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      assert.equal(deal.categoryId, 0);
      const patched = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { categoryId: pipeline.id });
      assert.equal(patched.statusCode, 400);
      assert.equal(patched.json().error.details[0].rule, 'immutable');

      const moved = await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: pipeline.id });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual([moved.json().categoryId, moved.json().stageId, moved.json().version], [pipeline.id, `C${pipeline.id}:NEW`, 2]);
      const stale = await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: 0, version: 1 });
      assert.equal(stale.statusCode, 409);

      const won = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: `C${pipeline.id}:WON` });
      assert.equal(won.statusCode, 200, 'stages are checked against the deal\'s own pipeline');
      assert.equal(won.json().closed, true);
      const back = (await t.call('POST', `/api/v1/deals/${deal.id}/move-to-pipeline`, { categoryId: 0, stageId: 'PREPARATION' })).json();
      assert.deepEqual([back.categoryId, back.stageId, back.closed], [0, 'PREPARATION', false]);

      const changes = (await t.call('GET', `/api/v1/deals/${deal.id}/history`)).json().items.filter((h: { field: string }) => h.field === 'categoryId');
      assert.deepEqual(changes.map((h: { oldValue: number; newValue: number }) => [h.oldValue, h.newValue]), [[0, pipeline.id], [pipeline.id, 0]]);
      const stages = await stageHistory('deals', deal.id);
      assert.deepEqual(stages.map((s: { categoryId: number; stageId: string; semantic: string }) => [s.categoryId, s.stageId, s.semantic]), [
        [0, 'NEW', 'P'],
        [pipeline.id, `C${pipeline.id}:NEW`, 'P'],
        [pipeline.id, `C${pipeline.id}:WON`, 'S'],
        [0, 'PREPARATION', 'P'],
      ]);
      assert.equal(stages[0].actorId, t.adminId);
    });

    it('writes one stage history row per create and per stage change, none for other changes', async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { comments: 'no stage change' });
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'PREPARATION' });
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'PREPARATION', comments: 'same stage' });
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'LOSE' });
      const rows = await stageHistory('deals', deal.id);
      assert.deepEqual(rows.map((r: { stageId: string }) => r.stageId), ['NEW', 'PREPARATION', 'LOSE']);
      assert.ok(rows.every((r: { movedAt: string }) => !Number.isNaN(Date.parse(r.movedAt))));

      const lead = (await t.call('POST', '/api/v1/leads', leadBody())).json();
      await t.call('PATCH', `/api/v1/leads/${lead.id}`, { statusId: 'IN_PROCESS' });
      await t.call('PATCH', `/api/v1/leads/${lead.id}`, { statusId: 'JUNK' });
      const leadRows = await stageHistory('leads', lead.id);
      assert.deepEqual(leadRows.map((r: { stageId: string; semantic: string; categoryId: null }) => [r.stageId, r.semantic, r.categoryId]), [
        ['NEW', 'P', null],
        ['IN_PROCESS', 'P', null],
        ['JUNK', 'F', null],
      ]);
      const page = (await t.call('GET', `/api/v1/leads/${lead.id}/stage-history?limit=2`)).json();
      assert.equal(page.items.length, 2);
      const rest = (await t.call('GET', `/api/v1/leads/${lead.id}/stage-history?cursor=${page.nextCursor}`)).json();
      assert.deepEqual(rest.items.map((r: { stageId: string }) => r.stageId), ['JUNK']);
      const failed = await t.call('POST', '/api/v1/leads', leadBody({ statusId: 'NOPE' }));
      assert.equal(failed.statusCode, 400);
      const count = await raw().selectFrom('stage_history').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', 'lead').executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 3, 'a refused write leaves no stage history');
    });
  });
}
