/** Import of a contact CSV with the duplicate check on e-mail and phone: rows/s from the upload to the job's end, and the server's RSS growth. */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { log } from './options.ts';
import { agent, apiGet, request, serverPort } from './measure.ts';
import type { ExportRun } from './export-scenario.ts';
import type { Figure, Setup } from './scenarios.ts';

function rssMb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * A CSV of new contacts as a company brings them (first and last name, an e-mail, a mobile, a company among 500, a
 * position), one row in ten carrying the e-mail of a contact already there (skipped as a duplicate). It is uploaded
 * (POST /api/v1/imports/files), imported (POST /api/v1/contacts/import, duplicates skipped) and timed to the job's
 * `done`. The floor: the same rows inserted in direct SQL (the contact and its two multi-value rows) in one
 * transaction that is rolled back.
 */
export async function importFigure(s: Setup, serverPid: number): Promise<Figure> {
  const rows = s.options.quick ? 2_000 : 50_000;
  const existing = (await s.floor.all(`select value_normalized as email from multifields where entity_type = 'contact' and kind = 'email' order by id limit ${Math.ceil(rows / 10)}`)).map((r) => String(r.email));
  const lines = ['Nome;Sobrenome;E-mail;Celular;Empresa;Cargo'];
  for (let i = 0; i < rows; i++) {
    const email = i % 10 === 0 && existing.length > 0 ? existing[(i / 10) % existing.length] : `importado${i}@bench.example`;
    lines.push(`Pessoa ${i};Importada ${i % 997};${email};+55 11 9${String(70_000_000 + i).padStart(8, '0')};Empresa Importada ${i % 500};Cargo ${i % 7}`);
  }
  const csv = Buffer.from(`${lines.join('\n')}\n`);
  log(`  import: ${rows.toLocaleString('en-US')} contacts from CSV…`);

  const baseline = rssMb(serverPid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(serverPid))), 50);
  const started = performance.now();
  const uploaded = JSON.parse(await upload(csv, s.adminToken)) as { fileId: number };
  const preview = await request('POST', '/api/v1/contacts/import/preview', s.adminToken, { fileId: uploaded.fileId });
  const mapping = (JSON.parse(preview.body) as { mapping: Array<string | null> }).mapping;
  const answer = await request('POST', '/api/v1/contacts/import', s.adminToken, { fileId: uploaded.fileId, mapping, onDuplicate: 'skip', saveMapping: false });
  if (answer.status !== 202) throw new Error(`POST /api/v1/contacts/import answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const { jobId } = JSON.parse(answer.body) as { jobId: number };
  let job: { status: string };
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    job = await apiGet(`/api/v1/jobs/${jobId}`, s.adminToken);
  } while (job.status === 'queued' || job.status === 'running');
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const summary = (await apiGet(`/api/v1/imports/${jobId}`, s.adminToken)) as { created: number; skipped: number; rejected: number };
  if (job.status !== 'done' || summary.created + summary.skipped !== rows) throw new Error(`the import ended ${job.status}: ${JSON.stringify(summary)}`);
  const api: ExportRun = { rows, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: peak - baseline };
  log(`    ${summary.created.toLocaleString('en-US')} created, ${summary.skipped.toLocaleString('en-US')} skipped in ${seconds.toFixed(1)} s: ${Math.round(api.rowsPerSecond).toLocaleString('en-US')} rows/s, RSS +${api.rssGrowthMb.toFixed(0)} MB`);
  return { key: 'import.csv', label: `import ${rows.toLocaleString('en-US')} contacts from CSV, duplicates checked on e-mail and phone`, kind: 'export', api, sql: await floorRate(s, rows) };
}

async function floorRate(s: Setup, rows: number): Promise<ExportRun> {
  const started = performance.now();
  const now = new Date().toISOString();
  try {
    await s.floor.transaction(async (run) => {
      for (let i = 0; i < rows; i++) {
        const [row] = await run(
          `insert into contacts (name, name_key, last_name, last_name_key, post, created_at, updated_at, version, has_phone, has_email) values (?, ?, ?, ?, ?, ?, ?, 1, 1, 1) returning id`,
          [`Pessoa ${i}`, `pessoa ${i}`, `Floor ${i}`, `floor ${i}`, 'Cargo', now, now],
        );
        await run(`insert into multifields (entity_type, entity_id, kind, value_type, value, value_normalized, sort) values ('contact', ${Number(row.id)}, 'email', 'WORK', 'floor${i}@bench.example', 'floor${i}@bench.example', 0)`);
      }
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: 0 };
}

class RolledBack extends Error {}

function upload(body: Buffer, token: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: serverPort(), method: 'POST', path: '/api/v1/imports/files?name=bench.csv', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk));
        res.on('end', () => (res.statusCode === 201 ? resolvePromise(text) : reject(new Error(`upload answered ${res.statusCode}: ${text.slice(0, 300)}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
