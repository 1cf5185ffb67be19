import type { Context } from '../../context.ts';
import { invalid } from '../../http/app-error.ts';

/**
 * The active users among `ids`, each once, in their order; any id that is not one refuses the request (400, `field`,
 * `reference`). What an activity's responsible, a comment's mentions and a task's people are checked with.
 */
export async function requireActiveUsers(ctx: Context, field: string, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await ctx.db.selectFrom('users').select('id').where('id', 'in', unique).where('is_active', '=', 1).execute();
  if (rows.length !== unique.length) throw invalid([{ field, rule: 'reference' }]);
  return unique;
}
