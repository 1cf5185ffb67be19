import { insertJsonRows } from '../../db/json-rows.ts';
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

/** Appends many events in one statement (bulk changes such as moving items off a deleted value, an import's batch). */
export async function appendEvents(db: Db, events: NewEvent[]): Promise<void> {
  const rows = events.map((event) => ({
    occurred_at: event.occurredAt,
    type: event.type,
    entity_type: event.entityType,
    entity_id: event.entityId,
    actor_id: event.actorId,
    changes: JSON.stringify(event.changes),
  }));
  await insertJsonRows(db, 'events', ['occurred_at', 'type', 'entity_type', 'entity_id', 'actor_id', 'changes'], rows);
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
