import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor, Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { versions } from '../access/access.repository.ts';
import { accessOf } from '../access/access.service.ts';
import { sessionUser, tokenUser } from '../auth/auth.repository.ts';
import { catalogFor, loadTypes } from '../catalog/catalog.ts';
import { feedEnd, readFeed, type FeedPosition, type StoredEvent } from '../events/event-feed.ts';
import { timelineDb } from '../timeline/timeline.tables.ts';
import { LiveClient, type Credential } from './live-stream.ts';
import { changesFor, resolveBatch } from './live.service.ts';

/**
 * The live streams of one process. While at least one is open, the hub reads the outbox every 250 ms from where it
 * stands (starting at its end when the first stream opens) and hands each batch to every signed-in user as they may
 * see it, and new notification rows to their recipients. Every process reads the shared outbox, so a change made
 * through any process reaches the streams of all of them; with no stream open a process reads nothing.
 */

const pollMs = 250;
const batchSize = 500;
/** The events a reconnecting stream may have missed that it is sent again; beyond, it is told to refetch everything. */
export const replayLimit = 500;
export const maxStreamsPerUser = 5;
const sessionCheckMs = 5000;
/**
 * On PostgreSQL notification ids are handed out in one order and committed in another: an id skipped by a read may
 * still appear. It is looked for again for this long (a transaction that writes notifications is short).
 */
const gapWaitMs = 10_000;

const positionOf = (event: StoredEvent): FeedPosition => ({ tx: event.tx, id: event.id });

export interface OpenStream {
  ctx: Context;
  credential: Credential;
  raw: ServerResponse;
  /** Where the browser's previous stream ended (Last-Event-ID), to replay what it missed. */
  after?: FeedPosition;
}

export class LiveHub {
  private readonly users = new Map<number, LiveClient[]>();
  private position: FeedPosition | null = null;
  private starting: Promise<void> | null = null;
  private notificationsAfter = 0;
  private readonly notificationGaps = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private isPolling = false;
  private isClosed = false;

  private readonly database: Database;
  private readonly now: () => Date;
  private readonly log: FastifyBaseLogger;

  constructor(database: Database, now: () => Date, log: FastifyBaseLogger) {
    this.database = database;
    this.now = now;
    this.log = log;
  }

  get streamCount(): number {
    let count = 0;
    for (const clients of this.users.values()) count += clients.length;
    return count;
  }

  /** Serves a stream until the browser goes, the session ends or the app closes. */
  async open(stream: OpenStream): Promise<void> {
    let position = await this.start();
    // The poller may have stopped (its last stream gone) while this one waited: start it again.
    while (this.position === null) position = await this.start();
    position = this.position;
    const client = new LiveClient(stream.ctx.actor, stream.credential, stream.raw, stream.after ?? position, Date.now());
    if (this.isClosed) return client.close();
    client.onClosed(() => this.remove(client));
    if (stream.after) client.startReplay();
    this.add(client);
    this.ensurePolling();
    if (!stream.after) return client.advance(position);
    try {
      await this.replay(stream.ctx, client, stream.after);
    } finally {
      client.endReplay();
    }
  }

