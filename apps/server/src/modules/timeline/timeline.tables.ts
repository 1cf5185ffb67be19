import type { Generated, Kysely } from 'kysely';
import type { Db, SystemTables } from '../../db/types.ts';

/**
 * The tables of what happens with a client (migration 2026-11-30T10-00): activities, comments, tasks and
 * notifications, on top of the system tables.
 */
export interface TimelineTables {
  activities: {
    id: Generated<number>;
    kind: string;
    direction: string | null;
    subject: string;
    description: string | null;
    owner_type: string;
    owner_id: number;
    responsible_id: number;
    priority: string;
    completed: number;
    completed_at: string | null;
    deadline: string | null;
    start_at: string | null;
    end_at: string | null;
    duration_seconds: number | null;
    result: string | null;
    place: string | null;
    remind_at: string | null;
    reminded_at: string | null;
    created_by_id: number | null;
    created_at: string;
    updated_at: string;
    version: number;
  };
  activity_items: { activity_id: number; entity_type: string; entity_id: number; sort: number };
  comments: { id: Generated<number>; entity_type: string; entity_id: number; author_id: number | null; text: string; created_at: string; updated_at: string };
  comment_mentions: { comment_id: number; user_id: number };
  tasks: {
    id: Generated<number>;
    title: string;
    description: string | null;
    status: string;
    deadline: string | null;
    responsible_id: number;
    created_by_id: number | null;
    created_at: string;
    updated_at: string;
    closed_at: string | null;
    version: number;
  };
  task_members: { task_id: number; user_id: number; role: string };
  task_checklist: { id: Generated<number>; task_id: number; text: string; done: number; sort: number };
  task_items: { task_id: number; entity_type: string; entity_id: number; sort: number };
  notifications: {
    id: Generated<number>;
    user_id: number;
    kind: string;
    actor_id: number | null;
    entity_type: string | null;
    entity_id: number | null;
    activity_id: number | null;
    task_id: number | null;
    comment_id: number | null;
    /** The webhook a `webhookPaused` notification is about (migration 2026-11-30T13-00). */
    webhook_id?: number | null;
    created_at: string;
    read_at: string | null;
  };
}

export type TimelineDb = Kysely<SystemTables & TimelineTables>;

export const timelineDb = (db: Db) => db as unknown as TimelineDb;
