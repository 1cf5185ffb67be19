import type { Context } from '../../context.ts';
import type { Database } from '../../db/database.ts';
import { versions } from '../access/access.repository.ts';
import { accessOf } from '../access/access.service.ts';
import { catalogFor, loadTypes } from '../catalog/catalog.ts';
import { JobFailure } from './job-runner.ts';

/**
 * The context a job's work runs in: its author as they are now (their roles, the fields their roles let them see),
 * as a request of theirs would get it. Read before every batch, so a change of their rights applies from the next
 * batch on. An author who has been deactivated (or deleted) stops the job.
 */
export async function authorContext(database: Database, userId: number, now: () => Date): Promise<Context> {
  const user = await database.db.selectFrom('users').select(['id', 'name', 'is_admin', 'is_active', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.is_active !== 1) throw new JobFailure('creatorInactive');
  const actor = { id: user.id, name: user.name, isAdmin: user.is_admin === 1, locale: user.locale === 'en' ? ('en' as const) : ('pt-BR' as const) };
  const version = await versions(database.db);
  const access = await accessOf(database.db, actor, version.access);
  const catalog = catalogFor(await loadTypes(database.db, database.dialect, version.fields), access);
  return { db: database.db, dialect: database.dialect, actor, locale: actor.locale, now, catalog, access };
}
