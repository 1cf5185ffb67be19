import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

/** Every signed-in user reads currencies; changing them is the admin's until roles arrive. */
export function requireCurrencyAdmin(ctx: Context): void {
  if (!ctx.actor.isAdmin) throw new AppError('FORBIDDEN');
}
