import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { Context } from '../src/context.ts';
import { inTransaction } from '../src/context.ts';
import { seedProfile } from '../src/bench/generator.ts';
import { profiles } from '../src/bench/profiles.ts';
import { seedDemo } from '../src/cli/demo-seed.ts';
import { migrate, openDatabase, type Database } from '../src/db/database.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { DialectName } from '../src/db/types.ts';
import { versions } from '../src/modules/access/access.repository.ts';
import { accessOf, fullAccess } from '../src/modules/access/access.service.ts';
import { catalogFor, loadTypes, unrestrictedCatalog } from '../src/modules/catalog/catalog.ts';
import { bulkUpdate } from '../src/modules/items/bulk-writer.ts';
import { itemsQuery, scopedReader } from '../src/modules/items/item-reader.ts';
import { updateItem } from '../src/modules/items/item.service.ts';
import { indexItems, searchedFields } from '../src/modules/search/search-index.ts';
import { indexPiece, searchTerms } from '../src/modules/search/search-terms.ts';
import { newestMatches, postgresSteps } from '../src/modules/search/search.repository.ts';
import { search } from '../src/modules/search/search.service.ts';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, freshDatabase, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 11 §3, the global search (GET /api/v1/search): names, companies, e-mails and any run of a phone's digits,
 * accents folded, grouped by type; an index kept in the write's transaction on every write path; only what the caller
 * may read, and only by the fields they may see.
 */

interface Group {
  type: string;
  items: Array<{ id: number; title: string; subtitle: string | null }>;
  more: boolean;
}

const adminContext = async (database: Database, adminId: number | null): Promise<Context> => ({
  db: database.db,
  dialect: database.dialect,
  actor: { id: adminId as number, name: 'Admin', isAdmin: true, locale: 'en' },
  locale: 'en',
  now: () => new Date(),
  catalog: unrestrictedCatalog(await loadTypes(database.db, database.dialect)),
  access: fullAccess(adminId as number),
});

