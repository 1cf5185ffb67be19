import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { itemTypeList, itemTypes } from '@vinculo/shared';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const base = '/api/v1/card-layouts';

interface Section {
  id: string;
  title: { en: string; 'pt-BR': string };
  fields: string[];
}
interface FieldMeta {
  name: string;
  bitrix: string;
  type: string;
  label: string;
  labels: { en: string; 'pt-BR': string };
  required: boolean;
  readOnly: boolean;
  multiple: boolean;
  list: string | null;
  itemType: string | null;
  multifieldKind: string | null;
  custom: boolean;
  options: unknown[] | null;
}
interface Layout {
  type: string;
  sections: Section[];
  hidden: string[];
  fields: FieldMeta[];
}

const placed = (layout: Layout) => layout.sections.flatMap((s) => s.fields);
const section = (layout: Layout, id: string) => layout.sections.find((s) => s.id === id)!;
const issues = (response: { json(): any }) => response.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
const title = (en: string, pt: string) => ({ en, 'pt-BR': pt });

for (const dialect of testDialects()) {
  describe(`card layouts [${dialect}]`, () => {
    let t: TestApp;
    let userToken: string;
    before(async () => {
      t = await createTestApp(dialect);
      userToken = (await t.addUser()).token;
    });
    after(() => t.close());
    const layoutOf = async (plural: string, locale = 'en'): Promise<Layout> => {
      const response = await t.call('GET', `${base}/${plural}`, undefined, { 'accept-language': locale });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const valid = { sections: [{ id: 'main', title: title('Main', 'Principal'), fields: ['name'] }], hidden: [] };

    it('refuses every route without credentials (401)', async () => {
      for (const [method, url] of [['GET', `${base}/contacts`], ['PUT', `${base}/contacts`], ['GET', `${base}/widgets`], ['PUT', `${base}/widgets`]]) {
        const response = await t.anonymous(method as 'GET', url, method === 'PUT' ? valid : undefined);
        assert.equal(response.statusCode, 401, `${method} ${url}`);
      }
    });

    it('refuses unknown types (404), non-admin changes (403) and bad layouts (400), naming each problem', async () => {
      for (const type of ['widgets', 'contact', 'Contacts']) {
        assert.equal((await t.call('GET', `${base}/${type}`)).statusCode, 404, type);
        assert.equal((await t.call('PUT', `${base}/${type}`, valid)).statusCode, 404, type);
      }
      const asUser = { authorization: `Bearer ${userToken}` };
      assert.equal((await t.call('GET', `${base}/contacts`, undefined, asUser)).statusCode, 200, 'anyone reads');
      const forbidden = await t.call('PUT', `${base}/contacts`, valid, asUser);
      assert.equal(forbidden.statusCode, 403);
      assert.equal(forbidden.json().error.code, 'FORBIDDEN');

      const bad = async (plural: string, body: unknown) => {
        const response = await t.call('PUT', `${base}/${plural}`, body);
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'VALIDATION_FAILED');
        return issues(response);
      };
      assert.deepEqual(await bad('contacts', { sections: [], hidden: [] }), ['sections:min']);
      assert.deepEqual(await bad('contacts', { sections: Array.from({ length: 31 }, (_, i) => ({ id: `s${i}`, title: title('S', 'S'), fields: [] })), hidden: [] }), ['sections:max']);
      assert.deepEqual(await bad('contacts', { sections: [{ id: 'Main Section', title: title('', 'x'.repeat(101)), fields: [] }], hidden: [] }), [
        'sections.0.id:format',
        'sections.0.title.en:minLength',
        'sections.0.title.pt-BR:maxLength',
      ]);
      assert.deepEqual(await bad('contacts', { sections: [{ id: 'main', title: title('a', 'b'), fields: [] }] }), ['hidden:required']);
      assert.deepEqual(await bad('contacts', { ...valid, extra: 1 }), ['extra:unknown']);
      assert.deepEqual(
        await bad('contacts', {
          sections: [
            { id: 'main', title: title('Main', 'Principal'), fields: ['name', 'lastName', 'nope', 'name'] },
            { id: 'main', title: title('Again', 'De novo'), fields: ['id', 'ufCrmMissing'] },
          ],
          hidden: ['lastName', 'post', 'title'],
        }),
        ['sections.0.fields.2:unknown', 'sections.0.fields.3:duplicate', 'sections.1.id:duplicate', 'sections.1.fields.1:unknown', 'hidden.0:duplicate', 'hidden.2:unknown'],
      );
      assert.deepEqual(await bad('companies', { sections: [{ id: 'main', title: title('Main', 'Principal'), fields: [] }], hidden: ['industry', 'title'] }), ['hidden.1:requiredField']);
      assert.deepEqual(await bad('deals', { sections: [{ id: 'main', title: title('Main', 'Principal'), fields: [] }], hidden: ['title'] }), ['hidden.0:requiredField']);
      assert.deepEqual(await bad('contacts', { sections: [{ id: 'main', title: title('Main', 'Principal'), fields: [] }], hidden: ['name', 'secondName', 'lastName'] }), ['hidden:keepOneOf']);

      const ptBr = await t.call('PUT', `${base}/companies`, { sections: [{ id: 'main', title: title('Main', 'Principal'), fields: ['nope'] }], hidden: ['title'] }, { 'accept-language': 'pt-BR' });
      assert.deepEqual(
        ptBr.json().error.details.map((d: { message: string }) => d.message),
        ['sections.0.fields.0 não é um campo deste item', 'hidden.0 é um campo obrigatório: não pode ser ocultado'],
      );
      assert.equal((await layoutOf('companies')).sections[0].id, 'main', 'nothing stored');
      assert.equal((await t.database.db.selectFrom('card_layouts').selectAll().execute()).length, 0);
    });

    it('has a default layout for each type: every writable standard field exactly once, read-only fields unplaced', async () => {
      for (const type of itemTypeList) {
        const layout = await layoutOf(type.plural);
        assert.equal(layout.type, type.plural);
        assert.deepEqual(layout.sections.map((s) => s.id), ['main', 'more', 'custom']);
        assert.deepEqual(layout.hidden, []);
        const names = placed(layout);
        const writable = type.fields.filter((f) => !f.readOnly).map((f) => f.name);
        assert.equal(new Set(names).size, names.length, `${type.plural}: no field twice`);
        assert.deepEqual([...names].sort(), [...writable].sort(), `${type.plural}: every writable field`);
        for (const name of ['id', 'version', 'createdAt', 'updatedAt', 'createdById', 'updatedById']) assert.ok(!names.includes(name), `${type.plural}: ${name} is not placed`);
        assert.deepEqual(section(layout, 'custom').fields, [], 'no custom fields yet');
        const more = section(layout, 'more').fields;
        for (const name of ['address', 'addressCity', 'utmSource', 'utmTerm', 'comments']) {
          if (writable.includes(name)) assert.ok(more.includes(name), `${type.plural}: ${name} is under More`);
        }
        assert.ok(!section(layout, 'main').fields.some((n) => n.startsWith('address') || n.startsWith('utm')));
        // Main fields keep the metadata order.
        const main = section(layout, 'main').fields;
        assert.deepEqual(main, writable.filter((n) => main.includes(n)));
        assert.ok(main.includes('assignedById'));
        // The metadata of every field, standard ones too.
        assert.deepEqual(layout.fields.map((f) => f.name), type.fields.map((f) => f.name));
        assert.ok(layout.fields.every((f) => f.custom === false));
      }
      const contact = await layoutOf('contacts');
      assert.deepEqual(contact.sections.map((s) => s.title), [title('About the contact', 'Sobre o contato'), title('More', 'Mais'), title('Custom fields', 'Campos personalizados')]);
      assert.deepEqual((await layoutOf('companies')).sections[0].title, title('About the company', 'Sobre a empresa'));
      assert.deepEqual((await layoutOf('deals')).sections[0].title, title('About the deal', 'Sobre o negócio'));
      assert.deepEqual((await layoutOf('leads')).sections[0].title, title('About the lead', 'Sobre o lead'));

      const meta = (layout: Layout, name: string) => layout.fields.find((f) => f.name === name)!;
      assert.deepEqual(meta(contact, 'phones'), {
        name: 'phones',
        bitrix: 'PHONE',
        type: 'multifield',
        label: 'Phone',
        labels: title('Phone', 'Telefone'),
        required: false,
        readOnly: false,
        immutable: false,
        multiple: true,
        maxLength: null,
        list: null,
        itemType: null,
        multifieldKind: 'phone',
        custom: false,
        options: null,
        operators: ['eq', 'in', 'contains', 'empty'],
        sortable: false,
        showInList: false,
      });
      assert.equal(meta(contact, 'sourceId').list, 'SOURCE');
      assert.equal(meta(contact, 'companyIds').itemType, 'company');
      assert.equal(meta(contact, 'companyIds').multiple, true);
      assert.equal(meta(contact, 'id').readOnly, true);
      assert.equal(meta(await layoutOf('companies'), 'title').required, true);
      const ptBr = await layoutOf('contacts', 'pt-BR');
      assert.equal(meta(ptBr, 'phones').label, 'Telefone');
      assert.equal(meta(ptBr, 'lastName').label, 'Sobrenome');
      assert.equal(ptBr.sections[0].title['pt-BR'], 'Sobre o contato');
    });

    it('puts a new custom field in the default layout\'s custom section and in fields, marked custom', async () => {
      const created = await t.call('POST', '/api/v1/custom-fields/contacts', { type: 'string', labelEn: 'Project code', labelPt: 'Código do projeto' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().name, 'UF_CRM_PROJECT_CODE');
      assert.equal(created.json().apiName, 'ufCrmProjectCode');
      const layout = await layoutOf('contacts');
      assert.deepEqual(section(layout, 'custom').fields, ['ufCrmProjectCode']);
      assert.equal(placed(layout).filter((n) => n === 'ufCrmProjectCode').length, 1);
      const field = layout.fields.find((f) => f.name === 'ufCrmProjectCode')!;
      assert.equal(field.custom, true);
      assert.equal(field.bitrix, 'UF_CRM_PROJECT_CODE');
      assert.equal(field.type, 'string');
      assert.equal(field.label, 'Project code');
      assert.deepEqual(field.labels, title('Project code', 'Código do projeto'));
      assert.equal((await layoutOf('contacts', 'pt-BR')).fields.find((f) => f.name === 'ufCrmProjectCode')!.label, 'Código do projeto');
      assert.ok(!placed(await layoutOf('companies')).includes('ufCrmProjectCode'), 'other types are untouched');

      const options = await t.call('POST', '/api/v1/custom-fields/contacts', { type: 'enumeration', labelEn: 'Tier', labelPt: 'Nível', options: [{ value: 'Gold' }, { value: 'Silver', isDefault: true }] });
      assert.equal(options.statusCode, 201, options.body);
      const tier = (await layoutOf('contacts')).fields.find((f) => f.bitrix === 'UF_CRM_TIER')!;
      assert.deepEqual(tier.options!.map((o: any) => [o.value, o.isDefault]), [['Gold', false], ['Silver', true]]);
      assert.equal((await t.call('DELETE', '/api/v1/custom-fields/contacts/UF_CRM_TIER')).statusCode, 204);
    });

    it('stores an arranged layout, follows custom fields created and deleted afterwards', async () => {
      const writable = itemTypes.contact.fields.filter((f) => !f.readOnly).map((f) => f.name);
      const first = ['lastName', 'name', 'ufCrmProjectCode', 'phones', 'createdAt'];
      const body = {
        sections: [
          { id: 'essentials', title: title('Essentials', 'Essencial'), fields: first },
          { id: 'details', title: title('Details', 'Detalhes'), fields: writable.filter((n) => !first.includes(n) && n !== 'post').reverse() },
        ],
        hidden: ['post'],
      };
      const saved = await t.call('PUT', `${base}/contacts`, body);
      assert.equal(saved.statusCode, 200, saved.body);
      assert.deepEqual({ sections: saved.json().sections, hidden: saved.json().hidden }, body, 'a read-only field may be placed');
      assert.equal(saved.json().type, 'contacts');
      assert.equal(saved.json().fields.length, itemTypes.contact.fields.length + 1);
      const read = await layoutOf('contacts');
      assert.deepEqual({ sections: read.sections, hidden: read.hidden }, body);
      assert.deepEqual(section(await layoutOf('contacts', 'pt-BR'), 'essentials').title, title('Essentials', 'Essencial'));

      const later = await t.call('POST', '/api/v1/custom-fields/contacts', { type: 'integer', labelEn: 'Budget center', labelPt: 'Centro de custo' });
      assert.equal(later.statusCode, 201, later.body);
      const withNew = await layoutOf('contacts');
      assert.deepEqual(withNew.sections[0], body.sections[0]);
      assert.deepEqual(withNew.sections[1].fields, [...body.sections[1].fields, 'ufCrmBudgetCenter'], 'appended to the last section');
      assert.deepEqual(withNew.hidden, ['post']);

      const deleted = await t.call('DELETE', '/api/v1/custom-fields/contacts/UF_CRM_PROJECT_CODE');
      assert.equal(deleted.statusCode, 204, deleted.body);
      const without = await layoutOf('contacts');
      assert.deepEqual(without.sections[0].fields, ['lastName', 'name', 'phones', 'createdAt'], 'the deleted field is gone');
      assert.ok(!without.fields.some((f) => f.name === 'ufCrmProjectCode'));
      assert.ok(!placed(without).includes('ufCrmProjectCode') && !without.hidden.includes('ufCrmProjectCode'));
      assert.ok(without.sections[1].fields.includes('ufCrmBudgetCenter'));

      // A field deleted and the layout saved again: a name that is no longer a field is refused.
      const stale = await t.call('PUT', `${base}/contacts`, { ...body });
      assert.equal(stale.statusCode, 400);
      assert.deepEqual(issues(stale), ['sections.0.fields.2:unknown']);
      assert.equal((await layoutOf('companies')).sections[0].id, 'main', 'other types keep their default');
    });

    it('appends every field a layout leaves out to its last section; custom fields can be hidden', async () => {
      const saved = await t.call('PUT', `${base}/contacts`, {
        sections: [
          { id: 'top', title: title('Top', 'Topo'), fields: ['name'] },
          { id: 'rest', title: title('Everything else', 'Todo o resto'), fields: [] },
        ],
        hidden: ['ufCrmBudgetCenter', 'secondName'],
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const layout: Layout = saved.json();
      assert.deepEqual(layout.sections[0].fields, ['name']);
      assert.deepEqual(layout.hidden, ['ufCrmBudgetCenter', 'secondName']);
      const writable = itemTypes.contact.fields.filter((f) => !f.readOnly).map((f) => f.name);
      assert.deepEqual(layout.sections[1].fields, writable.filter((n) => n !== 'name' && n !== 'secondName'), 'in metadata order');
      assert.deepEqual(await layoutOf('contacts'), layout);

      // A custom field that becomes required leaves the hidden list.
      assert.equal((await t.call('PATCH', '/api/v1/custom-fields/contacts/UF_CRM_BUDGET_CENTER', { required: true })).statusCode, 200);
      const required = await layoutOf('contacts');
      assert.deepEqual(required.hidden, ['secondName']);
      assert.equal(required.sections[1].fields.at(-1), 'ufCrmBudgetCenter');
    });
  });
}
