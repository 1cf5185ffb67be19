import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { contactBody, leadBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const url = '/api/v1/settings/crm-mode';
const issueFor = (response: { json(): any }, field: string) => response.json().error.details.find((d: { field: string }) => d.field === field);

for (const dialect of testDialects()) {
  describe(`CRM mode and inquiries [${dialect}]`, () => {
    let t: TestApp;
    let userAuth: Record<string, string>;
    let leaverId: number;
    before(async () => {
      t = await createTestApp(dialect);
      userAuth = { authorization: `Bearer ${(await t.addUser()).token}` };
      leaverId = (await t.addUser('Leaver')).id;
    });
    after(() => t.close());
    const raw = () => t.database.db as unknown as Kysely<any>;
    const count = async (table: string, where: Record<string, unknown> = {}) => {
      let query = raw().selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
      for (const [column, value] of Object.entries(where)) query = query.where(column, Array.isArray(value) ? 'in' : '=', value);
      return Number((await query.executeTakeFirstOrThrow()).n);
    };
    const counts = async () => ({ leads: await count('leads'), contacts: await count('contacts'), companies: await count('companies'), deals: await count('deals'), events: await count('events') });
    const newLead = async (body: Record<string, unknown>) => {
      const response = await t.call('POST', '/api/v1/leads', body);
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json().mode, undefined, 'classic mode answers the lead itself');
      return response.json();
    };
    const storedMode = async () => (await raw().selectFrom('app_settings').select('value').where('key', '=', 'crm_mode').executeTakeFirst())?.value;

    it('refuses every route without credentials (401)', async () => {
      for (const [method, body] of [['GET', undefined], ['PUT', { mode: 'simple', confirm: true }]] as const) {
        const response = await t.anonymous(method, url, body);
        assert.equal(response.statusCode, 401, method);
        assert.equal(response.json().error.code, 'UNAUTHENTICATED');
      }
      assert.equal(await storedMode(), undefined);
    });

    it('starts in classic mode, lets only administrators switch (403) and refuses bad input (400)', async () => {
      const read = await t.call('GET', url, undefined, userAuth);
      assert.equal(read.statusCode, 200);
      assert.deepEqual(read.json(), { mode: 'classic', openLeads: 0 });
      const forbidden = await t.call('PUT', url, { mode: 'simple', confirm: true }, userAuth);
      assert.equal(forbidden.statusCode, 403);
      assert.equal(forbidden.json().error.code, 'FORBIDDEN');
      assert.equal(issueFor(await t.call('PUT', url, { mode: 'lite' }), 'mode').rule, 'valueType');
      assert.equal(issueFor(await t.call('PUT', url, { mode: 'simple', force: true }), 'force').rule, 'unknown');
      const missing = await t.call('PUT', url, {});
      assert.equal(missing.statusCode, 400);
      assert.ok(issueFor(missing, 'mode'));
      assert.equal(await storedMode(), undefined, 'nothing was stored');
    });

    it('switches to simple mode only with confirmation, converting every open lead, and back to classic', async () => {
      const person = await newLead(leadBody({ companyTitle: 'Padaria Central Ltda', phones: [{ value: '+55 11 98765-4321', valueType: 'MOBILE' }], opportunity: '800.00', assignedById: leaverId }));
      const companyOnly = await newLead({ title: 'Cotação de farinha', companyTitle: 'Moinho Sul S.A.', emails: [{ value: 'compras@moinhosul.com.br', valueType: 'WORK' }] });
      const titleOnly = await newLead({ title: 'Ligação sem nome sobre um orçamento de fornos industriais para três lojas' });
      const inProgress = await newLead(leadBody({ statusId: 'IN_PROCESS' }));
      const junk = await newLead(leadBody({ statusId: 'JUNK' }));
      const done = await newLead(leadBody());
      assert.equal((await t.call('POST', `/api/v1/leads/${done.id}/convert`, { deal: {} })).statusCode, 200);
      const open = [person, companyOnly, titleOnly, inProgress];
      assert.deepEqual((await t.call('GET', url)).json(), { mode: 'classic', openLeads: 4 });
      // The responsible of one lead left the company since.
      await raw().updateTable('users').set({ is_active: 0 }).where('id', '=', leaverId).execute();

      const before = await counts();
      const unconfirmed = await t.call('PUT', url, { mode: 'simple' }, { 'accept-language': 'pt-BR' });
      assert.equal(unconfirmed.statusCode, 409);
      assert.equal(unconfirmed.json().error.code, 'CONFLICT');
      assert.deepEqual(unconfirmed.json().error.details, { reason: 'confirmationRequired', openLeads: 4 });
      assert.match(unconfirmed.json().error.message, /^4 leads abertos/);
      assert.equal((await t.call('PUT', url, { mode: 'simple', confirm: false })).statusCode, 409);
      assert.deepEqual(await counts(), before, 'nothing converted');
      assert.equal(await storedMode(), undefined);

      const switched = await t.call('PUT', url, { mode: 'simple', confirm: true });
      assert.equal(switched.statusCode, 200, switched.body);
      assert.deepEqual(switched.json(), { mode: 'simple', converted: 4 });
      assert.equal(await storedMode(), 'simple');
      assert.deepEqual((await t.call('GET', url, undefined, userAuth)).json(), { mode: 'simple', openLeads: 0 });

      const ids = open.map((lead) => lead.id);
      assert.equal(await count('deals', { lead_id: ids }), 4, 'a deal for every open lead');
      assert.equal(await count('contacts', { lead_id: ids }), 3, 'a contact for the person, the title-only and the in-progress lead');
      assert.equal(await count('companies', { lead_id: ids }), 2, 'a company for each lead with a company name');
      const after = await counts();
      assert.deepEqual([after.leads, after.deals - before.deals, after.contacts - before.contacts, after.companies - before.companies], [before.leads, 4, 3, 2]);
      for (const lead of [junk]) {
        assert.equal(await count('deals', { lead_id: lead.id }), 0);
        assert.equal((await t.call('GET', `/api/v1/leads/${lead.id}`)).json().statusId, 'JUNK', 'a junk lead stays as it was');
      }
      for (const lead of open) {
        const converted = (await t.call('GET', `/api/v1/leads/${lead.id}`)).json();
        assert.equal(converted.statusId, 'CONVERTED');
        assert.equal((await t.call('GET', `/api/v1/leads/${lead.id}/history`)).json().items.at(-1).type, 'converted');
      }

      const personLead = (await t.call('GET', `/api/v1/leads/${person.id}`)).json();
      const contact = (await t.call('GET', `/api/v1/contacts/${personLead.contactId}`)).json();
      const company = (await t.call('GET', `/api/v1/companies/${personLead.companyId}`)).json();
      assert.deepEqual([contact.name, contact.lastName, contact.phones[0].value, contact.companyIds, contact.assignedById], [person.name, person.lastName, '+55 11 98765-4321', [company.id], t.adminId]);
      assert.equal(company.title, 'Padaria Central Ltda');
      const [personDeal] = await raw().selectFrom('deals').select(['id', 'title', 'opportunity_minor', 'company_id']).where('lead_id', '=', person.id).execute();
      assert.deepEqual([personDeal.title, Number(personDeal.opportunity_minor), Number(personDeal.company_id)], [person.title, 80000, company.id]);

      const companyLead = (await t.call('GET', `/api/v1/leads/${companyOnly.id}`)).json();
      assert.equal(companyLead.contactId, null, 'a lead with only a company name becomes a company');
      assert.equal((await t.call('GET', `/api/v1/companies/${companyLead.companyId}`)).json().emails[0].value, 'compras@moinhosul.com.br');
      const titleContact = (await t.call('GET', `/api/v1/contacts/${(await t.call('GET', `/api/v1/leads/${titleOnly.id}`)).json().contactId}`)).json();
      assert.equal(titleContact.name, 'Ligação sem nome sobre um orçamento de fornos indu', 'named after the title, cut to 50 characters');

      const back = await t.call('PUT', url, { mode: 'classic' });
      assert.deepEqual(back.json(), { mode: 'classic', converted: 0 });
      const lead = await newLead(leadBody());
      assert.deepEqual([lead.statusId, lead.contactId], ['NEW', null]);
      assert.equal(await count('leads'), before.leads + 1, 'POST /leads creates a lead again');
      assert.deepEqual((await t.call('GET', url)).json(), { mode: 'classic', openLeads: 1 });
    });

    it('turns an inquiry into a contact and/or company plus a deal in simple mode, creating no lead', async () => {
      await raw().deleteFrom('app_settings').where('key', '=', 'crm_mode').execute();
      const open = (await t.call('GET', url)).json().openLeads;
      assert.equal((await t.call('PUT', url, { mode: 'simple', confirm: true })).json().converted, open);
      const leadsBefore = await count('leads');

      // Refused like a lead would be, writing nothing.
      const before = await counts();
      const invalidBody = await t.call('POST', '/api/v1/leads', { phones: [{ value: 'x', valueType: 'MOBILE' }] });
      assert.equal(invalidBody.statusCode, 400);
      assert.equal(issueFor(invalidBody, 'title').rule, 'requireOneOf');
      const badSource = await t.call('POST', '/api/v1/leads', leadBody({ sourceId: 'NOPE', contactId: 987654 }));
      assert.equal(badSource.statusCode, 400);
      assert.deepEqual([issueFor(badSource, 'sourceId').rule, issueFor(badSource, 'contactId').rule], ['reference', 'exists']);
      assert.deepEqual(await counts(), before);

      const person = await t.call('POST', '/api/v1/leads', {
        title: 'Encomenda de bolo',
        name: 'Carla',
        lastName: 'Dias',
        sourceId: 'CALL',
        opportunity: '250.00',
        phones: [{ value: '(21) 99876-5432', valueType: 'MOBILE' }],
        utmSource: 'instagram',
      });
      assert.equal(person.statusCode, 201, person.body);
      const { mode, contact, company, deal } = person.json();
      assert.deepEqual([mode, company], ['simple', null]);
      assert.deepEqual([contact.name, contact.lastName, contact.sourceId, contact.utmSource, contact.phones[0].value, contact.leadId], ['Carla', 'Dias', 'CALL', 'instagram', '(21) 99876-5432', null]);
      assert.deepEqual([deal.title, deal.opportunity, deal.sourceId, deal.contactIds, deal.companyId, deal.leadId, deal.stageId], ['Encomenda de bolo', '250.00', 'CALL', [contact.id], null, null, 'NEW']);
      assert.equal((await t.call('GET', `/api/v1/contacts/${contact.id}/history`)).json().items[0].type, 'created');

      const companyOnly = await t.call('POST', '/api/v1/leads', { companyTitle: 'Mercado Bom Preço', emails: [{ value: 'compras@bompreco.com.br', valueType: 'WORK' }] });
      assert.equal(companyOnly.statusCode, 201, companyOnly.body);
      const inquiry = companyOnly.json();
      assert.equal(inquiry.contact, null);
      assert.deepEqual([inquiry.company.title, inquiry.company.emails[0].value], ['Mercado Bom Preço', 'compras@bompreco.com.br']);
      assert.deepEqual([inquiry.deal.title, inquiry.deal.companyId, inquiry.deal.contactIds], ['Mercado Bom Preço', inquiry.company.id, []]);

      const both = (await t.call('POST', '/api/v1/leads', leadBody({ companyTitle: 'Oficina Dois Irmãos' }))).json();
      assert.deepEqual([both.contact.companyIds, both.deal.companyId, both.deal.contactIds], [[both.company.id], both.company.id, [both.contact.id]]);

      // An inquiry from someone already known links to them instead of creating a duplicate.
      const known = (await t.call('POST', '/api/v1/contacts', contactBody())).json();
      const repeat = (await t.call('POST', '/api/v1/leads', leadBody({ contactId: known.id }))).json();
      assert.deepEqual([repeat.contact.id, repeat.deal.contactIds], [known.id, [known.id]]);

      assert.equal(await count('leads'), leadsBefore, 'no lead row was created');
      assert.equal(await count('deals', { title: ['Encomenda de bolo', 'Mercado Bom Preço'] }), 2);
    });

    it('keeps existing leads readable and convertible in simple mode', async () => {
      assert.equal((await t.call('PUT', url, { mode: 'simple', confirm: true })).statusCode, 200);
      const [junk] = await raw().selectFrom('leads').select('id').where('status_id', '=', 'JUNK').execute();
      const lead = (await t.call('GET', `/api/v1/leads/${junk.id}`)).json();
      assert.equal(lead.statusId, 'JUNK');
      // Reopened by hand, a lead can still be converted.
      assert.equal((await t.call('PATCH', `/api/v1/leads/${junk.id}`, { statusId: 'IN_PROCESS' })).statusCode, 200);
      assert.deepEqual((await t.call('GET', url)).json(), { mode: 'simple', openLeads: 1 });
      const converted = await t.call('POST', `/api/v1/leads/${junk.id}/convert`, { contact: {}, deal: {} });
      assert.equal(converted.statusCode, 200, converted.body);
      assert.equal(converted.json().lead.statusId, 'CONVERTED');
      assert.deepEqual((await t.call('PUT', url, { mode: 'simple' })).json(), { mode: 'simple', converted: 0 }, 'no open lead: no confirmation needed');
    });
  });
}
