import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

export interface AuditRow {
  at: string;
  actorId: number | null;
  kind: string;
  targetType: string | null;
  targetId: string | null;
  details: string;
  ip: string | null;
}

export async function insertEntry(db: Db, row: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: row.at, actor_id: row.actorId, kind: row.kind, target_type: row.targetType, target_id: row.targetId, details: row.details, ip: row.ip })
    .execute();
}

export interface EntryFilter {
  actorId?: number;
  kindPrefix?: string;
  /** ISO instants: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Entries older (smaller id) than this one. */
  beforeId?: number;
}

/** Newest first: the entries matching the filter, with the names of their actors and of the users they target. */
export async function entries(db: Db, filter: EntryFilter, limit: number) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
    .leftJoin('users as target_user', (join) =>
      join.on('audit_log.target_type', '=', 'user').on(sql`audit_log.target_id`, '=', sql`cast(target_user.id as text)`),
    )
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'actor.name as actor_name',
      'audit_log.kind',
      'audit_log.target_type',
      'audit_log.target_id',
      'target_user.name as target_user_name',
      'audit_log.details',
      'audit_log.ip',
    ]);
  if (filter.actorId !== undefined) query = query.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.kindPrefix !== undefined) {
    query = query.where(sql<string>`substr(audit_log.kind, 1, ${filter.kindPrefix.length})`, '=', filter.kindPrefix);
  }
  if (filter.from !== undefined) query = query.where('audit_log.at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('audit_log.at', '<', filter.to);
  if (filter.beforeId !== undefined) query = query.where('audit_log.id', '<', filter.beforeId);
  return query.orderBy('audit_log.id', 'desc').limit(limit).execute();
}
