/**
 * A second process writing to the same SQLite file (as `vinculo` CLI commands or a second server would): it creates
 * and updates `count` contacts through the engine and prints how many writes failed, and why, as JSON.
 * Usage: node sqlite-writer.ts <file> <count> <label>
 */
import { fullAccess } from '../../src/modules/access/access.service.ts';
import { loadTypes, unrestrictedCatalog } from '../../src/modules/catalog/catalog.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createItem, updateItem } from '../../src/modules/items/item.service.ts';
import type { Context } from '../../src/context.ts';

const [file, countText, label] = process.argv.slice(2);
const database = openDatabase(file);
const admin = await database.db.selectFrom('users').select(['id', 'name']).where('is_admin', '=', 1).executeTakeFirstOrThrow();
const ctx: Context = {
  db: database.db,
  dialect: 'sqlite',
  actor: { id: admin.id, name: admin.name, isAdmin: true, locale: 'en' },
  locale: 'en',
  now: () => new Date(),
  catalog: unrestrictedCatalog(await loadTypes(database.db, 'sqlite')),
  access: fullAccess(admin.id),
};
const failures: string[] = [];
let written = 0;
for (let i = 0; i < Number(countText); i++) {
  try {
    const contact = await createItem(ctx, 'contact', { name: label, lastName: `${label} ${i}`, phones: [{ value: `+55 11 9${String(1000_0000 + i)}` }] });
    await updateItem(ctx, 'contact', contact.id, { post: `Cargo ${i}` });
    written++;
  } catch (error) {
    failures.push((error as Error).message);
  }
}
await database.close();
console.log(JSON.stringify({ written, failures: failures.length, reasons: [...new Set(failures)].slice(0, 3) }));
