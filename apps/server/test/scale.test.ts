import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { purgeExpired } from '../src/modules/recycle-bin/recycle-bin.service.ts';
import { companyBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 10's scale check: 50,000 links on one item, 50,000 expired binned items, a stage held by 50,000 items deleted
 * with a replacement. Each completes (no unbounded `IN (…)`, which both databases refuse past their parameter
 * limits), with one history entry per item, without holding the whole set in memory.
 */

const count = 50_000;

/**
 * The most memory `work` keeps alive at once, above what the process held before: the heap right after a full
 * collection, sampled every 100 ms (`npm test` runs node with --expose-gc; without it, the heap as it is).
 */
async function heapGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const live = () => {
    global.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const start = live();
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, live())), 100);
  try {
    const result = await work();
    return { result, growthMb: (peak - start) / 1_048_576 };
  } finally {
    clearInterval(sampler);
  }
}

for (const dialect of testDialects()) {
  describe(`${count.toLocaleString('en-US')} items at a time [${dialect}]`, () => {
    let t: TestApp;
    const clock = Date.parse('2026-11-29T12:00:00Z');
    const raw = () => t.database.db as unknown as Kysely<any>;

    /** Inserts `n` contacts or deals straight into the table, 500 rows a statement; returns the first id. */
    const insertMany = async (table: 'contacts' | 'deals', n: number, row: (i: number) => Record<string, unknown>) => {
      const at = new Date(clock).toISOString();
      let first = 0;
      for (let start = 0; start < n; start += 500) {
        const rows = Array.from({ length: Math.min(500, n - start) }, (_, k) => ({ version: 1, assigned_by_id: t.adminId, opened: 1, created_at: at, updated_at: at, ...row(start + k) }));
        const ids = await raw().insertInto(table).values(rows).returning('id').execute();
        if (start === 0) first = Number(ids[0].id);
      }
      return first;
    };
    const events = async (type: string, where: string) =>
      Number((await raw().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', type).where('type', '=', where).executeTakeFirstOrThrow()).n);

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
    });
    after(() => t.close());

    it('pages through the dependencies of a company with 50,000 contacts', async () => {
      const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const first = await insertMany('contacts', count, (i) => ({ name: 'Ligado', name_key: 'ligado', last_name: `N${i}`, last_name_key: `n${i}` }));
      for (let start = 0; start < count; start += 500) {
        await raw().insertInto('contact_companies').values(Array.from({ length: 500 }, (_, k) => ({ contact_id: first + start + k, company_id: company.id, sort: start + k }))).execute();
      }
      const { result: seen, growthMb } = await heapGrowth(async () => {
        const ids = new Set<number>();
        let cursor: string | null = null;
        let pages = 0;
        do {
          const response = await t.call('GET', `/api/v1/companies/${company.id}/dependencies?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(response.statusCode, 200, response.body);
          const page = response.json();
          for (const item of page.items) ids.add(item.id);
          cursor = page.nextCursor;
          pages++;
        } while (cursor);
        return { ids, pages };
      });
      assert.equal(seen.ids.size, count);
      assert.equal(seen.pages, count / 500);
      assert.ok(growthMb < 64, `${growthMb.toFixed(0)} MB kept alive at once`);
      // The company itself still reads, with every contact id.
      assert.equal((await t.call('GET', `/api/v1/companies/${company.id}`)).json().contactIds.length, count);
    });

    it('purges 50,000 expired items from the recycle bin, a chunk per transaction, each with its history', async () => {
      const deletedAt = new Date(clock - 40 * 86_400_000).toISOString();
      await insertMany('contacts', count, (i) => ({ name: 'Lixo', name_key: 'lixo', last_name: `L${i}`, last_name_key: `l${i}`, deleted_at: deletedAt, deleted_by_id: t.adminId }));
      const before = await events('contact', 'item.purged');
      const { result: purged, growthMb } = await heapGrowth(() => purgeExpired(t.database, new Date(clock), 30));
      assert.equal(purged, count);
      assert.equal((await events('contact', 'item.purged')) - before, count);
      assert.equal(Number((await raw().selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).where('deleted_at', 'is not', null).executeTakeFirstOrThrow()).n), 0);
      assert.ok(growthMb < 64, `${growthMb.toFixed(0)} MB kept alive at once`);
    });

    it('deletes a stage 50,000 deals are in, moving each to the replacement with its history and stage history', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Volume' })).json();
      assert.equal((await t.call('POST', `/api/v1/pipelines/${pipeline.id}/stages`, { code: 'CROWDED', name: 'Lotada' })).statusCode, 201);
      const stage = `C${pipeline.id}:CROWDED`;
      await insertMany('deals', count, (i) => ({ title: `Negócio ${i}`, title_key: `negocio ${i}`, category_id: pipeline.id, stage_id: stage, stage_semantic: 'P', closed: 0, currency_id: 'BRL', kanban_sort: -i }));
      const before = await events('deal', 'item.updated');
      const { result: response, growthMb } = await heapGrowth(() => t.call('DELETE', `/api/v1/pipelines/${pipeline.id}/stages/${stage}?replaceWith=C${pipeline.id}:WON`));
      assert.equal(response.statusCode, 204, response.body);
      assert.equal((await events('deal', 'item.updated')) - before, count, 'one history entry per deal');
      const moved = await raw().selectFrom('deals').select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('version').as('version')]).where('stage_id', '=', `C${pipeline.id}:WON`).where('closed', '=', 1).executeTakeFirstOrThrow();
      assert.deepEqual([Number(moved.n), Number(moved.version)], [count, 2], 'every deal moved, closed by its new stage, at a new version');
      const stageMoves = Number((await raw().selectFrom('stage_history').select((eb) => eb.fn.countAll().as('n')).where('stage_id', '=', `C${pipeline.id}:WON`).executeTakeFirstOrThrow()).n);
      assert.equal(stageMoves, count);
      assert.ok(growthMb < 64, `${growthMb.toFixed(0)} MB kept alive at once`);
    });
  });
}
