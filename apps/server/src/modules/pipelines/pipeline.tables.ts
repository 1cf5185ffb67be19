import type { Generated, Kysely } from 'kysely';
import type { Db, SystemTables } from '../../db/types.ts';

/** The tables of this module (migration 2026-11-22T12-00), on top of the system tables. */
export interface PipelineTables {
  pipelines: { id: Generated<number>; name: string | null; sort: number; is_default: number };
  stage_history: {
    id: Generated<number>;
    entity_type: string;
    entity_id: number;
    category_id: number | null;
    stage_id: string;
    semantic: string | null;
    moved_at: string;
    actor_id: number | null;
  };
}

export type PipelineDb = Kysely<SystemTables & PipelineTables>;

export const withPipelines = (db: Db) => db as unknown as PipelineDb;
