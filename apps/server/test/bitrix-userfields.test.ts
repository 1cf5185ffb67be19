import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** The user-field methods of the Bitrix24-compatible API (crm.X.userfield.*, crm.userfield.*), driven by the official SDK. */

type Answer = { status: number; body: any };

for (const dialect of testDialects()) {
  describe(`Bitrix24 user fields [${dialect}]`, () => {
    let t: TestApp;
    let admin: BitrixClient;
    let seller: BitrixClient;
    /** A call through the SDK; its `result`. */
    const call = async (method: string, params: Record<string, unknown> = {}, on: BitrixClient = admin): Promise<any> => {
      const answer = await on.b24.actions.v2.call.make({ method, params });
      assert.equal(answer.isSuccess, true, `${method}: ${answer.getErrorMessages().join('; ')}`);
      return (answer.getData() as { result: unknown }).result;
    };
    /** A raw JSON call, for statuses, error envelopes and `total`. */
    const post = (method: string, params: Record<string, unknown> = {}, on: BitrixClient = admin): Promise<Answer> =>
      on.raw(method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
    const refused = (answer: Answer) => [answer.status, answer.body.error, answer.body.error_description];

    before(async () => {
      t = await createTestApp(dialect);
      admin = await bitrixClient(t);
      const user = await t.addUser('Vendedora');
      seller = await bitrixClient(t, { token: user.token });
    });
    after(() => t.close());

    it('refuses first: a non-administrator, a missing or bad FIELD_NAME, an unknown type, a missing id', async () => {
      const string = { FIELD_NAME: 'NOTE', USER_TYPE_ID: 'string', LABEL: 'Note' };
      assert.deepEqual(refused(await post('crm.deal.userfield.add', { fields: string }, seller)), [403, 'ACCESS_DENIED', 'Access denied.']);
      assert.deepEqual(refused(await post('crm.deal.userfield.add', { fields: { USER_TYPE_ID: 'string' } })), [400, 'INVALID_ARG_VALUE', "The 'FIELD_NAME' field is not found."]);
      assert.deepEqual(refused(await post('crm.deal.userfield.add', { fields: { FIELD_NAME: 'X' } })), [400, 'INVALID_ARG_VALUE', "The 'USER_TYPE_ID' field is not found."]);
      for (const type of ['iblock_element', 'crm_status', 'resourcebooking', 'STRINGS']) {
        assert.deepEqual(refused(await post('crm.deal.userfield.add', { fields: { ...string, USER_TYPE_ID: type } })), [400, 'ERROR_CORE', 'Invalid custom type specified.'], type);
      }
      const tooLong = await post('crm.deal.userfield.add', { fields: { ...string, FIELD_NAME: 'A'.repeat(44) } });
      assert.deepEqual(refused(tooLong), [400, 'ERROR_CORE', 'Field name is too long (more than 50 characters).']);
      const badName = await post('crm.deal.userfield.add', { fields: { ...string, FIELD_NAME: 'NOTA-FISCAL' } });
      assert.deepEqual(refused(badName), [400, 'ERROR_CORE', 'Field name contains invalid characters. Allowed characters are: A-Z, 0-9, and _.']);
      assert.equal((await post('crm.deal.userfield.add', { fields: { ...string, FIELD_NAME: 'CONCEIÇÃO' } })).body.error, 'ERROR_CORE');
      const multipleFlag = await post('crm.contact.userfield.add', { fields: { FIELD_NAME: 'VIP', USER_TYPE_ID: 'boolean', MULTIPLE: 'Y' } });
      assert.equal(multipleFlag.status, 400);
      assert.match(multipleFlag.body.error_description, /^MULTIPLE /);
      assert.deepEqual(refused(await post('crm.deal.userfield.get', {})), [400, 'INVALID_ARG_VALUE', 'ID is not defined or invalid.']);
      assert.deepEqual(refused(await post('crm.deal.userfield.get', { id: 987654 })), [400, 'NOT_FOUND', "The entity with ID '987654' is not found."]);
      assert.equal((await post('crm.userfield.settings.fields', {})).body.error_description, "Parameter 'type' is not specified or empty.");
      assert.equal((await post('crm.userfield.settings.fields', { type: 'iblock_section' })).body.error, 'ERROR_CORE');
      const fields = await call('crm.deal.userfield.list');
      assert.equal(fields.length, 0, 'nothing was created by the refused calls');
    });

    it('adds a string field whose name and value round-trip through crm.deal.*, the native API and the field list', async () => {
      const id = await call('crm.deal.userfield.add', {
        fields: {
          FIELD_NAME: 'manager_note',
          USER_TYPE_ID: 'string',
          LABEL: 'Manager note',
          EDIT_FORM_LABEL: { en: 'Manager note', br: 'Nota do gerente', de: 'Notiz' },
          MANDATORY: 'N',
          SORT: 300,
          SETTINGS: { DEFAULT_VALUE: 'none yet', MAX_LENGTH: 120 },
          XML_ID: 'ignored',
        },
      });
      assert.equal(typeof id, 'number');
      const field = await call('crm.deal.userfield.get', { id });
      assert.deepEqual(
        [field.ID, field.ENTITY_ID, field.FIELD_NAME, field.USER_TYPE_ID, field.SORT, field.MULTIPLE, field.MANDATORY, field.XML_ID],
        [String(id), 'CRM_DEAL', 'UF_CRM_MANAGER_NOTE', 'string', '300', 'N', 'N', null],
      );
      assert.deepEqual(field.EDIT_FORM_LABEL, { en: 'Manager note', br: 'Nota do gerente' });
      assert.deepEqual(field.LIST_COLUMN_LABEL, field.EDIT_FORM_LABEL);
      assert.deepEqual(field.SETTINGS, { ROWS: 1, MAX_LENGTH: 120, DEFAULT_VALUE: 'none yet' });
      assert.ok(!('LIST' in field));

      const native = await t.call('GET', '/api/v1/custom-fields/deals/UF_CRM_MANAGER_NOTE');
      assert.equal(native.statusCode, 200);
      assert.deepEqual([native.json().apiName, native.json().labelPt, native.json().settings.maxLength], ['ufCrmManagerNote', 'Nota do gerente', 120]);

      const described = (await call('crm.deal.fields')).UF_CRM_MANAGER_NOTE;
      assert.deepEqual([described.type, described.isDynamic, described.title], ['string', true, 'Manager note']);
      const dealId = await call('crm.deal.add', { fields: { TITLE: 'Com nota', UF_CRM_MANAGER_NOTE: 'Ligar na segunda' } });
      assert.equal((await call('crm.deal.get', { id: dealId })).UF_CRM_MANAGER_NOTE, 'Ligar na segunda');
      const defaulted = await call('crm.deal.add', { fields: { TITLE: 'Sem nota' } });
      assert.equal((await call('crm.deal.get', { id: defaulted })).UF_CRM_MANAGER_NOTE, 'none yet', 'SETTINGS.DEFAULT_VALUE applies');
      const [listed] = await call('crm.deal.list', { filter: { UF_CRM_MANAGER_NOTE: 'Ligar na segunda' }, select: ['ID', 'UF_*'] });
      assert.deepEqual(listed, { ID: String(dealId), UF_CRM_MANAGER_NOTE: 'Ligar na segunda' });
      const tooLong = await post('crm.deal.update', { id: dealId, fields: { UF_CRM_MANAGER_NOTE: 'x'.repeat(121) } });
      assert.equal(tooLong.status, 400, 'MAX_LENGTH became the field\'s maximum');

      // Names: lower case is upper-cased, UF_ becomes UF_CRM_, UF_CRM_ stays; a name taken is refused by name.
      const second = await call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'UF_REGION', USER_TYPE_ID: 'string' } });
      assert.equal((await call('crm.deal.userfield.get', { id: second })).FIELD_NAME, 'UF_CRM_REGION');
      assert.deepEqual((await call('crm.deal.userfield.get', { id: second })).EDIT_FORM_LABEL, { en: 'UF_CRM_REGION', br: 'UF_CRM_REGION' }, 'no label: the name');
      const third = await call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'UF_CRM_' + 'B'.repeat(43), USER_TYPE_ID: 'integer', LABEL: 'Longest' } });
      assert.equal((await call('crm.deal.userfield.get', { id: third })).FIELD_NAME.length, 50);
      const taken = await post('crm.deal.userfield.add', { fields: { FIELD_NAME: 'UF_CRM_MANAGER_NOTE', USER_TYPE_ID: 'string' } });
      assert.equal(taken.status, 400);
      assert.match(taken.body.error_description, /^FIELD_NAME /);
      assert.equal((await post('crm.contact.userfield.add', { fields: { FIELD_NAME: 'MANAGER_NOTE', USER_TYPE_ID: 'string' } })).status, 200, 'another type may reuse the name');
    });

    it('enumeration fields: LIST on add, elements renamed, added, made default and deleted by update; values are element ids', async () => {
      const id = await call('crm.contact.userfield.add', {
        fields: {
          FIELD_NAME: 'SEGMENT',
          USER_TYPE_ID: 'enumeration',
          LABEL: { en: 'Segment', br: 'Segmento' },
          LIST: [
            { VALUE: 'Retail', SORT: 10, DEF: 'Y' },
            { VALUE: 'Industry', SORT: 20, DEF: 'Y' },
            { VALUE: '', SORT: 25 },
            { VALUE: 'Services', SORT: 30, XML_ID: 'SRV' },
          ],
        },
      });
      const field = await call('crm.contact.userfield.get', { id });
      assert.equal(field.USER_TYPE_ID, 'enumeration');
      assert.deepEqual(field.SETTINGS, []);
      assert.deepEqual(
        field.LIST.map((e: any) => [e.VALUE, e.SORT, e.DEF]),
        [
          ['Retail', '10', 'Y'],
          ['Industry', '20', 'N'],
          ['Services', '30', 'N'],
        ],
        'an empty VALUE is skipped; a single field keeps the first DEF',
      );
      const [retail, industry, services] = field.LIST.map((e: any) => e.ID as string);
      assert.ok(field.LIST.every((e: any) => typeof e.ID === 'string' && e.XML_ID === null));

      const contactId = await call('crm.contact.add', { fields: { NAME: 'Ana', UF_CRM_SEGMENT: industry } });
      assert.equal((await call('crm.contact.get', { id: contactId })).UF_CRM_SEGMENT, industry);
      assert.equal((await call('crm.contact.get', { id: await call('crm.contact.add', { fields: { NAME: 'Bia' } }) })).UF_CRM_SEGMENT, retail, 'DEF is the default');
      assert.deepEqual((await call('crm.contact.fields')).UF_CRM_SEGMENT.items.map((e: any) => e.VALUE), ['Retail', 'Industry', 'Services']);

      assert.equal(
        await call('crm.contact.userfield.update', {
          id,
          fields: {
            LIST: [
              { ID: industry, VALUE: 'Manufacturing' },
              { ID: services, DEL: 'Y' },
              { VALUE: 'Agro', SORT: 5, DEF: 'Y' },
            ],
          },
        }),
        true,
      );
      const changed = await call('crm.contact.userfield.get', { id });
      assert.deepEqual(
        changed.LIST.map((e: any) => [e.VALUE, e.DEF]),
        [
          ['Agro', 'Y'],
          ['Retail', 'N'],
          ['Manufacturing', 'N'],
        ],
        'renamed by ID, deleted with DEL=Y, added without ID; the new default replaces the old one',
      );
      assert.equal((await call('crm.contact.get', { id: contactId })).UF_CRM_SEGMENT, industry, 'a renamed element keeps its id');

      // An element items still hold is not deleted (Bitrix24 would leave them pointing at nothing).
      const inUse = await post('crm.contact.userfield.update', { id, fields: { LIST: [{ ID: industry, DEL: 'Y' }] } });
      assert.deepEqual([inUse.status, inUse.body.error], [400, 'INVALID_ARG_VALUE']);
      assert.equal(inUse.body.error_description, "The list element 'Manufacturing' is held by 1 item(s): give them another value before deleting it.");
      const unknown = await post('crm.contact.userfield.update', { id, fields: { LIST: [{ ID: 999999, VALUE: 'x' }] } });
      assert.equal(unknown.body.error_description, "The list element with ID '999999' is not found.");
      // One transaction: a refusal part-way leaves the field as it was.
      const partly = await post('crm.contact.userfield.update', { id, fields: { LABEL: 'Changed', LIST: [{ VALUE: 'Mining' }, { ID: 999999, VALUE: 'x' }] } });
      assert.equal(partly.status, 400);
      const unchanged = await call('crm.contact.userfield.get', { id });
      assert.deepEqual([unchanged.EDIT_FORM_LABEL.en, unchanged.LIST.length], ['Segment', 3]);

      const multiple = await call('crm.deal.userfield.add', {
        fields: { FIELD_NAME: 'CHANNELS', USER_TYPE_ID: 'enumeration', MULTIPLE: 'Y', LIST: [{ VALUE: 'Web', DEF: 'Y' }, { VALUE: 'Phone', DEF: 'Y' }, { VALUE: 'Fair' }] },
      });
      const channels = (await call('crm.deal.userfield.get', { id: multiple })).LIST;
      assert.deepEqual(channels.map((e: any) => e.DEF), ['Y', 'Y', 'N'], 'a multiple field keeps every DEF');
      const dealId = await call('crm.deal.add', { fields: { TITLE: 'Canais', UF_CRM_CHANNELS: [channels[0].ID, channels[2].ID] } });
      assert.deepEqual((await call('crm.deal.get', { id: dealId })).UF_CRM_CHANNELS, [channels[0].ID, channels[2].ID]);
    });

    it('money, boolean, date and crm fields keep their Bitrix24 value shapes and settings', async () => {
      const budget = await call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'BUDGET', USER_TYPE_ID: 'money', LABEL: 'Budget', SETTINGS: { DEFAULT_VALUE: '100|BRL' } } });
      assert.deepEqual((await call('crm.deal.userfield.get', { id: budget })).SETTINGS, { DEFAULT_VALUE: '100|BRL' });
      const vip = await call('crm.contact.userfield.add', { fields: { FIELD_NAME: 'VIP', USER_TYPE_ID: 'boolean', LABEL: 'VIP', SETTINGS: { DEFAULT_VALUE: 1 } } });
      const vipField = await call('crm.contact.userfield.get', { id: vip });
      assert.deepEqual([vipField.USER_TYPE_ID, vipField.SETTINGS], ['boolean', { DEFAULT_VALUE: 1 }]);
      const since = await call('crm.contact.userfield.add', { fields: { FIELD_NAME: 'SINCE', USER_TYPE_ID: 'date', SETTINGS: { DEFAULT_VALUE: { VALUE: '01.02.2026', TYPE: 'FIXED' } } } });
      assert.deepEqual((await call('crm.contact.userfield.get', { id: since })).SETTINGS, { DEFAULT_VALUE: { VALUE: '2026-02-01', TYPE: 'FIXED' } });
      const now = await post('crm.contact.userfield.add', { fields: { FIELD_NAME: 'SEEN', USER_TYPE_ID: 'datetime', SETTINGS: { DEFAULT_VALUE: { TYPE: 'NOW' } } } });
      assert.equal(now.status, 400);
      const partner = await call('crm.deal.userfield.add', { fields: { FIELD_NAME: 'PARTNER', USER_TYPE_ID: 'crm', MULTIPLE: 'Y', SETTINGS: { COMPANY: 'Y' } } });
      const partnerField = await call('crm.deal.userfield.get', { id: partner });
      assert.deepEqual([partnerField.USER_TYPE_ID, partnerField.MULTIPLE, partnerField.SETTINGS], ['crm', 'Y', { LEAD: 'N', CONTACT: 'N', COMPANY: 'Y', DEAL: 'N' }]);
      const twoTypes = await post('crm.deal.userfield.add', { fields: { FIELD_NAME: 'PARTY', USER_TYPE_ID: 'crm', SETTINGS: { COMPANY: 'Y', CONTACT: 'Y' } } });
      assert.equal(twoTypes.status, 400);
      const badDefault = await post('crm.deal.userfield.add', { fields: { FIELD_NAME: 'SEATS', USER_TYPE_ID: 'integer', SETTINGS: { DEFAULT_VALUE: 'many' } } });
      assert.equal(badDefault.status, 400);
      assert.match(badDefault.body.error_description, /^SETTINGS\.DEFAULT_VALUE /);

      const companyId = await call('crm.company.add', { fields: { TITLE: 'Parceira' } });
      const dealId = await call('crm.deal.add', { fields: { TITLE: 'Orçado', UF_CRM_BUDGET: '300.50|EUR', UF_CRM_PARTNER: [companyId] } });
      const deal = await call('crm.deal.get', { id: dealId });
      assert.deepEqual([deal.UF_CRM_BUDGET, deal.UF_CRM_PARTNER], ['300.50|EUR', [String(companyId)]]);
      assert.equal((await call('crm.deal.get', { id: await call('crm.deal.add', { fields: { TITLE: 'Padrão' } }) })).UF_CRM_BUDGET, '100.00|BRL');
      const contactId = await call('crm.contact.add', { fields: { NAME: 'Caio', UF_CRM_VIP: 'N' } });
      const contact = await call('crm.contact.get', { id: contactId });
      assert.deepEqual([contact.UF_CRM_VIP, contact.UF_CRM_SINCE], ['N', '2026-02-01T00:00:00+00:00']);
      assert.equal((await call('crm.contact.get', { id: await call('crm.contact.add', { fields: { NAME: 'Duda' } }) })).UF_CRM_VIP, 'Y', 'DEFAULT_VALUE 1');
    });

    it('updates labels, flags and settings; lists with filter, LANG and order; deletes with the values', async () => {
      const id = await call('crm.company.userfield.add', { fields: { FIELD_NAME: 'TAX_ID', USER_TYPE_ID: 'string', LABEL: { en: 'Tax id', br: 'CNPJ' }, SORT: 50 } });
      await call('crm.company.userfield.add', { fields: { FIELD_NAME: 'WEBSITE_2', USER_TYPE_ID: 'url', LABEL: 'Second site', SORT: 10 } });
      await call('crm.company.userfield.add', { fields: { FIELD_NAME: 'HISTORY', USER_TYPE_ID: 'string', LABEL: 'History', SETTINGS: { ROWS: 4 } } });

      assert.equal(await call('crm.company.userfield.update', { id, fields: { EDIT_FORM_LABEL: { br: 'CNPJ da empresa' }, MANDATORY: 'Y', SHOW_FILTER: 'N', SORT: '70', SETTINGS: { DEFAULT_VALUE: '' } } }), true);
      const updated = await call('crm.company.userfield.get', { id });
      assert.deepEqual(updated.EDIT_FORM_LABEL, { en: 'Tax id', br: 'CNPJ da empresa' }, 'a language not named keeps its label');
      assert.deepEqual([updated.MANDATORY, updated.SHOW_FILTER, updated.SORT], ['Y', 'Y', '70'], 'SHOW_FILTER=N does not stop API lists filtering');
      await call('crm.company.userfield.update', { id, fields: { LABEL: 'Tax number', MANDATORY: 'N' } });
      assert.deepEqual((await call('crm.company.userfield.get', { id })).LIST_FILTER_LABEL, { en: 'Tax number', br: 'Tax number' });
      const audit = await t.call('GET', '/api/v1/audit?kind=settings.customField.updated');
      assert.equal(audit.statusCode, 200);
      assert.ok(audit.json().items.some((entry: any) => entry.target?.id === 'company.UF_CRM_TAX_ID'), 'the change is audited as a native one');

      const listed = await post('crm.company.userfield.list', { order: { SORT: 'ASC' } });
      assert.equal(listed.status, 200);
      assert.deepEqual(
        listed.body.result.map((f: any) => [f.FIELD_NAME, f.SORT]),
        [
          ['UF_CRM_WEBSITE_2', '10'],
          ['UF_CRM_TAX_ID', '70'],
          ['UF_CRM_HISTORY', '100'],
        ],
      );
      assert.equal(listed.body.total, 3);
      const history = listed.body.result[2];
      assert.deepEqual([history.USER_TYPE_ID, history.SETTINGS.ROWS, history.EDIT_FORM_LABEL, history.ERROR_MESSAGE], ['string', 5, 'History', null]);
      const inPortuguese = await call('crm.company.userfield.list', { filter: { USER_TYPE_ID: 'string', LANG: 'br' }, order: { ID: 'DESC' } });
      assert.deepEqual(
        inPortuguese.map((f: any) => [f.FIELD_NAME, f.LIST_COLUMN_LABEL]),
        [
          ['UF_CRM_HISTORY', 'History'],
          ['UF_CRM_TAX_ID', 'Tax number'],
        ],
      );
      assert.deepEqual((await call('crm.company.userfield.list', { filter: { MANDATORY: 'Y' } })).length, 0);

      // A field of another type is not this type's to read or change.
      const contactField = (await call('crm.contact.userfield.list'))[0];
      assert.deepEqual(refused(await post('crm.company.userfield.get', { id: contactField.ID })), [403, 'ACCESS_DENIED', 'Access denied.']);
      assert.deepEqual(refused(await post('crm.company.userfield.delete', { id: contactField.ID })), [403, 'ACCESS_DENIED', 'Access denied.']);

      // Everyone reads fields; only administrators change them.
      assert.equal((await call('crm.company.userfield.get', { id }, seller)).FIELD_NAME, 'UF_CRM_TAX_ID');
      assert.deepEqual(refused(await post('crm.company.userfield.update', { id, fields: { LABEL: 'x' } }, seller)), [403, 'ACCESS_DENIED', 'Access denied.']);
      assert.deepEqual(refused(await post('crm.company.userfield.delete', { id }, seller)), [403, 'ACCESS_DENIED', 'Access denied.']);

      const companyId = await call('crm.company.add', { fields: { TITLE: 'Com CNPJ', UF_CRM_TAX_ID: '12.345.678/0001-90' } });
      assert.deepEqual((await call('crm.company.list', { filter: { UF_CRM_TAX_ID: '12.345.678/0001-90' }, select: ['ID'] })).map((c: any) => c.ID), [String(companyId)]);
      assert.equal(await call('crm.company.userfield.delete', { id }), true);
      assert.deepEqual(refused(await post('crm.company.userfield.get', { id })), [400, 'NOT_FOUND', `The entity with ID '${id}' is not found.`]);
      assert.ok(!('UF_CRM_TAX_ID' in (await call('crm.company.fields'))));
      assert.ok(!('UF_CRM_TAX_ID' in (await call('crm.company.get', { id: companyId }))));
    });

    it('a field added in a batch is usable by the next commands of the same batch', async () => {
      const answer = await post('batch', {
        halt: 1,
        cmd: {
          field: 'crm.lead.userfield.add?fields[FIELD_NAME]=CAMPAIGN&fields[USER_TYPE_ID]=string&fields[LABEL]=Campaign',
          lead: 'crm.lead.add?fields[TITLE]=Pela API&fields[UF_CRM_CAMPAIGN]=Black Friday',
          read: 'crm.lead.get?id=$result[lead]',
          about: 'crm.lead.userfield.get?id=$result[field]',
        },
      });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.result.result_error, []);
      assert.equal(answer.body.result.result.read.UF_CRM_CAMPAIGN, 'Black Friday');
      assert.equal(answer.body.result.result.about.FIELD_NAME, 'UF_CRM_CAMPAIGN');
    });

    it('describes the user fields: types, fields, settings per type, enumeration elements', async () => {
      const types = (await call('crm.userfield.types')) as Array<{ ID: string; title: string }>;
      assert.deepEqual(
        types.map((type) => type.ID),
        ['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'money', 'url', 'address', 'enumeration', 'file', 'employee', 'crm'],
      );
      assert.equal(types.find((type) => type.ID === 'enumeration')!.title, 'List');
      const fields = await call('crm.userfield.fields');
      assert.deepEqual([fields.FIELD_NAME.type, fields.FIELD_NAME.isImmutable, fields.LIST.isMultiple, fields.ID.isReadOnly], ['string', true, true, true]);
      assert.deepEqual(Object.keys(await call('crm.userfield.settings.fields', { type: 'string' })), ['DEFAULT_VALUE', 'ROWS', 'MAX_LENGTH']);
      assert.deepEqual(Object.keys(await call('crm.userfield.settings.fields', { type: 'crm' })), ['LEAD', 'CONTACT', 'COMPANY', 'DEAL']);
      assert.deepEqual(await call('crm.userfield.settings.fields', { type: 'employee' }), []);
      assert.deepEqual(Object.keys(await call('crm.userfield.enumeration.fields')), ['ID', 'SORT', 'VALUE', 'DEF', 'DEL', 'XML_ID']);
    });
  });
}
