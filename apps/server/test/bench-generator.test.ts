import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { buildApp } from '../src/app.ts';
import { seedProfile, type SeedResult } from '../src/bench/generator.ts';
import { profiles } from '../src/bench/profiles.ts';
import type { Database } from '../src/db/database.ts';
import { createToken } from '../src/modules/auth/auth.service.ts';
import { freshDatabase, testDialects } from './support/test-app.ts';

/**
 * The benchmark's data generator (issue 6): the same seed gives the same rows, and a tiny profile (XS: 500
 * contacts) has the promised shape — proportions, users in departments with a department-scoped role,
 * pipelines, real custom field columns and indexes, phones, links, stage history — and works through the API.
 */

const raw = (database: Database) => database.db as unknown as Kysely<any>;

/** A digest of the first rows of the main tables, in id order. */
async function digest(database: Database): Promise<string> {
  const db = raw(database);
  const hash = createHash('sha256');
  const rows = [
    await db.selectFrom('contacts').select(['id', 'name', 'last_name', 'assigned_by_id', 'created_at', 'deleted_at', 'uf_crm_external_code', 'uf_crm_segment', 'uf_crm_budget']).orderBy('id').limit(200).execute(),
    await db.selectFrom('deals').select(['id', 'title', 'category_id', 'stage_id', 'opportunity_minor', 'currency_id', 'close_date', 'company_id']).orderBy('id').limit(200).execute(),
    await db.selectFrom('multifields').select(['id', 'entity_type', 'entity_id', 'kind', 'value', 'value_normalized']).orderBy('id').limit(400).execute(),
    await db.selectFrom('deal_contacts').select(['deal_id', 'contact_id']).orderBy('deal_id').orderBy('contact_id').limit(200).execute(),
  ];
  hash.update(JSON.stringify(rows));
  return hash.digest('hex');
}

