import type { Action, Scope } from '../../../api/types';
import type { ActionScopes, ItemTypeName, RolePermissions } from './access-api';

/** Reading and changing a role's grants without mutating them; what the matrix and its tests share. */

export const itemTypes: ItemTypeName[] = ['lead', 'contact', 'company', 'deal'];
export const actionList: Action[] = ['read', 'add', 'update', 'delete', 'export', 'import'];
export const scopeList: Scope[] = ['none', 'own', 'department', 'subdepartments', 'open', 'all'];

/** The scope a type's general grant gives an action (absent: none). */
export function scopeOf(permissions: RolePermissions, type: ItemTypeName, action: Action): Scope {
  return permissions.items[type]?.[action] ?? 'none';
}

/** Deal pipelines with grants of their own replace the deal grants there, as a whole (the server reads them so). */
export function pipelineGrants(permissions: RolePermissions, pipelineId: number): ActionScopes | undefined {
  return permissions.items.deal?.pipelines?.[String(pipelineId)];
}

export function withScope(permissions: RolePermissions, type: ItemTypeName, action: Action, scope: Scope): RolePermissions {
  return { ...permissions, items: { ...permissions.items, [type]: { ...permissions.items[type], [action]: scope } } };
}

export function withPipelineScope(permissions: RolePermissions, pipelineId: number, action: Action, scope: Scope): RolePermissions {
  const deal = permissions.items.deal ?? {};
  const own = deal.pipelines?.[String(pipelineId)] ?? generalScopes(permissions, 'deal');
  return { ...permissions, items: { ...permissions.items, deal: { ...deal, pipelines: { ...deal.pipelines, [String(pipelineId)]: { ...own, [action]: scope } } } } };
}

/**
 * Gives a pipeline grants of its own (starting from the deal grants, every action spelled out so nothing falls back
 * silently) or takes them away (the pipeline follows the deal grants again).
 */
export function withPipelineOverride(permissions: RolePermissions, pipelineId: number, own: boolean): RolePermissions {
  const deal = permissions.items.deal ?? {};
  const pipelines = { ...deal.pipelines };
  if (own) pipelines[String(pipelineId)] = generalScopes(permissions, 'deal');
  else delete pipelines[String(pipelineId)];
  const next: typeof deal = { ...deal, pipelines };
  if (Object.keys(pipelines).length === 0) delete next.pipelines;
  return { ...permissions, items: { ...permissions.items, deal: next } };
}

function generalScopes(permissions: RolePermissions, type: ItemTypeName): Record<Action, Scope> {
  return Object.fromEntries(actionList.map((action) => [action, scopeOf(permissions, type, action)])) as Record<Action, Scope>;
}

/** A field's treatment: visible (absent), hidden or read-only. */
export function withFieldAccess(permissions: RolePermissions, type: ItemTypeName, field: string, access: 'visible' | 'hidden' | 'readOnly'): RolePermissions {
  const fields = { ...permissions.fields?.[type] };
  if (access === 'visible') delete fields[field];
  else fields[field] = access;
  return { ...permissions, fields: { ...permissions.fields, [type]: fields } };
}
