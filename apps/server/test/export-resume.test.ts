import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { exportJobs } from '../src/modules/export/export-job.ts';
import { startJobRunner, type JobHandler } from '../src/modules/jobs/job-runner.ts';
import { contactBody } from './support/factories.ts';
import { createTestApp, testDialects, type TestApp } from './support/test-app.ts';

/**
 * An export job's progress, and its resumption: a runner that stalls past its lease while another server takes the
 * job over has its batch rolled back (the part it wrote with it), and the file holds every row exactly once, in
 * order, for CSV and for XLSX (whose worksheet is written in segments across batches and runners).
 */

for (const dialect of testDialects()) {
  describe(`export jobs resume [${dialect}]`, () => {
    let t: TestApp;
    const ids: number[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      // This suite drives its own runners: the app's must not take the jobs.
      await t.app.jobRunner.stop();
      for (let index = 0; index < 5; index++) {
        const created = await t.call('POST', '/api/v1/contacts', contactBody({ name: `Pessoa ${index}`, lastName: `Çedilha "${index}"\nnova linha`, export: true }));
        assert.equal(created.statusCode, 201, created.body);
        ids.push(created.json().id);
      }
    });
    after(() => t.close());

    it('exports the items that existed when it was asked for: one created before the job runs is not in the file', async () => {
      const started = await t.call('POST', '/api/v1/contacts/export', { format: 'csv', columns: ['name'] });
      assert.equal(started.statusCode, 202, started.body);
      const later = await t.call('POST', '/api/v1/contacts', contactBody({ name: 'Depois', export: true }));
      assert.equal(later.statusCode, 201);
      const runner = startJobRunner(t.database, { handlers: { export: exportJobs({ batchRows: 2 }) }, now: () => new Date(), pollMs: 60_000 });
      await runner.whenIdle();
      await runner.stop();
      const job = (await t.call('GET', `/api/v1/jobs/${started.json().jobId}`)).json();
      assert.deepEqual([job.status, job.total, job.succeeded], ['done', ids.length, ids.length]);
      const text = (await t.call('GET', `/api/v1/transfer-files/${job.fileId}/content`)).rawPayload.toString('utf8');
      assert.ok(!text.includes('Depois'), 'the newer contact is not exported');
      await t.call('DELETE', `/api/v1/contacts/${later.json().id}`);
    });

    for (const format of ['csv', 'xlsx'] as const) {
      it(`${format}: shows progress batch by batch, refuses the file until done, and a takeover writes each row once`, async () => {
        const started = await t.call('POST', '/api/v1/contacts/export', { format, columns: ['name', 'lastName'], sort: 'id' });
        assert.equal(started.statusCode, 202, started.body);
        const { jobId, fileId, total } = started.json();
        assert.equal(total, 5);

        // Runner A does the first batch (2 rows), then stalls before its second one is written.
        let stalled!: () => void;
        const isStalled = new Promise<void>((resolve) => (stalled = resolve));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const inner = exportJobs({ batchRows: 2 });
        const stalling: JobHandler = {
          async open(database, job, now) {
            const work = await inner.open(database, job, now);
            return {
              ...work,
              async batch(from, size) {
                const step = await work.batch(from, size);
                if (from === 2) {
                  stalled();
                  await gate;
                }
                return step;
              },
            };
          },
        };
        const a = startJobRunner(t.database, { handlers: { export: stalling }, now: () => new Date(), owner: 'runner-a', pollMs: 60_000 });
        await isStalled;

        const midway = (await t.call('GET', `/api/v1/jobs/${jobId}`)).json();
        assert.deepEqual([midway.status, midway.processed, midway.succeeded, midway.fileId], ['running', 2, 2, null]);
        const early = await t.call('GET', `/api/v1/transfer-files/${fileId}/content`);
        assert.equal(early.statusCode, 409, 'an unfinished file is not served');

        // Runner B, whose clock is past A's lease, takes the job over and finishes it.
        const later = () => new Date(Date.now() + 120_000);
        const b = startJobRunner(t.database, { handlers: { export: exportJobs({ batchRows: 2 }) }, now: later, owner: 'runner-b', pollMs: 60_000 });
        await b.whenIdle();
        await b.stop();
        release();
        await a.stop();

        const job = (await t.call('GET', `/api/v1/jobs/${jobId}`)).json();
        assert.deepEqual([job.status, job.total, job.processed, job.succeeded, job.fileId], ['done', 5, 5, 5, fileId], JSON.stringify(job));
        const download = await t.call('GET', `/api/v1/transfer-files/${fileId}/content`);
        assert.equal(download.statusCode, 200);
        let written: Array<[string, string, string]>;
        if (format === 'csv') {
          const records = parse(download.rawPayload.subarray(3).toString('utf8'), { delimiter: ',', record_delimiter: '\r\n' }) as string[][];
          assert.deepEqual(records[0], ['ID', 'First name', 'Last name']);
          written = records.slice(1) as Array<[string, string, string]>;
        } else {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
          const rows = book.worksheets[0].getSheetValues().slice(1) as unknown[][];
          assert.deepEqual(rows[0].slice(1), ['ID', 'First name', 'Last name']);
          written = rows.slice(1).map((row) => row.slice(1).map(String) as [string, string, string]);
        }
        assert.deepEqual(
          written,
          ids.map((id, index) => [String(id), `Pessoa ${index}`, `Çedilha "${index}"\nnova linha`]),
          'every row once, in order',
        );
        const parts = await t.database.db.selectFrom('transfer_file_parts').select('part').where('file_id', '=', fileId).orderBy('part').execute();
        assert.deepEqual(
          parts.map((p) => p.part),
          [0, 1, 2, 3],
          "the head and one part per committed batch: the stalled runner's part went with its transaction",
        );
      });
    }
  });
}