const count = async (database: Database, table: string, where?: (q: any) => any) => {
  let query = raw(database).selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  if (where) query = where(query);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

async function indexNames(database: Database, table: string): Promise<string[]> {
  if (database.dialect === 'sqlite') {
    const rows = await raw(database).selectFrom('sqlite_master').select('name').where('type', '=', 'index').where('tbl_name', '=', table).where('sql', 'is not', null).execute();
    return rows.map((r) => r.name as string).sort();
  }
  const rows = await raw(database).selectFrom('pg_indexes').select('indexname').where('tablename', '=', table).execute();
  return rows.map((r) => r.indexname as string).sort();
}

for (const dialect of testDialects()) {
  describe(`benchmark data generator, profile XS [${dialect}]`, () => {
    const databases: Array<Awaited<ReturnType<typeof freshDatabase>>> = [];
    let first: Database;
    let result: SeedResult;

    before(async () => {
      for (let i = 0; i < 3; i++) databases.push(await freshDatabase(dialect));
      first = databases[0].database;
      result = await seedProfile(first, profiles.XS, { seed: 7, url: databases[0].url });
    });
    after(async () => {
      for (const { database, drop } of databases) {
        await database.close();
        await drop();
      }
    });

    it('gives the same rows for the same seed, and others for another seed', async () => {
      await seedProfile(databases[1].database, profiles.XS, { seed: 7, url: databases[1].url });
      await seedProfile(databases[2].database, profiles.XS, { seed: 8, url: databases[2].url });
      const [a, b, c] = await Promise.all(databases.map(({ database }) => digest(database)));
      assert.equal(a, b);
      assert.notEqual(a, c);
    });

    it('writes the profile: items in their proportions, users, departments, pipelines', async () => {
      const p = profiles.XS;
      assert.equal(await count(first, 'contacts'), p.contacts);
      assert.equal(await count(first, 'deals'), p.deals);
      assert.equal(await count(first, 'companies'), p.contacts / 5);
      assert.equal(await count(first, 'leads'), p.contacts / 2);
      assert.deepEqual(result.rows.contacts, p.contacts);
      assert.equal(await count(first, 'users'), 50);
      assert.equal(await count(first, 'users', (q) => q.where('is_admin', '=', 1)), 1);
      assert.equal(await count(first, 'departments'), 5);
      assert.equal(await count(first, 'departments', (q) => q.where('parent_id', 'is', null)), 1);
      assert.equal(await count(first, 'user_departments'), 50);
      // The department-scoped role goes to every department; nobody keeps a role given to everyone.
      const role = await raw(first).selectFrom('roles').select(['id', 'permissions']).where('name', 'like', 'Vendas%').executeTakeFirstOrThrow();
      assert.equal(JSON.parse(role.permissions).items.contact.read, 'department');
      assert.equal(await count(first, 'role_assignments', (q) => q.where('role_id', '=', role.id).where('department_id', 'is not', null)), 5);
      assert.equal(await count(first, 'role_assignments', (q) => q.where('user_id', 'is', null).where('department_id', 'is', null)), 0);
      const stages = await raw(first).selectFrom('reference_items').select(['category_id', (eb) => eb.fn.countAll().as('n')]).where('list_id', '=', 'DEAL_STAGE').groupBy('category_id').orderBy('category_id').execute();
      assert.deepEqual(stages.map((s) => Number(s.n)), [8, 7, 7]);
      const codes = await raw(first).selectFrom('reference_items').select('code').where('list_id', '=', 'DEAL_STAGE').where('category_id', '>', 0).execute();
      assert.ok(codes.every((c) => /^C\d+:[A-Z_]+$/.test(c.code)));
      assert.equal(await count(first, 'deals', (q) => q.where('category_id', '>', 0)) > p.deals * 0.3, true);
    });

    it('creates three real custom fields per type, with their columns and indexes kept through the load', async () => {
      const fields = await raw(first).selectFrom('custom_fields').select(['entity_type', 'name', 'type']).orderBy('entity_type').orderBy('name').execute();
      assert.equal(fields.length, 12);
      for (const type of ['lead', 'contact', 'company', 'deal']) {
        assert.deepEqual(fields.filter((f) => f.entity_type === type).map((f) => f.type).sort(), ['enumeration', 'money', 'string']);
      }
      for (const table of ['contacts', 'deals', 'leads', 'companies']) {
        const names = await indexNames(first, table);
        for (const column of ['uf_crm_external_code_key', 'uf_crm_segment', 'assigned_by_id', 'updated_at']) assert.ok(names.includes(`${table}_${column}_idx`), `${table}_${column}_idx`);
      }
      assert.ok((await indexNames(first, 'multifields')).includes('multifields_match_idx'));
      assert.ok((await indexNames(first, 'deals')).includes('deals_kanban_totals_idx'));
      const filled = await count(first, 'contacts', (q) => q.where('uf_crm_segment', 'is not', null));
      assert.equal(filled, profiles.XS.contacts);
    });

    it('gives phones in E.164, e-mails, links and stage history, in mixed currencies', async () => {
      const phones = await raw(first).selectFrom('multifields').select(['value_normalized']).where('kind', '=', 'phone').execute();
      assert.ok(phones.length >= profiles.XS.contacts);
      assert.ok(phones.every((p) => /^\+55\d{10,11}$/.test(p.value_normalized)));
      assert.ok((await count(first, 'multifields', (q) => q.where('kind', '=', 'email'))) > profiles.XS.contacts * 0.7);
      const linked = await raw(first).selectFrom('contact_companies').select('contact_id').distinct().execute();
      assert.ok(linked.length > profiles.XS.contacts * 0.7 && linked.length < profiles.XS.contacts * 0.9, `${linked.length} contacts with a company`);
      const withContact = await raw(first).selectFrom('deal_contacts').select('deal_id').distinct().execute();
      assert.ok(withContact.length > profiles.XS.deals * 0.8 && withContact.length < profiles.XS.deals * 0.97, `${withContact.length} deals with a contact`);
      const history = await raw(first).selectFrom('stage_history').select('entity_id').distinct().where('entity_type', '=', 'deal').execute();
      assert.equal(history.length, profiles.XS.deals);
      const currencies = await raw(first).selectFrom('deals').select(['currency_id', (eb) => eb.fn.countAll().as('n')]).groupBy('currency_id').execute();
      const share = Object.fromEntries(currencies.map((c) => [c.currency_id, Number(c.n) / profiles.XS.deals]));
      assert.ok(share.BRL > 0.75 && share.USD > 0.04 && share.EUR > 0.01, JSON.stringify(share));
    });

    it('serves the data set through the API: a department user sees their department only, and new items get new ids', async () => {
      const app = await buildApp({ database: first, logLevel: 'silent' });
      try {
        const department = result.departments[1];
        const user = department.members[1];
        const token = (await createToken(first.db, user, 'test', new Date())).token;
        const response = await app.inject({ method: 'GET', url: '/api/v1/contacts?limit=5', headers: { authorization: `Bearer ${token}` } });
        assert.equal(response.statusCode, 200, response.body);
        const expected = await count(first, 'contacts', (q) => q.where('deleted_at', 'is', null).where('assigned_by_id', 'in', department.members));
        assert.equal(response.json().total, expected);
        assert.ok(expected > 0 && expected < profiles.XS.contacts / 2);

        const adminToken = (await createToken(first.db, result.adminId, 'test', new Date())).token;
        const id = result.ids.contact.first;
        const contact = await app.inject({ method: 'GET', url: `/api/v1/contacts/${id}`, headers: { authorization: `Bearer ${adminToken}` } });
        if ((await count(first, 'contacts', (q) => q.where('id', '=', id).where('deleted_at', 'is', null))) === 1) {
          assert.equal(contact.statusCode, 200, contact.body);
          assert.equal(typeof contact.json().ufCrmSegment, 'number');
        }
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/contacts',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: 'Nova', lastName: 'Pessoa', phones: [{ value: '+55 11 91234-5678', valueType: 'MOBILE' }] }),
        });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal(created.json().id, result.ids.contact.last + 1);
      } finally {
        await app.close();
      }
    });
  });
}
