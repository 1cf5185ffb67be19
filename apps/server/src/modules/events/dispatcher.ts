import { randomBytes } from 'node:crypto';
import { startPoller } from '../worker/poller.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Db } from '../../db/types.ts';
import { backoffDelay } from '../worker/backoff.ts';
import { advanceConsumer, claimConsumer, consumerPositions, recordConsumerFailure, releaseConsumer } from './event-consumer.repository.ts';
import { feedHead, isBefore, readFeed, type FeedPosition, type StoredEvent } from './event-feed.ts';

/**
 * The outbox dispatcher: hands every event to every listener, at least once and in order.
 *
 * Each listener has a row in `event_consumers` with its position in the feed (event-feed.ts). Any number of workers
 * run a dispatcher; a worker takes a listener under a lease, reads the events after its position in batches, hands
 * them over and moves the position past what was dealt with. What a listener writes to the database it returns as a
 * step, run in the transaction that moves the position: that work happens exactly once. What it does outside (an HTTP
 * call) happens at least once: a worker that dies between the call and the move leaves the position where it was,
 * and the next worker hands the same events again. Each event's idempotency key (`idempotencyKey`) lets a receiver
 * notice. A listener that throws is handed the same events again after an exponential back-off.
 */

export interface HandleProgress {
  /** How many of the events handed over have been dealt with; a listener that fails part-way sets it, so the ones before are not handed over again. */
  handled: number;
  /** 1 the first time these events are handed over; more after failures. */
  attempt: number;
}

export interface EventListener {
  /** Its row in `event_consumers` (`webhook:12`, …). */
  readonly name: string;
  /**
   * Deals with `events`, oldest first. Database work goes in the returned step: it runs in the transaction that moves
   * the listener's position past the events. Throw to have the events after `progress.handled` handed over again
   * after a back-off.
   */
  handle(events: StoredEvent[], progress: HandleProgress): Promise<((trx: Db) => Promise<void>) | void>;
  /** After a failure: `stop` leaves the listener for good (a webhook paused after failing too often). */
  failed?(error: unknown, attempts: number): Promise<'retry' | 'stop'>;
}

/** The listeners to serve now: asked again every round, so webhooks added or paused by any process are seen. */
export type ListenerSource = () => Promise<EventListener[]>;

export interface Dispatcher {
  /** Looks for new events now (a write just committed in this process). */
  wake(): void;
  /** Resolves when no listener is behind the feed's end or waiting to be served (tests). */
  whenIdle(): Promise<void>;
  stop(): Promise<void>;
}

export interface DispatcherOptions {
  sources: ListenerSource[];
  now: () => Date;
  log?: FastifyBaseLogger;
  owner?: string;
  batchSize?: number;
  leaseMs?: number;
  pollMs?: number;
  /** The first retry's delay; each next one doubles, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** A stable key per event and listener: the same delivery repeated after a crash carries the same key. */
export const idempotencyKey = (listener: string, event: StoredEvent) => `${listener}:${event.id}`;

class LeaseLost extends Error {}

export function startDispatcher(database: Database, options: DispatcherOptions): Dispatcher {
  const owner = options.owner ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  const { db, dialect } = database;
  const leaseUntil = () => new Date(options.now().getTime() + leaseMs).toISOString();

  /** One pass over the listeners that are behind; true when it served none (all caught up, waiting out a back-off or held by another worker). */
  const round = async (): Promise<boolean> => {
    const listeners = (await Promise.all(options.sources.map((source) => source()))).flat();
    if (listeners.length === 0) return true;
    const now = options.now().toISOString();
    const head = await feedHead(db, dialect);
    const rows = new Map((await consumerPositions(db, now)).map((row) => [row.name, row]));
    let idle = true;
    for (const listener of listeners) {
      if (polling.stopped) break;
      const row = rows.get(listener.name);
      if (!row || !isBefore(row.position, head) || !row.leaseFree || !row.due) continue;
      if (await serve(listener)) idle = false;
    }
    return idle;
  };

  /** Hands `listener` the events after its position until it is caught up or fails; false when another worker had it. */
  const serve = async (listener: EventListener): Promise<boolean> => {
    const claimed = await claimConsumer(db, dialect, listener.name, owner, options.now().toISOString(), leaseUntil());
    if (!claimed) return false;
    let position: FeedPosition = claimed.position;
    let attempt = claimed.attempts + 1;
    while (!polling.stopped) {
      const events = await readFeed(db, dialect, position, batchSize);
      if (events.length === 0) break;
      const progress: HandleProgress = { handled: 0, attempt };
      try {
        const step = await listener.handle(events, progress);
        const last = events[events.length - 1];
        await db.transaction().execute(async (trx) => {
          if (step) await step(trx);
          if (!(await advanceConsumer(trx, listener.name, owner, { tx: last.tx, id: last.id }, events.length, leaseUntil()))) throw new LeaseLost();
        });
        position = { tx: last.tx, id: last.id };
        attempt = 1;
      } catch (error) {
        if (!(error instanceof LeaseLost)) await failed(listener, events, progress, attempt, error);
        return true;
      }
    }
    await releaseConsumer(db, listener.name, owner);
    return true;
  };

  const failed = async (listener: EventListener, events: StoredEvent[], progress: HandleProgress, attempt: number, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (progress.handled > 0) {
      const last = events[Math.min(progress.handled, events.length) - 1];
      if (!(await advanceConsumer(db, listener.name, owner, { tx: last.tx, id: last.id }, progress.handled, leaseUntil()))) return;
      attempt = 1;
    }
    const decision = listener.failed ? await listener.failed(error, attempt) : 'retry';
    const retryAt = new Date(options.now().getTime() + (decision === 'stop' ? 0 : backoffDelay(attempt, backoffMs, maxBackoffMs))).toISOString();
    await recordConsumerFailure(db, listener.name, owner, attempt, retryAt, message);
    options.log?.warn({ listener: listener.name, attempt, err: error }, 'events: a listener failed; its events will be handed over again');
  };

  const polling = startPoller(round, {
    pollMs: options.pollMs ?? 250,
    onError: (error) => {
      options.log?.error({ err: error }, 'events: dispatching failed');
      return true;
    },
  });
  polling.wake();

  return {
    wake: polling.wake,
    async whenIdle() {
      // Passes until one finds nothing to hand over.
      while (!(await polling.runNow()) && !polling.stopped) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop: polling.stop,
  };
}
