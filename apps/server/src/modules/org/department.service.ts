import { inTransaction, type Context } from '../../context.ts';
import { conflict, invalid, notFound } from '../../http/app-error.ts';
import type { Changes } from '../events/event.repository.ts';
import * as repository from './department.repository.ts';
import type { DepartmentRow } from './department.repository.ts';
import { missingReferences, recordOrgChange, unique } from './org-change.ts';
import { requireOrgAdmin } from './org.policy.ts';
import { existingUserIds } from './user.repository.ts';

/** Departments: a tree (each may have a parent), each with an optional head and its members. */

export interface DepartmentDto {
  id: number;
  name: string;
  parentId: number | null;
  headUserId: number | null;
  sort: number;
  memberIds: number[];
}

export interface DepartmentInput {
  name?: string;
  parentId?: number | null;
  headUserId?: number | null;
  sort?: number;
}

const present = (row: DepartmentRow, memberIds: number[]): DepartmentDto => ({
  id: Number(row.id),
  name: row.name,
  parentId: row.parent_id === null ? null : Number(row.parent_id),
  headUserId: row.head_user_id === null ? null : Number(row.head_user_id),
  sort: Number(row.sort),
  memberIds,
});

export async function listDepartments(ctx: Context): Promise<DepartmentDto[]> {
  const rows = await repository.allDepartments(ctx.db);
  const members = await repository.memberIdsOf(ctx.db, rows.map((row) => Number(row.id)));
  return rows.map((row) => present(row, members.get(Number(row.id)) ?? []));
}

export async function getDepartment(ctx: Context, id: number): Promise<DepartmentDto> {
  const row = await repository.findDepartment(ctx.db, id);
  if (!row) throw notFound();
  return present(row, (await repository.memberIdsOf(ctx.db, [id])).get(id) ?? []);
}

export async function createDepartment(ctx: Context, input: DepartmentInput & { name: string }): Promise<DepartmentDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockTree(tx.db);
    await checkReferences(tx, null, input);
    const id = await repository.insertDepartment(tx.db, { name: input.name, parent_id: input.parentId ?? null, head_user_id: input.headUserId ?? null, sort: input.sort ?? 100 });
    const created = await getDepartment(tx, id);
    await recordOrgChange(tx, { type: 'department.created', entityType: 'department', entityId: id, changes: changesOf(null, created) });
    return created;
  });
}

/** Renames, moves (never under itself or one of its sub-departments) or changes the head of a department. */
export async function updateDepartment(ctx: Context, id: number, input: DepartmentInput): Promise<DepartmentDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockTree(tx.db);
    const before = await getDepartment(tx, id);
    await checkReferences(tx, id, input);
    await repository.updateDepartment(tx.db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
      ...(input.headUserId !== undefined ? { head_user_id: input.headUserId } : {}),
      ...(input.sort !== undefined ? { sort: input.sort } : {}),
    });
    const after = await getDepartment(tx, id);
    await recordOrgChange(tx, { type: 'department.updated', entityType: 'department', entityId: id, changes: changesOf(before, after) });
    return after;
  });
}

/** Deletes a department without sub-departments; one with members only with `force` (which ends the memberships). */
export async function deleteDepartment(ctx: Context, id: number, force: boolean): Promise<void> {
  requireOrgAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockTree(tx.db);
    const before = await getDepartment(tx, id);
    const children = await repository.countChildren(tx.db, id);
    if (children > 0) throw conflict(tx, 'department.hasChildren', { reason: 'hasChildren', children }, { count: children });
    const members = before.memberIds.length;
    if (members > 0 && !force) throw conflict(tx, 'department.hasMembers', { reason: 'hasMembers', members }, { count: members });
    await repository.replaceMembers(tx.db, id, []);
    // Role assignments to the department go with it (ON DELETE CASCADE).
    await repository.deleteDepartment(tx.db, id);
    await recordOrgChange(tx, { type: 'department.deleted', entityType: 'department', entityId: id, changes: changesOf(before, null) });
  });
}

/** Replaces the members of a department. */
export async function replaceMembers(ctx: Context, id: number, userIds: number[]): Promise<DepartmentDto> {
  requireOrgAdmin(ctx);
  return inTransaction(ctx, async (tx) => {
    if (tx.dialect === 'postgres') await repository.lockTree(tx.db);
    const before = await getDepartment(tx, id);
    const members = unique(userIds);
    const issues = missingReferences('userIds', userIds, await existingUserIds(tx.db, members), 'exists');
    if (issues.length > 0) throw invalid(issues);
    await repository.replaceMembers(tx.db, id, members);
    const after = await getDepartment(tx, id);
    await recordOrgChange(tx, { type: 'department.updated', entityType: 'department', entityId: id, changes: changesOf(before, after) });
    return after;
  });
}

async function checkReferences(tx: Context, id: number | null, input: DepartmentInput): Promise<void> {
  const issues: Array<{ field: string; rule: string }> = [];
  if (input.parentId != null) {
    const tree = new Map((await repository.allDepartments(tx.db)).map((row) => [Number(row.id), row.parent_id === null ? null : Number(row.parent_id)]));
    if (!tree.has(input.parentId)) issues.push({ field: 'parentId', rule: 'exists' });
    else if (id !== null && isWithin(tree, input.parentId, id)) issues.push({ field: 'parentId', rule: 'cycle' });
  }
  if (input.headUserId != null && !(await existingUserIds(tx.db, [input.headUserId], true)).has(input.headUserId)) {
    issues.push({ field: 'headUserId', rule: 'user' });
  }
  if (issues.length > 0) throw invalid(issues);
}

/** Whether `department` is `ancestor` or lies below it. */
function isWithin(tree: Map<number, number | null>, department: number, ancestor: number): boolean {
  const seen = new Set<number>();
  for (let current: number | null | undefined = department; current != null && !seen.has(current); current = tree.get(current)) {
    if (current === ancestor) return true;
    seen.add(current);
  }
  return false;
}

function changesOf(before: DepartmentDto | null, after: DepartmentDto | null): Changes {
  const changes: Changes = {};
  for (const key of ['name', 'parentId', 'headUserId', 'sort', 'memberIds'] as const) {
    const [from, to] = [before?.[key] ?? null, after?.[key] ?? null];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = [from, to];
  }
  return changes;
}
