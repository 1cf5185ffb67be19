import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { dealBody } from './support/factories.ts';
import { everywhere, setRoles } from './support/roles.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * The live stream (GET /api/v1/live) read as a browser reads it: the app listens on a port, the stream is fetched
 * and its server-sent events parsed as they arrive. Changes reach those who may read the item, without the fields
 * they may not see; a reconnection replays what was missed; a notification reaches its recipient only.
 */

interface Message {
  id?: string;
  event?: string;
  data?: any;
  raw: string;
}

/** An open stream: every message it received so far, and a wait for the next one that matches. */
class Stream {
  readonly messages: Message[] = [];
  /** Every byte received, to look for what must never be sent. */
  text = '';
  lastId: string | undefined;
  isEnded = false;
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];

  static async open(base: string, token: string, lastEventId?: string): Promise<Stream> {
    const stream = new Stream();
    const response = await fetch(`${base}/api/v1/live`, { headers: { authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: stream.controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    void stream.read(response.body!.getReader());
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>) {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const chunk = decoder.decode(value, { stream: true });
        this.text += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: Message = { raw: block };
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            const value = rest.join(': ');
            if (field === 'id') message.id = this.lastId = value;
            if (field === 'event') message.event = value;
            if (field === 'data') message.data = JSON.parse(value);
          }
          if (message.event) this.messages.push(message);
          this.notify();
        }
      }
    } catch {
      // Aborted by the test.
    }
    this.isEnded = true;
    this.notify();
  }

  private notify() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** The first message matching `test` (waiting up to `ms` for it), or undefined. */
  async next(test: (m: Message) => boolean, ms = 1000): Promise<Message | undefined> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.find(test);
      if (found || this.isEnded) return found;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await Promise.race([new Promise<void>((resolve) => this.waiters.push(resolve)), sleep(left)]);
    }
  }

  async ended(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.isEnded && Date.now() < deadline) await sleep(50);
    return this.isEnded;
  }

  changesOf(id: number) {
    return this.messages.filter((m) => m.event === 'change' && m.data.entityId === id);
  }

  close() {
    this.controller.abort();
  }
}

const secret = 'S3NT1N3L-hidden-comments';

