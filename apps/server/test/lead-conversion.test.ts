import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { itemTypes, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import { createUser } from '../src/modules/auth/auth.service.ts';
import { carryOver } from '../src/modules/conversion/lead-mapping.ts';
import { companyBody, contactBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const issueFor = (response: { json(): any }, field: string) => response.json().error.details.find((d: { field: string }) => d.field === field);
const entries = (values: Array<{ value: string; valueType: string }>) => values.map((e) => [e.value, e.valueType]);

/** A lead with every field a conversion carries filled in. */
const fullLead = (assignedById: number) => ({
  title: 'Pedido de orçamento: fornos para a padaria',
  honorific: 'HNR_PT_2',
  name: 'Ana',
  secondName: 'Beatriz',
  lastName: 'Costa',
  birthdate: '1985-04-12',
  post: 'Diretora de compras',
  companyTitle: 'Padaria Pão Quente Ltda',
  statusDescription: 'Ligou duas vezes',
  phones: [
    { value: '+55 11 98765-4321', valueType: 'MOBILE' },
    { value: '(11) 3456-7890', valueType: 'WORK' },
  ],
  emails: [{ value: 'ana@paoquente.com.br', valueType: 'WORK' }],
  websites: [{ value: 'https://paoquente.com.br', valueType: 'WORK' }],
  messengers: [{ value: '@anacosta', valueType: 'TELEGRAM' }],
  sourceId: 'WEB',
  sourceDescription: 'Formulário do site',
  address: 'Rua das Flores, 123',
  address2: 'Sala 4',
  addressCity: 'São Paulo',
  addressPostalCode: '01234-567',
  addressRegion: 'Sudeste',
  addressProvince: 'SP',
  addressCountry: 'Brasil',
  addressCountryCode: 'BR',
  utmSource: 'google',
  utmMedium: 'cpc',
  utmCampaign: 'padarias',
  utmContent: 'banner',
  utmTerm: 'forno',
  comments: 'Quer orçamento de dois fornos',
  assignedById,
  opened: false,
  opportunity: '12500.50',
  currencyId: 'USD',
});

const addressFields = ['address', 'address2', 'addressCity', 'addressPostalCode', 'addressRegion', 'addressProvince', 'addressCountry', 'addressCountryCode'];
const utmFields = ['utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'];
const multifields = ['phones', 'emails', 'websites', 'messengers'];

for (const dialect of testDialects()) {
  describe(`lead conversion [${dialect}]`, () => {
    let t: TestApp;
    let sellerId: number;
    before(async () => {
      t = await createTestApp(dialect);
      sellerId = await createUser(t.database.db, { email: 'seller@example.com', password: 'correct horse battery', name: 'Seller' }, new Date());
    });
    after(() => t.close());
    const raw = () => t.database.db as unknown as Kysely<any>;
    const count = async (table: string) => Number((await raw().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const counts = async () => ({
      contacts: await count('contacts'),
      companies: await count('companies'),
      deals: await count('deals'),
      links: (await count('contact_companies')) + (await count('deal_contacts')),
      multifields: await count('multifields'),
      events: await count('events'),
      stages: await count('stage_history'),
    });
    const newLead = async (body: Record<string, unknown> = leadBody()) => {
      const response = await t.call('POST', '/api/v1/leads', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const convert = (id: number, body: unknown, headers?: Record<string, string>) => t.call('POST', `/api/v1/leads/${id}/convert`, body, headers);
    const get = async (plural: string, id: number) => (await t.call('GET', `/api/v1/${plural}/${id}`)).json();
    const history = async (plural: string, id: number) => (await t.call('GET', `/api/v1/${plural}/${id}/history`)).json().items;

    it('refuses a request without credentials (401)', async () => {
      const lead = await newLead();
      const response = await t.anonymous('POST', `/api/v1/leads/${lead.id}/convert`, { deal: {} });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'UNAUTHENTICATED');
      assert.equal((await get('leads', lead.id)).statusId, 'NEW');
    });

    it('answers 404 for an unknown or binned lead and 400 for a malformed id', async () => {
      assert.equal((await convert(987654, { deal: {} })).statusCode, 404);
      const binned = await newLead();
      await t.call('DELETE', `/api/v1/leads/${binned.id}`);
      assert.equal((await convert(binned.id, { deal: {} })).statusCode, 404);
      assert.equal((await convert(0, { deal: {} })).statusCode, 400);
    });

    it('refuses a request without any target, or with unknown keys (400)', async () => {
      const lead = await newLead();
      const empty = await convert(lead.id, {});
      assert.equal(empty.statusCode, 400);
      assert.equal(issueFor(empty, 'contact').rule, 'requireOneOf');
      assert.match(issueFor(empty, 'contact').message, /contact, company, deal/);
      const unknown = await convert(lead.id, { deal: {}, invoice: {} });
      assert.equal(unknown.statusCode, 400);
      assert.equal(issueFor(unknown, 'invoice').rule, 'unknown');
      const nested = await convert(lead.id, { deal: { id: 3 } });
      assert.equal(issueFor(nested, 'deal.id').rule, 'unknown', 'a deal is always created, never linked');
    });

    it('refuses an existing contact or company that is not there (400 contact.id) and writes nothing', async () => {
      const lead = await newLead();
      const binned = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      await t.call('DELETE', `/api/v1/companies/${binned.id}`);
      const before = await counts();
      const contact = await convert(lead.id, { contact: { id: 987654 }, deal: {} });
      assert.equal(contact.statusCode, 400);
      assert.deepEqual([issueFor(contact, 'contact.id').rule, contact.json().error.code], ['exists', 'VALIDATION_FAILED']);
      const company = await convert(lead.id, { contact: {}, company: { id: binned.id } });
      assert.equal(company.statusCode, 400);
      assert.equal(issueFor(company, 'company.id').rule, 'exists', 'a binned company cannot be linked');
      assert.deepEqual(await counts(), before);
      assert.equal((await get('leads', lead.id)).version, lead.version);
    });

    it('refuses a bad override naming its path in the request, and writes nothing at all', async () => {
      const lead = await newLead(leadBody({ companyTitle: 'Acme Ltda', phones: [{ value: '+55 11 91234-5678', valueType: 'MOBILE' }] }));
      const before = await counts();
      const probability = await convert(lead.id, { contact: {}, company: {}, deal: { values: { probability: 150 } } });
      assert.equal(probability.statusCode, 400, probability.body);
      assert.equal(issueFor(probability, 'deal.values.probability').rule, 'max');
      assert.equal(issueFor(probability, 'deal.values.probability').message, 'Probability, % is greater than 100', 'the message names the field as the user knows it');

      // Checked by the engine after the contact and company were written: the transaction takes them back.
      const stage = await convert(lead.id, { contact: {}, company: {}, deal: { values: { stageId: 'NOPE' } } });
      assert.equal(stage.statusCode, 400, stage.body);
      assert.equal(issueFor(stage, 'deal.values.stageId').rule, 'reference');
      const unknownField = await convert(lead.id, { contact: { values: { leadId: 1, shoeSize: 42 } } });
      assert.deepEqual([issueFor(unknownField, 'contact.values.leadId').rule, issueFor(unknownField, 'contact.values.shoeSize').rule], ['unknown', 'unknown']);
      const noTitle = await convert(lead.id, { company: { values: { title: '' } } });
      assert.equal(issueFor(noTitle, 'company.values.title').rule, 'required');

      assert.deepEqual(await counts(), before, 'no contact, company, deal, link, phone, event or stage history row');
      const unchanged = await get('leads', lead.id);
      assert.deepEqual([unchanged.version, unchanged.statusId, unchanged.contactId, unchanged.companyId], [lead.version, 'NEW', null, null]);
      const orphans = await raw().selectFrom('contacts').select('id').where('lead_id', '=', lead.id).execute();
      assert.equal(orphans.length, 0);
    });

    it('refuses a stale version (409 VERSION_CONFLICT) and converts nothing', async () => {
      const lead = await newLead();
      await t.call('PATCH', `/api/v1/leads/${lead.id}`, { comments: 'edited meanwhile' });
      const before = await counts();
      const stale = await convert(lead.id, { contact: {}, deal: {}, version: lead.version });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      assert.equal(stale.json().error.details.currentVersion, lead.version + 1);
      assert.deepEqual(await counts(), before);
      assert.equal((await convert(lead.id, { deal: {}, version: lead.version + 1 })).statusCode, 200);
    });

    it('refuses to convert a lead twice, or a junk lead (409 leadClosed, translated)', async () => {
      const lead = await newLead();
      assert.equal((await convert(lead.id, { contact: {} })).statusCode, 200);
      const junk = await newLead();
      await t.call('PATCH', `/api/v1/leads/${junk.id}`, { statusId: 'JUNK' });
      const before = await counts();
      const again = await convert(lead.id, { contact: {}, deal: {} });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'CONFLICT');
      assert.deepEqual(again.json().error.details, { reason: 'leadClosed' });
      assert.match(again.json().error.message, /cannot be converted/);

      const refused = await convert(junk.id, { deal: {} }, { 'accept-language': 'pt-BR' });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.details.reason, 'leadClosed');
      assert.match(refused.json().error.message, /não pode ser convertido/);
      assert.deepEqual(await counts(), before);
      assert.equal((await get('leads', junk.id)).statusId, 'JUNK');
    });

    it('converts a lead into a contact, a company and a deal, carrying every field over and linking them all', async () => {
      const lead = await newLead(fullLead(sellerId));
      const response = await convert(lead.id, { contact: {}, company: {}, deal: {}, version: lead.version });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, company, deal, lead: converted } = response.json();

      // The contact: the person, source, address, UTM, every multi-value field, the responsible and the comments.
      for (const name of ['honorific', 'name', 'secondName', 'lastName', 'birthdate', 'post', 'sourceId', 'sourceDescription', ...addressFields, ...utmFields, 'comments', 'opened']) {
        assert.deepEqual(contact[name], lead[name], `contact.${name}`);
      }
      assert.equal(contact.birthdate, '1985-04-12');
      assert.equal(contact.assignedById, sellerId);
      assert.equal(contact.opened, false);
      assert.deepEqual(entries(contact.phones), [['+55 11 98765-4321', 'MOBILE'], ['(11) 3456-7890', 'WORK']]);
      assert.deepEqual(contact.phones.map((p: { normalized: string }) => p.normalized), ['+5511987654321', '+551134567890']);
      for (const name of multifields) assert.deepEqual(entries(contact[name]), entries(lead[name]), `contact.${name}`);
      const leadPhoneIds = lead.phones.map((p: { id: number }) => p.id);
      assert.ok(contact.phones.every((p: { id: number }) => !leadPhoneIds.includes(p.id)), 'the contact has its own phone entries');
      assert.equal(lead.phones.length, 2, 'the lead keeps its own');
      assert.deepEqual([contact.typeId, contact.hasPhone, contact.hasEmail], [null, true, true]);

      // The company: its name, the address, multi-value fields, UTM, responsible and comments; no currency of the lead's amount.
      assert.equal(company.title, 'Padaria Pão Quente Ltda');
      for (const name of [...addressFields, ...utmFields, 'comments', 'opened', 'assignedById']) assert.deepEqual(company[name], lead[name], `company.${name}`);
      for (const name of multifields) assert.deepEqual(entries(company[name]), entries(lead[name]), `company.${name}`);
      assert.deepEqual([company.revenue, company.currencyId, company.companyType], [null, 'BRL', null]);

      // The deal: the title, the amount and its currency, the source, UTM, responsible and comments.
      assert.equal(deal.title, lead.title);
      assert.deepEqual([deal.opportunity, deal.currencyId], ['12500.50', 'USD']);
      for (const name of ['sourceId', 'sourceDescription', ...utmFields, 'comments', 'opened', 'assignedById']) assert.deepEqual(deal[name], lead[name], `deal.${name}`);
      assert.deepEqual([deal.categoryId, deal.stageId, deal.closed], [0, 'NEW', false]);

      // Links, both ways.
      assert.deepEqual([contact.leadId, company.leadId, deal.leadId], [lead.id, lead.id, lead.id]);
      assert.deepEqual(contact.companyIds, [company.id]);
      assert.deepEqual((await get('companies', company.id)).contactIds, [contact.id]);
      assert.deepEqual([deal.companyId, deal.contactIds], [company.id, [contact.id]]);
      assert.deepEqual([converted.contactId, converted.companyId], [contact.id, company.id]);
      assert.deepEqual([converted.statusId, converted.statusSemantic, converted.version], ['CONVERTED', 'S', lead.version + 1]);
      assert.ok(!Number.isNaN(Date.parse(converted.dateClosed)), 'dateClosed is set');
      assert.deepEqual(await get('leads', lead.id), converted);
      const dependencies = (await t.call('GET', `/api/v1/leads/${lead.id}/dependencies`)).json().items.map((d: { type: string; id: number; relation: string }) => `${d.relation}:${d.type}:${d.id}`);
      for (const expected of [`contactId:contact:${contact.id}`, `companyId:company:${company.id}`, `contact.leadId:contact:${contact.id}`, `company.leadId:company:${company.id}`, `deal.leadId:deal:${deal.id}`]) {
        assert.ok(dependencies.includes(expected), `${expected} in ${dependencies.join(', ')}`);
      }

      // History: a created event on each new item naming the lead; on the lead, the status change and what it became.
      for (const [plural, item] of [['contacts', contact], ['companies', company], ['deals', deal]]) {
        const created = (await history(plural, item.id))[0];
        assert.deepEqual([created.type, created.newValue.leadId, created.author.id], ['created', lead.id, t.adminId], plural);
      }
      const leadHistory = await history('leads', lead.id);
      assert.deepEqual(leadHistory.map((h: { type: string }) => h.type).filter((type: string, index: number, all: string[]) => all.indexOf(type) === index), ['created', 'updated', 'converted']);
      const status = leadHistory.find((h: { field: string }) => h.field === 'statusId');
      assert.deepEqual([status.oldValue, status.newValue, status.fieldLabel], ['NEW', 'CONVERTED', 'Status']);
      const contactChange = leadHistory.find((h: { field: string }) => h.field === 'contactId');
      assert.deepEqual([contactChange.oldValue, contactChange.newValue], [null, contact.id]);
      const summary = leadHistory.find((h: { type: string }) => h.type === 'converted');
      assert.deepEqual(summary.newValue, { contactId: contact.id, companyId: company.id, dealId: deal.id });
      assert.equal(summary.author.id, t.adminId);
      assert.equal(leadHistory[leadHistory.length - 1].type, 'converted');

      // Stage history: the lead entered CONVERTED, the deal its first stage.
      const stages = (await t.call('GET', `/api/v1/leads/${lead.id}/stage-history`)).json().items;
      assert.deepEqual(stages.map((s: { stageId: string; semantic: string }) => [s.stageId, s.semantic]), [['NEW', 'P'], ['CONVERTED', 'S']]);
      const rows = await raw().selectFrom('stage_history').select(['stage_id', 'semantic']).where('entity_type', '=', 'lead').where('entity_id', '=', lead.id).where('stage_id', '=', 'CONVERTED').execute();
      assert.equal(rows.length, 1);
      assert.deepEqual((await t.call('GET', `/api/v1/deals/${deal.id}/stage-history`)).json().items.map((s: { stageId: string }) => s.stageId), ['NEW']);
    });

    it('lets the request override carried values and add fields (the deal into another pipeline)', async () => {
      const pipeline = (await t.call('POST', '/api/v1/pipelines', { name: 'Revenda' })).json();
      const lead = await newLead(leadBody({ post: 'Gerente', phones: [{ value: '+55 21 99876-5432', valueType: 'MOBILE' }] }));
      const response = await convert(lead.id, {
        contact: { values: { post: 'Sócia', phones: [], typeId: 'CLIENT' } },
        deal: { values: { categoryId: pipeline.id, stageId: `C${pipeline.id}:PREPARATION`, title: 'Fornos', probability: 40 } },
      });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, deal } = response.json();
      assert.deepEqual([contact.post, contact.phones, contact.hasPhone, contact.typeId, contact.name], ['Sócia', [], false, 'CLIENT', 'João']);
      assert.deepEqual([deal.categoryId, deal.stageId, deal.title, deal.probability, deal.contactIds], [pipeline.id, `C${pipeline.id}:PREPARATION`, 'Fornos', 40, [contact.id]]);
    });

    it('converts into an existing contact and a new deal, leaving the contact as it was', async () => {
      const existing = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      const lead = await newLead(leadBody({ opportunity: '300.00' }));
      const before = await counts();
      const response = await convert(lead.id, { contact: { id: existing.id }, deal: {} });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, company, deal, lead: converted } = response.json();
      assert.deepEqual(contact, existing, 'linked as it is');
      assert.equal(company, null);
      assert.deepEqual([deal.contactIds, deal.companyId, deal.leadId, deal.opportunity], [[existing.id], null, lead.id, '300.00']);
      assert.deepEqual([converted.contactId, converted.companyId, converted.statusId], [existing.id, null, 'CONVERTED']);
      const after = await counts();
      assert.deepEqual([after.contacts, after.deals], [before.contacts, before.deals + 1]);
      assert.deepEqual((await history('leads', lead.id)).find((h: { type: string }) => h.type === 'converted').newValue, { contactId: existing.id, dealId: deal.id });
    });

    it('links an existing contact to the new company, keeping its other companies', async () => {
      const other = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const existing = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [other.id] }))).json();
      const lead = await newLead(leadBody({ companyTitle: 'Nova Empresa S.A.' }));
      const response = await convert(lead.id, { contact: { id: existing.id, values: { post: 'Compradora' } }, company: {} });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, company } = response.json();
      assert.equal(company.title, 'Nova Empresa S.A.');
      assert.deepEqual([contact.id, contact.companyIds, contact.post, contact.leadId, contact.version], [existing.id, [other.id, company.id], 'Compradora', null, existing.version + 1]);
      const change = (await history('contacts', existing.id)).find((h: { field: string }) => h.field === 'companyIds');
      assert.deepEqual([change.oldValue, change.newValue], [[other.id], [other.id, company.id]]);
    });

    it('converts into a deal only', async () => {
      const lead = await newLead(leadBody({ title: null, companyTitle: null, name: 'Rita', secondName: 'de Cássia', lastName: 'Lima' }));
      const before = await counts();
      const response = await convert(lead.id, { deal: {} });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, company, deal, lead: converted } = response.json();
      assert.deepEqual([contact, company], [null, null]);
      assert.deepEqual([deal.title, deal.contactIds, deal.companyId, deal.leadId], ['Rita de Cássia Lima', [], null, lead.id], 'a deal named after the person');
      assert.deepEqual([converted.statusId, converted.contactId, converted.companyId], ['CONVERTED', null, null]);
      const after = await counts();
      assert.deepEqual([after.contacts, after.companies, after.deals], [before.contacts, before.companies, before.deals + 1]);

      const companyOnly = await newLead({ companyTitle: 'Só Empresa Ltda' });
      assert.equal((await convert(companyOnly.id, { deal: {} })).json().deal.title, 'Só Empresa Ltda', 'or after the company');
    });

    it('links a repeat lead\'s deal to the contact and company the lead already points at', async () => {
      const knownCompany = (await t.call('POST', '/api/v1/companies', companyBody())).json();
      const knownContact = (await t.call('POST', '/api/v1/contacts', contactBody({ companyIds: [knownCompany.id] }))).json();
      const repeat = await newLead(leadBody({ contactId: knownContact.id, companyId: knownCompany.id }));
      const before = await counts();
      const response = await convert(repeat.id, { deal: {} });
      assert.equal(response.statusCode, 200, response.body);
      const { contact, company, deal, lead } = response.json();
      assert.deepEqual([deal.contactIds, deal.companyId], [[knownContact.id], knownCompany.id]);
      assert.deepEqual([contact.id, company.id, lead.contactId, lead.companyId], [knownContact.id, knownCompany.id, knownContact.id, knownCompany.id]);
      const after = await counts();
      assert.deepEqual([after.contacts, after.companies], [before.contacts, before.companies]);

      // A new contact for a lead that already names its company joins that company.
      const newPerson = await newLead(leadBody({ name: 'Paulo', companyId: knownCompany.id }));
      const second = (await convert(newPerson.id, { contact: {}, deal: {} })).json();
      assert.notEqual(second.contact.id, knownContact.id);
      assert.deepEqual([second.contact.companyIds, second.deal.companyId, second.deal.contactIds], [[knownCompany.id], knownCompany.id, [second.contact.id]]);
      assert.deepEqual([second.lead.contactId, second.lead.companyId], [second.contact.id, knownCompany.id]);
    });
  });
}

