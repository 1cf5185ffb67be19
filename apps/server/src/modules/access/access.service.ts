import {
  actions,
  scopes,
  widerScope,
  type Action,
  type FieldAccess,
  type ItemTypeName,
  type RolePermissions,
  type Scope,
} from '@vinculo/shared';
import type { Actor } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import * as repository from './access.repository.ts';

/**
 * A user's access, compiled from their roles: per item type (and deal pipeline) and action, the widest scope any
 * role grants; per field, the most open treatment any role gives it; the departments that scopes reach. Compiled
 * once per user and access version, per process; an administrator has every right.
 */

export interface RoleGrant {
  id: number;
  name: string;
  permissions: RolePermissions;
}

export interface TypeAccess {
  /** The scope of each action outside pipeline overrides (and for types without pipelines). */
  scopes: Record<Action, Scope>;
  /** Deal pipelines with their own scopes. */
  pipelines: Map<number, Record<Action, Scope>>;
}

export interface Access {
  userId: number;
  isAdmin: boolean;
  mayChangeSettings: boolean;
  types: Record<ItemTypeName, TypeAccess>;
  /** Fields a role hides or makes read-only, per type; a field absent here is visible and writable. */
  fields: Record<ItemTypeName, Map<string, FieldAccess>>;
  /** The user's own departments, and those with every department below them. */
  departmentIds: number[];
  subdepartmentIds: number[];
  /** Members of those departments (the user included when a member). */
  departmentMembers: Set<number>;
  subdepartmentMembers: Set<number>;
  roles: RoleGrant[];
}

const typeNames: ItemTypeName[] = ['lead', 'contact', 'company', 'deal'];
const allActions = (scope: Scope) => Object.fromEntries(actions.map((a) => [a, scope])) as Record<Action, Scope>;

/** Everything, for administrators and for system work (CLI, migrations of data). */
export function fullAccess(userId: number): Access {
  const types = Object.fromEntries(typeNames.map((name) => [name, { scopes: allActions('all'), pipelines: new Map() }])) as Record<ItemTypeName, TypeAccess>;
  const fields = Object.fromEntries(typeNames.map((name) => [name, new Map()])) as Record<ItemTypeName, Map<string, FieldAccess>>;
  return { userId, isAdmin: true, mayChangeSettings: true, types, fields, departmentIds: [], subdepartmentIds: [], departmentMembers: new Set(), subdepartmentMembers: new Set(), roles: [] };
}

const cache = new WeakMap<object, { version: string; byUser: Map<number, Access> }>();

/** The actor's access under access version `version` (read by the caller with the request's other versions). */
export async function accessOf(db: Db, actor: Actor, version: string): Promise<Access> {
  if (actor.isAdmin) return fullAccess(actor.id);
  let entry = cache.get(db);
  if (!entry || entry.version !== version) {
    entry = { version, byUser: new Map() };
    cache.set(db, entry);
  }
  const cached = entry.byUser.get(actor.id);
  if (cached) return cached;
  const access = await compileAccess(db, actor.id);
  entry.byUser.set(actor.id, access);
  return access;
}

export async function compileAccess(db: Db, userId: number): Promise<Access> {
  const departmentIds = await repository.departmentsOf(db, userId);
  const tree = await repository.departmentTree(db);
  const subdepartmentIds = descendants(tree, departmentIds);
  const rows = await repository.rolesOf(db, userId, departmentIds);
  const roles = rows.map((r) => ({ id: r.id, name: r.name, permissions: JSON.parse(r.permissions) as RolePermissions }));
  return {
    userId,
    isAdmin: false,
    mayChangeSettings: rows.some((r) => Number(r.may_change_settings) === 1),
    types: Object.fromEntries(typeNames.map((name) => [name, typeAccess(roles, name)])) as Record<ItemTypeName, TypeAccess>,
    fields: Object.fromEntries(typeNames.map((name) => [name, fieldAccess(roles, name)])) as Record<ItemTypeName, Map<string, FieldAccess>>,
    departmentIds,
    subdepartmentIds,
    departmentMembers: new Set(await repository.membersOf(db, departmentIds)),
    subdepartmentMembers: new Set(await repository.membersOf(db, subdepartmentIds)),
    roles,
  };
}

/** The union of the roles' grants on one type: per action the widest scope; pipelines override per role. */
function typeAccess(roles: RoleGrant[], name: ItemTypeName): TypeAccess {
  const scopesOf = (grants: Partial<Record<Action, Scope>> | undefined, into: Record<Action, Scope>) => {
    for (const action of actions) into[action] = widerScope(into[action], grants?.[action] ?? 'none');
  };
  const base = allActions('none');
  const pipelineIds = new Set<number>();
  for (const role of roles) {
    scopesOf(role.permissions.items[name], base);
    for (const id of Object.keys(role.permissions.items[name]?.pipelines ?? {})) pipelineIds.add(Number(id));
  }
  const pipelines = new Map<number, Record<Action, Scope>>();
  for (const id of pipelineIds) {
    const scopesHere = allActions('none');
    // In a pipeline, each role gives its override for that pipeline, or else its general grant.
    for (const role of roles) scopesOf(role.permissions.items[name]?.pipelines?.[String(id)] ?? role.permissions.items[name], scopesHere);
    pipelines.set(id, scopesHere);
  }
  return { scopes: base, pipelines };
}

/** A field is hidden (or read-only) only if every role says so; one role that leaves it alone opens it. */
function fieldAccess(roles: RoleGrant[], name: ItemTypeName): Map<string, FieldAccess> {
  const result = new Map<string, FieldAccess>();
  if (roles.length === 0) return result;
  const names = new Set(roles.flatMap((r) => Object.keys(r.permissions.fields?.[name] ?? {})));
  for (const field of names) {
    const treatments = roles.map((r) => r.permissions.fields?.[name]?.[field]);
    if (treatments.some((t) => t === undefined)) continue;
    result.set(field, treatments.includes('readOnly') ? 'readOnly' : 'hidden');
  }
  return result;
}

function descendants(tree: Array<{ id: number; parentId: number | null }>, roots: number[]): number[] {
  const result = new Set(roots);
  let frontier = roots;
  while (frontier.length > 0) {
    const next = tree.filter((d) => d.parentId !== null && frontier.includes(d.parentId) && !result.has(d.id)).map((d) => d.id);
    for (const id of next) result.add(id);
    frontier = next;
  }
  return [...result];
}

/** The scope of `action` on an item of `type` in pipeline `categoryId` (deals). */
export function scopeOf(access: Access, type: ItemTypeName, action: Action, categoryId?: number | null): Scope {
  const grants = access.types[type];
  if (categoryId != null && grants.pipelines.has(categoryId)) return grants.pipelines.get(categoryId)![action];
  return grants.scopes[action];
}

/** Whether an item with these values lies inside the scope (the same rule the SQL predicate applies). */
export function inScope(access: Access, scope: Scope, item: Record<string, unknown>): boolean {
  const responsible = item.assignedById == null ? null : Number(item.assignedById);
  switch (scope) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return responsible === access.userId;
    case 'department':
      return responsible === access.userId || (responsible !== null && access.departmentMembers.has(responsible));
    case 'subdepartments':
      return responsible === access.userId || (responsible !== null && access.subdepartmentMembers.has(responsible));
    case 'open':
      return item.opened === true || inScope(access, 'subdepartments', item);
  }
}

export const isScope = (value: unknown): value is Scope => scopes.includes(value as Scope);