for (const dialect of testDialects()) {
  describe(`live stream [${dialect}]`, () => {
    let t: TestApp;
    let base: string;
    let reader: { id: number; token: string };
    let outsider: { id: number; token: string };
    const streams: Stream[] = [];
    const open = async (token: string, lastEventId?: string) => {
      const stream = await Stream.open(base, token, lastEventId);
      streams.push(stream);
      return stream;
    };

    before(async () => {
      t = await createTestApp(dialect);
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
      reader = await t.addUser('Beatriz');
      outsider = await t.addUser('Caio');
      // Beatriz reads every deal but not their comments field; Caio reads only his own.
      await setRoles(t, [
        { userId: reader.id, permissions: { items: everywhere('all'), fields: { deal: { comments: 'hidden' } } } },
        { userId: outsider.id, permissions: { items: everywhere('own') } },
      ]);
    });
    after(async () => {
      for (const stream of streams) stream.close();
      await t.close();
    });

    it('refuses a caller who is not signed in (401)', async () => {
      const response = await fetch(`${base}/api/v1/live`);
      assert.equal(response.status, 401);
    });

    it("tells a reader of another user's change within 1 s, with the actor and the changed fields they may see", async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ assignedById: t.adminId }))).json();
      const bia = await open(reader.token);
      const caio = await open(outsider.token);
      await sleep(300);
      const started = Date.now();
      const updated = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Renovação 2026', comments: secret });
      assert.equal(updated.statusCode, 200, updated.body);
      const change = await bia.next((m) => m.event === 'change' && m.data.entityId === deal.id && m.data.type === 'item.updated');
      assert.ok(change, 'no change arrived');
      assert.ok(Date.now() - started < 1000, `arrived after ${Date.now() - started} ms`);
      assert.equal(change.data.entityType, 'deal');
      assert.deepEqual(change.data.actor, { id: t.adminId, name: 'Admin' });
      assert.equal(change.data.title, 'Renovação 2026');
      assert.deepEqual(change.data.fields, ['title']);
      assert.match(change.id ?? '', dialect === 'sqlite' ? /^\d+$/ : /^\d+\.\d+$/);

      // A change of the hidden field alone is not told; a stage move says the new stage.
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { comments: `${secret} again` });
      const moved = await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'WON' });
      assert.equal(moved.statusCode, 200, moved.body);
      const stage = await bia.next((m) => m.event === 'change' && m.data.entityId === deal.id && m.data.stageId === 'WON');
      assert.ok(stage, 'no stage change arrived');
      assert.ok(stage.data.fields.includes('stageId'));
      assert.equal(bia.changesOf(deal.id).filter((m) => m.data.type === 'item.updated').length, 2, 'the hidden-only update was told');
      assert.ok(!bia.text.includes(secret), 'the hidden value was sent');
      assert.ok(!bia.text.includes('comments'), "the hidden field's name was sent");

      // Caio may not read the deal: nothing about it, ever.
      await sleep(500);
      assert.deepEqual(caio.changesOf(deal.id), []);
      assert.ok(!caio.text.includes('Renovação'));
    });

    it('tells a comment on a deal as a change of that deal, and its mention as a notification to the mentioned user only', async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ assignedById: t.adminId }))).json();
      const bia = await open(reader.token);
      const caio = await open(outsider.token);
      await sleep(300);
      const comment = await t.call('POST', `/api/v1/deals/${deal.id}/comments`, { text: '@Beatriz veja', mentionIds: [reader.id] });
      assert.equal(comment.statusCode, 201, comment.body);
      const told = await bia.next((m) => m.event === 'change' && m.data.entityId === deal.id && m.data.type === 'comment.added');
      assert.ok(told, 'the comment was not told');
      assert.deepEqual(told.data.source, { type: 'comment', id: comment.json().id });
      const notification = await bia.next((m) => m.event === 'notification');
      assert.ok(notification, 'no notification arrived');
      const list = (await t.call('GET', '/api/v1/notifications', undefined, { authorization: `Bearer ${reader.token}` })).json();
      assert.equal(notification.data.id, list.items[0].id);
      await sleep(500);
      assert.equal(caio.messages.filter((m) => m.event === 'notification').length, 0);
      assert.deepEqual(caio.changesOf(deal.id), []);
    });

    it('replays what a reconnecting stream missed (Last-Event-ID), filtered the same way', async () => {
      const deal = (await t.call('POST', '/api/v1/deals', dealBody({ assignedById: t.adminId }))).json();
      const first = await open(reader.token);
      await sleep(300);
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Antes da queda' });
      assert.ok(await first.next((m) => m.data?.entityId === deal.id && m.data.title === 'Antes da queda'));
      await sleep(300);
      const lastId = first.lastId;
      assert.ok(lastId);
      first.close();
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Durante a queda' });
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { comments: `${secret} offline` });
      await t.call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: 'WON' });
      const again = await open(reader.token, lastId);
      const replayed = await again.next((m) => m.data?.entityId === deal.id && m.data.stageId === 'WON');
      assert.ok(replayed, 'the missed stage move was not replayed');
      assert.deepEqual(
        again.changesOf(deal.id).map((m) => m.data.title),
        ['Durante a queda', 'Durante a queda'],
      );
      assert.ok(!again.text.includes('Antes da queda'), 'an event before Last-Event-ID was sent again');
      assert.ok(!again.text.includes(secret));
      // Then it goes on live.
      await t.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Depois da volta' });
      assert.ok(await again.next((m) => m.data?.entityId === deal.id && m.data.title === 'Depois da volta'));
    });

    it('keeps at most 5 streams per user (the oldest closes) and closes a stream whose credential ends', async () => {
      const user = await t.addUser('Dora');
      const opened: Stream[] = [];
      for (let i = 0; i < 6; i++) opened.push(await open(user.token));
      assert.ok(await opened[0].ended(1000), 'the oldest stream stayed open');
      assert.equal(opened[1].isEnded, false);
      await t.database.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', user.id).execute();
      assert.ok(await opened[5].ended(7000), 'the stream outlived its token');
    });
  });
}
