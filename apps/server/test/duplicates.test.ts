import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { nameKey, nameKeySql } from '../src/modules/duplicates/duplicate-keys.ts';
import { findLikelyDuplicatesMany } from '../src/modules/duplicates/duplicate-check.service.ts';
import { systemContextFor } from './support/duplicates.ts';
import { companyBody, contactBody, leadBody } from './support/factories.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Duplicate control: the check of a new item, the scan for groups, their review and dismissal (modules/duplicates). */

const as = (token: string) => ({ authorization: `Bearer ${token}` });

for (const dialect of testDialects()) {
  describe(`duplicate control [${dialect}]`, () => {
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
    const check = async (plural: string, body: Record<string, unknown>, headers?: Record<string, string>) => {
      const response = await t.call('POST', `/api/v1/${plural}/duplicates/check`, body, headers);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as Array<{ item: Record<string, any>; matched: string[] }>;
    };
    const matchOf = (matches: Array<{ item: Record<string, any>; matched: string[] }>, id: number) => matches.find((m) => m.item.id === id)?.matched;
    const scan = async (plural: string, headers?: Record<string, string>) => {
      const started = await t.call('POST', `/api/v1/${plural}/duplicates/scan`, undefined, headers);
      assert.equal(started.statusCode, 202, started.body);
      await t.app.jobRunner.whenIdle();
      const job = (await t.call('GET', `/api/v1/jobs/${started.json().jobId}`, undefined, headers)).json();
      assert.equal(job.status, 'done', JSON.stringify(job));
      assert.equal(job.processed, job.total);
      return job;
    };
    const groups = async (plural: string, headers?: Record<string, string>) => {
      const response = await t.call('GET', `/api/v1/${plural}/duplicates?limit=200`, undefined, headers);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { scan: { finishedAt: string | null }; items: Array<{ id: number; criterion: string; criteria: string[]; value: string | null; items: Array<Record<string, any>> }>; nextCursor: string | null };
    };
    const groupWith = (page: Awaited<ReturnType<typeof groups>>, ids: number[], criterion?: string) =>
      page.items.find((g) => (!criterion || g.criteria.includes(criterion)) && ids.every((id) => g.items.some((i) => i.id === id)));

    it('computes the same name key in JavaScript and in SQL', async () => {
      const samples: Array<['person' | 'company', string]> = [
        ['person', 'José da Silva'],
        ['person', 'jose silva'],
        ['person', "Maria das Dores D'Ávila-Souza"],
        ['person', '  ANA  DE  OLIVEIRA '],
        ['company', 'Horizonte Tecnologia Ltda.'],
        ['company', 'HORIZONTE TECNOLOGIA S/A'],
        ['company', 'Conceição Serviços S.A.'],
        ['company', 'Padaria Pão & Cia ME'],
      ];
      for (const [kind, text] of samples) {
        const row = await sql<{ k: string }>`select ${nameKeySql(kind, sql<string>`vk_fold(${text})`)} as k`.execute(t.database.db);
        assert.equal(row.rows[0].k, nameKey(kind, text), `${kind} ${text}`);
      }
      assert.equal(nameKey('person', 'José da Silva'), nameKey('person', 'jose silva'));
      assert.equal(nameKey('company', 'Horizonte Tecnologia Ltda.'), nameKey('company', 'horizonte tecnologia S/A'));
      assert.notEqual(nameKey('person', 'José Silva'), nameKey('person', 'José Souza'));
    });

    it('finds likely duplicates of a new contact by e-mail, phone and name, and says what matched', async () => {
      const byEmail = await create('contacts', contactBody({ name: 'Beatriz', lastName: 'Ramos', emails: [{ value: 'Bia.Ramos@Exemplo.com.br', valueType: 'WORK' }], phones: [] }));
      const byPhone = await create('contacts', contactBody({ name: 'Otávio', lastName: 'Prado', emails: [], phones: [{ value: '+55 21 99876-1234', valueType: 'MOBILE' }] }));
      const byName = await create('contacts', contactBody({ name: 'José', lastName: 'da Silva', emails: [], phones: [] }));
      const unrelated = await create('contacts', contactBody({ name: 'José', lastName: 'Souza', emails: [], phones: [] }));

      const matches = await check('contacts', { name: 'Someone', emails: [{ value: ' bia.ramos@exemplo.com.br ', valueType: 'HOME' }], phones: [{ value: '(21) 99876-1234', valueType: 'WORK' }] });
      assert.deepEqual(matchOf(matches, byEmail.id), ['email']);
      assert.deepEqual(matchOf(matches, byPhone.id), ['phone']);
      assert.equal(matchOf(matches, byName.id), undefined);
      const match = matches.find((m) => m.item.id === byEmail.id)!;
      assert.equal(match.item.name, 'Beatriz');
      assert.equal(match.item.emails[0].value, 'Bia.Ramos@Exemplo.com.br');

      const named = await check('contacts', { name: 'jose silva' });
      assert.deepEqual(matchOf(named, byName.id), ['name']);
      assert.equal(matchOf(named, unrelated.id), undefined, 'another surname is another person');
      assert.deepEqual(matchOf(await check('contacts', { name: 'JOSÉ', secondName: 'DA', lastName: 'SILVA' }), byName.id), ['name']);
      assert.deepEqual(await check('contacts', { name: 'Nobody', lastName: 'Known' }), []);
      assert.deepEqual(await check('contacts', {}), [], 'an empty body matches nothing');
    });

    it('compares a person\'s company where both name one, and companies without their legal form', async () => {
      const acme = await create('companies', companyBody({ title: 'Acme Comércio Ltda' }));
      const other = await create('companies', companyBody({ title: 'Outra Empresa' }));
      const atAcme = await create('contacts', contactBody({ name: 'Lúcia', lastName: 'Ferraz', emails: [], phones: [], companyIds: [acme.id] }));
      assert.deepEqual(matchOf(await check('contacts', { name: 'Lucia', lastName: 'Ferraz', companyIds: [acme.id] }), atAcme.id), ['name', 'company']);
      assert.equal(matchOf(await check('contacts', { name: 'Lucia', lastName: 'Ferraz', companyIds: [other.id] }), atAcme.id), undefined, 'same name at another company');
      assert.deepEqual(matchOf(await check('contacts', { name: 'Lucia', lastName: 'Ferraz' }), atAcme.id), ['name']);

      assert.deepEqual(matchOf(await check('companies', { title: 'ACME COMERCIO S/A' }), acme.id), ['name']);
      assert.deepEqual(matchOf(await check('companies', { title: 'Acme Comércio' }), acme.id), ['name']);
      assert.equal(matchOf(await check('companies', { title: 'Acme Indústria' }), acme.id), undefined);

      const lead = await create('leads', leadBody({ name: 'Rui', lastName: 'Dantas', companyTitle: 'Gráfica Sol Ltda' }));
      assert.deepEqual(matchOf(await check('leads', { name: 'rui', lastName: 'dantas', companyTitle: 'Grafica Sol' }), lead.id), ['name', 'company']);
      assert.equal(matchOf(await check('leads', { name: 'rui', lastName: 'dantas', companyTitle: 'Padaria Lua' }), lead.id), undefined);
    });

    it('checks many inputs at once, in input order (the importer\'s form)', async () => {
      const a = await create('contacts', contactBody({ name: 'Batch', lastName: 'Um', emails: [{ value: 'batch.um@exemplo.com', valueType: 'WORK' }], phones: [] }));
      const b = await create('contacts', contactBody({ name: 'Batch', lastName: 'Dois', emails: [], phones: [{ value: '+55 31 3333-4444', valueType: 'WORK' }] }));
      const ctx = await systemContextFor(t);
      const answers = await findLikelyDuplicatesMany(ctx, 'contact', [
        { phones: [{ value: '(31) 3333-4444', valueType: 'WORK' }] },
        { name: 'Ninguém' },
        { emails: [{ value: 'BATCH.UM@exemplo.com', valueType: 'WORK' }], name: 'batch', lastName: 'um' },
      ]);
      assert.deepEqual(answers.map((list) => list.map((m) => [m.item.id, m.matched])), [[[b.id, ['phone']]], [], [[a.id, ['email', 'name']]]]);
    });

    it('answers only items the caller may read, and never compares a field their roles hide', async () => {
      const seller = await t.addUser('Sara Scope');
      const mine = await create('contacts', contactBody({ name: 'Escopo', lastName: 'Meu', emails: [{ value: 'escopo@exemplo.com', valueType: 'WORK' }], phones: [], assignedById: seller.id }));
      const theirs = await create('contacts', contactBody({ name: 'Escopo', lastName: 'Deles', emails: [{ value: 'escopo@exemplo.com', valueType: 'WORK' }], phones: [] }));
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: every('own') } } }]);
      const seen = await check('contacts', { emails: [{ value: 'escopo@exemplo.com', valueType: 'WORK' }] }, as(seller.token));
      assert.deepEqual(seen.map((m) => m.item.id), [mine.id]);
      assert.ok(matchOf(await check('contacts', { emails: [{ value: 'escopo@exemplo.com', valueType: 'WORK' }] }), theirs.id), 'the admin sees both');

      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: every('all') }, fields: { contact: { emails: 'hidden' } } } }]);
      const hidden = await check('contacts', { emails: [{ value: 'escopo@exemplo.com', valueType: 'WORK' }] }, as(seller.token));
      assert.deepEqual(hidden, [], 'a hidden e-mail field is not compared');
      const byName = await check('contacts', { name: 'escopo', lastName: 'meu' }, as(seller.token));
      assert.deepEqual(byName.map((m) => m.item.id), [mine.id]);
      assert.equal('emails' in byName[0].item, false, 'the hidden field is not in the answer');
      await setRoles(t, []);
    });

    it('scans for groups of e-mail, phone and name duplicates, shows them to those who may read them, and keeps a dismissed group away', async () => {
      const email = 'grupo@exemplo.com';
      const first = await create('contacts', contactBody({ name: 'Gustavo', lastName: 'dos Anjos', emails: [{ value: email, valueType: 'WORK' }], phones: [] }));
      const second = await create('contacts', contactBody({ name: 'GUSTAVO', lastName: 'ANJOS', emails: [{ value: 'Grupo@Exemplo.com', valueType: 'HOME' }], phones: [] }));
      const phoneA = await create('contacts', contactBody({ name: 'Telefone', lastName: 'Um', emails: [], phones: [{ value: '+55 11 3000-1000', valueType: 'WORK' }] }));
      const phoneB = await create('contacts', contactBody({ name: 'Fone', lastName: 'Dois', emails: [], phones: [{ value: '(11) 3000-1000', valueType: 'MOBILE' }] }));
      const binned = await create('contacts', contactBody({ name: 'Fone', lastName: 'Três', emails: [], phones: [{ value: '11 3000 1000', valueType: 'MOBILE' }] }));
      assert.equal((await t.call('DELETE', `/api/v1/contacts/${binned.id}`)).statusCode, 204);

      const empty = await groups('contacts');
      assert.equal(empty.scan.finishedAt, null);
      const job = await scan('contacts');
      assert.equal(job.kind, 'duplicate-scan');
      const page = await groups('contacts');
      assert.ok(page.scan.finishedAt);
      const byEmail = groupWith(page, [first.id, second.id], 'email');
      assert.ok(byEmail, JSON.stringify(page.items));
      assert.equal(byEmail.value, email);
      assert.deepEqual([byEmail.criterion, byEmail.criteria], ['email', ['email', 'name']], 'Gustavo dos Anjos = GUSTAVO ANJOS too: one group, both reasons');
      assert.equal(page.items.filter((g) => g.items.some((i) => i.id === first.id)).length, 1, 'the same items make one group');
      const byPhone = groupWith(page, [phoneA.id, phoneB.id], 'phone');
      assert.ok(byPhone);
      assert.equal(byPhone.items.length, 2, 'an item in the recycle bin is in no group');
      assert.equal(byPhone.value, '+551130001000');

      const group = await t.call('GET', `/api/v1/contacts/duplicates/groups/${byPhone.id}`);
      assert.equal(group.statusCode, 200, group.body);
      assert.equal(group.json().items[0].lastName, 'Um');
      assert.ok('addressCity' in group.json().items[0], 'a group read alone has every field the caller sees');
      assert.equal((await t.call('GET', '/api/v1/companies/duplicates/groups/' + byPhone.id)).statusCode, 404, 'a group is of its type');

      // A seller who may read only their own contacts sees a group only where two of them are theirs.
      const seller = await t.addUser('Gabi Groups');
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: every('own') } } }]);
      assert.equal(groupWith(await groups('contacts', as(seller.token)), [phoneA.id]), undefined);
      const forbidden = await t.call('POST', `/api/v1/contacts/duplicates/groups/${byPhone.id}/dismiss`, undefined, as(seller.token));
      assert.equal(forbidden.statusCode, 404, forbidden.body);
      await t.call('PATCH', `/api/v1/contacts/${phoneA.id}`, { assignedById: seller.id });
      const notAll = await t.call('POST', `/api/v1/contacts/duplicates/groups/${byPhone.id}/dismiss`, undefined, as(seller.token));
      assert.equal(notAll.statusCode, 404, 'one readable item is no group for them');
      await t.call('PATCH', `/api/v1/contacts/${phoneB.id}`, { assignedById: seller.id });
      const theirs = groupWith(await groups('contacts', as(seller.token)), [phoneA.id, phoneB.id], 'phone');
      assert.ok(theirs);
      assert.equal('emails' in theirs.items[0], true);

      // Dismissed: gone now and after the next scan, until another item joins the group.
      const dismissed = await t.call('POST', `/api/v1/contacts/duplicates/groups/${byPhone.id}/dismiss`, undefined, as(seller.token));
      assert.equal(dismissed.statusCode, 204, dismissed.body);
      assert.equal(groupWith(await groups('contacts'), [phoneA.id, phoneB.id], 'phone'), undefined);
      const audit = await t.database.db.selectFrom('audit_log').select(['kind', 'actor_id']).where('kind', '=', 'duplicates.dismissed').execute();
      assert.deepEqual(audit.map((a) => Number(a.actor_id)), [seller.id]);
      await setRoles(t, []);
      await scan('contacts');
      assert.equal(groupWith(await groups('contacts'), [phoneA.id, phoneB.id], 'phone'), undefined, 'a dismissed group stays away');
      assert.ok(groupWith(await groups('contacts'), [first.id, second.id], 'email'), 'the others come back');
      const third = await create('contacts', contactBody({ name: 'Fone', lastName: 'Quatro', emails: [], phones: [{ value: '+55 11 3000-1000', valueType: 'WORK' }] }));
      await scan('contacts');
      assert.ok(groupWith(await groups('contacts'), [phoneA.id, phoneB.id, third.id], 'phone'), 'a new item brings the group back');
      assert.equal((await t.call('POST', `/api/v1/contacts/duplicates/groups/${byPhone.id}/dismiss`)).statusCode, 404, 'a group of an older scan is gone');
    });

    it('shows a group without the fields the caller\'s roles hide, its shared value too', async () => {
      const viewer = await t.addUser('Vera Hidden');
      const a = await create('contacts', contactBody({ name: 'Oculta', lastName: 'Um', emails: [{ value: 'oculto@exemplo.com', valueType: 'WORK' }], phones: [] }));
      const b = await create('contacts', contactBody({ name: 'Escondida', lastName: 'Dois', emails: [{ value: 'OCULTO@exemplo.com', valueType: 'WORK' }], phones: [] }));
      await scan('contacts');
      await setRoles(t, [{ userId: viewer.id, permissions: { items: { contact: every('all') }, fields: { contact: { emails: 'hidden' } } } }]);
      const group = groupWith(await groups('contacts', as(viewer.token)), [a.id, b.id], 'email');
      assert.ok(group, 'the group is shown: the items are readable');
      assert.equal(group.value, null, 'the shared e-mail is not');
      for (const item of group.items) assert.equal('emails' in item, false);
      const one = (await t.call('GET', `/api/v1/contacts/duplicates/groups/${group.id}`, undefined, as(viewer.token))).json();
      assert.equal(JSON.stringify(one).includes('oculto@'), false, JSON.stringify(one));
      await setRoles(t, []);
    });

    it('scans companies and leads by their own names, and pages through groups', async () => {
      const a = await create('companies', companyBody({ title: 'Mercado Central Ltda' }));
      const b = await create('companies', companyBody({ title: 'MERCADO CENTRAL S.A.' }));
      await scan('companies');
      assert.ok(groupWith(await groups('companies'), [a.id, b.id], 'name'));
      const l1 = await create('leads', leadBody({ name: 'Célia', lastName: 'do Vale' }));
      const l2 = await create('leads', leadBody({ name: 'Celia', lastName: 'Vale' }));
      await scan('leads');
      assert.ok(groupWith(await groups('leads'), [l1.id, l2.id], 'name'));

      for (let i = 0; i < 3; i++) {
        await create('companies', companyBody({ title: `Paginada ${i}` }));
        await create('companies', companyBody({ title: `PAGINADA ${i} LTDA` }));
      }
      await scan('companies');
      const first = await t.call('GET', '/api/v1/companies/duplicates?limit=2');
      assert.equal(first.json().items.length, 2);
      assert.ok(first.json().nextCursor);
      const second = await t.call('GET', `/api/v1/companies/duplicates?limit=50&cursor=${first.json().nextCursor}`);
      const ids = [...first.json().items, ...second.json().items].map((g: any) => g.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(ids.length >= 4);
      assert.equal((await t.call('GET', '/api/v1/companies/duplicates?cursor=abc')).statusCode, 400);
      assert.equal((await t.call('POST', '/api/v1/deals/duplicates/scan')).statusCode, 404, 'deals are not scanned');
      const outsider = await t.addUser('Otto Outside');
      await setRoles(t, [{ userId: outsider.id, permissions: { items: { contact: every('all') } } }]);
      const refused = await t.call('POST', '/api/v1/companies/duplicates/scan', undefined, as(outsider.token));
      assert.equal(refused.statusCode, 403, 'no read right on companies, no scan of them');
      assert.equal((await t.call('GET', '/api/v1/companies/duplicates', undefined, as(outsider.token))).json().items.length, 0, 'and no group of them');
      await setRoles(t, []);
    });
  });
}
