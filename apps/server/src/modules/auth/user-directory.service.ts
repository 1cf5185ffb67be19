import { foldText } from '@vinculo/shared';
import type { Context } from '../../context.ts';
import { findUsersByText } from './auth.repository.ts';

/**
 * The people a signed-in user can pick (a deal's responsible, a user field): every user's id, name and e-mail,
 * found by a piece of their name or e-mail with case and accents aside. Open to everyone signed in, unlike the
 * administration of users.
 */

export interface DirectoryEntry {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

export async function searchDirectory(ctx: Context, query: { q?: string; limit: number; includeInactive: boolean }): Promise<{ items: DirectoryEntry[] }> {
  const rows = await findUsersByText(ctx.db, ctx.dialect, { needle: foldText(query.q ?? ''), limit: query.limit, includeInactive: query.includeInactive });
  return { items: rows.map((row) => ({ id: Number(row.id), name: row.name, email: row.email, active: Number(row.is_active) === 1 })) };
}
