import type { ServerResponse } from 'node:http';
import type { Actor } from '../../context.ts';
import type { DialectName } from '../../db/types.ts';
import { isBefore, type FeedPosition } from '../events/event-feed.ts';

/**
 * One open `GET /api/v1/live` stream: the server-sent-events framing, its position in the outbox, and the
 * credential it was opened with (checked again while it stays open: a session that ends closes the stream).
 */

export const heartbeatMs = 25_000;
export const reconnectMs = 2000;

/** The SSE `id:` of a feed position: `<tx>.<id>` on PostgreSQL, `<id>` on SQLite. */
export const positionText = (position: FeedPosition) => (position.tx === null ? String(position.id) : `${position.tx}.${position.id}`);

/** A `Last-Event-ID` read back into a feed position of this dialect; undefined for anything else. */
export function parsePosition(text: string | undefined, dialect: DialectName): FeedPosition | undefined {
  if (!text) return undefined;
  const match = dialect === 'sqlite' ? /^(\d{1,15})$/.exec(text) : /^(\d{1,20})\.(\d{1,15})$/.exec(text);
  if (!match) return undefined;
  return dialect === 'sqlite' ? { tx: null, id: Number(match[1]) } : { tx: match[1], id: Number(match[2]) };
}

export interface Credential {
  kind: 'session' | 'token';
  /** The SHA-256 of the secret, as stored: the stream keeps no secret. */
  hash: string;
}

export class LiveClient {
  /** The last position this client was sent (as an `id:`) or skipped past: later events only. */
  position: FeedPosition;
  /** While the missed events are being replayed, live messages wait here (already filtered for this user). */
  private pending: Array<{ position: FeedPosition; text: string }> | null = null;
  private sentPosition: FeedPosition | null = null;
  private readonly heartbeat: NodeJS.Timeout;
  checkedAt: number;
  isClosed = false;

  actor: Actor;
  readonly credential: Credential;
  private readonly raw: ServerResponse;

  constructor(actor: Actor, credential: Credential, raw: ServerResponse, position: FeedPosition, openedAt: number) {
    this.actor = actor;
    this.credential = credential;
    this.raw = raw;
    this.position = position;
    this.checkedAt = openedAt;
    raw.write(`retry: ${reconnectMs}\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Holds live messages until `endReplay` (the replay reads the outbox itself and must go first). */
  startReplay() {
    this.pending = [];
  }

  /** Sends what waited during the replay, leaving out what the replay already sent. */
  endReplay() {
    const waiting = this.pending ?? [];
    this.pending = null;
    for (const message of waiting) {
      if (message.text === '') this.advance(message.position);
      else if (isBefore(this.position, message.position)) this.sendAt(message.position, message.text);
    }
  }

  /** An event at `position`; dropped if the client is already past it (sent by the replay). */
  send(position: FeedPosition, event: string, data: unknown) {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n`;
    if (this.pending) this.pending.push({ position, text });
    else if (isBefore(this.position, position)) this.sendAt(position, text);
  }

  /** A replayed event: written at once, ahead of the live messages waiting meanwhile. */
  sendReplayed(position: FeedPosition, event: string, data: unknown) {
    if (isBefore(this.position, position)) this.sendAt(position, `event: ${event}\ndata: ${JSON.stringify(data)}\n`);
  }

  /** The replay read up to `position`: the client's Last-Event-ID moves there even if none of it was for them. */
  advanceReplayed(position: FeedPosition) {
    const waiting = this.pending;
    this.pending = null;
    this.advance(position);
    this.pending = waiting;
  }

  /** A message that belongs to no feed position (a notification). */
  sendLoose(event: string, data: unknown) {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * Moves the client's position past events it was not told about: an `id:` line alone updates the browser's
   * Last-Event-ID without firing an event, so a reconnection replays from here, not from the last event it saw.
   */
  advance(position: FeedPosition) {
    if (this.pending) {
      this.pending.push({ position, text: '' });
      return;
    }
    if (isBefore(this.position, position)) this.position = position;
    if (this.sentPosition === null || isBefore(this.sentPosition, this.position)) {
      this.sentPosition = this.position;
      this.write(`id: ${positionText(this.position)}\n\n`);
    }
  }

  private sendAt(position: FeedPosition, text: string) {
    this.position = position;
    this.sentPosition = position;
    this.write(`id: ${positionText(position)}\n${text}\n`);
  }

  private write(text: string) {
    if (!this.isClosed) this.raw.write(text);
  }

  close() {
    if (this.isClosed) return;
    this.isClosed = true;
    clearInterval(this.heartbeat);
    this.raw.end();
  }

  /** Called once the connection is gone, whoever ended it. */
  onClosed(listener: () => void) {
    this.raw.on('close', () => {
      this.isClosed = true;
      clearInterval(this.heartbeat);
      listener();
    });
  }
}
