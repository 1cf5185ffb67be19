import type { Db } from '../../db/types.ts';
import { withPipelines } from './pipeline.tables.ts';

/** Kysely queries of pipelines (deal categories). No business rules here. */

export interface PipelineRow {
  id: number;
  name: string | null;
  sort: number;
  is_default: number;
}

export async function allPipelines(db: Db): Promise<PipelineRow[]> {
  return (await withPipelines(db).selectFrom('pipelines').selectAll().orderBy('sort').orderBy('id').execute()) as PipelineRow[];
}

export async function findPipeline(db: Db, id: number): Promise<PipelineRow | undefined> {
  return (await withPipelines(db).selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst()) as PipelineRow | undefined;
}

export async function defaultPipelineId(db: Db): Promise<number> {
  const row = await withPipelines(db).selectFrom('pipelines').select('id').where('is_default', '=', 1).executeTakeFirst();
  return row === undefined ? 0 : Number(row.id);
}

export async function insertPipeline(db: Db, values: Omit<PipelineRow, 'id'>): Promise<number> {
  const row = await withPipelines(db).insertInto('pipelines').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updatePipeline(db: Db, id: number, values: Partial<Omit<PipelineRow, 'id'>>): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await withPipelines(db).updateTable('pipelines').set(values).where('id', '=', id).execute();
}

export async function clearDefault(db: Db): Promise<void> {
  await withPipelines(db).updateTable('pipelines').set({ is_default: 0 }).where('is_default', '=', 1).execute();
}

export async function deletePipeline(db: Db, id: number): Promise<void> {
  await withPipelines(db).deleteFrom('pipelines').where('id', '=', id).execute();
}
