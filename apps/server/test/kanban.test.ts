import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createUser } from '../src/modules/auth/auth.service.ts';
import { dealBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const today = '2026-11-22';
const clock = () => new Date(`${today}T15:30:00.000Z`);

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Exact conversion written out independently of the product code: Σ minor × rate, rounded half to even once. */
function expectedTotal(rows: Array<{ currency: string; minor: bigint }>, rates: Record<string, string>): string {
  const scale = 10n ** 10n;
  let numerator = 0n;
  for (const { currency, minor } of rows) {
    const [whole, fraction = ''] = rates[currency].split('.');
    numerator += minor * BigInt(whole + fraction.padEnd(10, '0'));
  }
  let quotient = numerator / scale;
  const twiceRemainder = 2n * (numerator - quotient * scale);
  if (twiceRemainder > scale || (twiceRemainder === scale && quotient % 2n === 1n)) quotient += 1n;
  return `${quotient / 100n}.${(quotient % 100n).toString().padStart(2, '0')}`;
}

for (const dialect of testDialects()) {
  describe(`Kanban board [${dialect}]`, () => {
    let t: TestApp;
    let sellerId: number;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const board = async (query = '') => {
      const response = await t.call('GET', `/api/v1/deals/kanban${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const createDeal = async (body: Record<string, unknown>) => {
      const response = await t.call('POST', '/api/v1/deals', dealBody(body));
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };

    before(async () => {
      t = await createTestApp(dialect, { now: clock });
      sellerId = await createUser(t.database.db, { email: 'seller@example.com', password: 'correct horse battery', name: 'Seller' }, new Date());
    });
    after(() => t.close());

    it('refuses every route without credentials (401)', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/deals/kanban'],
        ['GET', '/api/v1/deals/kanban/columns/NEW'],
        ['POST', '/api/v1/deals/1/move'],
        ['GET', '/api/v1/leads/kanban'],
        ['GET', '/api/v1/leads/kanban/columns/NEW'],
        ['POST', '/api/v1/leads/1/move'],
      ]) {
        const response = await t.anonymous(method as 'GET', url, method === 'POST' ? { stageId: 'NEW' } : undefined);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses bad queries (400) and unknown pipelines, columns and cards (404)', async () => {
      assert.equal((await t.call('GET', '/api/v1/deals/kanban?filter[nope]=1')).json().error.details[0].field, 'filter.nope');
      assert.equal((await t.call('GET', '/api/v1/deals/kanban?limit=0')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/deals/kanban?fields=nope')).statusCode, 400);
      assert.equal((await t.call('GET', '/api/v1/deals/kanban/columns/NEW?cursor=garbage')).json().error.details[0].field, 'cursor');
      assert.equal((await t.call('GET', '/api/v1/deals/kanban?pipelineId=999')).statusCode, 404);
      assert.equal((await t.call('GET', '/api/v1/deals/kanban/columns/NOPE')).statusCode, 404);
      assert.equal((await t.call('GET', '/api/v1/leads/kanban/columns/WON')).statusCode, 404, 'a deal stage is not a lead status');
      assert.equal((await t.call('POST', '/api/v1/deals/999999/move', { stageId: 'WON' })).statusCode, 404);
      const deal = await createDeal({});
      assert.equal((await t.call('POST', `/api/v1/deals/${deal.id}/move`, {})).json().error.details[0].field, 'stageId');
      assert.equal((await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'NOPE' })).json().error.details[0].field, 'stageId');
      assert.equal((await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'NEW', extra: 1 })).statusCode, 400);
      const selfAnchor = await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'NEW', afterId: deal.id });
      assert.equal(selfAnchor.json().error.details[0].field, 'afterId');
      const other = await createDeal({});
      const anchorElsewhere = await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'WON', afterId: other.id });
      assert.equal(anchorElsewhere.statusCode, 400, 'the anchor card is not in the target column');
      const stale = await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'WON', version: deal.version + 5 });
      assert.equal(stale.statusCode, 409);
      assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().stageId, 'NEW', 'nothing was written');
      await raw().deleteFrom('deals').where('id', 'in', [deal.id, other.id]).execute();
    });

    it('counts and totals every column like a direct SQL aggregate, with mixed currencies and a filter', async () => {
      assert.equal((await t.call('PATCH', '/api/v1/currencies/USD', { rate: '5.1234567891' })).statusCode, 200);
      assert.equal((await t.call('PATCH', '/api/v1/currencies/EUR', { rate: '6.0000000005' })).statusCode, 200);
      const next = random(20261122);
      const stages = ['NEW', 'PREPARATION', 'EXECUTING', 'WON', 'LOSE'];
      const currencies = ['BRL', 'USD', 'EUR'];
      for (let i = 0; i < 90; i++) {
        const cents = Math.floor(next() * 10_000_000);
        await createDeal({
          stageId: stages[Math.floor(next() * stages.length)],
          currencyId: currencies[Math.floor(next() * currencies.length)],
          opportunity: i % 17 === 0 ? null : `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
          assignedById: i % 3 === 0 ? sellerId : t.adminId,
        });
      }
      // Neither a binned deal nor one of another pipeline counts.
      const binned = await createDeal({ stageId: 'NEW', opportunity: '999999.99' });
      assert.equal((await t.call('DELETE', `/api/v1/deals/${binned.id}`)).statusCode, 204);
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Projects' })).json();
      await createDeal({ categoryId: pipeline.id, opportunity: '12345.67' });

      const rates = Object.fromEntries((await t.call('GET', '/api/v1/currencies')).json().items.map((c: { code: string; rate: string }) => [c.code, c.rate]));
      const check = async (query: string, assignedById?: number) => {
        let sql = raw()
          .selectFrom('deals')
          .select(['stage_id', 'currency_id', (eb) => eb.fn.countAll().as('count'), (eb) => eb.fn.sum('opportunity_minor').as('minor')])
          .where('deleted_at', 'is', null)
          .where('category_id', '=', 0)
          .groupBy(['stage_id', 'currency_id']);
        if (assignedById !== undefined) sql = sql.where('assigned_by_id', '=', assignedById);
        const rows = await sql.execute();
        const result = await board(query);
        assert.equal(result.baseCurrency, 'BRL');
        assert.deepEqual(
          result.columns.map((c: { code: string }) => c.code),
          ['NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE', 'APOLOGY'],
        );
        let cards = 0;
        for (const column of result.columns) {
          const ofStage = rows.filter((r) => r.stage_id === column.code);
          assert.equal(column.count, ofStage.reduce((sum, r) => sum + Number(r.count), 0), `count of ${column.code}`);
          const amounts = ofStage.filter((r) => r.minor !== null).map((r) => ({ currency: r.currency_id as string, minor: BigInt(r.minor) }));
          assert.equal(column.total, expectedTotal(amounts, rates), `total of ${column.code}`);
          cards += column.count;
        }
        return cards;
      };
      const all = await check('');
      assert.equal(all, 90, 'the generated deals; neither the binned one nor the one of another pipeline');
      const mine = await check(`?filter[assignedById]=${sellerId}`, sellerId);
      assert.equal(mine, 30);
      // A column is non-trivial: several currencies in it.
      const mixed = await raw().selectFrom('deals').select('stage_id').where('category_id', '=', 0).where('deleted_at', 'is', null).groupBy('stage_id').having((eb) => eb.fn.count('currency_id').distinct(), '=', 3).execute();
      assert.ok(mixed.length >= 3, 'most columns mix the three currencies');
      const projects = await board(`?pipelineId=${pipeline.id}`);
      assert.equal(projects.pipelineId, pipeline.id);
      assert.equal(projects.columns[0].code, `C${pipeline.id}:NEW`);
      assert.equal(projects.columns[0].count, 1);
      assert.equal(projects.columns[0].total, '12345.67');
    });

    it('pages through a column by cursor in board order, newest on top, honouring the filter', async () => {
      const first = await board('?limit=4&fields=title,opportunity');
      const column = first.columns.find((c: { code: string }) => c.code === 'NEW');
      assert.ok(column.count > 8);
      assert.equal(column.items.length, 4);
      assert.deepEqual(Object.keys(column.items[0]).sort(), ['id', 'opportunity', 'title', 'version']);
      const seen: number[] = column.items.map((i: { id: number }) => i.id);
      let cursor = column.nextCursor;
      while (cursor) {
        const page = await t.call('GET', `/api/v1/deals/kanban/columns/NEW?limit=4&cursor=${cursor}`);
        assert.equal(page.statusCode, 200, page.body);
        seen.push(...page.json().items.map((i: { id: number }) => i.id));
        cursor = page.json().nextCursor;
      }
      assert.equal(seen.length, column.count);
      assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'untouched cards show newest first');

      const filtered = await t.call('GET', `/api/v1/deals/kanban/columns/NEW?limit=200&filter[assignedById]=${sellerId}`);
      const expected = await raw().selectFrom('deals').select('id').where('stage_id', '=', 'NEW').where('category_id', '=', 0).where('assigned_by_id', '=', sellerId).where('deleted_at', 'is', null).orderBy('id', 'desc').execute();
      assert.deepEqual(filtered.json().items.map((i: { id: number }) => i.id), expected.map((r) => Number(r.id)));
    });

    it('moves a card to another stage and to a place in the column in one write, with history', async () => {
      const cards = async (stage: string) => (await t.call('GET', `/api/v1/deals/kanban/columns/${stage}?limit=200&fields=title`)).json().items.map((i: { id: number }) => i.id);
      const target = await cards('PREPARATION');
      const [moving] = await cards('NEW');
      const before = (await t.call('GET', `/api/v1/deals/${moving}`)).json();
      const eventsBefore = Number((await raw().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', moving).where('entity_type', '=', 'deal').executeTakeFirstOrThrow()).n);

      const moved = await t.call('POST', `/api/v1/deals/${moving}/move`, { stageId: 'PREPARATION', afterId: target[1], version: before.version });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().stageId, 'PREPARATION');
      assert.equal(moved.json().version, before.version + 1);
      assert.deepEqual(await cards('PREPARATION'), [target[0], target[1], moving, ...target.slice(2)]);
      assert.ok(!(await cards('NEW')).includes(moving));
      const history = (await t.call('GET', `/api/v1/deals/${moving}/history`)).json().items;
      assert.deepEqual(history.at(-1), { ...history.at(-1), field: 'stageId', oldValue: 'NEW', newValue: 'PREPARATION' });
      const eventsAfter = Number((await raw().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', moving).where('entity_type', '=', 'deal').executeTakeFirstOrThrow()).n);
      assert.equal(eventsAfter, eventsBefore + 1, 'one write, one event');
      assert.equal((await t.call('GET', `/api/v1/deals/${moving}/stage-history`)).json().items.at(-1).stageId, 'PREPARATION');

      // Within the column: only the order changes; the item itself is not edited.
      const reordered = await t.call('POST', `/api/v1/deals/${moving}/move`, { stageId: 'PREPARATION' });
      assert.equal(reordered.json().version, before.version + 1);
      assert.deepEqual(await cards('PREPARATION'), [moving, ...target]);
      const last = target.at(-1);
      assert.equal((await t.call('POST', `/api/v1/deals/${moving}/move`, { stageId: 'PREPARATION', afterId: last })).statusCode, 200);
      assert.deepEqual(await cards('PREPARATION'), [...target, moving]);
    });

    it('keeps the order right when many cards go between the same two (the column is renumbered)', async () => {
      const top = await createDeal({ stageId: 'FINAL_INVOICE', title: 'top' });
      const bottom = await createDeal({ stageId: 'FINAL_INVOICE', title: 'bottom' });
      const cards = async () => (await t.call('GET', '/api/v1/deals/kanban/columns/FINAL_INVOICE?limit=200&fields=title')).json().items.map((i: { id: number }) => i.id);
      // New cards go on top: bottom (newer) is above top now; put top back on top.
      assert.equal((await t.call('POST', `/api/v1/deals/${top.id}/move`, { stageId: 'FINAL_INVOICE' })).statusCode, 200);
      const start = await cards();
      assert.deepEqual(start.slice(0, 2), [top.id, bottom.id]);
      // Each new card goes right below `top`, so the gap halves each time until there is no room left.
      const inserted: number[] = [];
      for (let i = 0; i < 14; i++) {
        const card = await createDeal({ stageId: 'NEW', title: `card ${i}` });
        const response = await t.call('POST', `/api/v1/deals/${card.id}/move`, { stageId: 'FINAL_INVOICE', afterId: top.id });
        assert.equal(response.statusCode, 200, response.body);
        inserted.unshift(card.id);
      }
      assert.deepEqual(await cards(), [top.id, ...inserted, bottom.id, ...start.slice(2)]);
    });

    it('dates the close when a card enters a final stage and clears it when it goes back', async () => {
      const deal = await createDeal({ stageId: 'EXECUTING' });
      assert.equal(deal.closeDate, null);
      const won = (await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'WON' })).json();
      assert.deepEqual([won.closed, won.stageSemantic, won.closeDate], [true, 'S', today]);
      const lost = (await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'LOSE' })).json();
      assert.deepEqual([lost.closed, lost.closeDate], [true, today], 'final to final keeps the date');
      const reopened = (await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'NEW' })).json();
      assert.deepEqual([reopened.closed, reopened.stageSemantic, reopened.closeDate], [false, 'P', null]);
      const history = (await t.call('GET', `/api/v1/deals/${deal.id}/history`)).json().items;
      assert.ok(history.some((h: { field: string; newValue: unknown }) => h.field === 'closeDate' && h.newValue === today));
      assert.ok(history.some((h: { field: string; oldValue: unknown; newValue: unknown }) => h.field === 'closeDate' && h.oldValue === today && h.newValue === null));
      // An ordinary edit of the stage follows the same rule, and a date the client sends wins.
      const patched = (await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'WON', closeDate: '2026-11-01' })).json();
      assert.equal(patched.closeDate, '2026-11-01');
      const created = await createDeal({ stageId: 'LOSE' });
      assert.equal(created.closeDate, today);
    });

    it('gives leads a board by status with counts, totals, moves and close dates', async () => {
      const leads = [];
      for (const [statusId, opportunity, currencyId] of [['NEW', '100.00', 'BRL'], ['NEW', '10.00', 'USD'], ['IN_PROCESS', '1.00', 'EUR'], ['JUNK', '5.00', 'BRL']]) {
        const response = await t.call('POST', '/api/v1/leads', leadBody({ statusId, opportunity, currencyId }));
        assert.equal(response.statusCode, 201, response.body);
        leads.push(response.json());
      }
      const result = (await t.call('GET', '/api/v1/leads/kanban')).json();
      assert.equal(result.pipelineId, null);
      assert.deepEqual(result.columns.map((c: { code: string }) => c.code), ['NEW', 'IN_PROCESS', 'PROCESSED', 'CONVERTED', 'JUNK']);
      const byCode = Object.fromEntries(result.columns.map((c: { code: string }) => [c.code, c]));
      assert.equal(byCode.NEW.count, 2);
      assert.equal(byCode.NEW.total, '151.23', '100 BRL + 10 USD × 5.1234567891');
      assert.equal(byCode.IN_PROCESS.total, '6.00');
      assert.deepEqual(byCode.NEW.items.map((i: { id: number }) => i.id), [leads[1].id, leads[0].id]);
      assert.ok('phones' in byCode.NEW.items[0]);

      const moved = (await t.call('POST', `/api/v1/leads/${leads[0].id}/move`, { stageId: 'PROCESSED' })).json();
      assert.deepEqual([moved.statusId, moved.statusSemantic, moved.dateClosed], ['PROCESSED', 'P', null]);
      const junk = (await t.call('POST', `/api/v1/leads/${leads[0].id}/move`, { stageId: 'JUNK', afterId: leads[3].id })).json();
      assert.equal(junk.dateClosed, clock().toISOString());
      const junkCards = (await t.call('GET', '/api/v1/leads/kanban/columns/JUNK?limit=50')).json().items.map((i: { id: number }) => i.id);
      assert.deepEqual(junkCards.slice(junkCards.indexOf(leads[3].id), junkCards.indexOf(leads[3].id) + 2), [leads[3].id, leads[0].id]);
    });
  });
}
