import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

/** Settings are the admin's until roles arrive (issue 5 brings "can change settings"). */
export function requireSettingsAccess(ctx: Context): void {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
}
