import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bulkJobs } from '../src/modules/bulk/bulk-job.ts';
import { startJobRunner, type JobHandler } from '../src/modules/jobs/job-runner.ts';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Group actions (POST /api/v1/{type}/bulk) and the jobs that run them (GET /api/v1/jobs/{id}). */

const as = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

for (const dialect of testDialects()) {
  describe(`group actions [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const create = async (plural: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
      const response = await t.call('POST', `/api/v1/${plural}`, body, headers);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as Record<string, any>;
    };
    /** Starts a group action and waits for its job to end; answers the job as its author reads it. */
    const run = async (plural: string, body: unknown, headers?: Record<string, string>) => {
      const started = await t.call('POST', `/api/v1/${plural}/bulk`, body, headers);
      assert.equal(started.statusCode, 202, started.body);
      assert.equal(started.headers.location, `/api/v1/jobs/${started.json().jobId}`);
      await t.app.jobRunner.whenIdle();
      const job = await t.call('GET', `/api/v1/jobs/${started.json().jobId}`, undefined, headers);
      assert.equal(job.statusCode, 200, job.body);
      return { started: started.json() as { jobId: number; total: number }, job: job.json() as Record<string, any> };
    };
    const events = (type: string, ids: number[], eventType = 'item.updated') =>
      t.database.db.selectFrom('events').select(['entity_id', 'changes']).where('entity_type', '=', type).where('entity_id', 'in', ids).where('type', '=', eventType).orderBy('id').execute();

    it('assigns deals by ids: each one changed through the engine, with a history entry, and the job tells the outcome', async () => {
      const seller = await t.addUser('Ana Assign');
      const deals = [await create('deals', dealBody()), await create('deals', dealBody()), await create('deals', dealBody())];
      const ids = deals.map((d) => d.id);
      const { started, job } = await run('deals', { ids, action: { kind: 'assign', assignedById: seller.id } });
      assert.equal(started.total, 3);
      assert.equal(job.kind, 'bulk');
      assert.equal(job.type, 'deal');
      assert.equal(job.action, 'assign');
      assert.equal(job.status, 'done');
      assert.deepEqual([job.total, job.processed, job.succeeded, job.refused], [3, 3, 3, 0]);
      assert.deepEqual(job.refusals, []);
      assert.ok(job.createdAt && job.startedAt && job.finishedAt);
      assert.equal(job.error, null);
      for (const deal of deals) {
        const after = (await t.call('GET', `/api/v1/deals/${deal.id}`)).json();
        assert.equal(after.assignedById, seller.id);
        assert.equal(after.version, deal.version + 1);
      }
      const history = await events('deal', ids);
      assert.equal(history.length, 3, 'one history entry per item');
      for (const entry of history) assert.deepEqual(JSON.parse(entry.changes).assignedById, [t.adminId, seller.id]);
      const card = (await t.call('GET', `/api/v1/deals/${ids[0]}/history`)).json();
      assert.ok(JSON.stringify(card.items[0]).includes('assignedById'), `the card's history shows the change: ${JSON.stringify(card.items[0])}`);
    });

    it('moves deals to a stage of their pipeline (a final one closes them) and refuses deals of another pipeline', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Revenda' })).json();
      const ours = [await create('deals', dealBody()), await create('deals', dealBody())];
      const other = await create('deals', dealBody({ categoryId: pipeline.id }));
      const { job } = await run('deals', { ids: [...ours.map((d) => d.id), other.id], action: { kind: 'stage', stageId: 'WON' } });
      assert.deepEqual([job.processed, job.succeeded, job.refused], [3, 2, 1]);
      assert.deepEqual(job.refusals.map((r: any) => [r.id, r.code]), [[other.id, 'STAGE_NOT_IN_PIPELINE']]);
      assert.match(job.refusals[0].reason, /WON.*pipeline/);
      for (const deal of ours) {
        const won = (await t.call('GET', `/api/v1/deals/${deal.id}`)).json();
        assert.equal(won.stageId, 'WON');
        assert.equal(won.stageSemantic, 'S');
        assert.equal(won.closed, true);
        assert.ok(won.closeDate, 'a final stage dates the close');
        const moves = (await t.call('GET', `/api/v1/deals/${deal.id}/stage-history`)).json();
        assert.ok(moves.items.some((m: any) => m.stageId === 'WON'), 'the move is in the stage history');
      }
      assert.equal((await t.call('GET', `/api/v1/deals/${other.id}`)).json().stageId, `C${pipeline.id}:NEW`, 'the refused deal is untouched');

      const lead = await create('leads', leadBody());
      const leads = await run('leads', { ids: [lead.id], action: { kind: 'stage', stageId: 'IN_PROCESS' } });
      assert.equal(leads.job.succeeded, 1);
      assert.equal((await t.call('GET', `/api/v1/leads/${lead.id}`)).json().statusId, 'IN_PROCESS');
      const unknown = await t.call('POST', '/api/v1/deals/bulk', { ids: [other.id], action: { kind: 'stage', stageId: 'NOWHERE' } });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().error.details[0].field, 'action.stageId');
    });

    it('sets a field, validated as in an update, and includes contacts and companies in or excludes them from export', async () => {
      const deals = [await create('deals', dealBody()), await create('deals', dealBody())];
      const { job } = await run('deals', { ids: deals.map((d) => d.id), action: { kind: 'set', field: 'opportunity', value: '2500.50' } });
      assert.equal(job.succeeded, 2);
      for (const deal of deals) assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().opportunity, '2500.50');
      const bad = await t.call('POST', '/api/v1/deals/bulk', { ids: [deals[0].id], action: { kind: 'set', field: 'opportunity', value: '12.345' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.details[0].field, 'action.value');

      const contacts = [await create('contacts', contactBody()), await create('contacts', contactBody())];
      const company = await create('companies', companyBody());
      assert.equal(contacts[0].export, false);
      const included = await run('contacts', { ids: contacts.map((c) => c.id), action: { kind: 'export', include: true } });
      assert.equal(included.job.succeeded, 2);
      for (const contact of contacts) assert.equal((await t.call('GET', `/api/v1/contacts/${contact.id}`)).json().export, true);
      await run('contacts', { ids: [contacts[0].id], action: { kind: 'export', include: false } });
      assert.equal((await t.call('GET', `/api/v1/contacts/${contacts[0].id}`)).json().export, false);
      await run('companies', { ids: [company.id], action: { kind: 'export', include: true } });
      assert.equal((await t.call('GET', `/api/v1/companies/${company.id}`)).json().export, true);

      // A contact keeps one of its names: emptying the last name is refused for a contact that has no other.
      const named = await create('contacts', { name: 'Beatriz', lastName: 'Lima' });
      const lastNameOnly = await create('contacts', { lastName: 'Conceição' });
      const emptied = await run('contacts', { ids: [named.id, lastNameOnly.id], action: { kind: 'set', field: 'lastName', value: null } });
      assert.deepEqual([emptied.job.succeeded, emptied.job.refused], [1, 1]);
      assert.deepEqual(emptied.job.refusals.map((r: any) => [r.id, r.code]), [[lastNameOnly.id, 'INVALID']]);
      assert.match(emptied.job.refusals[0].reason, /Last name.*at least one of/);
      assert.equal((await t.call('GET', `/api/v1/contacts/${lastNameOnly.id}`)).json().lastName, 'Conceição');
    });

    it('deletes to the recycle bin, as DELETE does, with a history entry per item', async () => {
      const companies = [await create('companies', companyBody()), await create('companies', companyBody())];
      const ids = companies.map((c) => c.id);
      const { job } = await run('companies', { ids, action: { kind: 'delete' } });
      assert.deepEqual([job.action, job.succeeded, job.refused], ['delete', 2, 0]);
      for (const id of ids) assert.equal((await t.call('GET', `/api/v1/companies/${id}`)).statusCode, 404);
      const bin = (await t.call('GET', '/api/v1/recycle-bin?type=company')).json().items.map((i: any) => i.id);
      for (const id of ids) assert.ok(bin.includes(id), 'in the recycle bin');
      assert.equal((await events('company', ids, 'item.deleted')).length, 2);
      assert.equal((await t.call('POST', `/api/v1/companies/${ids[0]}/restore`)).statusCode, 200, 'and restorable');
      const again = await run('companies', { ids, action: { kind: 'delete' } });
      assert.deepEqual(again.job.refusals.map((r: any) => [r.id, r.code]), [[ids[1], 'NOT_FOUND']], 'an item already binned is refused, the restored one deleted again');
    });

    it('acts on every item that matches a filter, exactly the matching set, in either filter form', async () => {
      const owner = await t.addUser('Filtered Owner');
      const matching = [];
      for (let i = 0; i < 5; i++) matching.push(await create('deals', dealBody({ assignedById: owner.id, opportunity: '10.00' })));
      const closedOne = await create('deals', dealBody({ assignedById: owner.id, opportunity: '10.00', stageId: 'LOSE' }));
      const outside = await create('deals', dealBody({ opportunity: '10.00' }));
      const { started, job } = await run('deals', {
        filter: [
          { field: 'assignedById', op: 'eq', value: owner.id },
          { field: 'stageSemantic', op: 'eq', value: 'P' },
        ],
        action: { kind: 'set', field: 'opportunity', value: '99.00' },
      });
      assert.equal(started.total, 5, 'the count of what matches');
      assert.deepEqual([job.processed, job.succeeded], [5, 5]);
      for (const deal of matching) assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().opportunity, '99.00');
      assert.equal((await t.call('GET', `/api/v1/deals/${closedOne.id}`)).json().opportunity, '10.00');
      assert.equal((await t.call('GET', `/api/v1/deals/${outside.id}`)).json().opportunity, '10.00');
      const listed = (await t.call('GET', `/api/v1/deals?filter[assignedById]=${owner.id}&filter[stageSemantic]=P`)).json();
      assert.equal(listed.total, started.total, 'the same set the list shows');

      const queryForm = await run('deals', { filter: { assignedById: owner.id, opportunity: { gte: '50' } }, action: { kind: 'set', field: 'opportunity', value: '100.00' } });
      assert.equal(queryForm.started.total, 5);
      // The list's quick search selects as the list shows it: alone, or narrowing the filter.
      const found = [await create('deals', dealBody({ title: 'Zéfiro Implantação', assignedById: owner.id })), await create('deals', dealBody({ title: 'Zefiro Suporte' }))];
      const searched = await run('deals', { search: 'zefiro', action: { kind: 'set', field: 'comments', value: 'achado' } });
      assert.equal(searched.started.total, 2);
      for (const deal of found) assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().comments, 'achado');
      const narrowed = await run('deals', { search: 'zefiro', filter: { assignedById: owner.id }, action: { kind: 'set', field: 'comments', value: 'só um' } });
      assert.equal(narrowed.started.total, 1);
      assert.equal((await t.call('GET', `/api/v1/deals/${found[0].id}`)).json().comments, 'só um');
      const none = await run('deals', { filter: [{ field: 'title', op: 'eq', value: 'no deal has this title' }], action: { kind: 'delete' } });
      assert.deepEqual([none.started.total, none.job.status, none.job.processed], [0, 'done', 0]);
    });

    it("checks each item against the caller's scope: a seller may change their own deals, not the others'", async () => {
      const seller = await t.addUser('Own Seller');
      const colleague = await t.addUser('Colleague');
      const own = [await create('deals', dealBody({ assignedById: seller.id })), await create('deals', dealBody({ assignedById: seller.id }))];
      const others = [await create('deals', dealBody({ assignedById: colleague.id })), await create('deals', dealBody({ assignedById: t.adminId }))];
      const ids = [...own, ...others].map((d) => d.id);
      // Reads every deal, changes only their own.
      await setRoles(t, [{ userId: seller.id, permissions: { items: { deal: { ...every('own'), read: 'all' } } } }]);
      const assigned = await run('deals', { ids, action: { kind: 'assign', assignedById: seller.id } }, as(seller.token));
      assert.deepEqual([assigned.job.succeeded, assigned.job.refused], [2, 2]);
      assert.deepEqual(assigned.job.refusals.map((r: any) => [r.id, r.code]), others.map((d) => [d.id, 'FORBIDDEN']));
      assert.equal(assigned.job.refusals[0].reason, 'You are not allowed to change this item this way.');
      for (const deal of others) assert.notEqual((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().assignedById, seller.id);

      const retitled = await run('deals', { ids, action: { kind: 'set', field: 'title', value: 'Renovação' } }, as(seller.token));
      assert.deepEqual([retitled.job.succeeded, retitled.job.refused], [2, 2]);
      for (const deal of own) assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().title, 'Renovação');
      for (const deal of others) assert.notEqual((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().title, 'Renovação');
      assert.equal((await events('deal', own.map((d) => d.id))).length, 2, 'history for the changed ones only');
      assert.equal((await events('deal', others.map((d) => d.id))).length, 0);

      // Handing an own deal to someone else takes it out of the seller's reach: refused, as a single update is.
      const handed = await run('deals', { ids: [own[0].id], action: { kind: 'assign', assignedById: colleague.id } }, as(seller.token));
      assert.deepEqual(handed.job.refusals.map((r: any) => r.code), ['FORBIDDEN']);

      // Reading only their own, the others' deals are not found; the reasons come in the reader's language.
      await setRoles(t, [{ userId: seller.id, permissions: { items: { deal: every('own') } } }]);
      const blind = await run('deals', { ids, action: { kind: 'delete' } }, as(seller.token, { 'accept-language': 'pt-BR' }));
      assert.deepEqual(blind.job.refusals.map((r: any) => [r.id, r.code]), others.map((d) => [d.id, 'NOT_FOUND']));
      assert.equal(blind.job.refusals[0].reason, 'O item não existe, está na lixeira ou você não tem permissão para vê-lo.');
      assert.equal(blind.job.succeeded, 2);
      await setRoles(t, [{ userId: seller.id, permissions: { items: { lead: every('all'), contact: every('all'), company: every('all'), deal: every('all') } } }]);
    });

    it('refuses an item changed since the caller read it (versions given) and does the others', async () => {
      const deals = [await create('deals', dealBody()), await create('deals', dealBody()), await create('deals', dealBody())];
      await t.call('PATCH', `/api/v1/deals/${deals[1].id}`, { title: 'Changed meanwhile' });
      const { job } = await run('deals', { items: deals.map((d) => ({ id: d.id, version: d.version })), action: { kind: 'set', field: 'comments', value: 'Campanha de fim de ano' } });
      assert.deepEqual([job.succeeded, job.refused], [2, 1]);
      assert.deepEqual(job.refusals.map((r: any) => [r.id, r.code]), [[deals[1].id, 'CONFLICT']]);
      assert.equal(job.refusals[0].reason, 'Someone else changed this item after you selected it.');
      assert.equal((await t.call('GET', `/api/v1/deals/${deals[1].id}`)).json().comments, null);
      assert.equal((await t.call('GET', `/api/v1/deals/${deals[0].id}`)).json().comments, 'Campanha de fim de ano');
    });

    it("answers a job to its author and administrators only: anyone else's is a 404", async () => {
      const author = await t.addUser('Job Author');
      const stranger = await t.addUser('Stranger');
      const deal = await create('deals', dealBody({ assignedById: author.id }));
      const { started } = await run('deals', { ids: [deal.id], action: { kind: 'set', field: 'comments', value: 'x' } }, as(author.token));
      assert.equal((await t.call('GET', `/api/v1/jobs/${started.jobId}`, undefined, as(stranger.token))).statusCode, 404);
      assert.equal((await t.call('GET', `/api/v1/jobs/${started.jobId}`)).statusCode, 200, 'an administrator reads it');
      assert.equal((await t.call('GET', '/api/v1/jobs/987654')).statusCode, 404);
      assert.equal((await t.anonymous('GET', `/api/v1/jobs/${started.jobId}`)).statusCode, 401);
      assert.equal((await t.anonymous('POST', '/api/v1/deals/bulk', { ids: [deal.id], action: { kind: 'delete' } })).statusCode, 401);
      assert.equal((await t.call('POST', `/api/v1/jobs/${started.jobId}/cancel`, undefined, as(stranger.token))).statusCode, 404);
      const cancelled = await t.call('POST', `/api/v1/jobs/${started.jobId}/cancel`, undefined, as(author.token));
      assert.equal(cancelled.json().status, 'done', 'a job that has ended stays as it ended');
    });

    it('refuses bad bodies with a 400 naming the field, before any job is queued', async () => {
      const deal = await create('deals', dealBody());
      const jobsBefore = (await t.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      const fieldOf = async (plural: string, body: unknown) => {
        const response = await t.call('POST', `/api/v1/${plural}/bulk`, body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body).slice(0, 80)}: ${response.body}`);
        const { details, message } = response.json().error;
        assert.ok(message);
        return details.map((d: any) => d.field as string);
      };
      assert.deepEqual(await fieldOf('deals', { action: { kind: 'delete' } }), ['ids']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], filter: [], action: { kind: 'delete' } }), ['filter']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], items: [{ id: deal.id, version: 1 }], action: { kind: 'delete' } }), ['items']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], search: 'licenças', action: { kind: 'delete' } }), ['search']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id] }), ['action']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'merge' } }), ['action.kind']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'set', field: 'noSuchField', value: 1 } }), ['action.field']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'set', field: 'id', value: 1 } }), ['action.field']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'set', field: 'title' } }), ['action.value']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'set', field: 'title', value: null } }), ['action.value']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'set', field: 'stageId', value: 'WON' } }), ['action.field']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'assign', assignedById: 424242 } }), ['action.assignedById']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'export', include: true } }), ['action.kind']);
      assert.deepEqual(await fieldOf('contacts', { ids: [deal.id], action: { kind: 'stage', stageId: 'WON' } }), ['action.kind']);
      assert.deepEqual(await fieldOf('deals', { ids: Array.from({ length: 100_001 }, (_, i) => i + 1), action: { kind: 'delete' } }), ['ids']);
      assert.deepEqual(await fieldOf('deals', { ids: [], action: { kind: 'delete' } }), ['ids']);
      assert.deepEqual(await fieldOf('deals', { ids: [0], action: { kind: 'delete' } }), ['ids.0']);
      assert.deepEqual(await fieldOf('deals', { filter: [{ field: 'nope', op: 'eq', value: 1 }], action: { kind: 'delete' } }), ['filter.nope']);
      assert.deepEqual(await fieldOf('deals', { ids: [deal.id], action: { kind: 'delete' }, extra: true }), ['extra']);
      const pt = await t.call('POST', '/api/v1/deals/bulk', { ids: [deal.id], action: { kind: 'export', include: true } }, { 'accept-language': 'pt-BR' });
      assert.match(pt.json().error.details[0].message, /Incluído na exportação/);
      assert.equal((await t.call('POST', '/api/v1/invoices/bulk', { ids: [1], action: { kind: 'delete' } })).statusCode, 404);
      const jobsAfter = (await t.database.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(Number(jobsAfter), Number(jobsBefore), 'no job was queued');
    });

    it('fails a job whose author was deactivated, keeping what was done', async () => {
      const leaver = await t.addUser('Leaver');
      const deal = await create('deals', dealBody({ assignedById: leaver.id }));
      await t.app.jobRunner.stop();
      try {
        const started = (await t.call('POST', '/api/v1/deals/bulk', { ids: [deal.id], action: { kind: 'set', field: 'comments', value: 'x' } }, as(leaver.token))).json();
        await t.database.db.updateTable('users').set({ is_active: 0 }).where('id', '=', leaver.id).execute();
        const runner = startJobRunner(t.database, { handlers: { bulk: bulkJobs }, now: () => new Date(), pollMs: 60_000 });
        await runner.whenIdle();
        await runner.stop();
        const job = (await t.call('GET', `/api/v1/jobs/${started.jobId}`)).json();
        assert.equal(job.status, 'failed');
        assert.equal(job.error.code, 'creatorInactive');
        assert.match(job.error.message, /no longer active/);
        assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().comments, null);
      } finally {
        await t.database.db.updateTable('users').set({ is_active: 1 }).where('id', '=', leaver.id).execute();
      }
    });
  });

  describe(`jobs under a lease [${dialect}]`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-11-29T12:00:00Z');
    const now = () => new Date(clock);
    before(async () => {
      t = await createTestApp(dialect, { now });
      // This app's own runner stays out of the way: the test plays two servers sharing the database.
      await t.app.jobRunner.stop();
    });
    after(() => t.close());

    it('shows progress batch by batch; a job whose server stalled past its lease is finished by another, each item done once', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) ids.push((await t.call('POST', '/api/v1/deals', dealBody({ opportunity: '100.00' }))).json().id);
      const started = (await t.call('POST', '/api/v1/deals/bulk', { ids, action: { kind: 'stage', stageId: 'PREPARATION' } })).json();
      const read = async () => (await t.call('GET', `/api/v1/jobs/${started.jobId}`)).json();
      assert.equal((await read()).status, 'queued');

      // Server A does one batch of two, then hangs in the next one (before its transaction).
      let resume!: () => void;
      const hung = new Promise<void>((resolve) => (resume = resolve));
      let firstBatchDone!: () => void;
      const firstBatch = new Promise<void>((resolve) => (firstBatchDone = resolve));
      const stalling: JobHandler = {
        async open(database, job, clockOf) {
          const work = await bulkJobs.open(database, job, clockOf);
          return {
            ...work,
            async batch(from, size) {
              if (from > 0) {
                firstBatchDone();
                await hung;
              }
              return work.batch(from, size);
            },
          };
        },
      };
      const serverA = startJobRunner(t.database, { handlers: { bulk: stalling }, now, owner: 'server-a', batchSize: 2, leaseMs: 30_000, pollMs: 60_000 });
      await firstBatch;
      const midway = await read();
      assert.deepEqual([midway.status, midway.processed, midway.succeeded], ['running', 2, 2], 'progress is recorded after every batch');

      // Server B finds the job leased: nothing to do until the lease runs out.
      const serverB = startJobRunner(t.database, { handlers: { bulk: bulkJobs }, now, owner: 'server-b', batchSize: 2, leaseMs: 30_000, pollMs: 60_000 });
      await serverB.whenIdle();
      assert.equal((await read()).processed, 2);
      clock += 31_000;
      serverB.wake();
      await serverB.whenIdle();
      const finished = await read();
      assert.deepEqual([finished.status, finished.processed, finished.succeeded, finished.refused], ['done', 7, 7, 0]);

      // A wakes up and tries its batch: the job is no longer its own, so that batch is rolled back.
      resume();
      await serverA.stop();
      await serverB.stop();
      const moves = await t.database.db.selectFrom('events').select('entity_id').where('entity_type', '=', 'deal').where('entity_id', 'in', ids).where('type', '=', 'item.updated').execute();
      assert.deepEqual(moves.map((m) => m.entity_id).sort((a, b) => a - b), ids, 'each deal moved exactly once');
      for (const id of ids) {
        const deal = (await t.call('GET', `/api/v1/deals/${id}`)).json();
        assert.deepEqual([deal.stageId, deal.version], ['PREPARATION', 2]);
      }
      const job = await t.database.db.selectFrom('jobs').selectAll().where('id', '=', started.jobId).executeTakeFirstOrThrow();
      assert.equal(job.lease_owner, null);
      assert.ok(!job.params.includes(String(ids[3])), 'a finished job keeps no selection');
    });

    it('hands an unfinished job back at shutdown, and stops a cancelled one at its next batch', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push((await t.call('POST', '/api/v1/contacts', contactBody())).json().id);
      const started = (await t.call('POST', '/api/v1/contacts/bulk', { ids, action: { kind: 'export', include: true } })).json();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let reached!: () => void;
      const atSecondBatch = new Promise<void>((resolve) => (reached = resolve));
      const gated: JobHandler = {
        async open(database, job, clockOf) {
          const work = await bulkJobs.open(database, job, clockOf);
          return { ...work, batch: async (from, size) => (from === 2 ? (reached(), await gate, work.batch(from, size)) : work.batch(from, size)) };
        },
      };
      const server = startJobRunner(t.database, { handlers: { bulk: gated }, now, owner: 'server-c', batchSize: 2, pollMs: 60_000 });
      await atSecondBatch;
      const stopping = server.stop();
      release();
      await stopping;
      const handedBack = (await t.call('GET', `/api/v1/jobs/${started.jobId}`)).json();
      assert.deepEqual([handedBack.status, handedBack.processed], ['queued', 4], 'the batch in hand finished, the rest waits for any server');

      const cancelled = (await t.call('POST', `/api/v1/jobs/${started.jobId}/cancel`)).json();
      assert.equal(cancelled.status, 'cancelled');
      const next = startJobRunner(t.database, { handlers: { bulk: bulkJobs }, now, owner: 'server-d', batchSize: 2, pollMs: 60_000 });
      await next.whenIdle();
      await next.stop();
      const final = (await t.call('GET', `/api/v1/jobs/${started.jobId}`)).json();
      assert.deepEqual([final.status, final.processed], ['cancelled', 4]);
      const exported = await Promise.all(ids.map(async (id) => (await t.call('GET', `/api/v1/contacts/${id}`)).json().export));
      assert.deepEqual(exported, [true, true, true, true, false, false]);
    });
  });
}
