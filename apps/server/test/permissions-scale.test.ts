import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { foldText } from '@vinculo/shared';
import { bumpAccessVersion } from '../src/modules/access/access-version.ts';
import { createToken, createUser } from '../src/modules/auth/auth.service.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 5's scale check: on 12,000 contacts, a user with a department-scoped role pages through the list and the
 * pages and totals equal a direct SQL query of what that user may see (computed here from the department
 * membership the test set up, not from the product's predicate).
 */

const itemCount = 12_000;

for (const dialect of testDialects()) {
  describe(`department-scoped lists on ${itemCount} items [${dialect}]`, () => {
    let t: TestApp;
    let token: string;
    let me: number;
    const reachable = { department: [] as number[], subdepartments: [] as number[] };
    const raw = () => t.database.db as unknown as Kysely<any>;

    before(async () => {
      t = await createTestApp(dialect);
      const users: number[] = [];
      for (let i = 0; i < 20; i++) users.push(await createUser(t.database.db, { email: `u${i}@example.com`, password: 'correct horse battery', name: `User ${i}` }, new Date()));
      me = users[0];
      token = (await createToken(t.database.db, me, 'tests', new Date())).token;
      // Vendas (me + 4) > Vendas SP (5) > Vendas Campinas (5); Suporte (5): 20 users.
      const department = async (name: string, parentId: number | null, members: number[]) => {
        const row = await raw().insertInto('departments').values({ name, parent_id: parentId, head_user_id: members[0], sort: 100 }).returning('id').executeTakeFirstOrThrow();
        for (const member of members) await raw().insertInto('user_departments').values({ user_id: member, department_id: row.id }).execute();
        return Number(row.id);
      };
      const sales = await department('Vendas', null, users.slice(0, 5));
      const sp = await department('Vendas SP', sales, users.slice(5, 10));
      await department('Vendas Campinas', sp, users.slice(10, 15));
      await department('Suporte', null, users.slice(15, 20));
      reachable.department = users.slice(0, 5);
      reachable.subdepartments = users.slice(0, 15);

      const now = new Date().toISOString();
      let state = 42;
      const next = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648);
      const rows = Array.from({ length: itemCount }, (_, i) => ({
        name: `Contato ${i}`,
        name_key: `contato ${i}`,
        ...((lastName) => ({ last_name: lastName, last_name_key: foldText(lastName) }))(['Silva', 'Souza', 'Oliveira', 'Santos', 'Lima'][next() % 5]),
        assigned_by_id: users[next() % users.length],
        opened: next() % 7 === 0 ? 1 : 0,
        deleted_at: next() % 50 === 0 ? now : null,
        version: 1,
        created_at: now,
        updated_at: now,
        has_phone: 0,
        has_email: 0,
        is_exported: 0,
      }));
      for (let start = 0; start < rows.length; start += 500) await raw().insertInto('contacts').values(rows.slice(start, start + 500)).execute();
    });
    after(() => t.close());

    const grant = async (scope: string) => {
      const now = new Date().toISOString();
      const permissions = JSON.stringify({ items: { contact: { read: scope } } });
      await raw().deleteFrom('role_assignments').execute();
      const role = await raw().insertInto('roles').values({ name: scope, permissions, may_change_settings: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      await raw().insertInto('role_assignments').values({ role_id: role.id, user_id: me, department_id: null }).execute();
      await bumpAccessVersion(t.database.db);
    };

    /** Every page of a list, walked by cursor. */
    const walk = async (query: string) => {
      const ids: number[] = [];
      let cursor: string | null = null;
      let total = -1;
      do {
        const response = await t.call('GET', `/api/v1/contacts?${query}&limit=500&total=exact&fields=lastName${cursor ? `&cursor=${cursor}` : ''}`, undefined, { authorization: `Bearer ${token}` });
        assert.equal(response.statusCode, 200, response.body);
        const page = response.json();
        ids.push(...page.items.map((i: { id: number }) => i.id));
        total = page.total;
        cursor = page.nextCursor;
      } while (cursor);
      return { ids, total };
    };

    it('counts up to 10,000 by default and says so, and exactly on request', async () => {
      const live = Number((await raw().selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n);
      assert.ok(live > 10_000);
      const capped = (await t.call('GET', '/api/v1/contacts?limit=1')).json();
      assert.deepEqual([capped.total, capped.totalCapped], [10_000, true]);
      const exact = (await t.call('GET', '/api/v1/contacts?limit=1&total=exact')).json();
      assert.deepEqual([exact.total, exact.totalCapped], [live, false]);
      const small = (await t.call('GET', '/api/v1/contacts?limit=1&filter[lastName]=Silva&filter[opened]=true')).json();
      assert.equal(small.totalCapped, false);
      assert.ok(small.total > 0 && small.total < 10_000);
      assert.equal((await t.call('GET', '/api/v1/contacts?limit=1&total=false')).json().total, null);
    });

    for (const scope of ['department', 'subdepartments', 'open'] as const) {
      it(`under "${scope}", every page and the total equal the SQL of what the user may see`, async () => {
        await grant(scope);
        const members = scope === 'department' ? reachable.department : reachable.subdepartments;
        const expected = async (extra?: (q: any) => any, order: 'id' | 'name' = 'id') => {
          let query = raw()
            .selectFrom('contacts')
            .select('id')
            .where('deleted_at', 'is', null)
            .where((eb) => eb.or([eb('assigned_by_id', 'in', members), ...(scope === 'open' ? [eb('opened', '=', 1)] : [])]));
          if (extra) query = extra(query);
          query = order === 'id' ? query.orderBy('id', 'desc') : query.orderBy('last_name').orderBy('id');
          return (await query.execute()).map((r: { id: number }) => Number(r.id));
        };
        const byId = await walk('sort=-id');
        const sql = await expected();
        assert.ok(sql.length > 2000, `a meaningful share is visible (${sql.length})`);
        assert.ok(sql.length < itemCount * 0.98, 'and a meaningful share is not');
        assert.deepEqual(byId.ids, sql);
        assert.equal(byId.total, sql.length);

        const byName = await walk('sort=lastName');
        assert.deepEqual(byName.ids, await expected(undefined, 'name'));
        const silva = await walk('sort=-id&filter[lastName]=Silva');
        const silvaSql = await expected((q) => q.where('last_name', '=', 'Silva'));
        assert.deepEqual(silva.ids, silvaSql);
        assert.equal(silva.total, silvaSql.length);
      });
    }
  });
}
