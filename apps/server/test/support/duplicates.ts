import type { Context } from '../../src/context.ts';
import { fullAccess } from '../../src/modules/access/access.service.ts';
import { loadTypes, unrestrictedCatalog } from '../../src/modules/catalog/catalog.ts';
import type { TestApp } from './test-app.ts';

/** A context of the test app's administrator, for calling services directly (the importer's batch check). */
export async function systemContextFor(t: TestApp): Promise<Context> {
  const catalog = unrestrictedCatalog(await loadTypes(t.database.db, t.dialect));
  return {
    db: t.database.db,
    dialect: t.dialect,
    actor: { id: t.adminId, name: 'Admin', isAdmin: true, locale: 'en' },
    locale: 'en',
    now: () => new Date(),
    catalog,
    access: fullAccess(t.adminId),
  };
}
