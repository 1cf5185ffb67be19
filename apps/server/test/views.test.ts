import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * Issue 11: each user's list settings per item type (columns, widths, sort, preset in use), saved on the server,
 * checked against the fields they may see, and never leaking a field their roles hide.
 */

type Column = { field: string; width: number };
const fields = (columns: Column[]) => columns.map((column) => column.field);

for (const dialect of testDialects()) {
  describe(`list views [${dialect}]`, () => {
    let t: TestApp;
    let seller: { id: number; token: string };
    let other: { id: number; token: string };
    const as = (user: { token: string }) => (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown) => t.call(method, url, body, { authorization: `Bearer ${user.token}` });

    before(async () => {
      t = await createTestApp(dialect);
      seller = await t.addUser('Seller');
      other = await t.addUser('Other Seller');
      const field = (type: string, body: Record<string, unknown>) => t.call('POST', `/api/v1/custom-fields/${type}`, body);
      assert.equal((await field('deals', { name: 'UF_CRM_REGION', type: 'string', labelEn: 'Region', labelPt: 'Região', showInList: true, filterable: true, sortable: true })).statusCode, 201);
      assert.equal((await field('deals', { name: 'UF_CRM_NOTE', type: 'string', labelEn: 'Note', labelPt: 'Nota', showInList: false })).statusCode, 201);
      assert.equal((await field('deals', { name: 'UF_CRM_TAGS', type: 'enumeration', multiple: true, labelEn: 'Tags', labelPt: 'Etiquetas', options: [{ value: 'A' }], showInList: true })).statusCode, 201);
    });
    after(() => t.close());

    it('refuses a caller without credentials (401) and an unknown type (404)', async () => {
      assert.equal((await t.anonymous('GET', '/api/v1/views/deals')).statusCode, 401);
      assert.equal((await t.anonymous('PUT', '/api/v1/views/deals', { columns: [{ field: 'title', width: 200 }], sort: null, presetId: null })).statusCode, 401);
      assert.equal((await t.call('GET', '/api/v1/views/widgets')).statusCode, 404);
      assert.equal((await t.call('GET', '/api/v1/views/deal')).statusCode, 404, 'the plural names the type');
    });

    it('answers a default built from the metadata when nothing is saved', async () => {
      const deals = await as(seller)('GET', '/api/v1/views/deals');
      assert.equal(deals.statusCode, 200, deals.body);
      assert.deepEqual(fields(deals.json().columns), ['title', 'stageId', 'opportunity', 'assignedById', 'nextActivityAt', 'createdAt', 'ufCrmRegion', 'ufCrmTags'], 'custom fields shown in lists come last; others do not');
      assert.equal(deals.json().sort, null);
      assert.equal(deals.json().presetId, null);
      for (const column of deals.json().columns as Column[]) assert.ok(column.width >= 40 && column.width <= 1000, JSON.stringify(column));

      const contacts = (await as(seller)('GET', '/api/v1/views/contacts')).json();
      assert.deepEqual(fields(contacts.columns), ['name', 'lastName', 'assignedById', 'nextActivityAt', 'phones', 'emails', 'createdAt']);
      const leads = (await as(seller)('GET', '/api/v1/views/leads')).json();
      assert.deepEqual(fields(leads.columns), ['title', 'statusId', 'opportunity', 'assignedById', 'nextActivityAt', 'phones', 'emails', 'createdAt']);
      const companies = (await as(seller)('GET', '/api/v1/views/companies')).json();
      assert.deepEqual(fields(companies.columns), ['title', 'assignedById', 'nextActivityAt', 'phones', 'emails', 'createdAt']);
    });

    it('saves a view and gives it back on the next read, to its owner only', async () => {
      const view = { columns: [{ field: 'ufCrmRegion', width: 130 }, { field: 'title', width: 320 }, { field: 'closeDate', width: 120 }], sort: { field: 'ufCrmRegion', direction: 'asc' }, presetId: null };
      const saved = await as(seller)('PUT', '/api/v1/views/deals', view);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual(saved.json(), view);
      assert.deepEqual((await as(seller)('GET', '/api/v1/views/deals')).json(), view);
      // Saving again replaces it.
      const narrower = { columns: [{ field: 'title', width: 400 }], sort: { field: 'createdAt', direction: 'desc' }, presetId: null };
      assert.deepEqual((await as(seller)('PUT', '/api/v1/views/deals', narrower)).json(), narrower);
      assert.deepEqual((await as(seller)('GET', '/api/v1/views/deals')).json(), narrower);
      // Someone else's list and another type are untouched.
      assert.deepEqual(fields((await as(other)('GET', '/api/v1/views/deals')).json().columns)[0], 'title');
      assert.equal((await as(other)('GET', '/api/v1/views/deals')).json().columns.length, 8);
      assert.equal((await as(seller)('GET', '/api/v1/views/leads')).json().columns.length, 8);
    });

    it('refuses a bad view with 400 naming each entry and the rule, and keeps the saved one', async () => {
      const before = (await as(seller)('GET', '/api/v1/views/deals')).json();
      const refused = async (body: unknown, expected: Array<[string, string]>) => {
        const response = await as(seller)('PUT', '/api/v1/views/deals', body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        const error = response.json().error;
        assert.equal(error.code, 'VALIDATION_FAILED');
        for (const [field, rule] of expected) {
          assert.ok(error.details.some((d: { field: string; rule: string }) => d.field === field && d.rule === rule), `${field} ${rule} in ${response.body}`);
        }
        for (const detail of error.details) assert.ok(detail.message.length > 0, response.body);
      };
      const title = { field: 'title', width: 200 };
      await refused({ columns: [title, { field: 'nonsense', width: 100 }, { field: 'title', width: 100 }], sort: null, presetId: null }, [
        ['columns.1.field', 'unknown'],
        ['columns.2.field', 'duplicate'],
      ]);
      await refused({ columns: [{ field: 'title', width: 39 }], sort: null, presetId: null }, [['columns.0.width', 'min']]);
      await refused({ columns: [{ field: 'title', width: 1001 }], sort: null, presetId: null }, [['columns.0.width', 'max']]);
      await refused({ columns: [{ field: 'title', width: 120.5 }], sort: null, presetId: null }, [['columns.0.width', 'type']]);
      await refused({ columns: Array.from({ length: 101 }, () => title), sort: null, presetId: null }, [['columns', 'max']]);
      await refused({ columns: [], sort: null, presetId: null }, [['columns', 'min']]);
      await refused({ columns: [title], sort: { field: 'contactIds', direction: 'asc' }, presetId: null }, [['sort.field', 'notSortable']]);
      await refused({ columns: [title], sort: { field: 'ufCrmTags', direction: 'asc' }, presetId: null }, [['sort.field', 'notSortable']]);
      await refused({ columns: [title], sort: { field: 'nope', direction: 'asc' }, presetId: null }, [['sort.field', 'unknown']]);
      await refused({ columns: [title], sort: { field: 'title', direction: 'up' }, presetId: null }, [['sort.direction', 'valueType']]);
      await refused({ columns: [title], sort: null, presetId: 999_999 }, [['presetId', 'exists']]);
      await refused({ columns: [title], sort: null }, [['presetId', 'required']]);
      await refused({ columns: [title], sort: null, presetId: null, extra: true }, [['extra', 'unknown']]);
      assert.deepEqual((await as(seller)('GET', '/api/v1/views/deals')).json(), before, 'nothing was written');
    });

    it('keeps the preset in use: only one of the caller\'s own of the same type; deleting it clears it', async () => {
      const mine = await as(seller)('POST', '/api/v1/filter-presets/deals', { name: 'Região sul', filter: [{ field: 'ufCrmRegion', op: 'eq', value: 'Sul' }] });
      assert.equal(mine.statusCode, 201, mine.body);
      const theirs = (await as(other)('POST', '/api/v1/filter-presets/deals', { name: 'Deles', filter: [] })).json();
      const ofContacts = (await as(seller)('POST', '/api/v1/filter-presets/contacts', { name: 'Contatos', filter: [] })).json();
      const columns = [{ field: 'title', width: 200 }];
      for (const presetId of [theirs.id, ofContacts.id]) {
        const response = await as(seller)('PUT', '/api/v1/views/deals', { columns, sort: null, presetId });
        assert.equal(response.statusCode, 400, response.body);
        assert.deepEqual(response.json().error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]), [['presetId', 'exists']]);
      }
      const saved = await as(seller)('PUT', '/api/v1/views/deals', { columns, sort: null, presetId: mine.json().id });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().presetId, mine.json().id);
      assert.equal((await as(seller)('DELETE', `/api/v1/filter-presets/deals/${mine.json().id}`)).statusCode, 204);
      const after = (await as(seller)('GET', '/api/v1/views/deals')).json();
      assert.equal(after.presetId, null);
      assert.deepEqual(after.columns, columns, 'the rest of the view stays');
    });

    it('leaves out what the caller\'s roles hide: from the default, from a saved view, and refuses it on save', async () => {
      const view = { columns: [{ field: 'title', width: 200 }, { field: 'opportunity', width: 150 }, { field: 'ufCrmRegion', width: 150 }], sort: { field: 'opportunity', direction: 'desc' }, presetId: null };
      assert.equal((await as(other)('PUT', '/api/v1/views/deals', view)).statusCode, 200);
      await setRoles(t, [
        { userId: other.id, permissions: { items: everywhere('all'), fields: { deal: { opportunity: 'hidden', ufCrmRegion: 'hidden' } } } },
        { userId: seller.id, permissions: { items: everywhere('all') } },
      ]);
      const read = await as(other)('GET', '/api/v1/views/deals');
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), { columns: [{ field: 'title', width: 200 }], sort: null, presetId: null });
      assert.doesNotMatch(read.body, /opportunity|ufCrmRegion/);
      const refused = await as(other)('PUT', '/api/v1/views/deals', view);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual(
        refused.json().error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]),
        [
          ['columns.1.field', 'unknown'],
          ['columns.2.field', 'unknown'],
          ['sort.field', 'unknown'],
        ],
      );
      // The default of a user with no saved view has no hidden column either.
      const third = await t.addUser('Third Seller');
      await setRoles(t, [{ userId: third.id, permissions: { items: everywhere('all'), fields: { deal: { opportunity: 'hidden', ufCrmRegion: 'hidden' } } } }]);
      const defaults = (await as(third)('GET', '/api/v1/views/deals')).json();
      assert.deepEqual(fields(defaults.columns), ['title', 'stageId', 'assignedById', 'nextActivityAt', 'createdAt', 'ufCrmTags']);
      // Seen again once the role shows it: the stored view was kept whole.
      await setRoles(t, [{ userId: other.id, permissions: { items: everywhere('all') } }]);
      assert.deepEqual((await as(other)('GET', '/api/v1/views/deals')).json(), view);
    });

    it('drops a deleted custom field from saved views', async () => {
      const view = { columns: [{ field: 'ufCrmNote', width: 200 }, { field: 'title', width: 200 }], sort: { field: 'ufCrmNote', direction: 'asc' }, presetId: null };
      assert.equal((await t.call('PUT', '/api/v1/views/deals', view)).statusCode, 200);
      assert.equal((await t.call('DELETE', '/api/v1/custom-fields/deals/UF_CRM_NOTE?confirm=true')).statusCode, 204);
      assert.deepEqual((await t.call('GET', '/api/v1/views/deals')).json(), { columns: [{ field: 'title', width: 200 }], sort: null, presetId: null });
    });
  });
}
