import { scopes, type Action, type Scope } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { notFound } from '../../http/app-error.ts';
import { findUserById } from '../auth/auth.repository.ts';
import { typeNameOf } from '../catalog/catalog.ts';
import { readStored, unscopedReader } from '../items/item-reader.ts';
import { requireOrgAdmin } from '../org/org.policy.ts';
import { compileAccess, fullAccess, inScope, type Access } from './access.service.ts';

/** Answers an admin's "why can user U (not) do this to item X": the scope that decided, and the roles behind it. */

export interface Explanation {
  allowed: boolean;
  userId: number;
  type: string;
  id: number;
  action: Action;
  /** The widest scope the user's roles give for this action on this item (its pipeline for deals). */
  scope: Scope;
  /** How the item relates to the user: own, department, subdepartment, open (available to everyone) or other. */
  relation: 'own' | 'department' | 'subdepartment' | 'open' | 'other';
  reason: 'admin' | 'deleted' | 'inScope' | 'outOfScope';
  /** Every role of the user with the scope it grants here and whether that scope alone allows it. */
  roles: Array<{ id: number; name: string; scope: Scope; allows: boolean }>;
}

/** Administrators only: it tells about any user's roles and any item, whatever the asker's own scope. */
export async function explainAccess(ctx: Context, input: { userId: number; type: string; id: number; action: Action }): Promise<Explanation> {
  requireOrgAdmin(ctx);
  const name = typeNameOf(input.type);
  const user = await findUserById(ctx.db, input.userId);
  if (!name || !user) throw notFound();
  const item = await readStored(unscopedReader(ctx, 'an administrator asks why a user may or may not reach any item'), name, input.id, 'any');
  if (!item) throw notFound();
  const type = ctx.catalog.full[name];
  const access: Access = user.is_admin === 1 ? fullAccess(user.id) : await compileAccess(ctx.db, user.id);
  const pipelineField = type.stages?.pipelineField;
  const categoryId = pipelineField ? ((item[pipelineField] as number | null | undefined) ?? null) : null;
  const roleScope = (permissions: Access['roles'][number]['permissions']): Scope => {
    const grants = permissions.items[type.name];
    // A role's grants for a pipeline replace its type grants there, as access.service compiles them: an action the
    // override leaves out is none, not the type's.
    const override = categoryId !== null ? grants?.pipelines?.[String(categoryId)] : undefined;
    return (override ? override[input.action] : grants?.[input.action]) ?? 'none';
  };
  const roles = access.roles.map((role) => {
    const scope = roleScope(role.permissions);
    return { id: role.id, name: role.name, scope, allows: inScope(access, scope, item) };
  });
  const scope = access.isAdmin ? 'all' : roles.reduce<Scope>((widest, r) => (scopes.indexOf(r.scope) > scopes.indexOf(widest) ? r.scope : widest), 'none');
  const deleted = (await readStored(unscopedReader(ctx, 'is the item in the recycle bin'), name, input.id, 'binned')) !== undefined;
  const allowed = !deleted && inScope(access, scope, item);
  return {
    allowed,
    userId: user.id,
    type: type.plural,
    id: item.id,
    action: input.action,
    scope,
    relation: relationOf(access, item),
    reason: deleted ? 'deleted' : access.isAdmin ? 'admin' : allowed ? 'inScope' : 'outOfScope',
    roles,
  };
}

function relationOf(access: Access, item: Record<string, unknown>): Explanation['relation'] {
  const responsible = item.assignedById == null ? null : Number(item.assignedById);
  if (responsible === access.userId) return 'own';
  if (responsible !== null && access.departmentMembers.has(responsible)) return 'department';
  if (responsible !== null && access.subdepartmentMembers.has(responsible)) return 'subdepartment';
  return item.opened === true ? 'open' : 'other';
}