  /** Ends every stream and stops polling: the app is closing. */
  close() {
    this.isClosed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const clients of [...this.users.values()]) for (const client of clients) client.close();
    this.users.clear();
  }

  private async start(): Promise<FeedPosition> {
    while (this.position === null) {
      this.starting ??= this.begin();
      await this.starting;
    }
    return this.position;
  }

  private async begin() {
    try {
      const [position, last] = await Promise.all([
        feedEnd(this.database.db, this.database.dialect),
        timelineDb(this.database.db).selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst(),
      ]);
      this.notificationsAfter = Number(last?.id ?? 0);
      this.notificationGaps.clear();
      this.position = position;
    } finally {
      this.starting = null;
    }
  }

  private add(client: LiveClient) {
    const clients = this.users.get(client.actor.id) ?? [];
    clients.push(client);
    this.users.set(client.actor.id, clients);
    // A user's oldest streams make way (a tab left open in a forgotten window, a browser that never said goodbye).
    while (clients.length > maxStreamsPerUser) clients.shift()!.close();
  }

  private remove(client: LiveClient) {
    const clients = this.users.get(client.actor.id)?.filter((c) => c !== client) ?? [];
    if (clients.length > 0) this.users.set(client.actor.id, clients);
    else this.users.delete(client.actor.id);
  }

  private ensurePolling() {
    if (!this.timer && !this.isPolling && !this.isClosed) this.timer = setTimeout(() => void this.poll(), pollMs);
  }

  private async poll() {
    this.timer = null;
    this.isPolling = true;
    let isBehind = false;
    try {
      isBehind = await this.deliverEvents();
      await this.deliverNotifications();
      await this.checkSessions();
    } catch (error) {
      this.log.warn({ err: error }, 'live: reading the outbox failed');
    } finally {
      this.isPolling = false;
    }
    if (this.isClosed) return;
    if (this.users.size === 0) {
      // Nobody listens: stop; the next stream starts again from the end of the outbox.
      this.position = null;
      return;
    }
    this.timer = setTimeout(() => void this.poll(), isBehind ? 0 : pollMs);
  }

  /** One batch of the outbox to every user as they may see it; true when more is waiting. */
  private async deliverEvents(): Promise<boolean> {
    const events = await readFeed(this.database.db, this.database.dialect, this.position!, batchSize);
    if (events.length === 0) return false;
    const last = positionOf(events[events.length - 1]);
    const batch = await resolveBatch(this.database.db, events);
    const version = batch.concerns.length > 0 ? await versions(this.database.db) : null;
    for (const clients of this.users.values()) {
      const open = clients.filter((c) => !c.isClosed);
      if (open.length === 0) continue;
      if (version) {
        try {
          const changes = await changesFor(await this.contextOf(open[open.length - 1].actor, version), batch);
          for (const { event, change } of changes) for (const client of open) client.send(positionOf(event), 'change', change);
        } catch (error) {
          this.log.warn({ err: error, userId: open[0].actor.id }, 'live: filtering a batch for a user failed');
        }
      }
      for (const client of open) client.advance(last);
    }
    this.position = last;
    return events.length === batchSize;
  }

  /** New notification rows, each to its recipient's streams (`{ id }`: the bell reads the rest itself). */
  private async deliverNotifications() {
    const gaps = [...this.notificationGaps.keys()];
    const rows = await timelineDb(this.database.db)
      .selectFrom('notifications')
      .select(['id', 'user_id'])
      .where((eb) => eb.or([eb('id', '>', this.notificationsAfter), ...(gaps.length > 0 ? [eb('id', 'in', gaps)] : [])]))
      .orderBy('id')
      .limit(1000)
      .execute();
    const nowMs = Date.now();
    for (const row of rows) {
      const id = Number(row.id);
      this.notificationGaps.delete(id);
      if (id > this.notificationsAfter) {
        if (this.database.dialect === 'postgres' && id - this.notificationsAfter < 1000) for (let missing = this.notificationsAfter + 1; missing < id; missing++) this.notificationGaps.set(missing, nowMs);
        this.notificationsAfter = id;
      }
      for (const client of this.users.get(Number(row.user_id)) ?? []) client.sendLoose('notification', { id });
    }
    for (const [id, since] of this.notificationGaps) if (nowMs - since > gapWaitMs) this.notificationGaps.delete(id);
  }

  /** Closes the streams whose session ended or whose token was revoked (and follows a renamed user). */
  private async checkSessions() {
    const nowMs = Date.now();
    for (const clients of [...this.users.values()]) {
      for (const client of clients.filter((c) => nowMs - c.checkedAt >= sessionCheckMs)) {
        client.checkedAt = nowMs;
        const actor = await this.signedIn(client.credential);
        if (actor) client.actor = actor;
        else client.close();
      }
    }
  }

  /** Reads the credential again, without touching it: an open stream does not keep an idle session alive. */
  private async signedIn(credential: Credential): Promise<Actor | null> {
    const db = this.database.db;
    const row = credential.kind === 'session' ? await sessionUser(db, credential.hash, this.now().toISOString()) : await tokenUser(db, credential.hash);
    return row ? { id: Number(row.id), name: row.name, isAdmin: row.is_admin === 1, locale: row.locale === 'en' ? 'en' : 'pt-BR' } : null;
  }

  /** The user's context as a request of theirs would have it now (access and fields as of `version`). */
  private async contextOf(actor: Actor, version: { fields: string; access: string }): Promise<Context> {
    const { db, dialect } = this.database;
    const access = await accessOf(db, actor, version.access);
    const catalog = catalogFor(await loadTypes(db, dialect, version.fields), access);
    return { db, dialect, actor, locale: actor.locale, now: this.now, catalog, access };
  }

  /** What a reconnecting stream missed after `after`, filtered as live messages are; too much → `resync`. */
  private async replay(ctx: Context, client: LiveClient, after: FeedPosition) {
    const events = await readFeed(this.database.db, this.database.dialect, after, replayLimit + 1);
    if (events.length > replayLimit) {
      client.sendLoose('resync', {});
      client.advanceReplayed(this.position ?? positionOf(events[events.length - 1]));
      return;
    }
    if (events.length === 0) return;
    const changes = await changesFor(ctx, await resolveBatch(this.database.db, events));
    for (const { event, change } of changes) client.sendReplayed(positionOf(event), 'change', change);
    client.advanceReplayed(positionOf(events[events.length - 1]));
  }
}
