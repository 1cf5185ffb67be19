import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/types.ts';
import { feedEnd, type FeedPosition, type StoredEvent } from '../events/event-feed.ts';

/**
 * Where a new webhook starts reading the outbox: the events written from its creation on, and none before.
 *
 * SQLite commits in id order: the feed's end is exact. On PostgreSQL a reader may only start at the oldest transaction
 * still running (event-feed.ts), which can be older than events already committed — any long transaction anywhere on
 * the server holds that point back. The webhook keeps the snapshot it was created in, and the events that snapshot saw
 * (committed before it) are passed over: exactly what was committed after its creation goes out.
 */

export interface StartPosition {
  position: FeedPosition;
  snapshot: string | null;
}

export async function startPosition(db: Db, dialect: DialectName): Promise<StartPosition> {
  if (dialect === 'sqlite') return { position: await feedEnd(db, dialect), snapshot: null };
  const row = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(db);
  const snapshot = row.rows[0].snapshot;
  return { position: { tx: snapshot.split(':')[0], id: 0 }, snapshot };
}

/**
 * Whether an event was visible to `snapshot` (`xmin:xmax:xip,…`, PostgreSQL's text form): its transaction ended
 * before xmin, or before xmax and was not running then. Events read from the feed are committed, so visible means
 * committed before the snapshot. Without a snapshot (SQLite), nothing was.
 */
export function seenAtStart(snapshot: string | null): (event: StoredEvent) => boolean {
  if (!snapshot) return () => false;
  const [xmin, xmax, running] = snapshot.split(':');
  const low = BigInt(xmin);
  const high = BigInt(xmax);
  const inProgress = new Set(running ? running.split(',') : []);
  return (event) => {
    if (event.tx === null) return false;
    const tx = BigInt(event.tx);
    return tx < low || (tx < high && !inProgress.has(event.tx));
  };
}
