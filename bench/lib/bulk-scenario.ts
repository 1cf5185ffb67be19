/** A group action over 100,000 items: from the POST to the job's end, beside the same change in direct SQL. */
import { log } from './options.ts';
import { apiGet, request } from './measure.ts';
import type { Figure, Setup } from './scenarios.ts';

/** The most items one group action takes (modules/bulk). */
const selectionSize = 100_000;

/**
 * Assigns the first 100,000 live deals (all of them below profile M) to another user with POST /api/v1/deals/bulk
 * and times it to the job's `done` (polled every 100 ms), then does the same change in direct SQL, in transactions of
 * 500 as the job does: one UPDATE of the 500 rows (a version bump, updated_at) and one INSERT of their history
 * events. Run once, after the rounds: it changes most deals.
 */
export async function bulkAssignFigure(s: Setup): Promise<Figure> {
  const ids = (await s.floor.all(`select id from deals where deleted_at is null order by id limit ${selectionSize}`)).map((r) => Number(r.id));
  const [to, back] = [s.members[0], s.members[1]];
  log(`  group action: assigning ${ids.length.toLocaleString('en-US')} deals…`);
  const started = performance.now();
  const answer = await request('POST', '/api/v1/deals/bulk', s.adminToken, { ids, action: { kind: 'assign', assignedById: to } });
  if (answer.status !== 202) throw new Error(`POST /api/v1/deals/bulk answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const { jobId } = JSON.parse(answer.body) as { jobId: number };
  let job: { status: string; processed: number; succeeded: number; refused: number };
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await apiGet(`/api/v1/jobs/${jobId}`, s.adminToken);
  } while (job.status === 'queued' || job.status === 'running');
  const apiMs = performance.now() - started;
  if (job.status !== 'done' || job.processed !== ids.length || job.refused !== 0) throw new Error(`the group action ended ${job.status}: ${JSON.stringify(job).slice(0, 300)}`);

  const floorStarted = performance.now();
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    await s.floor.transaction(async (run) => {
      const now = new Date().toISOString();
      await run(`update deals set assigned_by_id = ?, updated_by_id = ?, updated_at = ?, version = version + 1 where id in (${chunk.map(() => '?').join(', ')})`, [back, s.seed.adminId, now, ...chunk]);
      const changes = JSON.stringify({ assignedById: [to, back] });
      await run(
        `insert into events (occurred_at, type, entity_type, entity_id, actor_id, changes) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((id) => [now, 'item.updated', 'deal', id, s.seed.adminId, changes]),
      );
    });
  }
  const sqlMs = performance.now() - floorStarted;
  const once = (value: number) => ({ p50: value, p95: value, p99: value, n: 1 });
  return { key: 'bulk.assign', label: `group action: assign ${ids.length.toLocaleString('en-US')} deals, POST to job done`, kind: 'latency', api: once(apiMs), sql: once(sqlMs) };
}
