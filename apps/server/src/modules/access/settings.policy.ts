import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';

/**
 * Settings (currencies, reference lists, pipelines, custom fields, card layouts, the CRM mode) are read by every
 * signed-in user and changed by administrators and by users with a role that "may change settings".
 */
export function requireSettingsAccess(ctx: Context): void {
  if (!ctx.access.mayChangeSettings) throw new AppError('FORBIDDEN');
}
