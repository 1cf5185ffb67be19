import type { Db } from '../../db/types.ts';

export type Changes = Record<string, [oldValue: unknown, newValue: unknown]>;

export interface NewEvent {
  type: string;
  entityType: string;
  entityId: number;
  actorId: number | null;
  changes: Changes;
  occurredAt: string;
}

/**
 * Appends to the outbox. Call it inside the transaction of the change it records, so the event
 * exists exactly when the change does.
 */
export async function appendEvent(db: Db, event: NewEvent): Promise<void> {
  await appendEvents(db, [event]);
}

/** Appends many events in a few multi-row inserts (bulk changes such as moving items off a deleted value). */
export async function appendEvents(db: Db, events: NewEvent[]): Promise<void> {
  const chunkSize = 500;
  for (let start = 0; start < events.length; start += chunkSize) {
    const rows = events.slice(start, start + chunkSize).map((event) => ({
      occurred_at: event.occurredAt,
      type: event.type,
      entity_type: event.entityType,
      entity_id: event.entityId,
      actor_id: event.actorId,
      changes: JSON.stringify(event.changes),
    }));
    await db.insertInto('events').values(rows).execute();
  }
}

export async function eventsOf(db: Db, entityType: string, entityId: number, afterId: number, limit: number) {
  return db
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_id')
    .select(['events.id', 'events.occurred_at', 'events.type', 'events.actor_id', 'events.changes', 'users.name as actor_name'])
    .where('events.entity_type', '=', entityType)
    .where('events.entity_id', '=', entityId)
    .where('events.id', '>', afterId)
    .orderBy('events.id')
    .limit(limit)
    .execute();
}
