import type { Action, ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { scopeCondition, type Restriction } from '../access/access-predicate.ts';
import { inScope, scopeOf } from '../access/access.service.ts';

/**
 * The engine's two access checks. Reads carry the caller's read scope into their SQL (an item outside it is not
 * found); a write checks the item's values against the action's scope, before and after the change, and is
 * refused with 403 when the caller may read the item but not do this to it.
 */

export const readScope = (ctx: Context, type: ItemTypeDef): Restriction | undefined => scopeCondition(ctx.access, type, 'read');

/** `item` in API form: its responsible (`assignedById`), `opened` and, for deals, `categoryId` decide. */
export function requireAllowed(ctx: Context, type: ItemTypeDef, action: Action, item: Record<string, unknown>): void {
  const scope = scopeOf(ctx.access, type.name, action, item.categoryId as number | null | undefined);
  if (!inScope(ctx.access, scope, item)) throw new AppError('FORBIDDEN', { reason: 'scope', action });
}
