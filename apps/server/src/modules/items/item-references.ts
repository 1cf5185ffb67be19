import { itemTypes, type FieldDef, type ItemTypeDef } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import type { Db } from '../../db/types.ts';
import { readScope } from './item-access.ts';
import { invalid } from '../../http/app-error.ts';
import { findPipeline } from '../pipelines/pipeline.repository.ts';
import { existingIds } from './item.repository.ts';

/**
 * Checks that every value pointing elsewhere exists: reference-list codes, currencies, active users,
 * linked items. All problems are reported at once, each naming its field.
 */
export async function checkReferences(ctx: Context, type: ItemTypeDef, values: Record<string, unknown>, current?: Record<string, unknown>): Promise<void> {
  const issues: Array<{ field: string; rule: string }> = [];
  for (const field of type.fields) {
    const value = values[field.name];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (!(await exists(ctx, type, field, value, { ...current, ...values }))) {
      issues.push({ field: field.name, rule: field.type === 'user' ? 'user' : field.type === 'reference' || field.type === 'currency' ? 'reference' : 'exists' });
    }
  }
  if (issues.length > 0) throw invalid(issues);
}

async function exists(ctx: Context, type: ItemTypeDef, field: FieldDef, value: unknown, values: Record<string, unknown>): Promise<boolean> {
  const db = ctx.db;
  // A multiple custom field checks all its ids in one query (enumeration values were checked by the schema).
  if (field.custom?.multiple) {
    const ids = [...new Set(value as number[])];
    switch (field.type) {
      case 'user':
        return (await db.selectFrom('users').select('id').where('id', 'in', ids).where('is_active', '=', 1).execute()).length === ids.length;
      case 'file':
        return (await db.selectFrom('files').select('id').where('id', 'in', ids).execute()).length === ids.length;
      case 'item': {
        const target = itemTypes[field.itemType!];
        return (await existingIds(db, target, ids, readScope(ctx, target))).size === ids.length;
      }
      default:
        return true;
    }
  }
  switch (field.type) {
    case 'reference': {
      let query = db.selectFrom('reference_items').select('id').where('list_id', '=', field.list!).where('code', '=', value as string);
      if (field.list === 'DEAL_STAGE') query = query.where('category_id', '=', (values.categoryId as number | undefined) ?? 0);
      return (await query.executeTakeFirst()) !== undefined;
    }
    case 'currency':
      return (await db.selectFrom('currencies').select('code').where('code', '=', value as string).executeTakeFirst()) !== undefined;
    case 'user':
      return (await db.selectFrom('users').select('id').where('id', '=', value as number).where('is_active', '=', 1).executeTakeFirst()) !== undefined;
    // A link to an item the caller may not read is refused as if it did not exist.
    case 'item': {
      const target = itemTypes[field.itemType!];
      return (await existingIds(db, target, [value as number], readScope(ctx, target))).size === 1;
    }
    case 'links': {
      const ids = value as number[];
      const target = itemTypes[field.itemType!];
      return (await existingIds(db, target, ids, readScope(ctx, target))).size === new Set(ids).size;
    }
    case 'file':
      return (await db.selectFrom('files').select('id').where('id', '=', value as number).executeTakeFirst()) !== undefined;
    case 'integer':
      if (type.name === 'deal' && field.name === 'categoryId') return pipelineExists(db, value as number);
      return true;
    default:
      return true;
  }
}

async function pipelineExists(db: Db, categoryId: number): Promise<boolean> {
  return (await findPipeline(db, categoryId)) !== undefined;
}
