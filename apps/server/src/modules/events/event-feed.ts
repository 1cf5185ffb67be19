import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/types.ts';
import type { Changes } from './event.repository.ts';

/**
 * Reading the outbox in the order its events became visible, without ever passing one that is still to come.
 *
 * SQLite has one writer at a time, so events commit in the order of their ids: a reader goes by id. On PostgreSQL a
 * sequence hands out ids in one order and transactions commit in another, so a reader that went by id could move
 * past an id whose transaction is still running and never come back for it. There the reader goes by (writing
 * transaction, id), and only as far as the oldest write transaction still running **in this database**
 * (`visibilityHorizon`): every event before that point is committed (or rolled back) and nothing new can appear
 * there. An event of a long write transaction here waits for it to end; so do the ones after it. Transaction ids are
 * the cluster's, so the plain snapshot horizon (`pg_snapshot_xmin`) would also wait for a long transaction in any
 * other database of the server (another application's batch job): the horizon only counts the in-progress
 * transactions of backends connected to this database, which are the only ones that can write its events. (The
 * processes of one installation use one role, so `pg_stat_activity` shows them their transactions.)
 *
 * Per item the order is the order of the changes: two transactions that change one item take its row lock in turn,
 * and the first to take it was given its transaction id first (locking a row is the first thing an item write does).
 */

/** Where a reader stands: after this event. `tx` is PostgreSQL's transaction id (text), null on SQLite. */
export interface FeedPosition {
  tx: string | null;
  id: number;
}

export interface StoredEvent {
  id: number;
  tx: string | null;
  occurredAt: string;
  type: string;
  entityType: string;
  entityId: number;
  actorId: number | null;
  changes: Changes;
}

export const feedStart: FeedPosition = { tx: null, id: 0 };

interface EventRow {
  id: number | string;
  tx: string | null;
  occurred_at: string | Date;
  type: string;
  entity_type: string;
  entity_id: number;
  actor_id: number | null;
  changes: string;
}

const toEvent = (row: EventRow): StoredEvent => ({
  id: Number(row.id),
  tx: row.tx,
  occurredAt: row.occurred_at instanceof Date ? row.occurred_at.toISOString() : row.occurred_at,
  type: row.type,
  entityType: row.entity_type,
  entityId: Number(row.entity_id),
  actorId: row.actor_id === null ? null : Number(row.actor_id),
  changes: JSON.parse(row.changes) as Changes,
});

/**
 * PostgreSQL: the transaction id below which every write transaction of this database has ended. The oldest
 * in-progress transaction of a backend connected here, else the snapshot's `xmax` (nothing of ours in progress).
 *
 * It must be read in a statement before the one that reads events (not in the same transaction): a transaction of
 * ours that commits between the snapshot and the look at `pg_stat_activity` is not counted, and only a later
 * statement's snapshot is sure to see its events.
 */
export async function visibilityHorizon(db: Db): Promise<string> {
  const result = await sql<{ horizon: string }>`
    with snapshot as (select pg_current_snapshot() as s),
    ours as (select backend_xid::text as xid from pg_stat_activity where datname = current_database() and backend_xid is not null)
    select coalesce(
      (select min(running) from snapshot, pg_snapshot_xip(snapshot.s) as running
        where (running::text::numeric % 4294967296)::text in (select xid from ours)),
      (select pg_snapshot_xmax(s) from snapshot)
    )::text as horizon`.execute(db);
  return result.rows[0].horizon;
}

/** The next `limit` events after `after`, oldest first. */
export async function readFeed(db: Db, dialect: DialectName, after: FeedPosition, limit: number): Promise<StoredEvent[]> {
  const columns = sql`id, occurred_at, type, entity_type, entity_id, actor_id, changes`;
  if (dialect === 'sqlite') {
    const result = await sql<EventRow>`select ${columns}, null as tx from events where id > ${after.id} order by id limit ${limit}`.execute(db);
    return result.rows.map(toEvent);
  }
  const horizon = await visibilityHorizon(db);
  const result = await sql<EventRow>`
    select ${columns}, tx_id::text as tx from events
    where (tx_id, id) > (${after.tx ?? '0'}::xid8, ${after.id}) and tx_id < ${horizon}::xid8
    order by tx_id, id limit ${limit}`.execute(db);
  return result.rows.map(toEvent);
}

/** Where the feed ends now: a reader that starts here gets what is written from now on (on PostgreSQL, also the events of transactions still running). */
export async function feedEnd(db: Db, dialect: DialectName): Promise<FeedPosition> {
  if (dialect === 'sqlite') {
    const row = await sql<{ id: number | null }>`select max(id) as id from events`.execute(db);
    return { tx: null, id: Number(row.rows[0]?.id ?? 0) };
  }
  return { tx: await visibilityHorizon(db), id: 0 };
}

/** Whether `position` is before `other` in the feed's order. */
export function isBefore(position: FeedPosition, other: FeedPosition): boolean {
  if (position.tx === null || other.tx === null) return position.id < other.id;
  const a = BigInt(position.tx);
  const b = BigInt(other.tx);
  return a < b || (a === b && position.id < other.id);
}

/** The position of the newest event a reader may see now (`feedStart` when there is none). */
export async function feedHead(db: Db, dialect: DialectName): Promise<FeedPosition> {
  if (dialect === 'sqlite') return feedEnd(db, dialect);
  const horizon = await visibilityHorizon(db);
  const result = await sql<{ tx: string; id: number }>`
    select tx_id::text as tx, id from events where tx_id < ${horizon}::xid8
    order by tx_id desc, id desc limit 1`.execute(db);
  const row = result.rows[0];
  return row ? { tx: row.tx, id: Number(row.id) } : feedStart;
}
