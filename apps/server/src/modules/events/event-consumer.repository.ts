import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/types.ts';
import type { FeedPosition } from './event-feed.ts';

/** Kysely queries of `event_consumers`: each listener's position in the outbox, its lease and its failures. */

export interface ConsumerState {
  name: string;
  position: FeedPosition;
  attempts: number;
}

/** Makes a listener's row if it has none yet, starting at `position`. */
export async function ensureConsumer(db: Db, name: string, position: FeedPosition, now: string): Promise<void> {
  await db
    .insertInto('event_consumers')
    .values({ name, position_tx: position.tx, position_id: position.id, created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function deleteConsumer(db: Db, name: string): Promise<void> {
  await db.deleteFrom('event_consumers').where('name', '=', name).execute();
}

export interface ConsumerRow {
  name: string;
  position: FeedPosition;
  leaseFree: boolean;
  due: boolean;
}

/** Every listener's position, and whether it is free to claim now. */
export async function consumerPositions(db: Db, now: string): Promise<ConsumerRow[]> {
  const rows = await db.selectFrom('event_consumers').select(['name', 'position_tx', 'position_id', 'lease_owner', 'lease_expires_at', 'retry_at']).execute();
  return rows.map((row) => ({
    name: row.name,
    position: { tx: row.position_tx, id: Number(row.position_id) },
    leaseFree: row.lease_owner === null || iso(row.lease_expires_at) < now,
    due: row.retry_at === null || iso(row.retry_at) <= now,
  }));
}

const iso = (value: string | Date | null): string => (value === null ? '' : value instanceof Date ? value.toISOString() : value);

/**
 * Takes a listener for `owner` until `leaseUntil`, if nobody holds it (or their lease ran out) and it is not waiting
 * out a back-off. One statement: of two workers claiming at once, one gets it (PostgreSQL: the row lock, a row another
 * claim holds skipped; SQLite: one writer at a time).
 */
export async function claimConsumer(db: Db, dialect: DialectName, name: string, owner: string, now: string, leaseUntil: string): Promise<ConsumerState | undefined> {
  const skipLocked = sql.raw(dialect === 'postgres' ? ' for update skip locked' : '');
  const claimable = sql`(lease_owner is null or lease_expires_at < ${now} or lease_owner = ${owner}) and (retry_at is null or retry_at <= ${now})`;
  const result = await sql<{ name: string; position_tx: string | null; position_id: number; attempts: number }>`
    update event_consumers set lease_owner = ${owner}, lease_expires_at = ${leaseUntil}
    where name = (select name from event_consumers where name = ${name} and ${claimable}${skipLocked}) and ${claimable}
    returning name, position_tx, position_id, attempts`.execute(db);
  const row = result.rows[0];
  return row && { name: row.name, position: { tx: row.position_tx, id: Number(row.position_id) }, attempts: Number(row.attempts) };
}

/**
 * Moves a listener past events it has dealt with, clears its failures and renews the lease, if `owner` still holds
 * it. Returns false otherwise: the caller's transaction must roll back (another worker has the listener now).
 */
export async function advanceConsumer(db: Db, name: string, owner: string, position: FeedPosition, handled: number, leaseUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('event_consumers')
    .set({ position_tx: position.tx, position_id: position.id, attempts: 0, retry_at: null, last_error: null, delivered: sql`delivered + ${handled}`, lease_expires_at: leaseUntil })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a failure: the listener waits until `retryAt`, then the same events are handed to it again. */
export async function recordConsumerFailure(db: Db, name: string, owner: string, attempts: number, retryAt: string, error: string): Promise<void> {
  await db
    .updateTable('event_consumers')
    .set({ attempts, retry_at: retryAt, last_error: error.slice(0, 1000), lease_owner: null, lease_expires_at: null })
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function releaseConsumer(db: Db, name: string, owner: string): Promise<void> {
  await db.updateTable('event_consumers').set({ lease_owner: null, lease_expires_at: null }).where('name', '=', name).where('lease_owner', '=', owner).execute();
}