describe('carry-over from a lead (metadata only)', () => {
  const custom = (name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}, options: Array<[number, string]> = [], multiple = false): FieldDef => ({
    name,
    type,
    bitrix: name,
    label: { en: name, 'pt-BR': name },
    column: name,
    ...extra,
    custom: { id: 1, multiple, showInList: true, filterable: false, sortable: false, defaultValue: null, options: options.map(([id, value], sort) => ({ id, value, sort, isDefault: false })) },
  });
  const withFields = (type: ItemTypeDef, fields: FieldDef[]): ItemTypeDef => ({ ...type, fields: [...type.fields, ...fields] });
  const lead = withFields(itemTypes.lead, [
    custom('ufCrmProject', 'string', { maxLength: 255 }),
    custom('ufCrmSize', 'enumeration', {}, [[1, 'Small'], [2, 'Large'], [3, 'Huge']]),
    custom('ufCrmTags', 'enumeration', {}, [[4, 'A'], [5, 'B']], true),
    custom('ufCrmBudget', 'integer'),
    custom('ufCrmLeadOnly', 'string'),
  ]);
  const contact = withFields(itemTypes.contact, [
    custom('ufCrmProject', 'string', { maxLength: 5 }),
    custom('ufCrmSize', 'enumeration', {}, [[10, 'Large'], [11, 'Small']]),
    custom('ufCrmTags', 'enumeration', {}, [[12, 'B']]),
    custom('ufCrmBudget', 'string'),
  ]);
  const source = {
    id: 7,
    title: 'Orçamento',
    name: 'Ana',
    companyTitle: 'Acme',
    contactId: 3,
    companyId: 4,
    statusId: 'IN_PROCESS',
    opportunity: '10.00',
    currencyId: 'USD',
    phones: [{ id: 99, value: '+55 11 98765-4321', valueType: 'WORK', normalized: '+5511987654321' }],
    ufCrmProject: 'Projeto Norte',
    ufCrmTags: [4, 5],
    ufCrmBudget: 1000,
    ufCrmLeadOnly: 'x',
  };

  it('copies fields of the same name and kind, custom ones included, and nothing of the lead\'s own links or status', () => {
    const values = carryOver(lead, contact, { ...source, ufCrmSize: 2 });
    assert.deepEqual(values, { name: 'Ana', phones: [{ value: '+55 11 98765-4321', valueType: 'WORK' }], ufCrmProject: 'Proje', ufCrmSize: 10 });
    assert.equal(carryOver(lead, contact, { ...source, ufCrmSize: 3 }).ufCrmSize, undefined, 'an option the target field lacks is left out');
  });

  it('gives the company the company name and the deal the amount with its currency', () => {
    const company = carryOver(itemTypes.lead, itemTypes.company, source);
    assert.deepEqual([company.title, company.currencyId, company.revenue], ['Acme', undefined, undefined]);
    const deal = carryOver(itemTypes.lead, itemTypes.deal, source);
    assert.deepEqual([deal.title, deal.opportunity, deal.currencyId, deal.companyId, deal.contactIds], ['Orçamento', '10.00', 'USD', undefined, undefined]);
    assert.equal(carryOver(itemTypes.lead, itemTypes.deal, { ...source, title: ' ', companyTitle: null }).title, 'Ana');
    assert.equal(carryOver(itemTypes.lead, itemTypes.deal, { id: 7 }).title, 'Lead #7');
  });
});
