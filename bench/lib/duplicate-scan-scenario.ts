/** The duplicate scan of every contact: from the POST to the job's end, beside the same groupings in direct SQL. */
import { log } from './options.ts';
import { apiGet, request } from './measure.ts';
import type { Figure, Setup } from './scenarios.ts';

/**
 * Starts `POST /api/v1/contacts/duplicates/scan` and times it to the job's `done` (polled every 100 ms). The floor
 * runs the scan's three groupings in direct SQL, counting the groups instead of storing them: contacts sharing a
 * normalised phone, a normalised e-mail (the values held more than once found from the index first), and a folded
 * name (the stored key columns, without the particles and punctuation the scan also folds away). Run once, after the
 * rounds.
 */
export async function duplicateScanFigure(s: Setup): Promise<Figure> {
  log('  duplicate scan: every contact…');
  const started = performance.now();
  const answer = await request('POST', '/api/v1/contacts/duplicates/scan', s.adminToken);
  if (answer.status !== 202) throw new Error(`POST /api/v1/contacts/duplicates/scan answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const { jobId } = JSON.parse(answer.body) as { jobId: number };
  let job: { status: string };
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await apiGet(`/api/v1/jobs/${jobId}`, s.adminToken);
  } while (job.status === 'queued' || job.status === 'running');
  const apiMs = performance.now() - started;
  if (job.status !== 'done') throw new Error(`the duplicate scan ended ${job.status}: ${JSON.stringify(job).slice(0, 300)}`);

  const floorStarted = performance.now();
  for (const kind of ['phone', 'email']) {
    await s.floor.all(
      `select count(*) as n from (select k from (select distinct mf.value_normalized as k, mf.entity_id as id from multifields mf join contacts c on c.id = mf.entity_id and c.deleted_at is null where mf.kind = '${kind}' and mf.entity_type = 'contact' and mf.value_normalized in (select value_normalized from multifields where kind = '${kind}' and entity_type = 'contact' group by value_normalized having count(*) > 1)) d group by k having count(*) between 2 and 100) g`,
    );
  }
  await s.floor.all(
    `select count(*) as n from (select k from (select coalesce(name_key, '') || ' ' || coalesce(last_name_key, '') as k from contacts where deleted_at is null) d group by k having count(*) between 2 and 100) g`,
  );
  const sqlMs = performance.now() - floorStarted;
  const once = (value: number) => ({ p50: value, p95: value, p99: value, n: 1 });
  return { key: 'duplicates.scan', label: 'duplicate scan of every contact (phone, e-mail, name), POST to job done', kind: 'latency', api: once(apiMs), sql: once(sqlMs) };
}
