import type { Context } from '../../context.ts';
import { bumpAccessVersion } from '../access/access-version.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';

/**
 * Ends every write to users, departments and roles, inside its transaction: access depends on all of them, so
 * the access version moves (each process then recompiles access), and the change is recorded in `events`.
 */
export async function recordOrgChange(tx: Context, event: { type: string; entityType: 'user' | 'department' | 'role'; entityId: number; changes: Changes }): Promise<void> {
  await bumpAccessVersion(tx.db);
  await appendEvent(tx.db, { ...event, actorId: tx.actor.id, occurredAt: tx.now().toISOString() });
}

/** The positions of `ids` that are not in `known`, as field issues `${field}.${index}`. */
export const missingReferences = (field: string, ids: number[], known: Set<number>, rule: string) =>
  ids.flatMap((id, index) => (known.has(id) ? [] : [{ field: `${field}.${index}`, rule }]));

export const unique = (ids: number[]) => [...new Set(ids)];
