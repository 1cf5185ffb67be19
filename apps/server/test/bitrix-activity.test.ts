import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { bitrixClient, type BitrixClient } from './support/bitrix.ts';
import { contactBody, dealBody } from './support/factories.ts';
import { every, everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/** crm.activity.* of the Bitrix24-compatible API (modules/bitrix/activity-methods.ts), driven by the official SDK. */

type Answer = { status: number; body: any };

for (const dialect of testDialects()) {
  describe(`Bitrix24 crm.activity.* [${dialect}]`, () => {
    let t: TestApp;
    let client: BitrixClient;
    let contact: { id: number; phone: string; email: string; title: string };
    let dealId: number;
    const raw = () => t.database.db as unknown as Kysely<any>;
    /** A call through the SDK; its `result`. */
    const call = async (method: string, params: Record<string, unknown> = {}, on: BitrixClient = client): Promise<any> => {
      const answer = await on.b24.actions.v2.call.make({ method, params });
      assert.equal(answer.isSuccess, true, `${method}: ${answer.getErrorMessages().join('; ')}`);
      return (answer.getData() as { result: unknown }).result;
    };
    /** A raw JSON call, for statuses, errors, `total` and `next`. */
    const post = (method: string, params: Record<string, unknown> = {}, on: BitrixClient = client): Promise<Answer> =>
      on.raw(method, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
    const created = async (url: string, body: unknown) => {
      const response = await t.call('POST', url, body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const aCall = (fields: Record<string, unknown> = {}) => ({
      OWNER_TYPE_ID: 2,
      OWNER_ID: dealId,
      TYPE_ID: 2,
      SUBJECT: 'Ligar para o cliente',
      START_TIME: '2027-03-10T14:00:00+00:00',
      COMMUNICATIONS: [{ VALUE: contact.phone, ENTITY_ID: contact.id, ENTITY_TYPE_ID: 3 }],
      ...fields,
    });

    before(async () => {
      t = await createTestApp(dialect);
      client = await bitrixClient(t);
      const made = await created('/api/v1/contacts', contactBody({ name: 'Beatriz', lastName: 'Lima' }));
      contact = { id: made.id, phone: made.phones[0].value, email: made.emails[0].value, title: 'Beatriz Lima' };
      dealId = (await created('/api/v1/deals', dealBody({ contactIds: [made.id] }))).id;
    });
    after(() => t.close());

    it('refuses first, with Bitrix24\'s messages: no type, no subject, no communications, no time, a bad id', async () => {
      const refusals: Array<[Record<string, unknown>, string | RegExp]> = [
        [{ ...aCall(), OWNER_TYPE_ID: undefined }, 'OWNER_TYPE_ID is not assigned.'],
        [{ ...aCall(), OWNER_TYPE_ID: 7 }, /^OWNER_TYPE_ID 7 is not supported/],
        [{ ...aCall(), TYPE_ID: undefined }, 'The field TYPE_ID is not defined or invalid'],
        [{ ...aCall(), TYPE_ID: 5 }, 'The activity type "Calendar event" is not supported in current context'],
        [{ ...aCall(), SUBJECT: ' ' }, 'The field SUBJECT is not defined or empty'],
        [{ ...aCall(), COMMUNICATIONS: undefined }, 'The field COMMUNICATIONS is not defined or invalid'],
        [{ ...aCall(), COMMUNICATIONS: [{ VALUE: '', ENTITY_ID: contact.id, ENTITY_TYPE_ID: 3 }] }, 'The field COMMUNICATIONS is not defined or invalid'],
        [{ ...aCall(), COMMUNICATIONS: [{ VALUE: 'a@b.c', TYPE: 'EMAIL', ENTITY_ID: contact.id, ENTITY_TYPE_ID: 3 }] }, 'The field COMMUNICATIONS is not defined or invalid'],
        [{ ...aCall(), COMMUNICATIONS: [{ VALUE: '1' }, { VALUE: '2', ENTITY_ID: contact.id, ENTITY_TYPE_ID: 3 }] }, 'The only one communication is allowed for activity of specified type'],
        [{ ...aCall(), RESPONSIBLE_ID: 999_999 }, 'The field RESPONSIBLE_ID is not defined or invalid'],
        [{ ...aCall(), START_TIME: undefined }, 'DEADLINE is required'],
        [{ ...aCall(), START_TIME: 'amanhã' }, 'START_TIME is not in the expected format'],
        [{ ...aCall(), TYPE_ID: 1, END_TIME: '2027-03-10T13:00:00+00:00' }, 'END_TIME is before START_TIME'],
        [{ ...aCall(), SUBJECT: 'x'.repeat(256) }, 'SUBJECT is longer than 255 characters'],
        [{ ...aCall(), PRIORITY: 9 }, 'PRIORITY: 1 (low), 2 (medium) or 3 (high)'],
      ];
      for (const [fields, message] of refusals) {
        const answer = await post('crm.activity.add', { fields });
        assert.equal(answer.status, 400, JSON.stringify(fields));
        assert.equal(answer.body.error, 'INVALID_ARG_VALUE');
        if (typeof message === 'string') assert.equal(answer.body.error_description, message);
        else assert.match(answer.body.error_description, message);
      }
      const noOwner = await post('crm.activity.add', { fields: aCall({ OWNER_ID: 999_999 }) });
      assert.deepEqual([noOwner.status, noOwner.body.error], [400, 'NOT_FOUND']);
      const noComm = await post('crm.activity.add', { fields: aCall({ COMMUNICATIONS: [{ VALUE: '1', ENTITY_ID: 999_999, ENTITY_TYPE_ID: 3 }] }) });
      assert.deepEqual([noComm.status, noComm.body.error], [400, 'NOT_FOUND']);

      const noId = await post('crm.activity.get', {});
      assert.deepEqual([noId.status, noId.body], [400, { error: 'INVALID_ARG_VALUE', error_description: 'ID is not defined or invalid.' }]);
      const missing = await post('crm.activity.get', { id: 999_999 });
      assert.deepEqual([missing.status, missing.body], [400, { error: 'NOT_FOUND', error_description: 'Activity is not found' }]);
      for (const method of ['crm.activity.update', 'crm.activity.delete']) assert.equal((await post(method, { id: 999_999, fields: { SUBJECT: 'x' } })).body.error, 'NOT_FOUND', method);
      // The SDK reports the error with its code and text.
      const sdk = await client.b24.actions.v2.call.make({ method: 'crm.activity.get', params: { id: 999_999 } }).catch((error: unknown) => error);
      assert.match(String((sdk as { code?: string }).code ?? sdk), /NOT_FOUND/);
      assert.match(String((sdk as Error).message), /Activity is not found/);
      const sdkAdd = await client.b24.actions.v2.call.make({ method: 'crm.activity.add', params: { fields: aCall({ SUBJECT: '' }) } }).catch((error: unknown) => error);
      assert.match(String((sdkAdd as Error).message), /The field SUBJECT is not defined or empty/);

      assert.equal((await post('crm.activity.list', { filter: { NOPE: 1 } })).status, 400);
      assert.equal((await post('crm.activity.list', { order: { NOPE: 'ASC' } })).status, 400);
      assert.equal((await post('crm.activity.list', { filter: { '%ID': 1 } })).status, 400, '% only on text');
      assert.equal((await post('crm.activity.list', { filter: { '>DEADLINE': 'ontem' } })).status, 400);
      assert.equal((await post('crm.activity.list', { filter: { ID: 'abc' } })).status, 400);
      // What PostgreSQL would refuse is refused first, never a 500.
      assert.equal((await post('crm.activity.list', { filter: { OWNER_ID: '9999999999' } })).status, 400);
      assert.equal((await post('crm.activity.list', { filter: { '%SUBJECT': 'a\u0000b' } })).status, 400);
      assert.equal((await post('crm.activity.list', { filter: { '<START_TIME': '0000-01-01' } })).status, 400);
      assert.equal((await post('crm.activity.add', { fields: aCall({ START_TIME: '0000-01-01T00:00:00' }) })).status, 400);
      for (const params of [{}, { filter: 'nada', order: 'nada', select: 'ID' }, { filter: { BINDINGS: [{}] } }, { filter: { '@ID': [] } }]) {
        assert.equal((await post('crm.activity.list', params)).status, 200, JSON.stringify(params));
      }
    });

    it('describes its fields and communications in the webhook user\'s language', async () => {
      const fields = await call('crm.activity.fields');
      assert.deepEqual(fields.SUBJECT, { type: 'string', isRequired: true, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: 'Subject' });
      assert.deepEqual([fields.TYPE_ID.type, fields.TYPE_ID.isImmutable, fields.OWNER_TYPE_ID.type], ['crm_enum_activitytype', true, 'crm_enum_ownertype']);
      assert.deepEqual([fields.COMMUNICATIONS.type, fields.COMMUNICATIONS.isMultiple, fields.ID.isReadOnly], ['crm_activity_communication', true, true]);
      const comm = await call('crm.activity.communication.fields');
      assert.deepEqual(Object.keys(comm), ['ID', 'ACTIVITY_ID', 'ENTITY_ID', 'ENTITY_TYPE_ID', 'TYPE', 'VALUE']);
      await raw().updateTable('users').set({ locale: 'pt-BR' }).where('id', '=', t.adminId).execute();
      try {
        assert.equal((await call('crm.activity.fields')).SUBJECT.title, 'Assunto');
        assert.equal((await post('crm.activity.add', { fields: aCall({ PRIORITY: 9 }) })).body.error_description, 'PRIORITY: 1 (baixa), 2 (média) ou 3 (alta)');
      } finally {
        await raw().updateTable('users').set({ locale: 'en' }).where('id', '=', t.adminId).execute();
      }
    });

    it('adds, gets, updates and deletes a call on a deal, its communication a contact\'s phone', async () => {
      const id = await call('crm.activity.add', {
        fields: aCall({ END_TIME: '2027-03-10T14:30:00+00:00', PRIORITY: 3, DIRECTION: 1, DESCRIPTION: 'Retorno sobre a proposta', NOTIFY_TYPE: 1, NOTIFY_VALUE: 15, RESPONSIBLE_ID: t.adminId, FILES: [{ fileData: ['a.txt', 'eA=='] }], ORIGIN_ID: 'ext-1' }),
      });
      assert.equal(typeof id, 'number');
      const got = await call('crm.activity.get', { id });
      assert.deepEqual({ ...got, CREATED: undefined, LAST_UPDATED: undefined }, {
        ID: String(id),
        OWNER_ID: String(dealId),
        OWNER_TYPE_ID: '2',
        TYPE_ID: '2',
        PROVIDER_ID: 'VOXIMPLANT_CALL',
        PROVIDER_TYPE_ID: 'CALL',
        SUBJECT: 'Ligar para o cliente',
        CREATED: undefined,
        LAST_UPDATED: undefined,
        START_TIME: '2027-03-10T14:00:00+00:00',
        END_TIME: '2027-03-10T14:30:00+00:00',
        DEADLINE: '2027-03-10T14:00:00+00:00',
        COMPLETED: 'N',
        STATUS: '1',
        RESPONSIBLE_ID: String(t.adminId),
        PRIORITY: '3',
        NOTIFY_TYPE: '1',
        NOTIFY_VALUE: '15',
        DESCRIPTION: 'Retorno sobre a proposta',
        DESCRIPTION_TYPE: '1',
        DIRECTION: '1',
        LOCATION: '',
        AUTHOR_ID: String(t.adminId),
        SETTINGS: [],
        PROVIDER_PARAMS: [],
        COMMUNICATIONS: [{ ID: null, ACTIVITY_ID: String(id), ENTITY_ID: String(contact.id), ENTITY_TYPE_ID: '3', TYPE: 'PHONE', VALUE: contact.phone }],
      });
      assert.match(got.CREATED, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      // The same activity in the native API: a call on the deal that concerns the contact, reminded 15 minutes before.
      const native = (await t.call('GET', `/api/v1/activities/${id}`)).json();
      assert.deepEqual([native.kind, native.direction, native.priority, native.remindAt], ['call', 'incoming', 'high', '2027-03-10T13:45:00.000Z']);
      assert.deepEqual(native.items.map((i: { type: string; id: number }) => `${i.type}:${i.id}`), [`deal:${dealId}`, `contact:${contact.id}`]);
      assert.equal((await t.call('GET', `/api/v1/contacts/${contact.id}`)).json().nextActivityAt, '2027-03-10T14:00:00.000Z', "on the contact's timeline too");

      // Moving the start moves the deadline and the reminder; TYPE_ID cannot change (ignored, as in Bitrix24).
      assert.equal(await call('crm.activity.update', { id, fields: { START_TIME: '2027-03-11T09:00:00+00:00', END_TIME: '2027-03-11T09:20:00+00:00', SUBJECT: 'Ligar de novo', TYPE_ID: 1 } }), true);
      const moved = await call('crm.activity.get', { id });
      assert.deepEqual([moved.SUBJECT, moved.TYPE_ID, moved.DEADLINE, moved.NOTIFY_TYPE, moved.NOTIFY_VALUE], ['Ligar de novo', '2', '2027-03-11T09:00:00+00:00', '1', '15']);
      assert.equal(await call('crm.activity.update', { id, fields: { NOTIFY_TYPE: 2, NOTIFY_VALUE: 2, PRIORITY: '1' } }), true);
      const reminded = await call('crm.activity.get', { id });
      assert.deepEqual([reminded.NOTIFY_TYPE, reminded.NOTIFY_VALUE, reminded.PRIORITY], ['2', '2', '1']);
      // Form-encoded, as CRest sends it: strings everywhere.
      const form = await client.raw('crm.activity.update', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${id}&fields[COMPLETED]=Y&fields[DESCRIPTION]=Falou%20com%20a%20Beatriz` });
      assert.deepEqual([form.status, form.body.result], [200, true]);
      const done = await call('crm.activity.get', { id });
      assert.deepEqual([done.COMPLETED, done.STATUS, done.DESCRIPTION], ['Y', '2', 'Falou com a Beatriz']);
      assert.equal(await call('crm.activity.update', { id, fields: { STATUS: 1, COMPLETED: undefined } }), true);
      assert.equal((await call('crm.activity.get', { id })).COMPLETED, 'N', 'STATUS 1 reopens it');

      const otherDeal = (await created('/api/v1/deals', dealBody())).id;
      const moveOwner = await post('crm.activity.update', { id, fields: { OWNER_ID: otherDeal } });
      assert.deepEqual([moveOwner.status, moveOwner.body.error_description], [400, 'The owner of an activity cannot be changed (OWNER_TYPE_ID, OWNER_ID)']);
      const badEnd = await post('crm.activity.update', { id, fields: { END_TIME: '2027-03-01T00:00:00+00:00' } });
      assert.deepEqual([badEnd.status, badEnd.body.error_description], [400, 'END_TIME is before START_TIME']);
      assert.equal((await post('crm.activity.update', { id, fields: { SUBJECT: '' } })).body.error_description, 'The field SUBJECT is not defined or empty');

      assert.equal(await call('crm.activity.delete', { id }), true);
      assert.equal((await post('crm.activity.get', { id })).body.error, 'NOT_FOUND');
      assert.equal((await t.call('GET', `/api/v1/activities/${id}`)).statusCode, 404);
    });

    it('meetings, e-mails and to-dos on a contact: communications from the contact, the owner\'s responsible by default', async () => {
      const seller = await t.addUser('Responsável Padrão');
      const owner = await created('/api/v1/contacts', contactBody({ name: 'Carla', lastName: 'Dias', assignedById: seller.id }));
      const meeting = await call('crm.activity.add', {
        fields: { OWNER_TYPE_ID: '3', OWNER_ID: String(owner.id), TYPE_ID: '1', SUBJECT: 'Visita', START_TIME: '2027-04-01T10:00:00-03:00', END_TIME: '2027-04-01T11:00:00-03:00', LOCATION: 'Escritório', COMMUNICATIONS: [{ VALUE: 'Carla Dias' }] },
      });
      const gotMeeting = await call('crm.activity.get', { id: meeting });
      assert.deepEqual(
        [gotMeeting.TYPE_ID, gotMeeting.PROVIDER_ID, gotMeeting.START_TIME, gotMeeting.DEADLINE, gotMeeting.LOCATION, gotMeeting.DIRECTION, gotMeeting.RESPONSIBLE_ID, gotMeeting.PRIORITY],
        ['1', 'CRM_MEETING', '2027-04-01T13:00:00+00:00', '2027-04-01T13:00:00+00:00', 'Escritório', '0', String(seller.id), '2'],
      );
      assert.deepEqual(gotMeeting.COMMUNICATIONS.map((c: any) => [c.ENTITY_TYPE_ID, c.ENTITY_ID, c.TYPE, c.VALUE]), [['3', String(owner.id), '', 'Carla Dias']], 'a communication without an item is the owner');

      const email = await call('crm.activity.add', {
        fields: { OWNER_TYPE_ID: 3, OWNER_ID: owner.id, TYPE_ID: 4, SUBJECT: 'Proposta', START_TIME: '2027-04-02T09:00:00', DIRECTION: 2, COMPLETED: 'Y', COMMUNICATIONS: [{ VALUE: owner.emails[0].value, TYPE: 'EMAIL', ENTITY_ID: owner.id, ENTITY_TYPE_ID: 3 }, { VALUE: contact.email, ENTITY_ID: contact.id, ENTITY_TYPE_ID: 3 }] },
      });
      const gotEmail = await call('crm.activity.get', { id: email });
      assert.deepEqual([gotEmail.TYPE_ID, gotEmail.DIRECTION, gotEmail.COMPLETED, gotEmail.START_TIME], ['4', '2', 'Y', '2027-04-02T09:00:00+00:00']);
      assert.deepEqual(gotEmail.COMMUNICATIONS.map((c: any) => [c.ENTITY_ID, c.TYPE, c.VALUE]), [[String(owner.id), 'EMAIL', owner.emails[0].value], [String(contact.id), 'EMAIL', contact.email]]);

      // A task (3) or a universal activity (6) is our to-do: no communication needed, its deadline from END_TIME.
      const todo = await call('crm.activity.add', { fields: { OWNER_TYPE_ID: 3, OWNER_ID: owner.id, TYPE_ID: 3, SUBJECT: 'Enviar contrato', END_TIME: '2027-04-05T18:00:00+00:00', NOTIFY_TYPE: 3, NOTIFY_VALUE: 1, RESPONSIBLE_ID: t.adminId } });
      const gotTodo = await call('crm.activity.get', { id: todo });
      assert.deepEqual(
        [gotTodo.TYPE_ID, gotTodo.PROVIDER_ID, gotTodo.PROVIDER_TYPE_ID, gotTodo.DEADLINE, gotTodo.START_TIME, gotTodo.END_TIME, gotTodo.NOTIFY_TYPE, gotTodo.NOTIFY_VALUE, gotTodo.RESPONSIBLE_ID],
        ['6', 'CRM_TODO', 'TODO', '2027-04-05T18:00:00+00:00', '2027-04-05T18:00:00+00:00', '2027-04-05T18:00:00+00:00', '3', '1', String(t.adminId)],
      );
      const universal = await call('crm.activity.add', { fields: { OWNER_TYPE_ID: 3, OWNER_ID: owner.id, TYPE_ID: 6, SUBJECT: 'Revisar', DEADLINE: '2027-04-06T12:00:00+00:00' } });
      assert.equal((await t.call('GET', `/api/v1/activities/${universal}`)).json().kind, 'todo');

      const listed = await call('crm.activity.list', { filter: { OWNER_TYPE_ID: 3, OWNER_ID: owner.id }, order: { ID: 'ASC' }, select: ['ID', 'TYPE_ID'] });
      assert.deepEqual(listed.map((a: any) => [Number(a.ID), a.TYPE_ID]), [[meeting, '1'], [email, '4'], [todo, '6'], [universal, '6']]);
      assert.deepEqual(Object.keys(listed[0]), ['ID', 'TYPE_ID']);
      // BINDINGS: every activity that concerns the first contact, whatever its owner.
      const bound = await call('crm.activity.list', { filter: { BINDINGS: [{ OWNER_TYPE_ID: 3, OWNER_ID: contact.id }] }, select: ['ID', 'OWNER_TYPE_ID'] });
      assert.deepEqual(bound.map((a: any) => [Number(a.ID), a.OWNER_TYPE_ID]), [[email, '3']]);
      for (const id of [meeting, email, todo, universal]) assert.equal(await call('crm.activity.delete', { id }), true);
    });

    it('lists in pages of 50 with start, total and next (start=-1 counts nothing), filtered and ordered', async () => {
      const deal = (await created('/api/v1/deals', dealBody({ title: 'Muitas atividades' }))).id;
      const other = await t.addUser('Outra Responsável');
      const ids: number[] = [];
      for (let index = 0; index < 56; index += 1) {
        const day = String(1 + (index % 28)).padStart(2, '0');
        const activity = await created('/api/v1/activities', {
          kind: index % 4 === 0 ? 'meeting' : 'call',
          subject: `Contato ${String(index).padStart(2, '0')}`,
          owner: { type: 'deal', id: deal },
          ...(index % 4 === 0 ? { startAt: `2027-05-${day}T10:00:00Z` } : { deadline: `2027-05-${day}T10:00:00Z` }),
          responsibleId: index % 7 === 0 ? other.id : t.adminId,
          completed: index % 5 === 0,
        });
        ids.push(activity.id);
      }
      const filter = { OWNER_TYPE_ID: 2, OWNER_ID: deal };
      const first = await post('crm.activity.list', { filter, order: { ID: 'ASC' }, select: ['ID', 'SUBJECT'] });
      assert.deepEqual([first.body.result.length, first.body.total, first.body.next], [50, 56, 50]);
      assert.deepEqual(first.body.result.map((a: any) => Number(a.ID)), ids.slice(0, 50));
      const last = await post('crm.activity.list', { filter, order: { ID: 'ASC' }, start: 50 });
      assert.deepEqual([last.body.result.length, last.body.total, 'next' in last.body], [6, 56, false]);
      assert.deepEqual(last.body.result.map((a: any) => Number(a.ID)), ids.slice(50));
      const uncounted = await post('crm.activity.list', { filter, start: -1 });
      assert.deepEqual([uncounted.body.result.length, uncounted.body.total, 'next' in uncounted.body], [50, 0, false]);

      // The default order is START_TIME ascending (the id breaks ties); DEADLINE DESC reverses it.
      const byStart = await call('crm.activity.list', { filter, select: ['ID', 'START_TIME'] });
      const starts = byStart.map((a: any) => a.START_TIME);
      assert.deepEqual(starts, [...starts].sort());
      assert.equal(starts[0], '2027-05-01T10:00:00+00:00');
      const byDeadline = await call('crm.activity.list', { filter, order: { DEADLINE: 'DESC', ID: 'DESC' }, select: ['ID', 'DEADLINE'] });
      assert.equal(byDeadline[0].DEADLINE, '2027-05-28T10:00:00+00:00');
      assert.equal(Number(byDeadline[0].ID), ids[55], 'the later of the two on the 28th');

      const count = async (more: Record<string, unknown>) => (await post('crm.activity.list', { filter: { ...filter, ...more }, select: ['ID'] })).body.total;
      const expected = (test: (index: number) => boolean) => ids.filter((_, index) => test(index)).length;
      assert.equal(await count({ TYPE_ID: 1 }), expected((i) => i % 4 === 0));
      assert.equal(await count({ '!TYPE_ID': 1 }), expected((i) => i % 4 !== 0));
      assert.equal(await count({ '@TYPE_ID': [1, 2] }), 56);
      assert.equal(await count({ COMPLETED: 'Y' }), expected((i) => i % 5 === 0));
      assert.equal(await count({ COMPLETED: 'N', RESPONSIBLE_ID: other.id }), expected((i) => i % 5 !== 0 && i % 7 === 0));
      assert.equal(await count({ '>ID': ids[49] }), 6);
      assert.equal(await count({ '>=ID': ids[49], '<ID': ids[52] }), 3);
      assert.equal(await count({ ID: [ids[0], ids[3], 999_999] }), 2);
      assert.equal(await count({ '!@ID': [ids[0], ids[3]] }), 54);
      assert.equal(await count({ '%SUBJECT': 'contato 1' }), 10);
      assert.equal(await count({ '<DEADLINE': '2027-05-03T00:00:00+00:00' }), 4);
      assert.equal(await count({ '>=START_TIME': '2027-05-28' }), 2);
      assert.equal(await count({ OWNER_TYPE_ID: 3 }), 0);
      assert.equal(await count({ TYPE_ID: 5 }), 0, 'a type we do not have matches nothing');

      // The SDK's list helpers walk every page (>ID keyset, start=-1).
      const all = await client.b24.actions.v2.callList.make<{ ID: string }>({ method: 'crm.activity.list', params: { filter, select: ['ID'] }, idKey: 'ID' });
      assert.equal(all.isSuccess, true, all.getErrorMessages().join('; '));
      assert.deepEqual(all.getData()!.map((a) => Number(a.ID)).sort((a, b) => a - b), ids);
      const pages: number[] = [];
      for await (const page of client.b24.actions.v2.fetchList.make<{ ID: string }>({ method: 'crm.activity.list', params: { filter, select: ['ID'] }, idKey: 'ID' })) pages.push(page.length);
      assert.deepEqual(pages, [50, 6]);
    });

    it('a department role lists and reads only activities of items it may read, and cannot add to one it cannot read', async () => {
      const seller = await t.addUser('Vendedora Atividades');
      const colleague = await t.addUser('Colega Atividades');
      const outsider = await t.addUser('De Fora Atividades');
      const department = async (name: string, members: number[]) => {
        const row = await raw().insertInto('departments').values({ name, parent_id: null, head_user_id: members[0], sort: 100 }).returning('id').executeTakeFirstOrThrow();
        for (const member of members) await raw().insertInto('user_departments').values({ user_id: member, department_id: row.id }).execute();
      };
      await department('Vendas Atividades', [seller.id, colleague.id]);
      await department('Suporte Atividades', [outsider.id]);
      const ours = (await created('/api/v1/deals', dealBody({ assignedById: colleague.id }))).id;
      const theirs = (await created('/api/v1/deals', dealBody({ assignedById: outsider.id }))).id;
      const onOurs = await call('crm.activity.add', { fields: aCall({ OWNER_ID: ours, COMMUNICATIONS: [{ VALUE: '+5511999990000' }], RESPONSIBLE_ID: colleague.id }) });
      const onTheirs = await call('crm.activity.add', { fields: aCall({ OWNER_ID: theirs, COMMUNICATIONS: [{ VALUE: '+5511999990001' }], RESPONSIBLE_ID: outsider.id }) });
      const sellerHook = await bitrixClient(t, { token: seller.token });
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('department') } }]);

      const listed = await post('crm.activity.list', { filter: { '@OWNER_ID': [ours, theirs] }, select: ['ID'] }, sellerHook);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual([listed.body.result.map((a: any) => Number(a.ID)), listed.body.total], [[onOurs], 1]);
      assert.equal((await call('crm.activity.get', { id: onOurs }, sellerHook)).OWNER_ID, String(ours));
      for (const method of ['crm.activity.get', 'crm.activity.update', 'crm.activity.delete']) {
        const answer = await post(method, { id: onTheirs, fields: { SUBJECT: 'Intrometida' } }, sellerHook);
        assert.deepEqual([answer.status, answer.body.error], [400, 'NOT_FOUND'], method);
      }
      const intruding = await post('crm.activity.add', { fields: aCall({ OWNER_ID: theirs }) }, sellerHook);
      assert.deepEqual([intruding.status, intruding.body.error], [400, 'NOT_FOUND']);
      assert.equal(await call('crm.activity.update', { id: onOurs, fields: { COMPLETED: 'Y' } }, sellerHook), true);
      const mine = await call('crm.activity.add', { fields: aCall({ OWNER_ID: ours, COMMUNICATIONS: [{ VALUE: '+5511999990002' }] }) }, sellerHook);
      assert.equal((await call('crm.activity.get', { id: mine }, sellerHook)).RESPONSIBLE_ID, String(colleague.id), "the deal's responsible by default");

      // The responsible sees an activity of theirs on an item they may not read (as in Bitrix24 and the native API).
      const assigned = await call('crm.activity.add', { fields: aCall({ OWNER_ID: theirs, COMMUNICATIONS: [{ VALUE: '+5511999990003' }], RESPONSIBLE_ID: seller.id }) });
      assert.deepEqual((await call('crm.activity.list', { filter: { OWNER_ID: theirs }, select: ['ID'] }, sellerHook)).map((a: any) => Number(a.ID)), [assigned]);

      // Reading a deal without the right to change it: no activity may be planned on it.
      await setRoles(t, [{ userId: seller.id, permissions: { items: { ...everywhere('department'), deal: { ...every('department'), update: 'none' } } } }]);
      const denied = await post('crm.activity.add', { fields: aCall({ OWNER_ID: ours }) }, sellerHook);
      assert.deepEqual([denied.status, denied.body.error, denied.body.error_description], [403, 'ACCESS_DENIED', 'Access denied.']);
    });
  });
}
