import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { itemTypeList } from '@vinculo/shared';
import { bodies, companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const issueFor = (response: { json(): any }, field: string) => response.json().error.details.find((d: { field: string }) => d.field === field);

for (const dialect of testDialects()) {
  describe(`item routes [${dialect}]`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    for (const type of itemTypeList) {
      const base = `/api/v1/${type.plural}`;
      const body = bodies[type.name];

      describe(type.plural, () => {
        it('refuses every route without credentials (401)', async () => {
          const routes: Array<[string, string]> = [
            ['GET', base],
            ['POST', base],
            ['GET', `${base}/1`],
            ['PATCH', `${base}/1`],
            ['DELETE', `${base}/1`],
            ['POST', `${base}/1/restore`],
            ['GET', `${base}/1/history`],
            ['GET', `${base}/1/dependencies`],
          ];
          for (const [method, url] of routes) {
            const response = await t.anonymous(method as 'GET', url, method === 'POST' || method === 'PATCH' ? {} : undefined);
            assert.equal(response.statusCode, 401, `${method} ${url}`);
            assert.equal(response.json().error.code, 'UNAUTHENTICATED');
          }
        });

        it('refuses bad input with 400 naming the field and rule, and writes nothing', async () => {
          const before = (await t.call('GET', base)).json().total;
          const response = await t.call('POST', base, { ...body(), assignedById: 'me', unknownField: 1, opportunity: 'lots', comments: 'x'.repeat(70000) });
          assert.equal(response.statusCode, 400);
          assert.equal(response.json().error.code, 'VALIDATION_FAILED');
          assert.equal(issueFor(response, 'assignedById').rule, 'type');
          assert.equal(issueFor(response, 'unknownField').rule, 'unknown');
          assert.equal(issueFor(response, 'comments').rule, 'maxLength');
          assert.ok(issueFor(response, 'comments').message.length > 0);
          if (type.fields.some((f) => f.name === 'opportunity')) assert.equal(issueFor(response, 'opportunity').rule, 'money');
          const references = await t.call('POST', base, { ...body(), sourceId: type.name === 'company' ? undefined : 'NOPE', assignedById: 999999 });
          assert.equal(references.statusCode, 400);
          assert.equal(issueFor(references, 'assignedById').rule, 'user');
          assert.equal((await t.call('GET', base)).json().total, before, 'nothing was written');
        });

        it('answers 404 for unknown ids and 400 for malformed ids', async () => {
          for (const [method, suffix] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/history'], ['GET', '/dependencies'], ['POST', '/restore']]) {
            const missing = await t.call(method as 'GET', `${base}/987654${suffix}`, method === 'PATCH' ? { comments: 'x' } : undefined);
            assert.equal(missing.statusCode, 404, `${method} ${suffix}`);
            const malformed = await t.call(method as 'GET', `${base}/abc${suffix}`, method === 'PATCH' ? { comments: 'x' } : undefined);
            assert.equal(malformed.statusCode, 400, `${method} abc${suffix}`);
          }
        });

        it('refuses a stale version with 409 and changes nothing', async () => {
          const created = (await t.call('POST', base, body())).json();
          const first = await t.call('PATCH', `${base}/${created.id}`, { version: created.version, comments: 'first' });
          assert.equal(first.statusCode, 200);
          assert.equal(first.json().version, created.version + 1);
          const stale = await t.call('PATCH', `${base}/${created.id}`, { version: created.version, comments: 'second' });
          assert.equal(stale.statusCode, 409);
          assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
          const viaHeader = await t.call('PATCH', `${base}/${created.id}`, { comments: 'third' }, { 'if-match': `"${created.version}"` });
          assert.equal(viaHeader.statusCode, 409);
          const staleDelete = await t.call('DELETE', `${base}/${created.id}`, undefined, { 'if-match': String(created.version) });
          assert.equal(staleDelete.statusCode, 409);
          const current = (await t.call('GET', `${base}/${created.id}`)).json();
          assert.equal(current.comments, 'first');
          assert.equal(current.version, created.version + 1);
        });

        it('creates (201), reads, updates partially and records history for each write', async () => {
          const created = await t.call('POST', base, body({ comments: 'created by test' }));
          assert.equal(created.statusCode, 201, created.body);
          const item = created.json();
          assert.equal(item.version, 1);
          assert.equal(item.assignedById, t.adminId);
          assert.equal(item.createdById, t.adminId);
          assert.equal(item.opened, true);

          const updated = await t.call('PATCH', `${base}/${item.id}`, { comments: 'changed', opened: false });
          assert.equal(updated.statusCode, 200);
          assert.equal(updated.json().comments, 'changed');
          assert.equal(updated.json().opened, false);
          for (const field of type.titleFields) assert.deepEqual(updated.json()[field], item[field], 'untouched fields stay');

          const noop = await t.call('PATCH', `${base}/${item.id}`, { comments: 'changed' });
          assert.equal(noop.json().version, 2, 'a write that changes nothing does not bump the version');

          const history = (await t.call('GET', `${base}/${item.id}/history`)).json().items;
          assert.equal(history[0].type, 'created');
          assert.equal(history[0].author.id, t.adminId);
          assert.equal(history[0].newValue.comments, 'created by test');
          const changes = history.filter((h: { type: string }) => h.type === 'updated');
          assert.deepEqual(
            changes.map((h: { field: string; oldValue: unknown; newValue: unknown }) => [h.field, h.oldValue, h.newValue]).sort(),
            [
              ['comments', 'created by test', 'changed'],
              ['opened', true, false],
            ],
          );
          assert.equal(changes.length, 2, 'the no-op update wrote no history');
        });

        it('deletes to the recycle bin and restores', async () => {
          const item = (await t.call('POST', base, body())).json();
          assert.equal((await t.call('DELETE', `${base}/${item.id}`)).statusCode, 204);
          assert.equal((await t.call('GET', `${base}/${item.id}`)).statusCode, 404);
          assert.equal((await t.call('DELETE', `${base}/${item.id}`)).statusCode, 404);
          const list = (await t.call('GET', `${base}?filter[id]=${item.id}`)).json();
          assert.equal(list.total, 0);
          const bin = (await t.call('GET', `/api/v1/recycle-bin?type=${type.name}`)).json().items;
          const entry = bin.find((e: { id: number }) => e.id === item.id);
          assert.ok(entry, 'the item is in the recycle bin');
          assert.equal(Date.parse(entry.purgeAfter) - Date.parse(entry.deletedAt), 30 * 86_400_000);

          const restored = await t.call('POST', `${base}/${item.id}/restore`);
          assert.equal(restored.statusCode, 200);
          assert.equal((await t.call('GET', `${base}/${item.id}`)).statusCode, 200);
          assert.equal((await t.call('POST', `${base}/${item.id}/restore`)).statusCode, 404, 'a live item is not in the bin');
          const types = (await t.call('GET', `${base}/${item.id}/history`)).json().items.map((h: { type: string }) => h.type);
          assert.deepEqual(types, ['created', 'deleted', 'restored']);
        });
      });
    }

    describe('multi-value fields', () => {
      it('stores phones as typed and as E.164, and matches both forms', async () => {
        const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ phones: [{ value: '+55 (11) 98765-4321', valueType: 'MOBILE' }, { value: '(21) 3333-4444', valueType: 'WORK' }] }))).json();
        assert.deepEqual(
          contact.phones.map((p: { value: string; normalized: string; valueType: string }) => [p.value, p.normalized, p.valueType]),
          [
            ['+55 (11) 98765-4321', '+5511987654321', 'MOBILE'],
            ['(21) 3333-4444', '+552133334444', 'WORK'],
          ],
        );
        assert.equal(contact.hasPhone, true);
        for (const query of ['11987654321', '%2B55%2011%2098765-4321', '(11)%2098765-4321']) {
          const found = (await t.call('GET', `/api/v1/contacts?filter[phone]=${query}&fields=id`)).json();
          assert.ok(found.items.some((c: { id: number }) => c.id === contact.id), `phone ${query} finds the contact`);
        }
        const partial = (await t.call('GET', '/api/v1/contacts?filter[phones][contains]=3333-4444&fields=id')).json();
        assert.ok(partial.items.some((c: { id: number }) => c.id === contact.id));
      });

      it('lower-cases e-mails for matching and refuses bad values with the entry path', async () => {
        const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ emails: [{ value: 'Ana.Costa@Empresa.COM.br', valueType: 'WORK' }] }))).json();
        assert.equal(contact.emails[0].value, 'Ana.Costa@Empresa.COM.br');
        assert.equal(contact.emails[0].normalized, 'ana.costa@empresa.com.br');
        const found = (await t.call('GET', '/api/v1/contacts?filter[email]=ANA.COSTA@empresa.com.br&fields=id')).json();
        assert.deepEqual(found.items.map((c: { id: number }) => c.id), [contact.id]);

        const bad = await t.call('POST', '/api/v1/contacts', contactBody({ emails: [{ value: 'not an email' }], phones: [{ value: '12', valueType: 'MOBILE' }], websites: [{ value: 'x', valueType: 'NOPE' }] }));
        assert.equal(bad.statusCode, 400);
        assert.equal(issueFor(bad, 'emails.0.value').rule, 'email');
        assert.equal(issueFor(bad, 'phones.0.value').rule, 'phone');
        assert.equal(issueFor(bad, 'websites.0.valueType').rule, 'valueType');
      });

      it('edits entries in place by id, appends new ones, removes the omitted, and refuses foreign ids', async () => {
        const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ phones: [{ value: '11 98765-0001', valueType: 'MOBILE' }, { value: '11 98765-0002', valueType: 'HOME' }] }))).json();
        const [first] = contact.phones;
        const other = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
        const foreign = await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { phones: [{ id: other.phones[0].id, value: '11 98765-0009' }] });
        assert.equal(foreign.statusCode, 400);
        assert.equal(issueFor(foreign, 'phones.0.id').rule, 'exists');

        const updated = (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { phones: [{ id: first.id, value: '11 98765-0003', valueType: 'WORK' }, { value: '+1 212 555 0100', valueType: 'OTHER' }] })).json();
        assert.equal(updated.phones.length, 2);
        assert.equal(updated.phones[0].id, first.id);
        assert.equal(updated.phones[0].normalized, '+5511987650003');
        assert.equal(updated.phones[1].normalized, '+12125550100');
        const history = (await t.call('GET', `/api/v1/contacts/${contact.id}/history`)).json().items;
        const change = history.find((h: { field: string }) => h.field === 'phones');
        assert.deepEqual(change.oldValue.map((p: { value: string }) => p.value), ['11 98765-0001', '11 98765-0002']);
        assert.deepEqual(change.newValue.map((p: { value: string }) => p.value), ['11 98765-0003', '+1 212 555 0100']);

        const cleared = (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { phones: [] })).json();
        assert.deepEqual(cleared.phones, []);
        assert.equal(cleared.hasPhone, false);
      });
    });

    describe('hostile values', () => {
      it('never lets a new item take over another item\'s values by id', async () => {
        const alice = (await t.call('POST', '/api/v1/contacts', contactBody({ phones: [{ value: '+55 11 98765-1111' }] }))).json();
        const bob = await t.call('POST', '/api/v1/contacts', contactBody({ phones: [{ id: alice.phones[0].id, value: '+1 415 555 0100' }] }));
        assert.equal(bob.statusCode, 201);
        assert.equal(bob.json().phones[0].normalized, '+14155550100');
        assert.notEqual(bob.json().phones[0].id, alice.phones[0].id);
        const company = await t.call('POST', '/api/v1/companies', companyBody({ emails: [{ id: alice.phones[0].id, value: 'x@y.com' }] }));
        assert.equal(company.statusCode, 201);
        assert.deepEqual((await t.call('GET', `/api/v1/contacts/${alice.id}`)).json().phones.map((p: { normalized: string }) => p.normalized), ['+5511987651111']);
      });

      it('answers 400, never 500, for values one database would refuse', async () => {
        for (const [method, url, payload] of [
          ['POST', '/api/v1/deals', dealBody({ companyId: 2147483648 })],
          ['POST', '/api/v1/deals', dealBody({ contactIds: [2147483648] })],
          ['POST', '/api/v1/contacts', contactBody({ birthdate: '0000-01-01' })],
          ['POST', '/api/v1/contacts', contactBody({ birthdate: '2024-02-30' })],
          ['POST', '/api/v1/companies', companyBody({ title: 'A\u0000B' })],
          ['POST', '/api/v1/contacts', contactBody({ messengers: [{ value: 'a\u0000b' }] })],
          ['GET', '/api/v1/deals?filter[probability][gt]=2147483648'],
          ['GET', '/api/v1/contacts?filter[birthdate]=2024-02-30'],
          ['GET', '/api/v1/contacts?filter[name]=a%00b'],
          ['GET', '/api/v1/deals?cursor=eyJzIjoiLWlkIiwidiI6WyJhYmMiXX0'],
          ['GET', '/api/v1/deals/1/history?cursor=2147483648'],
          ['GET', `/api/v1/deals/${'9'.repeat(300)}`],
        ] as Array<[string, string, unknown?]>) {
          const response = await t.call(method as 'GET', url, payload);
          assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
          assert.ok(response.json().error.code, 'the API error shape');
        }
      });
    });

    describe('links and dependencies', () => {
      it('links contacts and companies both ways, deals to company and contacts, and lists dependencies', async () => {
        const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
        const other = (await t.call('POST', '/api/v1/companies', companyBody())).json();
        const contact = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [company.id, other.id] }))).json();
        assert.deepEqual(contact.companyIds, [company.id, other.id]);
        assert.deepEqual((await t.call('GET', `/api/v1/companies/${company.id}`)).json().contactIds, [contact.id]);

        const deal = (await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id, contactIds: [contact.id] }))).json();
        assert.equal(deal.companyId, company.id);
        assert.deepEqual(deal.contactIds, [contact.id]);
        const lead = (await t.call('POST', '/api/v1/leads', leadBody({ companyId: company.id, contactId: contact.id }))).json();

        const companyDeps = (await t.call('GET', `/api/v1/companies/${company.id}/dependencies`)).json().items;
        const summary = (items: Array<{ type: string; id: number }>) => items.map((d) => `${d.type}:${d.id}`).sort();
        assert.deepEqual(summary(companyDeps), [`contact:${contact.id}`, `deal:${deal.id}`, `lead:${lead.id}`].sort());
        assert.ok(companyDeps.every((d: { title: string }) => d.title.length > 0));

        const contactDeps = (await t.call('GET', `/api/v1/contacts/${contact.id}/dependencies`)).json().items;
        assert.deepEqual(summary(contactDeps), [`company:${company.id}`, `company:${other.id}`, `deal:${deal.id}`, `lead:${lead.id}`].sort());

        const dealDeps = (await t.call('GET', `/api/v1/deals/${deal.id}/dependencies`)).json().items;
        assert.deepEqual(summary(dealDeps), [`company:${company.id}`, `contact:${contact.id}`].sort());

        // A binned item drops out of dependencies and comes back with its links on restore.
        await t.call('DELETE', `/api/v1/deals/${deal.id}`);
        assert.deepEqual(summary((await t.call('GET', `/api/v1/companies/${company.id}/dependencies`)).json().items), [`contact:${contact.id}`, `lead:${lead.id}`].sort());
        await t.call('POST', `/api/v1/deals/${deal.id}/restore`);
        assert.deepEqual((await t.call('GET', `/api/v1/deals/${deal.id}`)).json().contactIds, [contact.id]);

        const unlinked = (await t.call('PATCH', `/api/v1/contacts/${contact.id}`, { companyIds: [other.id] })).json();
        assert.deepEqual(unlinked.companyIds, [other.id]);
        const change = (await t.call('GET', `/api/v1/contacts/${contact.id}/history`)).json().items.find((h: { field: string }) => h.field === 'companyIds');
        assert.deepEqual([change.oldValue, change.newValue], [[company.id, other.id], [other.id]]);
      });

      it('refuses links to missing or deleted items', async () => {
        const company = (await t.call('POST', '/api/v1/companies', companyBody())).json();
        await t.call('DELETE', `/api/v1/companies/${company.id}`);
        const response = await t.call('POST', '/api/v1/deals', dealBody({ companyId: company.id, contactIds: [999999] }));
        assert.equal(response.statusCode, 400);
        assert.equal(issueFor(response, 'companyId').rule, 'exists');
        assert.equal(issueFor(response, 'contactIds').rule, 'exists');
      });
    });

    describe('lists', () => {
      let ids: number[];
      before(async () => {
        ids = [];
        for (const [index, amount] of ['100.00', '250.50', '99.99', null, '1000.00', '250.50'].entries()) {
          const deal = await t.call('POST', '/api/v1/deals', dealBody({ title: `Lista ${index} Ação`, opportunity: amount, probability: index * 10, closeDate: `2026-0${index + 1}-15`, comments: 'list fixture' }));
          ids.push(deal.json().id);
        }
      });

      const listed = async (query: string) => {
        const response = await t.call('GET', `/api/v1/deals?filter[comments]=list%20fixture&${query}`);
        assert.equal(response.statusCode, 200, response.body);
        return response.json();
      };

      it('filters with equality, ranges, lists, contains and emptiness', async () => {
        assert.equal((await listed('filter[opportunity]=250.5')).total, 2);
        assert.equal((await listed('filter[opportunity][gte]=100&filter[opportunity][lt]=1000')).total, 3);
        assert.equal((await listed('filter[probability][in]=0,20,40')).total, 3);
        assert.equal((await listed('filter[title][contains]=ação')).total, 6);
        assert.equal((await listed('filter[title][startsWith]=lista%203')).total, 1);
        assert.equal((await listed('filter[opportunity][empty]=true')).total, 1);
        assert.equal((await listed('filter[opportunity][empty]=false')).total, 5);
        assert.equal((await listed('filter[closeDate][gt]=2026-03-15')).total, 3);
        assert.equal((await listed('filter[stageId]=NEW&filter[closed]=false')).total, 6);
        assert.equal((await listed('filter[title][contains]=50%25')).total, 0, 'LIKE wildcards are literal');
      });

      it('refuses unknown fields, wrong operators and bad values with 400', async () => {
        for (const [query, field, rule] of [
          ['filter[nope]=1', 'filter.nope', 'unknown'],
          ['filter[closed][gt]=1', 'filter.closed.gt', 'operator'],
          ['filter[probability]=abc', 'filter.probability.eq', 'type'],
          ['filter[closeDate]=yesterday', 'filter.closeDate.eq', 'type'],
          ['sort=contactIds', 'sort.contactIds', 'notSortable'],
          ['sort=nope', 'sort.nope', 'unknown'],
          ['fields=nope', 'fields.nope', 'unknown'],
          ['cursor=garbage', 'cursor', 'cursor'],
        ]) {
          const response = await t.call('GET', `/api/v1/deals?${query}`);
          assert.equal(response.statusCode, 400, query);
          assert.equal(issueFor(response, field)?.rule, rule, `${query}: ${response.body}`);
        }
        assert.equal((await t.call('GET', '/api/v1/deals?limit=0')).statusCode, 400);
        assert.equal((await t.call('GET', '/api/v1/deals?limit=501')).statusCode, 400);
      });

      it('sorts on any column with nulls first, and pages by cursor without gaps or repeats', async () => {
        const ascending = await listed('sort=opportunity&fields=opportunity');
        assert.deepEqual(ascending.items.map((d: { opportunity: string | null }) => d.opportunity), [null, '99.99', '100.00', '250.50', '250.50', '1000.00']);
        const descending = await listed('sort=-opportunity&fields=opportunity');
        assert.deepEqual(descending.items.map((d: { opportunity: string | null }) => d.opportunity), ['1000.00', '250.50', '250.50', '100.00', '99.99', null]);

        for (const sort of ['opportunity', '-opportunity', '-probability,title', 'closeDate', '-id']) {
          const all = (await listed(`sort=${sort}&fields=id`)).items.map((d: { id: number }) => d.id);
          const paged: number[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: Array<{ id: number }>; nextCursor: string | null; total: number } = await listed(`sort=${sort}&fields=id&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
            assert.equal(page.total, 6);
            paged.push(...page.items.map((d) => d.id));
            cursor = page.nextCursor;
          } while (cursor);
          assert.deepEqual(paged, all, `sort=${sort}`);
          assert.deepEqual([...paged].sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
        }
        const otherSort = await listed('sort=opportunity&limit=2');
        assert.equal((await t.call('GET', `/api/v1/deals?sort=title&cursor=${otherSort.nextCursor}`)).statusCode, 400, 'a cursor belongs to its sort');
      });

      it('returns only the selected fields, and skips the count on request', async () => {
        const page = await listed('fields=title,contactIds&total=false&limit=1');
        assert.deepEqual(Object.keys(page.items[0]).sort(), ['contactIds', 'id', 'title', 'version']);
        assert.equal(page.total, null);
      });
    });

    describe('deals and leads', () => {
      it('derives stage group, closed flag and lead close date from the reference lists', async () => {
        const deal = (await t.call('POST', '/api/v1/deals', dealBody())).json();
        assert.deepEqual([deal.categoryId, deal.stageId, deal.stageSemantic, deal.closed], [0, 'NEW', 'P', false]);
        const won = (await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'WON' })).json();
        assert.deepEqual([won.stageSemantic, won.closed], ['S', true]);
        const badStage = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { stageId: 'C9:NEW' });
        assert.equal(issueFor(badStage, 'stageId').rule, 'reference');
        const immutable = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { categoryId: 5 });
        assert.equal(issueFor(immutable, 'categoryId').rule, 'immutable');

        const lead = (await t.call('POST', '/api/v1/leads', leadBody())).json();
        assert.deepEqual([lead.statusId, lead.statusSemantic, lead.dateClosed], ['NEW', 'P', null]);
        const junk = (await t.call('PATCH', `/api/v1/leads/${lead.id}`, { statusId: 'JUNK' })).json();
        assert.equal(junk.statusSemantic, 'F');
        assert.ok(junk.dateClosed);
      });

      it('keeps money exact', async () => {
        const deal = (await t.call('POST', '/api/v1/deals', dealBody({ opportunity: 0.1 }))).json();
        assert.equal(deal.opportunity, '0.10');
        const big = (await t.call('POST', '/api/v1/deals', dealBody({ opportunity: '9999999999999.99' }))).json();
        assert.equal(big.opportunity, '9999999999999.99');
        const tooPrecise = await t.call('POST', '/api/v1/deals', dealBody({ opportunity: '1.005' }));
        assert.equal(issueFor(tooPrecise, 'opportunity').rule, 'money');
      });

      it('requires a title on companies and deals and a name on contacts', async () => {
        for (const [path, payload, field, rule] of [
          ['/api/v1/companies', { companyType: 'CUSTOMER' }, 'title', 'required'],
          ['/api/v1/deals', { title: '' }, 'title', 'required'],
          ['/api/v1/contacts', { post: 'CEO' }, 'name', 'requireOneOf'],
          ['/api/v1/leads', { comments: 'x' }, 'title', 'requireOneOf'],
        ] as const) {
          const response = await t.call('POST', path, payload);
          assert.equal(response.statusCode, 400, path);
          assert.equal(issueFor(response, field)?.rule, rule, `${path}: ${response.body}`);
        }
      });

      it('answers in Portuguese when asked', async () => {
        const response = await t.call('POST', '/api/v1/companies', {}, { 'accept-language': 'pt-BR,pt;q=0.9' });
        assert.equal(response.json().error.message, 'Alguns campos não são válidos.');
        assert.match(issueFor(response, 'title').message, /obrigatório/);
      });
    });
  });
}
