/** Export of the profile's contacts to CSV and to XLSX: rows/s from the POST to the job's end, and the server's RSS growth. */
import { readFileSync } from 'node:fs';
import { log } from './options.ts';
import http from 'node:http';
import { agent, apiGet, request, serverPort } from './measure.ts';
import type { Figure, Setup } from './scenarios.ts';

/** What one export did: its rows, how long from the POST to `done`, and how far the server's RSS rose above where it started. */
export interface ExportRun {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  rssGrowthMb: number;
}

/** The resident set of a process, in MB (Linux: /proc), or NaN where it cannot be read. */
function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Exports every contact of the profile (all fields: the widest rows) with POST /api/v1/contacts/export, polls the
 * job every 100 ms and the server's RSS every 50 ms until it is done, then downloads the file (checked for size).
 * Beside it, the SQL floor: the same rows read in SQL, keyset by id in pages of 2,000, with their phones and e-mails.
 */
export async function exportFigures(s: Setup, serverPid: number): Promise<Figure[]> {
  const floor = await floorRate(s);
  const figures: Figure[] = [];
  for (const format of ['csv', 'xlsx'] as const) {
    log(`  export: contacts to ${format.toUpperCase()}…`);
    const baseline = rssMb(serverPid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(serverPid));
    }, 50);
    const started = performance.now();
    const answer = await request('POST', '/api/v1/contacts/export', s.adminToken, { format });
    if (answer.status !== 202) throw new Error(`POST /api/v1/contacts/export answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const { jobId } = JSON.parse(answer.body) as { jobId: number };
    let job: { status: string; succeeded: number; fileId: number | null };
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await apiGet(`/api/v1/jobs/${jobId}`, s.adminToken);
    } while (job.status === 'queued' || job.status === 'running');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (job.status !== 'done' || job.fileId === null) throw new Error(`the export ended ${job.status}: ${JSON.stringify(job).slice(0, 300)}`);
    const bytes = await downloadedBytes(`/api/v1/transfer-files/${job.fileId}/content`, s.adminToken);
    if (bytes < job.succeeded) throw new Error(`the export's file has ${bytes} bytes for ${job.succeeded} rows`);
    const run: ExportRun = { rows: job.succeeded, seconds, rowsPerSecond: job.succeeded / seconds, rssGrowthMb: peak - baseline };
    log(`    ${run.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s: ${Math.round(run.rowsPerSecond).toLocaleString('en-US')} rows/s, RSS +${run.rssGrowthMb.toFixed(0)} MB`);
    figures.push({ key: `export.${format}`, label: `export ${run.rows.toLocaleString('en-US')} contacts to ${format.toUpperCase()}, all fields`, kind: 'export', api: run, sql: floor });
  }
  return figures;
}

/** Downloads a file, counting its bytes without keeping them (a million rows are hundreds of MB). */
function downloadedBytes(path: string, token: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    http
      .get({ host: '127.0.0.1', port: serverPort(), path, agent, headers: { authorization: `Bearer ${token}` } }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`GET ${path} answered ${response.statusCode}`));
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolvePromise(bytes));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

async function floorRate(s: Setup): Promise<ExportRun> {
  const started = performance.now();
  let rows = 0;
  let after = 2 ** 31 - 1;
  for (;;) {
    const page = await s.floor.all('select * from contacts where deleted_at is null and is_exported = 1 and id < ? order by id desc limit 2000', [after]);
    if (page.length === 0) break;
    const ids = page.map((row) => Number(row.id));
    await s.floor.all(`select entity_id, kind, value_type, value from multifields where entity_type = 'contact' and entity_id >= ? and entity_id <= ? order by entity_id, sort, id`, [
      ids[ids.length - 1],
      ids[0],
    ]);
    rows += page.length;
    after = ids[ids.length - 1];
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: 0 };
}