for (const dialect of testDialects()) {
  describe(`global search [${dialect}]`, () => {
    let t: TestApp;
    const raw = () => t.database.db as unknown as Kysely<any>;
    const find = async (q: string, extra = '', headers?: Record<string, string>): Promise<Group[]> => {
      const response = await t.call('GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`, undefined, headers);
      assert.equal(response.statusCode, 200, `${q}: ${response.body}`);
      return response.json().groups;
    };
    const idsOf = (groups: Group[], type: string) => groups.find((g) => g.type === type)?.items.map((i) => i.id) ?? [];
    const create = async (plural: string, body: unknown): Promise<{ id: number; version: number }> => {
      const response = await t.call('POST', `/api/v1/${plural}`, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };

    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    it('refuses bad input with a 400 naming the parameter, and strangers with a 401', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/search?q=maria')).statusCode, 401);
      const cases: Array<[string, string, string]> = [
        ['', 'querystring.q', 'required'],
        ['?q=', 'querystring.q', 'required'],
        ['?q=%20%20', 'querystring.q', 'required'],
        ['?q=a%00b', 'querystring.q', 'format'],
        [`?q=${'a'.repeat(201)}`, 'querystring.q', 'maxLength'],
        ['?q=maria&types=contact,invoice', 'querystring.types', 'option'],
        ['?q=maria&limit=0', 'querystring.limit', 'min'],
        ['?q=maria&limit=21', 'querystring.limit', 'max'],
        ['?q=maria&limit=x', 'querystring.limit', 'format'],
        ['?q=maria&page=2', 'querystring.page', 'unknown'],
      ];
      for (const [query, field, rule] of cases) {
        const response = await t.call('GET', `/api/v1/search${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        const issues = response.json().error.details as Array<{ field: string; rule: string; message: string }>;
        assert.ok(
          issues.some((issue) => issue.field === field && issue.rule === rule && issue.message.length > 0),
          `${query}: expected ${field} ${rule}, got ${JSON.stringify(issues)}`,
        );
      }
      const portuguese = await t.call('GET', `/api/v1/search?q=${'a'.repeat(201)}`, undefined, { 'accept-language': 'pt-BR' });
      assert.match(portuguese.json().error.message, /Alguns campos/);
      // Exactly 200 characters is fine.
      assert.equal((await t.call('GET', `/api/v1/search?q=${'a'.repeat(200)}`)).statusCode, 200);
    });

    it('finds a phone by any run of its digits, however the number and the search are typed', async () => {
      const contact = await create('contacts', contactBody({ name: 'Telefonia', lastName: 'Teste', phones: [{ value: '(31) 99876-5432', valueType: 'MOBILE' }], emails: [] }));
      const other = await create('contacts', contactBody({ name: 'Outro', lastName: 'Número', phones: [{ value: '+55 31 99876-5433', valueType: 'MOBILE' }], emails: [] }));
      for (const q of ['5432', '98765432', '99876-5432', '(31) 99876-5432', '+55 31 99876-5432', '5531998765432', '31 9 9876 5432', '9876.5432']) {
        const found = idsOf(await find(q), 'contact');
        assert.ok(found.includes(contact.id), `"${q}" finds the number`);
        assert.ok(!found.includes(other.id), `"${q}" does not find a number that differs in its last digit`);
      }
      assert.deepEqual(idsOf(await find('5433'), 'contact'), [other.id]);
      const hit = (await find('5432')).find((g) => g.type === 'contact')!.items.find((i) => i.id === contact.id)!;
      assert.deepEqual([hit.title, hit.subtitle], ['Telefonia Teste', '(31) 99876-5432'], 'the number shows as it was typed');
    });

    it('folds accents and case both ways, and finds e-mails', async () => {
      const maria = await create('contacts', contactBody({ name: 'Maria', lastName: 'Conceição', emails: [{ value: 'Maria.Conceicao@Exemplo.com.br', valueType: 'WORK' }], phones: [] }));
      for (const q of ['conceicao', 'CONCEIÇÃO', 'Conceição', 'maria conceicao', 'ceiç']) assert.ok(idsOf(await find(q), 'contact').includes(maria.id), q);
      const accented = await create('contacts', contactBody({ name: 'Joao', lastName: 'Sem Acento', emails: [], phones: [] }));
      assert.ok(idsOf(await find('joão sem acento'), 'contact').includes(accented.id), 'an accent typed in the search matches a name stored without one');
      for (const q of ['maria.conceicao@exemplo.com.br', 'MARIA.CONCEICAO@', 'exemplo.com']) assert.ok(idsOf(await find(q), 'contact').includes(maria.id), q);
      const hit = (await find('conceicao')).find((g) => g.type === 'contact')!.items.find((i) => i.id === maria.id)!;
      assert.deepEqual([hit.title, hit.subtitle], ['Maria Conceição', 'Maria.Conceicao@Exemplo.com.br']);
      assert.deepEqual(await find('conceicaox'), [], 'a word that is not there finds nothing');
    });

    it('finds companies by name, leads by their company name, and says which company in the second line', async () => {
      const company = await create('companies', companyBody({ title: 'Jequitibá Alimentos Ltda', phones: [{ value: '(11) 3333-4444', valueType: 'WORK' }] }));
      const lead = await create('leads', leadBody({ title: 'Cotação de frete', companyTitle: 'Transportes Guanabara', name: 'Rui', lastName: 'Barbosa' }));
      const deal = await create('deals', dealBody({ title: 'Fornecimento anual', companyId: company.id }));
      assert.deepEqual(idsOf(await find('jequitiba alim'), 'company'), [company.id]);
      assert.deepEqual(idsOf(await find('guanabara'), 'lead'), [lead.id]);
      assert.deepEqual(idsOf(await find('rui barbosa'), 'lead'), [lead.id], "a lead's person name");
      const leadHit = (await find('guanabara')).find((g) => g.type === 'lead')!.items[0];
      assert.deepEqual([leadHit.title, leadHit.subtitle], ['Cotação de frete', 'Transportes Guanabara']);
      const dealHit = (await find('fornecimento anual')).find((g) => g.type === 'deal')!.items[0];
      assert.deepEqual([dealHit.id, dealHit.title, dealHit.subtitle], [deal.id, 'Fornecimento anual', 'Jequitibá Alimentos Ltda']);
    });

    it('groups by type in a fixed order, with `limit` per type, `more`, and `types` to narrow', async () => {
      const company = await create('companies', companyBody({ title: 'Pampa Grupo Ltda' }));
      const contacts: number[] = [];
      for (let i = 0; i < 3; i++) contacts.push((await create('contacts', contactBody({ name: 'Pampa', lastName: `Grupo ${i}`, emails: [], phones: [] }))).id);
      const deal = await create('deals', dealBody({ title: 'Grupo Pampa expansão' }));
      const lead = await create('leads', leadBody({ title: 'Grupo Pampa', name: null, lastName: null }));
      const groups = await find('pampa grupo', '&limit=2');
      assert.deepEqual(groups.map((g) => g.type), ['lead', 'deal', 'contact', 'company']);
      assert.deepEqual(groups.map((g) => [g.type, g.items.length, g.more]), [['lead', 1, false], ['deal', 1, false], ['contact', 2, true], ['company', 1, false]]);
      assert.deepEqual(idsOf(groups, 'contact'), [contacts[2], contacts[1]], 'newest first');
      assert.deepEqual([idsOf(groups, 'company'), idsOf(groups, 'deal'), idsOf(groups, 'lead')], [[company.id], [deal.id], [lead.id]]);
      assert.deepEqual(idsOf(await find('pampa grupo', '&limit=3'), 'contact').length, 3);
      assert.equal((await find('pampa grupo', '&limit=3')).find((g) => g.type === 'contact')!.more, false);
      const narrowed = await find('pampa grupo', '&types=company,deal');
      assert.deepEqual(narrowed.map((g) => g.type), ['deal', 'company']);
    });

    it('puts titles equal to the text first, then titles starting with it, then the newest other matches', async () => {
      const exact = await create('companies', companyBody({ title: 'Caatinga' }));
      const starts = await create('companies', companyBody({ title: 'Caatinga Energia S.A.' }));
      const inside = await create('companies', companyBody({ title: 'Sol da Caatinga ME' }));
      const byMail = await create('companies', companyBody({ title: 'Vale Verde', emails: [{ value: 'contato@caatinga.com.br', valueType: 'WORK' }] }));
      assert.deepEqual(idsOf(await find('caatinga'), 'company'), [exact.id, starts.id, byMail.id, inside.id]);
    });

    it('matches the start of titles for a text shorter than three characters', async () => {
      const first = await create('contacts', contactBody({ name: 'Xu', lastName: 'Ming', emails: [], phones: [] }));
      const second = await create('contacts', contactBody({ name: 'Ana', lastName: 'Xuxa', emails: [], phones: [] }));
      await create('contacts', contactBody({ name: 'Lixu', lastName: 'Fora', emails: [], phones: [] }));
      assert.deepEqual(idsOf(await find('xu'), 'contact'), [first.id, second.id], 'first or last name starting with "xu", in title order');
      assert.deepEqual(idsOf(await find('XÚ'), 'contact'), [first.id, second.id]);
    });

    it('re-indexes an update in its own transaction: the old name is gone, the new one found, a rolled-back write leaves the index as it was', async () => {
      const contact = await create('contacts', contactBody({ name: 'Heitor', lastName: 'Antigo', emails: [], phones: [] }));
      const renamed = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { lastName: 'Renovado', version: contact.version });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.deepEqual(idsOf(await find('heitor antigo'), 'contact'), []);
      assert.deepEqual(idsOf(await find('heitor renovado'), 'contact'), [contact.id]);

      const ctx = await adminContext(t.database, t.adminId);
      await assert.rejects(
        inTransaction(ctx, async (tx) => {
          await updateItem(tx, 'contact', contact.id, { lastName: 'Desfeito', phones: [{ value: '+55 11 97777-1234', valueType: 'MOBILE' }] });
          assert.deepEqual(idsOf((await search(tx, { q: 'heitor desfeito', limit: 5 })).groups as Group[], 'contact'), [contact.id], 'seen inside the transaction');
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.deepEqual(idsOf(await find('heitor desfeito'), 'contact'), []);
      assert.deepEqual(idsOf(await find('977771234'), 'contact'), []);
      assert.deepEqual(idsOf(await find('heitor renovado'), 'contact'), [contact.id]);

      // A change of a field the index does not hold leaves the row alone; e-mails and phones replaced re-index.
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { post: 'Gerente' })).statusCode, 200);
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { emails: [{ value: 'heitor@novo.com.br', valueType: 'WORK' }] })).statusCode, 200);
      assert.deepEqual(idsOf(await find('heitor@novo'), 'contact'), [contact.id]);
      assert.equal((await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { emails: [] })).statusCode, 200);
      assert.deepEqual(idsOf(await find('heitor@novo'), 'contact'), []);
    });

    it('follows bulk updates, the recycle bin, restores, purges and lead conversion', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await create('contacts', contactBody({ name: 'Bulk', lastName: `Velho${i}`, emails: [], phones: [] }))).id);
      const ctx = await adminContext(t.database, t.adminId);
      const result = await bulkUpdate(ctx, { type: 'contact', which: 'live', reach: 'everything', where: (eb, table) => eb(`${table}.id`, 'in', ids) }, (item) => ({ lastName: String(item.lastName).replace('Velho', 'Novo') }));
      assert.equal(result.changed, 3);
      assert.deepEqual(idsOf(await find('velho'), 'contact'), []);
      assert.deepEqual(idsOf(await find('bulk novo'), 'contact'), [...ids].reverse());

      const [binned] = ids;
      assert.equal((await t.call('DELETE', `/api/v1/contacts/${binned}`)).statusCode, 204);
      assert.ok(!idsOf(await find('bulk novo'), 'contact').includes(binned), 'a binned item is not found');
      assert.equal((await t.call('POST', `/api/v1/contacts/${binned}/restore`)).statusCode, 200);
      assert.ok(idsOf(await find('bulk novo'), 'contact').includes(binned), 'restored, it is found again');
      assert.equal((await t.call('DELETE', `/api/v1/contacts/${binned}`)).statusCode, 204);
      assert.equal((await t.call('DELETE', `/api/v1/recycle-bin/contact/${binned}`)).statusCode, 204);
      assert.ok(!idsOf(await find('bulk novo'), 'contact').includes(binned), 'a purged item is not found');
      const left = dialect === 'postgres'
        ? await sql`select entity_id from search_index where entity_type = 'contact' and entity_id = ${binned}`.execute(raw())
        : await sql`select rowid from search_index where rowid = ${3 * 2 ** 32 + binned}`.execute(raw());
      assert.equal(left.rows.length, 0, 'its index row is gone');

      const lead = await create('leads', leadBody({ title: 'Conversão Tapajós', name: 'Iracema', lastName: 'Tapajós', emails: [{ value: 'iracema@tapajos.com.br', valueType: 'WORK' }] }));
      const converted = await t.call('POST', `/api/v1/leads/${lead.id}/convert`, { contact: {}, deal: {} });
      assert.equal(converted.statusCode, 200, converted.body);
      const groups = await find('iracema tapajos');
      assert.deepEqual(idsOf(groups, 'lead'), [lead.id], 'the converted lead is still found');
      assert.equal(idsOf(groups, 'contact').length, 1, 'the contact it became is found');
      assert.equal(idsOf(await find('iracema@tapajos'), 'contact').length, 1, "with the lead's e-mail");
    });

    it('shows a user with an "own" role only their items, and skips types they may not read', async () => {
      const seller = await t.addUser('Own Seller');
      const mine = await create('contacts', contactBody({ name: 'Escopo', lastName: 'Próprio', assignedById: seller.id, emails: [], phones: [] }));
      const theirs = await create('contacts', contactBody({ name: 'Escopo', lastName: 'Próprio', assignedById: t.adminId, emails: [], phones: [] }));
      const openToAll = await create('contacts', contactBody({ name: 'Escopo', lastName: 'Próprio', assignedById: t.adminId, opened: true, emails: [], phones: [] }));
      await create('deals', dealBody({ title: 'Escopo Próprio', assignedById: seller.id }));
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('own'), deal: every('none') } } }]);
      const asSeller = { authorization: `Bearer ${seller.token}` };
      const groups = await find('escopo proprio', '', asSeller);
      assert.deepEqual(groups.map((g) => g.type), ['contact'], 'deals are left out without a word');
      assert.deepEqual(idsOf(groups, 'contact'), [mine.id]);
      assert.equal(groups[0].more, false, 'nor are the others counted');
      assert.deepEqual(idsOf(await find('escopo proprio', '', asSeller), 'contact'), [mine.id]);
      assert.deepEqual(idsOf(await find('esc', '', asSeller), 'contact'), [mine.id], 'short texts too');
      assert.deepEqual(idsOf(await find('escopo proprio'), 'contact'), [openToAll.id, theirs.id, mine.id], 'the admin sees all three');
    });

    it('never finds an item by a field the caller may not see, nor shows it in the second line', async () => {
      const seller = await t.addUser('Hidden Seller');
      const contact = await create('contacts', contactBody({ name: 'Oculto', lastName: 'Campo', emails: [{ value: 'segredo.unico@privado.com.br', valueType: 'WORK' }], phones: [{ value: '+55 21 98888-7777', valueType: 'MOBILE' }] }));
      const lead = await create('leads', leadBody({ title: 'Lead oculto', companyTitle: 'Empresa Sigilosa' }));
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('all'), fields: { contact: { emails: 'hidden', lastName: 'hidden' }, lead: { companyTitle: 'hidden' } } } }]);
      const asSeller = { authorization: `Bearer ${seller.token}` };
      assert.deepEqual(await find('segredo.unico', '', asSeller), [], 'not by the hidden e-mail');
      assert.deepEqual(await find('oculto campo', '', asSeller), [], 'not by a hidden name part');
      assert.deepEqual(await find('sigilosa', '', asSeller), [], "not by a lead's hidden company name");
      const byPhone = await find('988887777', '', asSeller);
      assert.deepEqual(idsOf(byPhone, 'contact'), [contact.id], 'by what they may see');
      assert.deepEqual([byPhone[0].items[0].title, byPhone[0].items[0].subtitle], ['Oculto', '+55 21 98888-7777']);
      assert.deepEqual(idsOf(await find('lead oculto', '', asSeller), 'lead'), [lead.id]);
      assert.doesNotMatch(JSON.stringify(await find('lead oculto', '', asSeller)), /Sigilosa/);
      // The administrator finds it by every field.
      assert.deepEqual(idsOf(await find('segredo.unico'), 'contact'), [contact.id]);
      assert.deepEqual(idsOf(await find('oculto campo'), 'contact'), [contact.id]);
    });

    it('gives the same newest matches whichever of its steps PostgreSQL finds them in: the newest rows, the trigram index, a longer walk', async () => {
      const seller = await t.addUser('Window Seller');
      const ids: number[] = [];
      for (let i = 0; i < 8; i++) {
        const body = contactBody({ name: `Janela${i}`, lastName: i % 2 === 0 ? 'Tropical' : 'Serrana', assignedById: i % 3 === 0 ? seller.id : t.adminId, emails: [{ value: `janela.${i}@vento-sul.com.br`, valueType: 'WORK' }], phones: [] });
        ids.push((await create('contacts', body)).id);
      }
      // Newer contacts that do not match, so the newest rows alone cannot answer.
      for (let i = 0; i < 3; i++) await create('contacts', contactBody({ name: 'Depois', lastName: `Sem ${i}`, emails: [], phones: [] }));
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('own') } }]);
      const admin = await adminContext(t.database, t.adminId);
      const sellerContext: Context = { ...admin, actor: { id: seller.id, name: 'Window Seller', isAdmin: false, locale: 'en' }, access: await accessOf(t.database.db, { id: seller.id, name: 'Window Seller', isAdmin: false, locale: 'en' }, (await versions(t.database.db)).access) };
      sellerContext.catalog = catalogFor(sellerContext.catalog.full, sellerContext.access);
      const full = admin.catalog.full.contact;
      const columns = searchedFields(full).map((s) => s.column);
      const contacts = (ctx: Context) => itemsQuery(scopedReader(ctx), 'contact').select('contacts.id');
      const expectations: Array<[Context, string[], string[], number[]]> = [
        [admin, ['tropical'], [], ids.filter((_, i) => i % 2 === 0).reverse()],
        [admin, ['vento-sul.com'], ['.1'], [ids[1]]],
        [admin, ['janela.3@vento-sul.com.br'], [], [ids[3]]],
        [admin, ['janela', 'serrana'], [], ids.filter((_, i) => i % 2 === 1).reverse()],
        [sellerContext, ['vento-sul'], [], ids.filter((_, i) => i % 3 === 0).reverse()],
      ];
      for (const [ctx, indexed, short, expected] of expectations) {
        for (const steps of [
          { recent: 0, probe: 1, further: 0 },
          { recent: 1, probe: 1, further: 2 },
          { recent: 2, probe: 2, further: 1 },
          { recent: 5, probe: 100, further: 5 },
          { recent: 1, probe: 100, further: 1 },
          { recent: 100, probe: 100, further: 100 },
          postgresSteps,
        ]) {
          for (const limit of [1, 3, 10]) {
            const found = await newestMatches(ctx.db, ctx.dialect, full, contacts(ctx), { words: [...indexed, ...short], columns, allColumns: true }, limit, steps);
            assert.deepEqual(found.map((row) => Number(row.id)), expected.slice(0, limit), `${indexed.join(' ')} ${short.join(' ')} as ${ctx.actor.name}, steps ${JSON.stringify(steps)}, limit ${limit}`);
          }
        }
      }
      const onlyNames = { words: ['vento-sul'], columns: ['name', 'last_name'], allColumns: false };
      for (const steps of [{ recent: 0, probe: 1, further: 0 }, postgresSteps]) assert.deepEqual(await newestMatches(admin.db, admin.dialect, full, contacts(admin), onlyNames, 10, steps), [], 'not in the columns asked');
    });

    it('makes the demo data searchable', async () => {
      const before = await find('tecnologia');
      await seedDemo(t.database, 1, () => {});
      const company = await raw().selectFrom('companies').select(['id', 'title']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.ok(idsOf(await find(company.title), 'company').includes(Number(company.id)), `finds "${company.title}"`);
      const phone = await raw().selectFrom('multifields').select(['entity_id', 'value']).where('entity_type', '=', 'contact').where('kind', '=', 'phone').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.ok(idsOf(await find(phone.value.slice(-4)), 'contact').includes(Number(phone.entity_id)), `finds ${phone.value} by its last four digits`);
      assert.ok((await find('tecnologia')).length >= before.length);
    });
  });

  describe(`search terms [${dialect}]`, () => {
    it('reads a text as words, or as a phone, folded; asks the index for a telling piece of long words', () => {
      assert.deepEqual(searchTerms('  Maria   da CONCEIÇÃO '), { text: 'maria da conceicao', indexed: ['maria', 'conceicao'], short: ['da'] });
      assert.deepEqual(searchTerms('+55 (31) 99876-5432'), { text: '5531998765432', indexed: ['5531998765432'], short: [] });
      assert.deepEqual(searchTerms('99876-5432 maria'), { text: '99876-5432 maria', indexed: ['99876-5432', 'maria'], short: [] });
      assert.deepEqual(searchTerms('12'), { text: '12', indexed: [], short: ['12'] });
      assert.equal(indexPiece('silva'), 'silva');
      assert.equal(indexPiece('larissa.santos32@terra.com.br'), 's32@te');
      assert.equal(indexPiece('contato@horizontetransportes57.com.br'), 's57.co', 'digits beside letters');
      assert.equal(indexPiece('larissa.santos32@terra.com.br', true), 'ntos32');
      assert.equal(indexPiece('5531998765432'), '765432', 'the end of a number, not its area code');
      assert.equal(indexPiece('conceicao'), 'ceicao');
      assert.equal(indexPiece('a.b.c', true), 'a.b.c', 'no run of three letters: the word whole');
    });
  });

  describe(`search index of the benchmark's data set [${dialect}]`, () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;

    before(async () => {
      fresh = await freshDatabase(dialect);
    });
    after(async () => {
      await fresh.database.close();
      await fresh.drop();
    });

    it('holds, for every generated item, the row the engine itself writes', async () => {
      const { database } = fresh;
      const seeded = await seedProfile(database, profiles.XS, { seed: 11, url: fresh.url });
      const rows = async () => {
        const { rows: found } = await sql<Record<string, unknown>>`select * from search_index`.execute(database.db);
        return found.map((row) => JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key] === null ? null : String(row[key])]))).sort();
      };
      const generated = await rows();
      assert.equal(generated.length, Object.values(seeded.ids).reduce((sum, range) => sum + range.last - range.first + 1, 0), 'one row per item');
      const ctx = await adminContext(database, seeded.adminId);
      for (const name of ['lead', 'contact', 'company', 'deal'] as const) {
        const { first, last } = seeded.ids[name];
        await indexItems(ctx, ctx.catalog.full[name], Array.from({ length: last - first + 1 }, (_, i) => first + i));
      }
      assert.deepEqual(await rows(), generated);
      const phone = await (database.db as unknown as Kysely<any>).selectFrom('multifields').select(['entity_id', 'value']).where('entity_type', '=', 'contact').where('kind', '=', 'phone').orderBy('id').executeTakeFirstOrThrow();
      const found = await search(ctx, { q: phone.value, limit: 20 });
      assert.ok(found.groups.find((g) => g.type === 'contact')?.items.some((i) => i.id === Number(phone.entity_id)), `finds ${phone.value}`);
    });
  });

  describe(`search index migration [${dialect}]`, () => {
    let database: Database;
    let drop: () => Promise<void>;

    before(async () => {
      ({ database, drop } = await emptyDatabase(dialect));
    });
    after(async () => {
      await database.close();
      await drop();
    });

    it('indexes the items that exist when it runs, from their stored values', async () => {
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations }, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
      const { error } = await migrator.migrateTo('2026-11-29T10-00_engine-hardening');
      if (error) throw error;
      const db = database.db as unknown as Kysely<any>;
      const now = new Date().toISOString();
      const common = { version: 1, opened: 1, created_at: now, updated_at: now, has_phone: 1, has_email: 1 };
      const contact = await db.insertInto('contacts').values({ ...common, name: 'Antônia', name_key: 'antonia', last_name: 'Brandão', last_name_key: 'brandao', second_name: 'Érica', is_exported: 1 }).returning('id').executeTakeFirstOrThrow();
      const company = await db.insertInto('companies').values({ ...common, title: 'Araucária Têxtil', title_key: 'araucaria textil', is_exported: 1 }).returning('id').executeTakeFirstOrThrow();
      const lead = await db.insertInto('leads').values({ ...common, title: 'Pedido Pantanal', title_key: 'pedido pantanal', company_title: 'Pantanal Pesca', kanban_sort: 0 }).returning('id').executeTakeFirstOrThrow();
      const deal = await db.insertInto('deals').values({ version: 1, opened: 1, created_at: now, updated_at: now, title: 'Safra Mantiqueira', title_key: 'safra mantiqueira', category_id: 0, closed: 0, kanban_sort: 0 }).returning('id').executeTakeFirstOrThrow();
      const multifield = (entity_type: string, entity_id: number, kind: string, value: string, value_normalized: string, sort: number) => ({ entity_type, entity_id, kind, value_type: 'WORK', value, value_normalized, sort });
      await db
        .insertInto('multifields')
        .values([
          multifield('contact', contact.id, 'phone', '(31) 99876-5432', '+5531998765432', 0),
          multifield('contact', contact.id, 'email', 'Antonia@Exemplo.com.br', 'antonia@exemplo.com.br', 0),
          multifield('contact', contact.id, 'email', 'outro@exemplo.com.br', 'outro@exemplo.com.br', 1),
          multifield('company', company.id, 'phone', '(41) 3333-2222', '+554133332222', 0),
          multifield('lead', lead.id, 'email', 'pesca@pantanal.com.br', 'pesca@pantanal.com.br', 0),
        ])
        .execute();

      await migrate(database);
      const ctx = await adminContext(database, null);
      const ids = async (q: string, type: string) => ((await search(ctx, { q, limit: 5 })).groups.find((g) => g.type === type)?.items ?? []).map((i) => i.id);
      for (const q of ['antonia brandao', 'erica', '5432', '(31) 99876-5432', 'outro@exemplo']) assert.deepEqual(await ids(q, 'contact'), [Number(contact.id)], q);
      for (const q of ['araucaria textil', '33332222']) assert.deepEqual(await ids(q, 'company'), [Number(company.id)], q);
      for (const q of ['pantanal pesca', 'pesca@pantanal']) assert.deepEqual(await ids(q, 'lead'), [Number(lead.id)], q);
      assert.deepEqual(await ids('mantiqueira', 'deal'), [Number(deal.id)]);
      const hit = (await search(ctx, { q: 'antonia', limit: 5 })).groups[0].items[0];
      assert.deepEqual([hit.title, hit.subtitle], ['Antônia Brandão', 'Antonia@Exemplo.com.br · (31) 99876-5432']);
    });
  });
}

/** A database with no migration applied: a temporary SQLite file, or a new PostgreSQL database. */
async function emptyDatabase(dialect: DialectName): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vinculo-search-'));
    return { database: openDatabase(join(dir, 'test.sqlite')), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `vinculo_search_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    database: openDatabase(url.toString()),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
