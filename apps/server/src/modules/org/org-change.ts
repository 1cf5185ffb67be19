import type { Context } from '../../context.ts';
import { bumpAccessVersion } from '../access/access-version.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { appendEvent, type Changes } from '../events/event.repository.ts';
import { findDepartment } from './department.repository.ts';
import { findRole } from './role.repository.ts';

/**
 * Ends every write to users, departments and roles, inside its transaction: access depends on all of them, so
 * the access version moves (each process then recompiles access), and the change is recorded in `events` and in
 * the audit log.
 */
export async function recordOrgChange(tx: Context, event: { type: string; entityType: 'user' | 'department' | 'role'; entityId: number; changes: Changes }): Promise<void> {
  await bumpAccessVersion(tx.db);
  await appendEvent(tx.db, { ...event, actorId: tx.actor.id, occurredAt: tx.now().toISOString() });
  await auditOrgChange(tx, event);
}

/**
 * The audit entries of an org change: a user's deactivation, reactivation and admin flag, and a role's assignments,
 * get kinds of their own (so they can be filtered on); the other changed values go with `<type>.updated`.
 */
async function auditOrgChange(tx: Context, event: { type: string; entityType: 'user' | 'department' | 'role'; entityId: number; changes: Changes }): Promise<void> {
  const target = { type: event.entityType, id: event.entityId };
  const name = await nameOf(tx, event);
  const record = (kind: string, changes: Changes) => recordAudit(tx, { kind, target, details: { ...(name === null ? {} : { name }), changes } });
  const { isActive, isAdmin, assignments, ...rest } = event.changes;
  if (event.type === 'user.passwordSet') return record('user.passwordReset', {});
  if (event.type.endsWith('.updated')) {
    if (isActive) await record(isActive[1] ? 'user.reactivated' : 'user.deactivated', { isActive });
    if (isAdmin) await record(isAdmin[1] ? 'user.adminGranted' : 'user.adminRevoked', { isAdmin });
    if (assignments) await record('role.assignmentsChanged', { assignments });
    if (Object.keys(rest).length > 0) await record(event.type, rest);
    return;
  }
  await record(event.type, event.changes);
}

/** The name the entry shows for its target: users are named when read; a department or role as it is (or was). */
async function nameOf(tx: Context, event: { entityType: string; entityId: number; changes: Changes }): Promise<string | null> {
  const [before, after] = event.changes.name ?? [null, null];
  if (typeof (after ?? before) === 'string') return (after ?? before) as string;
  if (event.entityType === 'department') return (await findDepartment(tx.db, event.entityId))?.name ?? null;
  if (event.entityType === 'role') return (await findRole(tx.db, event.entityId))?.name ?? null;
  return null;
}

/** The positions of `ids` that are not in `known`, as field issues `${field}.${index}`. */
export const missingReferences = (field: string, ids: number[], known: Set<number>, rule: string) =>
  ids.flatMap((id, index) => (known.has(id) ? [] : [{ field: `${field}.${index}`, rule }]));

export const unique = (ids: number[]) => [...new Set(ids)];
