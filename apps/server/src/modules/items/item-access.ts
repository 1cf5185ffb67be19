import type { Action, ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { AppError } from '../../http/app-error.ts';
import { scopeCondition, type Restriction } from '../access/access-predicate.ts';
import { inScope, scopeOf } from '../access/access.service.ts';

/**
 * The engine's two access checks. Reads carry the caller's read scope into their SQL (an item outside it is not
 * found; see item-reader.ts); a write checks the item's stored values against the action's scope, before and after
 * the change, and is refused with 403 when the caller may read the item but not do this to it. Both take the full
 * type and the stored item: what a role hides from the caller never widens or narrows what it may do.
 */

export const readScope = (ctx: Context, fullType: ItemTypeDef): Restriction | undefined => scopeCondition(ctx.access, fullType, 'read');

/** `item` in API form with every field: its responsible (`assignedById`), `opened` and its pipeline (deals) decide. */
export function requireAllowed(ctx: Context, fullType: ItemTypeDef, action: Action, item: Record<string, unknown>): void {
  if (!isAllowed(ctx, fullType, action, item)) throw new AppError('FORBIDDEN', { reason: 'scope', action });
}

export function isAllowed(ctx: Context, fullType: ItemTypeDef, action: Action, item: Record<string, unknown>): boolean {
  const pipelineField = fullType.stages?.pipelineField;
  const pipeline = pipelineField === undefined ? undefined : (item[pipelineField] as number | null | undefined);
  return inScope(ctx.access, scopeOf(ctx.access, fullType.name, action, pipeline), item);
}
