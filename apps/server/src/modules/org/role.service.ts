import type { ItemTypeName, RolePermissions } from '@vinculo/shared';
import { inTransaction, type Context } from '../../context.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import type { Changes } from '../events/event.repository.ts';
import { allPipelines } from '../pipelines/pipeline.repository.ts';
import * as departments from './department.repository.ts';
import { recordOrgChange } from './org-change.ts';
import { requireOrgAdmin } from './org.policy.ts';
import * as repository from './role.repository.ts';
import type { AssignmentRow, RoleRow } from './role.repository.ts';
import { existingUserIds } from './user.repository.ts';

/** Roles (grants per item type, pipeline, action and scope; field visibility) and to whom they are given. */

export interface AssignmentDto {
  id: number;
  userId: number | null;
  departmentId: number | null;
}

export interface RoleDto {
  id: number;
  name: string;
  permissions: RolePermissions;
  mayChangeSettings: boolean;
  assignments: AssignmentDto[];
  createdAt: string;
  updatedAt: string;
}

export interface RoleInput {
  name?: string;
  permissions?: RolePermissions;
  mayChangeSettings?: boolean;
}

/** `{userId}` one user, `{departmentId}` the members of a department, `{}` everyone. */
export interface AssignmentInput {
  userId?: number;
  departmentId?: number;
}

const present = (row: RoleRow, assignments: AssignmentRow[]): RoleDto => ({
  id: Number(row.id),
  name: row.name,
  permissions: JSON.parse(row.permissions) as RolePermissions,
  mayChangeSettings: Number(row.may_change_settings) === 1,
  assignments: assignments.map((a) => ({ id: Number(a.id), userId: a.user_id === null ? null : Number(a.user_id), departmentId: a.department_id === null ? null : Number(a.department_id) })),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listRoles(ctx: Context): Promise<RoleDto[]> {
  requireOrgAdmin(ctx);
  const rows = await repository.allRoles(ctx.db);
  const assignments = await repository.assignmentsOf(ctx.db, rows.map((row) => Number(row.id)));
  return rows.map((row) => present(row, assignments.get(Number(row.id)) ?? []));
}

export async function getRole(ctx: Context, id: number): Promise<RoleDto> {
  requireOrgAdmin(ctx);
  const row = await repository.findRole(ctx.db, id);
  if (!row) throw notFound();
  return present(row, (await repository.assignmentsOf(ctx.db, [id])).get(id) ?? []);
}

export async function createRole(ctx: Context, input: RoleInput & { name: string; permissions: RolePermissions }): Promise<RoleDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    await checkPermissions(tx, input.permissions);
    const now = tx.now().toISOString();
    const id = await repository.insertRole(tx.db, {
      name: input.name,
      permissions: JSON.stringify(input.permissions),
      may_change_settings: input.mayChangeSettings ? 1 : 0,
      created_at: now,
      updated_at: now,
    });
    const created = await getRole(tx, id);
    await recordOrgChange(tx, { type: 'role.created', entityType: 'role', entityId: id, changes: changesOf(null, created) });
    return created;
  });
}

export async function updateRole(ctx: Context, id: number, input: RoleInput): Promise<RoleDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockRole(tx.db, id);
    const before = await getRole(tx, id);
    if (input.permissions !== undefined) await checkPermissions(tx, input.permissions);
    await repository.updateRole(tx.db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.permissions !== undefined ? { permissions: JSON.stringify(input.permissions) } : {}),
      ...(input.mayChangeSettings !== undefined ? { may_change_settings: input.mayChangeSettings ? 1 : 0 } : {}),
      updated_at: tx.now().toISOString(),
    });
    const after = await getRole(tx, id);
    await recordOrgChange(tx, { type: 'role.updated', entityType: 'role', entityId: id, changes: changesOf(before, after) });
    return after;
  });
}

