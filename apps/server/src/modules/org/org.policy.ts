import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

/** Users, departments and roles are the administrators' (to be widened to roles that may change settings). */
export function requireOrgAdmin(ctx: Context): void {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
}
