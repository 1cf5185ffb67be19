/**
 * `node bench/duplicate-scan.ts <database url or SQLite file> [--type contact|lead|company]`
 *
 * Times the duplicate scan of one item type on an existing, seeded database (e.g. a copy of one `vinculo seed
 * --profile M|L` made), in this process, as a server runs it: the job queued, claimed and run by the job runner step by
 * step (phones, e-mails, names, groups), each step in its own transaction. Prints each step's time, the total, and
 * how many groups and items it found. Writes the scan's findings into the database like any scan.
 */
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '../apps/server/src/db/database.ts';
import { fullAccess } from '../apps/server/src/modules/access/access.service.ts';
import { loadTypes, unrestrictedCatalog } from '../apps/server/src/modules/catalog/catalog.ts';
import { duplicateScanJobs, startScan } from '../apps/server/src/modules/duplicates/duplicate-scan.ts';
import { startJobRunner } from '../apps/server/src/modules/jobs/job-runner.ts';
import type { ItemTypeName } from '@vinculo/shared';

const { values, positionals } = parseArgs({ options: { type: { type: 'string', default: 'contact' } }, allowPositionals: true });
const url = positionals[0];
if (!url || !['contact', 'lead', 'company'].includes(values.type!)) {
  console.error('Usage: node bench/duplicate-scan.ts <database url or SQLite file> [--type contact|lead|company]');
  process.exit(2);
}
const name = values.type as ItemTypeName;
const database = openDatabase(url, { poolSize: 4 });
await migrate(database);
const admin = await database.db.selectFrom('users').select(['id', 'name']).where('is_admin', '=', 1).orderBy('id').executeTakeFirstOrThrow();
const ctx = {
  db: database.db,
  dialect: database.dialect,
  actor: { id: admin.id, name: admin.name, isAdmin: true, locale: 'en' as const },
  locale: 'en' as const,
  now: () => new Date(),
  catalog: unrestrictedCatalog(await loadTypes(database.db, database.dialect)),
  access: fullAccess(admin.id),
};
const table = ctx.catalog.full[name].table;
const items = Number((await database.db.selectFrom(table as 'users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

// Each step's time: the runner records progress once per step, so the job's `processed` moves step by step.
const steps: number[] = [];
const timed = {
  async open(...args: Parameters<typeof duplicateScanJobs.open>) {
    const work = await duplicateScanJobs.open(...args);
    return {
      ...work,
      async batch(from: number, size: number) {
        const step = await work.batch(from, size);
        return async (trx: Parameters<typeof step>[0]) => {
          const started = performance.now();
          const outcome = await step(trx);
          steps.push(performance.now() - started);
          return outcome;
        };
      },
    };
  },
};
const started = performance.now();
const { jobId } = await startScan(ctx, name);
const runner = startJobRunner(database, { handlers: { 'duplicate-scan': timed }, now: () => new Date(), pollMs: 60_000 });
await runner.whenIdle();
await runner.stop();
const seconds = (performance.now() - started) / 1000;
const job = await database.db.selectFrom('jobs').select(['status', 'error']).where('id', '=', jobId).executeTakeFirstOrThrow();
const groups = await database.db.selectFrom('duplicate_groups').select(['criterion', (eb) => eb.fn.countAll().as('groups'), (eb) => eb.fn.sum('size').as('items')]).where('job_id', '=', jobId).groupBy('criterion').execute();
console.log(`${database.dialect}: duplicate scan of ${items.toLocaleString('en-US')} ${table} (job ${jobId}, ${job.status}${job.error ? ` ${job.error}` : ''})`);
console.log(`  steps (phones, e-mails, names, groups): ${steps.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}`);
for (const row of groups) console.log(`  ${row.criterion}: ${Number(row.groups).toLocaleString('en-US')} groups, ${Number(row.items).toLocaleString('en-US')} items`);
console.log(`  total ${seconds.toFixed(1)} s`);
await database.close();
