import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { companyBody, contactBody, dealBody, leadBody } from './support/factories.ts';
import { every, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** Merging items of one type (POST /api/v1/{type}/merge, modules/duplicates/merge.service.ts). */

const as = (token: string) => ({ authorization: `Bearer ${token}` });

for (const dialect of testDialects()) {
  describe(`merge [${dialect}]`, () => {
    let t: TestApp;
    let fileIds: number[];
    const raw = () => t.database.db as unknown as Kysely<any>;
    before(async () => {
      t = await createTestApp(dialect);
      const field = await t.call('POST', '/api/v1/custom-fields/contacts', { type: 'file', labelEn: 'Documents', labelPt: 'Documentos', multiple: true });
      assert.equal(field.statusCode, 201, field.body);
      const referral = await t.call('POST', '/api/v1/custom-fields/deals', { type: 'item', labelEn: 'Referred by', labelPt: 'Indicado por', settings: { itemType: 'contact' } });
      assert.equal(referral.statusCode, 201, referral.body);
      fileIds = [];
      for (const name of ['rg.pdf', 'cpf.pdf']) {
        const row = await raw()
          .insertInto('files')
          .values({ name, content_type: 'application/pdf', size: 3, sha256: 'x', data: new Uint8Array([1, 2, 3]), created_by_id: t.adminId, created_at: new Date().toISOString() })
          .returning('id')
          .executeTakeFirstOrThrow();
        fileIds.push(Number(row.id));
      }
    });
    after(() => t.close());

    const create = async (plural: string, body: Record<string, unknown>) => {
      const response = await t.call('POST', `/api/v1/${plural}`, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as Record<string, any>;
    };
    const get = async (plural: string, id: number) => (await t.call('GET', `/api/v1/${plural}/${id}`)).json() as Record<string, any>;
    const merge = (plural: string, body: unknown, headers?: Record<string, string>) => t.call('POST', `/api/v1/${plural}/merge`, body, headers);
    const history = async (plural: string, id: number) => (await t.call('GET', `/api/v1/${plural}/${id}/history?limit=200`)).json().items as Array<Record<string, any>>;

    it('merges two contacts: picked values, the union of phones and e-mails, links, files and every reference move to the survivor', async () => {
      const acme = await create('companies', companyBody({ title: 'Acme' }));
      const beta = await create('companies', companyBody({ title: 'Beta' }));
      const survivor = await create('contacts', contactBody({
        name: 'Maria', lastName: 'Silva', post: null, addressCity: 'São Paulo', companyIds: [acme.id], ufCrmDocuments: [fileIds[0]],
        phones: [{ value: '+55 11 98765-4321', valueType: 'MOBILE' }], emails: [{ value: 'maria@exemplo.com', valueType: 'WORK' }],
      }));
      const merged = await create('contacts', contactBody({
        name: 'Maria', lastName: 'da Silva', post: 'Diretora', addressCity: 'Campinas', companyIds: [beta.id], ufCrmDocuments: [fileIds[1]],
        phones: [{ value: '(11) 98765-4321', valueType: 'WORK' }, { value: '(11) 3333-2222', valueType: 'WORK' }], emails: [{ value: 'MARIA@exemplo.com', valueType: 'HOME' }, { value: 'maria.silva@outro.com', valueType: 'HOME' }],
      }));
      const deal = await create('deals', dealBody({ contactIds: [merged.id, survivor.id], ufCrmReferredBy: merged.id }));
      const otherDeal = await create('deals', dealBody({ contactIds: [merged.id] }));
      const lead = await create('leads', leadBody({ contactId: merged.id }));

      const response = await merge('contacts', { ids: [survivor.id, merged.id], survivorId: survivor.id, values: { lastName: merged.id, addressCity: survivor.id } });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json().mergedIds, [merged.id]);
      const kept = await get('contacts', survivor.id);
      assert.equal(kept.lastName, 'da Silva', 'the picked value');
      assert.equal(kept.addressCity, 'São Paulo', 'the survivor\'s own value, picked');
      assert.equal(kept.post, 'Diretora', 'an empty field takes the other item\'s value');
      assert.deepEqual(kept.phones.map((p: any) => p.value), ['+55 11 98765-4321', '(11) 3333-2222'], 'one phone per normalised number');
      assert.deepEqual(kept.emails.map((e: any) => e.value), ['maria@exemplo.com', 'maria.silva@outro.com']);
      assert.deepEqual(kept.companyIds, [acme.id, beta.id]);
      assert.deepEqual(kept.ufCrmDocuments, fileIds);
      assert.equal(kept.version, survivor.version + 1);

      assert.deepEqual((await get('deals', deal.id)).contactIds, [survivor.id], 'a deal\'s contacts, without repeating the survivor');
      assert.equal((await get('deals', deal.id)).ufCrmReferredBy, survivor.id, 'an item-typed custom field');
      assert.deepEqual((await get('deals', otherDeal.id)).contactIds, [survivor.id]);
      assert.equal((await get('leads', lead.id)).contactId, survivor.id);
      assert.deepEqual((await get('companies', beta.id)).contactIds, [survivor.id], 'the company lists the survivor, not the merged contact');
      const file = await t.call('GET', `/api/v1/files/${fileIds[1]}`);
      assert.equal(file.statusCode, 200, 'the file is reachable through the survivor');

      // The merged contact is in the recycle bin, its history saying into which contact.
      assert.equal((await t.call('GET', `/api/v1/contacts/${merged.id}`)).statusCode, 404);
      const bin = (await t.call('GET', '/api/v1/recycle-bin?type=contact')).json();
      assert.ok(JSON.stringify(bin).includes(`"id":${merged.id}`), 'in the recycle bin');
      const mergedEvents = await raw().selectFrom('events').select(['type', 'changes']).where('entity_type', '=', 'contact').where('entity_id', '=', merged.id).orderBy('id').execute();
      const deleted = mergedEvents.find((e) => e.type === 'item.deleted')!;
      assert.deepEqual(JSON.parse(deleted.changes), { mergedInto: [null, survivor.id] });
      const survivorHistory = await history('contacts', survivor.id);
      const entry = survivorHistory.find((h) => h.type === 'merged');
      assert.ok(entry, JSON.stringify(survivorHistory));
      assert.deepEqual(entry.newValue, { mergedIds: [merged.id] });
      assert.ok(survivorHistory.some((h) => h.field === 'lastName' && h.newValue === 'da Silva'), 'the field changes are in the history too');
      assert.ok((await history('deals', deal.id)).some((h) => h.field === 'contactIds'), 'the deal\'s history shows its contacts changed');

      const audit = await raw().selectFrom('audit_log').selectAll().where('kind', '=', 'item.merged').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0].target_type, 'contact');
      assert.equal(String(audit[0].target_id), String(survivor.id));
      assert.deepEqual(JSON.parse(audit[0].details).mergedIds, [merged.id]);
    });

    it('merges three companies, and leads with leads', async () => {
      const a = await create('companies', companyBody({ title: 'Gama Ltda' }));
      const b = await create('companies', companyBody({ title: 'GAMA S/A', industry: 'IT' }));
      const c = await create('companies', companyBody({ title: 'Gama' }));
      const contact = await create('contacts', contactBody({ companyIds: [b.id, c.id] }));
      const deal = await create('deals', dealBody({ companyId: c.id }));
      const response = await merge('companies', { ids: [a.id, b.id, c.id], survivorId: a.id, values: { title: c.id } });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().item.title, 'Gama');
      assert.equal(response.json().item.industry, 'IT');
      assert.deepEqual(response.json().item.contactIds, [contact.id]);
      assert.deepEqual((await get('contacts', contact.id)).companyIds, [a.id]);
      assert.equal((await get('deals', deal.id)).companyId, a.id);
      for (const id of [b.id, c.id]) assert.equal((await t.call('GET', `/api/v1/companies/${id}`)).statusCode, 404);

      const l1 = await create('leads', leadBody({ statusId: 'NEW' }));
      const l2 = await create('leads', leadBody({ statusId: 'IN_PROCESS' }));
      const leads = await merge('leads', { ids: [l1.id, l2.id], survivorId: l1.id, values: { statusId: l2.id } });
      assert.equal(leads.statusCode, 200, leads.body);
      assert.equal(leads.json().item.statusId, 'IN_PROCESS');
    });

    it('never merges across types, and checks the request', async () => {
      const contact = await create('contacts', contactBody());
      const lead = await create('leads', leadBody());
      const deal = await create('deals', dealBody());
      assert.equal((await merge('deals', { ids: [deal.id, deal.id + 1], survivorId: deal.id })).statusCode, 404, 'deals are not merged');
      // An id names an item of the route's type only: a lead's id is no contact.
      const unknownId = Math.max(contact.id, lead.id) + 1000;
      const across = await merge('contacts', { ids: [contact.id, unknownId], survivorId: contact.id });
      assert.equal(across.statusCode, 404, across.body);
      assert.equal(across.json().error.details.id, unknownId);
      assert.match(across.json().error.message, new RegExp(`#${unknownId}`));
      const cases: Array<[unknown, string, string]> = [
        [{ ids: [contact.id], survivorId: contact.id }, 'ids', 'min'],
        [{ ids: [contact.id, contact.id], survivorId: contact.id }, 'ids', 'duplicate'],
        [{ ids: [contact.id, lead.id], survivorId: 999999 }, 'survivorId', 'mergeSurvivor'],
        [{ ids: [contact.id, lead.id], survivorId: contact.id, values: { nope: contact.id } }, 'values.nope', 'unknown'],
        [{ ids: [contact.id, lead.id], survivorId: contact.id, values: { createdAt: contact.id } }, 'values.createdAt', 'readOnly'],
        [{ ids: [contact.id, lead.id], survivorId: contact.id, values: { name: 424242 } }, 'values.name', 'mergeSurvivor'],
      ];
      for (const [body, field, rule] of cases) {
        const response = await merge('contacts', body);
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        assert.ok(response.json().error.details.some((d: any) => d.field === field && d.rule === rule), `${field} ${rule}: ${response.body}`);
      }
      assert.equal((await get('contacts', contact.id)).version, contact.version, 'nothing changed');
    });

    it('needs the right to change the survivor and to delete the others', async () => {
      const seller = await t.addUser('Mário Merge');
      const mine = await create('contacts', contactBody({ assignedById: seller.id }));
      const alsoMine = await create('contacts', contactBody({ assignedById: seller.id }));
      const notMine = await create('contacts', contactBody());
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: { ...every('own'), read: 'all', delete: 'none' } } } }]);
      const noDelete = await merge('contacts', { ids: [mine.id, alsoMine.id], survivorId: mine.id }, as(seller.token));
      assert.equal(noDelete.statusCode, 403, noDelete.body);
      assert.deepEqual([noDelete.json().error.details.reason, noDelete.json().error.details.id], ['mergeDelete', alsoMine.id]);
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: { ...every('own'), read: 'all' } } } }]);
      const noUpdate = await merge('contacts', { ids: [notMine.id, mine.id], survivorId: notMine.id }, as(seller.token));
      assert.equal(noUpdate.statusCode, 403, noUpdate.body);
      assert.deepEqual([noUpdate.json().error.details.reason, noUpdate.json().error.details.id], ['mergeUpdate', notMine.id]);
      await setRoles(t, [{ userId: seller.id, permissions: { items: { contact: every('own') } } }]);
      const unreadable = await merge('contacts', { ids: [mine.id, notMine.id], survivorId: mine.id }, as(seller.token));
      assert.equal(unreadable.statusCode, 404, unreadable.body);
      assert.equal(unreadable.json().error.details.id, notMine.id);
      for (const item of [mine, alsoMine, notMine]) assert.equal((await get('contacts', item.id)).version, item.version, 'nothing changed');
      const allowed = await merge('contacts', { ids: [mine.id, alsoMine.id], survivorId: mine.id }, as(seller.token));
      assert.equal(allowed.statusCode, 200, allowed.body);
      await setRoles(t, []);
    });

    it('is one transaction: a merge refused after its first writes leaves everything as it was', async () => {
      const leaving = await t.addUser('Rita Leaving');
      const survivor = await create('contacts', contactBody());
      const merged = await create('contacts', contactBody({ assignedById: leaving.id }));
      const deal = await create('deals', dealBody({ contactIds: [merged.id] }));
      const eventsBefore = Number((await raw().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      await raw().updateTable('users').set({ is_active: 0 }).where('id', '=', leaving.id).execute();
      // The responsible picked is no longer an active user: refused when the survivor is checked, after the deal was repointed.
      const response = await merge('contacts', { ids: [survivor.id, merged.id], survivorId: survivor.id, values: { assignedById: merged.id } });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.details[0].field, 'assignedById');
      assert.deepEqual((await get('deals', deal.id)).contactIds, [merged.id], 'the deal still names the merged contact');
      assert.equal((await get('deals', deal.id)).version, deal.version);
      assert.equal((await get('contacts', merged.id)).version, merged.version, 'still live, unchanged');
      const eventsAfter = Number((await raw().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(eventsAfter, eventsBefore, 'no history was written');
    });
  });
}
