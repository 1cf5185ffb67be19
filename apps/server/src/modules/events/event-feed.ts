import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/types.ts';
import type { Changes } from './event.repository.ts';

/**
 * Reading the outbox in the order its events became visible, without ever passing one that is still to come.
 *
 * SQLite has one writer at a time, so events commit in the order of their ids: a reader goes by id. On PostgreSQL a
 * sequence hands out ids in one order and transactions commit in another, so a reader that went by id could move
 * past an id whose transaction is still running and never come back for it. There the reader goes by (writing
 * transaction, id), and only as far as the oldest transaction still running (`pg_snapshot_xmin`): every event before
 * that point is committed (or rolled back) and nothing new can appear there. An event of a long write transaction
 * waits for it to end; so do the ones after it.
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

/** The next `limit` events after `after`, oldest first. */
export async function readFeed(db: Db, dialect: DialectName, after: FeedPosition, limit: number): Promise<StoredEvent[]> {
  const columns = sql`id, occurred_at, type, entity_type, entity_id, actor_id, changes`;
  if (dialect === 'sqlite') {
    const result = await sql<EventRow>`select ${columns}, null as tx from events where id > ${after.id} order by id limit ${limit}`.execute(db);
    return result.rows.map(toEvent);
  }
  const result = await sql<EventRow>`
    select ${columns}, tx_id::text as tx from events
    where (tx_id, id) > (${after.tx ?? '0'}::xid8, ${after.id}) and tx_id < pg_snapshot_xmin(pg_current_snapshot())
    order by tx_id, id limit ${limit}`.execute(db);
  return result.rows.map(toEvent);
}

/** Where the feed ends now: a reader that starts here gets what is written from now on (on PostgreSQL, also the events of transactions still running). */
export async function feedEnd(db: Db, dialect: DialectName): Promise<FeedPosition> {
  if (dialect === 'sqlite') {
    const row = await sql<{ id: number | null }>`select max(id) as id from events`.execute(db);
    return { tx: null, id: Number(row.rows[0]?.id ?? 0) };
  }
  const row = await sql<{ tx: string }>`select pg_snapshot_xmin(pg_current_snapshot())::text as tx`.execute(db);
  return { tx: row.rows[0].tx, id: 0 };
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
  const result = await sql<{ tx: string; id: number }>`
    select tx_id::text as tx, id from events where tx_id < pg_snapshot_xmin(pg_current_snapshot())
    order by tx_id desc, id desc limit 1`.execute(db);
  const row = result.rows[0];
  return row ? { tx: row.tx, id: Number(row.id) } : feedStart;
}
