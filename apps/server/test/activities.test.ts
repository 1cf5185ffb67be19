import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sendDueReminders } from '../src/modules/notifications/notification.service.ts';
import { contactBody, dealBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

const hour = 3_600_000;

for (const dialect of testDialects()) {
  describe(`activities, timeline, comments, notifications [${dialect}]`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-12-01T12:00:00.000Z');
    const at = (offset: number) => new Date(clock + offset).toISOString();
    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(clock) });
    });
    after(() => t.close());

    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const post = async (url: string, body: unknown, headers?: Record<string, string>) => {
      const response = await t.call('POST', url, body, headers);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };

    it('plans an activity on a deal that concerns a contact: both timelines show it, pinned while open, in the stream once done', async () => {
      const contact = await post('/api/v1/contacts', contactBody());
      const deal = await post('/api/v1/deals', dealBody({ contactIds: [contact.id] }));
      assert.equal(deal.nextActivityAt, null);
      const call = await post('/api/v1/activities', { kind: 'call', subject: 'Ligar para o cliente', owner: { type: 'deal', id: deal.id }, items: [{ type: 'contact', id: contact.id }], deadline: at(2 * hour) });
      assert.equal(call.direction, 'outgoing');
      assert.equal(call.responsibleId, t.adminId);
      assert.deepEqual(call.items.map((i: { type: string }) => i.type), ['deal', 'contact']);

      for (const url of [`/api/v1/deals/${deal.id}`, `/api/v1/contacts/${contact.id}`]) {
        assert.equal((await t.call('GET', url)).json().nextActivityAt, at(2 * hour), url);
        const timeline = (await t.call('GET', `${url}/timeline`)).json();
        assert.deepEqual(timeline.planned.map((a: { id: number }) => a.id), [call.id], url);
        assert.ok(!timeline.items.some((e: { kind: string }) => e.kind === 'activity'));
      }
      const nothingPlanned = (await t.call('GET', `/api/v1/deals?filter[nextActivityAt][empty]=true&filter[id]=${deal.id}`)).json();
      assert.equal(nothingPlanned.items.length, 0);

      clock += hour;
      const done = (await t.call('PATCH', `/api/v1/activities/${call.id}`, { completed: true, result: 'Pediu proposta' })).json();
      assert.equal(done.completed, true);
      assert.equal(done.completedAt, at(0));
      for (const url of [`/api/v1/deals/${deal.id}`, `/api/v1/contacts/${contact.id}`]) {
        assert.equal((await t.call('GET', url)).json().nextActivityAt, null, 'nothing planned once the last one is done');
        const timeline = (await t.call('GET', `${url}/timeline`)).json();
        assert.deepEqual(timeline.planned, []);
        assert.equal(timeline.items[0].kind, 'activity');
        assert.equal(timeline.items[0].activity.id, call.id);
      }
      assert.equal((await t.call('GET', `/api/v1/deals?filter[nextActivityAt][empty]=true&filter[id]=${deal.id}`)).json().items.length, 1);
    });

    it('records completing and rescheduling in the activity history, and refuses what does not fit', async () => {
      const deal = await post('/api/v1/deals', dealBody());
      const meeting = await post('/api/v1/activities', { kind: 'meeting', subject: 'Apresentação', owner: { type: 'deal', id: deal.id }, startAt: at(24 * hour), endAt: at(25 * hour), place: 'Sala 2' });
      assert.equal(meeting.deadline, at(24 * hour), "a meeting's deadline is its start");
      const moved = (await t.call('PATCH', `/api/v1/activities/${meeting.id}`, { startAt: at(48 * hour), endAt: at(49 * hour), version: meeting.version })).json();
      assert.equal(moved.deadline, at(48 * hour));
      assert.equal((await t.call('PATCH', `/api/v1/activities/${meeting.id}`, { subject: 'Velha', version: meeting.version })).statusCode, 409);
      await t.call('PATCH', `/api/v1/activities/${meeting.id}`, { completed: true });
      const history = (await t.call('GET', `/api/v1/activities/${meeting.id}/history`)).json().items;
      assert.deepEqual(history.map((h: { type: string }) => h.type), ['created', 'rescheduled', 'completed']);
      assert.deepEqual(history[1].changes.deadline, [at(24 * hour), at(48 * hour)]);
      assert.deepEqual(history[2].changes.completed, [false, true]);

      const refusals = [
        { kind: 'call', subject: 'x', owner: { type: 'deal', id: deal.id } },
        { kind: 'meeting', subject: 'x', owner: { type: 'deal', id: deal.id }, startAt: at(2 * hour), endAt: at(hour) },
        { kind: 'fax', subject: 'x', owner: { type: 'deal', id: deal.id }, deadline: at(hour) },
        { kind: 'call', subject: 'x', owner: { type: 'deal', id: deal.id }, deadline: 'amanhã' },
        { kind: 'call', subject: 'x', owner: { type: 'deal', id: deal.id }, deadline: at(hour), responsibleId: 999_999 },
      ];
      for (const body of refusals) assert.equal((await t.call('POST', '/api/v1/activities', body)).statusCode, 400, JSON.stringify(body));
      assert.equal((await t.call('POST', '/api/v1/activities', { kind: 'call', subject: 'x', owner: { type: 'deal', id: 999_999 }, deadline: at(hour) })).statusCode, 404);
    });

    it('shows an activity only to who may read its owner or is its responsible: timelines, lists, counters, notifications', async () => {
      const seller = await t.addUser('Vendedora');
      await setRoles(t, [{ userId: seller.id, permissions: { items: everywhere('own') } }]);
      const theirs = await post('/api/v1/contacts', contactBody({ assignedById: seller.id }));
      const hidden = await post('/api/v1/deals', dealBody({ contactIds: [theirs.id] }));
      // On a deal the seller may not read, concerning the seller's contact: invisible to them.
      const secret = await post('/api/v1/activities', { kind: 'todo', subject: 'Negociação sigilosa', owner: { type: 'deal', id: hidden.id }, items: [{ type: 'contact', id: theirs.id }], deadline: at(-hour) });
      const sellerTimeline = (await t.call('GET', `/api/v1/contacts/${theirs.id}/timeline`, undefined, as(seller.token))).json();
      assert.deepEqual(sellerTimeline.planned, []);
      assert.equal((await t.call('GET', `/api/v1/activities/${secret.id}`, undefined, as(seller.token))).statusCode, 404);
      assert.equal((await t.call('GET', '/api/v1/activities', undefined, as(seller.token))).json().items.length, 0);
      assert.equal((await t.call('GET', `/api/v1/deals/${hidden.id}/timeline`, undefined, as(seller.token))).statusCode, 404);
      assert.equal((await t.call('PATCH', `/api/v1/activities/${secret.id}`, { completed: true }, as(seller.token))).statusCode, 404);

      await t.call('POST', '/api/v1/notifications/read', { all: true }, as(seller.token));
      // Made its responsible, the seller sees it (what it concerns is named), is told, and counts it as overdue.
      await t.call('PATCH', `/api/v1/activities/${secret.id}`, { responsibleId: seller.id });
      const mine = (await t.call('GET', '/api/v1/activities?responsibleId=me', undefined, as(seller.token))).json().items;
      assert.deepEqual(mine.map((a: { id: number }) => a.id), [secret.id]);
      assert.deepEqual((await t.call('GET', '/api/v1/activities/counters', undefined, as(seller.token))).json(), { overdue: 1, today: 0, upcoming: 0 });
      const told = (await t.call('GET', '/api/v1/notifications', undefined, as(seller.token))).json();
      assert.equal(told.unread, 1);
      assert.equal(told.items[0].kind, 'activityAssigned');
      assert.equal(told.items[0].activity.subject, 'Negociação sigilosa');

      // Handed back, it is gone again for the seller, its notification with it.
      await t.call('PATCH', `/api/v1/activities/${secret.id}`, { responsibleId: t.adminId });
      assert.deepEqual((await t.call('GET', '/api/v1/activities/counters', undefined, as(seller.token))).json(), { overdue: 0, today: 0, upcoming: 0 });
      assert.deepEqual((await t.call('GET', '/api/v1/notifications/unread-count', undefined, as(seller.token))).json(), { unread: 0 });
      // The seller may not plan on an item they may not change.
      assert.equal((await t.call('POST', '/api/v1/activities', { kind: 'call', subject: 'x', owner: { type: 'deal', id: hidden.id }, deadline: at(hour) }, as(seller.token))).statusCode, 404);
      await setRoles(t, []);
    });

    it('counts today by the day of the time zone asked for', async () => {
      clock = Date.parse('2026-12-02T12:00:00.000Z');
      const user = await t.addUser('Contadora');
      const deal = await post('/api/v1/deals', dealBody());
      // 12:00Z is 09:00 in São Paulo: due at 23:30 there (02:30Z next day) is today; at 01:00 the next day, not.
      for (const offset of [14.5 * hour, 16 * hour, -0.5 * hour]) {
        await post('/api/v1/activities', { kind: 'call', subject: 'x', owner: { type: 'deal', id: deal.id }, deadline: at(offset), responsibleId: user.id });
      }
      assert.deepEqual((await t.call('GET', '/api/v1/activities/counters?timeZone=America/Sao_Paulo', undefined, as(user.token))).json(), { overdue: 1, today: 1, upcoming: 1 });
      assert.deepEqual((await t.call('GET', '/api/v1/activities/counters?timeZone=UTC', undefined, as(user.token))).json(), { overdue: 1, today: 0, upcoming: 2 });
      assert.equal((await t.call('GET', '/api/v1/activities/counters?timeZone=Mars/Olympus', undefined, as(user.token))).statusCode, 400);
    });

    it('tells a mentioned user once, and not the author', async () => {
      const mentioned = await t.addUser('Beatriz');
      await setRoles(t, [{ userId: mentioned.id, permissions: { items: everywhere('all') } }]);
      const deal = await post('/api/v1/deals', dealBody());
      const comment = await post(`/api/v1/deals/${deal.id}/comments`, { text: '@Beatriz veja o desconto, @Beatriz', mentionIds: [mentioned.id, mentioned.id, t.adminId] });
      assert.deepEqual(comment.mentions.map((m: { id: number }) => m.id).sort(), [t.adminId, mentioned.id].sort());
      const list = (await t.call('GET', '/api/v1/notifications', undefined, as(mentioned.token))).json();
      assert.equal(list.items.filter((n: { kind: string }) => n.kind === 'mention').length, 1);
      assert.equal(list.items[0].item.id, deal.id);
      assert.equal(list.items[0].actor.name, 'Admin');
      assert.equal((await t.call('GET', '/api/v1/notifications?unread=true')).json().items.filter((n: { kind: string }) => n.kind === 'mention').length, 0, 'the author is not told');
      assert.deepEqual((await t.call('POST', '/api/v1/notifications/read', { all: true }, as(mentioned.token))).json(), { unread: 0 });
      assert.equal((await t.call('POST', `/api/v1/deals/${deal.id}/comments`, { text: 'x', mentionIds: [999_999] })).statusCode, 400);
      assert.equal((await t.call('POST', `/api/v1/deals/${deal.id}/comments`, { text: '   ' })).statusCode, 400);
      // Only its author edits it; the timeline shows it.
      assert.equal((await t.call('PATCH', `/api/v1/comments/${comment.id}`, { text: 'editado' }, as(mentioned.token))).statusCode, 403);
      assert.equal((await t.call('PATCH', `/api/v1/comments/${comment.id}`, { text: 'editado' })).json().text, 'editado');
      const timeline = (await t.call('GET', `/api/v1/deals/${deal.id}/timeline?kinds=comment`)).json();
      assert.deepEqual(timeline.items.map((e: { comment: { id: number } }) => e.comment.id), [comment.id]);
    });

    it('sends a reminder once, at its time', async () => {
      const deal = await post('/api/v1/deals', dealBody());
      const user = await t.addUser('Lembrada');
      await post('/api/v1/activities', { kind: 'call', subject: 'Lembrar', owner: { type: 'deal', id: deal.id }, deadline: at(2 * hour), remindAt: at(hour), responsibleId: user.id });
      await t.call('POST', '/api/v1/notifications/read', { all: true }, as(user.token));
      assert.equal(await sendDueReminders(t.database, new Date(clock + hour - 1)), 0);
      assert.equal(await sendDueReminders(t.database, new Date(clock + hour)), 1);
      assert.equal(await sendDueReminders(t.database, new Date(clock + 2 * hour)), 0, 'once');
      const due = (await t.call('GET', '/api/v1/notifications?unread=true', undefined, as(user.token))).json().items;
      assert.deepEqual(due.map((n: { kind: string }) => n.kind), ['activityDue']);
    });

    it('tells the new responsible of an item, not the one who hands it over', async () => {
      const user = await t.addUser('Recebedora');
      await setRoles(t, [{ userId: user.id, permissions: { items: everywhere('all') } }]);
      const deal = await post('/api/v1/deals', dealBody());
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { assignedById: user.id });
      const items = (await t.call('GET', '/api/v1/notifications', undefined, as(user.token))).json().items;
      assert.equal(items[0].kind, 'itemAssigned');
      assert.equal(items[0].item.id, deal.id);
    });

    it('bins, restores and purges activities with their owner; a merge moves them to the survivor', async () => {
      const deal = await post('/api/v1/deals', dealBody());
      const activity = await post('/api/v1/activities', { kind: 'todo', subject: 'Enviar contrato', owner: { type: 'deal', id: deal.id }, deadline: at(hour) });
      await t.call('DELETE', `/api/v1/deals/${deal.id}`);
      assert.equal((await t.call('GET', `/api/v1/activities/${activity.id}`)).statusCode, 404);
      assert.ok(!(await t.call('GET', '/api/v1/activities?limit=200')).json().items.some((a: { id: number }) => a.id === activity.id));
      await t.call('POST', `/api/v1/deals/${deal.id}/restore`);
      assert.equal((await t.call('GET', `/api/v1/activities/${activity.id}`)).statusCode, 200);
      await t.call('DELETE', `/api/v1/deals/${deal.id}`);
      assert.equal((await t.call('DELETE', `/api/v1/recycle-bin/deal/${deal.id}`)).statusCode, 204);
      const left = await t.database.db.selectFrom('activities' as any).select('id').where('id', '=', activity.id).execute();
      assert.deepEqual(left, []);

      const a = await post('/api/v1/contacts', contactBody());
      const b = await post('/api/v1/contacts', contactBody());
      const onB = await post('/api/v1/activities', { kind: 'call', subject: 'Do B', owner: { type: 'contact', id: b.id }, items: [{ type: 'contact', id: a.id }], deadline: at(hour) });
      await post(`/api/v1/contacts/${b.id}/comments`, { text: 'Comentário do B' });
      assert.equal((await t.call('POST', '/api/v1/contacts/merge', { ids: [a.id, b.id], survivorId: a.id })).statusCode, 200);
      const moved = (await t.call('GET', `/api/v1/activities/${onB.id}`)).json();
      assert.deepEqual(moved.owner.id, a.id);
      assert.deepEqual(moved.items.map((i: { id: number }) => i.id), [a.id]);
      const timeline = (await t.call('GET', `/api/v1/contacts/${a.id}/timeline`)).json();
      assert.deepEqual(timeline.planned.map((x: { id: number }) => x.id), [onB.id]);
      assert.ok(timeline.items.some((e: { kind: string; comment?: { text: string } }) => e.kind === 'comment' && e.comment!.text === 'Comentário do B'));
      assert.ok(timeline.items.some((e: { kind: string; event?: { type: string } }) => e.kind === 'history' && e.event!.type === 'merged'));
      assert.equal((await t.call('GET', `/api/v1/contacts/${a.id}`)).json().nextActivityAt, at(hour));
    });

    it('pages a long timeline newest first without losing or repeating an entry', async () => {
      const deal = await post('/api/v1/deals', dealBody());
      const made: number[] = [];
      for (let i = 0; i < 7; i++) {
        clock += 1000;
        made.push((await post(`/api/v1/deals/${deal.id}/comments`, { text: `Nota ${i}` })).id);
        await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: `Título ${i}` });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ kind: string; date: string; comment?: { id: number }; event?: { eventId: number } }>; nextCursor: string | null } = (
          await t.call('GET', `/api/v1/deals/${deal.id}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((e) => (e.kind === 'comment' ? `c${e.comment!.id}` : `h${e.event!.eventId}`)));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, 7 * 2 + 1, 'seven comments, seven updates, the creation');
      assert.equal(new Set(seen).size, seen.length);
      assert.deepEqual(seen.filter((k) => k.startsWith('c')), made.toReversed().map((id) => `c${id}`));
      assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}/timeline?cursor=nonsense`)).statusCode, 400);
      assert.equal((await t.call('GET', `/api/v1/deals/${deal.id}/timeline?kinds=calls`)).statusCode, 400);
    });

    it('keeps tasks with a checklist and linked items: my tasks, the contact timeline, who may see them', async () => {
      const coworker = await t.addUser('Coparticipante');
      const outsider = await t.addUser('Alheia');
      await setRoles(t, [
        { userId: coworker.id, permissions: { items: everywhere('none') } },
        { userId: outsider.id, permissions: { items: everywhere('none') } },
      ]);
      const contact = await post('/api/v1/contacts', contactBody());
      const task = await post('/api/v1/tasks', {
        title: 'Preparar proposta',
        deadline: at(24 * hour),
        coworkerIds: [coworker.id],
        checklist: [{ text: 'Levantar preços' }, { text: 'Revisar contrato' }],
        items: [{ type: 'contact', id: contact.id }],
      });
      assert.equal(task.status, 'new');
      assert.deepEqual(task.checklist.map((c: { done: boolean }) => c.done), [false, false]);
      const ticked = (await t.call('PATCH', `/api/v1/tasks/${task.id}/checklist/${task.checklist[0].id}`, { done: true }, as(coworker.token))).json();
      assert.deepEqual(ticked.checklist.map((c: { done: boolean }) => c.done), [true, false]);
      assert.deepEqual(ticked.items, [], 'the co-worker may not read the contact: the link is not shown to them');
      assert.deepEqual((await t.call('GET', '/api/v1/tasks?role=coworker', undefined, as(coworker.token))).json().items.map((x: { id: number }) => x.id), [task.id]);
      assert.deepEqual((await t.call('GET', '/api/v1/tasks?role=responsible')).json().items.map((x: { id: number }) => x.id), [task.id]);
      assert.equal((await t.call('GET', `/api/v1/tasks/${task.id}`, undefined, as(outsider.token))).statusCode, 404);
      assert.equal((await t.call('DELETE', `/api/v1/tasks/${task.id}`, undefined, as(coworker.token))).statusCode, 403);
      const timeline = (await t.call('GET', `/api/v1/contacts/${contact.id}/timeline?kinds=task`)).json();
      assert.deepEqual(timeline.items.map((e: { task: { title: string } }) => e.task.title), ['Preparar proposta']);
      // A checklist given again keeps its entries by id and their ticks.
      const kept = (await t.call('PATCH', `/api/v1/tasks/${task.id}`, { status: 'done', checklist: [{ id: task.checklist[0].id, text: 'Levantar preços' }, { text: 'Enviar' }] })).json();
      assert.deepEqual(kept.checklist.map((c: { text: string; done: boolean }) => [c.text, c.done]), [['Levantar preços', true], ['Enviar', false]]);
      assert.equal(kept.closedAt, at(0));
      assert.equal((await t.call('PATCH', `/api/v1/tasks/${task.id}`, { checklist: [{ id: 999_999, text: 'x' }] })).statusCode, 400);
      assert.equal((await t.call('POST', '/api/v1/tasks', { title: 'x', items: [{ type: 'contact', id: 999_999 }] })).statusCode, 404);
      await setRoles(t, []);
    });
  });
}