export async function deleteRole(ctx: Context, id: number): Promise<void> {
  requireOrgAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockRole(tx.db, id);
    const before = await getRole(tx, id);
    await repository.deleteRole(tx.db, id);
    await recordOrgChange(tx, { type: 'role.deleted', entityType: 'role', entityId: id, changes: changesOf(before, null) });
  });
}

/** Replaces to whom a role is given; the same target twice counts once. */
export async function replaceAssignments(ctx: Context, id: number, input: AssignmentInput[]): Promise<RoleDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockRole(tx.db, id);
    const before = await getRole(tx, id);
    const departmentIds = input.flatMap((a) => (a.departmentId === undefined ? [] : [a.departmentId]));
    if (departmentIds.length > 0 && tx.dialect === 'postgres') await departments.lockTree(tx.db);
    const users = await existingUserIds(tx.db, input.flatMap((a) => (a.userId === undefined ? [] : [a.userId])));
    const knownDepartments = await departments.existingDepartmentIds(tx.db, departmentIds);
    const issues = input.flatMap((a, index) => [
      ...(a.userId !== undefined && !users.has(a.userId) ? [{ field: `assignments.${index}.userId`, rule: 'exists' }] : []),
      ...(a.departmentId !== undefined && !knownDepartments.has(a.departmentId) ? [{ field: `assignments.${index}.departmentId`, rule: 'exists' }] : []),
    ]);
    if (issues.length > 0) throw invalid(issues);
    const targets = new Map(input.map((a) => [`${a.userId ?? ''}:${a.departmentId ?? ''}`, { userId: a.userId ?? null, departmentId: a.departmentId ?? null }]));
    await repository.replaceAssignments(tx.db, id, [...targets.values()]);
    await repository.updateRole(tx.db, id, { updated_at: tx.now().toISOString() });
    const after = await getRole(tx, id);
    await recordOrgChange(tx, { type: 'role.updated', entityType: 'role', entityId: id, changes: changesOf(before, after) });
    return after;
  });
}

/** What the schema cannot know: the pipelines exist, and the fields are fields of their type (custom ones included). */
async function checkPermissions(tx: Context, permissions: RolePermissions): Promise<void> {
  const issues: Array<{ field: string; rule: string }> = [];
  const pipelineKeys = Object.keys(permissions.items.deal?.pipelines ?? {});
  if (pipelineKeys.length > 0) {
    const pipelines = new Set((await allPipelines(tx.db)).map((p) => String(p.id)));
    for (const key of pipelineKeys) if (!pipelines.has(key)) issues.push({ field: `permissions.items.deal.pipelines.${key}`, rule: 'pipeline' });
  }
  for (const [type, fields] of Object.entries(permissions.fields ?? {}) as Array<[ItemTypeName, Record<string, string>]>) {
    const names = new Set(tx.catalog.full[type].fields.map((f) => f.name));
    for (const name of Object.keys(fields)) {
      if (!names.has(name)) issues.push({ field: `permissions.fields.${type}.${name}`, rule: 'unknown' });
      // Every answer names the item and its version: those two cannot be hidden.
      else if (name === 'id' || name === 'version') issues.push({ field: `permissions.fields.${type}.${name}`, rule: 'requiredField' });
    }
  }
  if (issues.length > 0) throw invalid(issues);
}

function changesOf(before: RoleDto | null, after: RoleDto | null): Changes {
  const changes: Changes = {};
  const assignments = (role: RoleDto | null) => role?.assignments.map(({ userId, departmentId }) => ({ userId, departmentId })) ?? null;
  const values = (role: RoleDto | null) => ({ name: role?.name ?? null, permissions: role?.permissions ?? null, mayChangeSettings: role?.mayChangeSettings ?? null, assignments: assignments(role) });
  const [from, to] = [values(before), values(after)];
  for (const key of Object.keys(from) as Array<keyof typeof from>) {
    if (JSON.stringify(from[key]) !== JSON.stringify(to[key])) changes[key] = [from[key], to[key]];
  }
  return changes;
}
