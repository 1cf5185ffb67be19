import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { buildApp } from '../src/app.ts';
import { seedProfile } from '../src/bench/generator.ts';
import { profiles } from '../src/bench/profiles.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import type { DialectName } from '../src/db/types.ts';
import { BackupError } from '../src/modules/backup/backup-format.ts';
import { databaseLocalColumns } from '../src/modules/backup/backup-schema.ts';
import { writeBackup } from '../src/modules/backup/backup.ts';
import { restoreBackup } from '../src/modules/backup/restore.ts';
import { createTestApp, freshDatabase, testDialects, type TestApp } from './support/test-app.ts';

/**
 * `vinculo backup` and `vinculo restore` (R14, issue 12 point 9): a backup taken while a writer keeps creating and
 * updating items holds the database as it was at the backup's snapshot — every table's row count and a digest of
 * every row's values, read by this test on its own (not through the backup's code), are equal in the restored
 * database, in either dialect — and the restored server answers as the source did. A truncated or damaged file, a
 * file that is no backup, and a target that is not empty are refused, leaving the target as it was.
 */

const raw = (db: unknown) => db as Kysely<any>;

/** The dialects to restore into: the ones under test, plus PostgreSQL whenever a server is configured. */
const targetDialects = (): DialectName[] => [...new Set<DialectName>(['sqlite', ...testDialects(), ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])])];

const typeNames: Record<number, string> = { 1: 'lead', 2: 'deal', 3: 'contact', 4: 'company' };

/** Every table's row count and a digest of its rows (values normalised across dialects, rows in a stable order). */
async function digestDatabase(db: Kysely<any>, dialect: DialectName): Promise<Record<string, { rows: number; sha256: string }>> {
  const names =
    dialect === 'postgres'
      ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index_%'`.execute(db)).rows.map((r) => r.name);
  const result: Record<string, { rows: number; sha256: string }> = {};
  for (const name of names.filter((n) => !n.startsWith('schema_migrations')).sort()) {
    let rows: Array<Record<string, unknown>>;
    if (name === 'search_index') {
      const texts = sql`title, name, second_name, last_name, company_title, emails, phones`;
      rows =
        dialect === 'postgres'
          ? (await sql<Record<string, unknown>>`select entity_type, entity_id, ${texts} from search_index`.execute(db)).rows
          : (await sql<Record<string, unknown>>`select rowid as r, ${texts} from search_index`.execute(db)).rows.map(({ r, ...rest }) => {
              const typeId = Math.floor(Number(r) / 2 ** 32);
              return { entity_type: typeNames[typeId], entity_id: Number(r) - typeId * 2 ** 32, ...rest };
            });
    } else {
      // Transaction ids and snapshots belong to the database that wrote them: a restore writes them empty.
      const local = databaseLocalColumns[name] ?? [];
      rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !local.includes(key))));
    }
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((key) => [key, normalise(row[key])]))).sort();
    result[name] = { rows: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') };
  }
  return result;
}

function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('hex')}`;
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** A multipart body with one file, as a browser sends it. */
async function multipart(data: Uint8Array, filename: string, type: string): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), filename);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

async function expectRefused(work: Promise<unknown>, codes: string[]): Promise<BackupError> {
  try {
    await work;
  } catch (error) {
    assert.ok(error instanceof BackupError, `expected a BackupError, got ${String(error)}`);
    assert.ok(codes.includes(error.code), `expected ${codes.join(' or ')}, got ${error.code}`);
    return error;
  }
  assert.fail('the restore was not refused');
}

const count = async (database: Database, table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0].n);

for (const dialect of testDialects()) {
  describe(`backup and restore [${dialect}]`, () => {
    let t: TestApp;
    let dir: string;
    let file: string;
    let snapshot: Record<string, { rows: number; sha256: string }>;
    let maxContactAtSnapshot = 0;
    const createdAfterSnapshot: number[] = [];
    const writes = { created: 0, updated: 0, duringBackup: 0 };
    /** Requests whose answers the writer never changes, and the source's answers to them. */
    const requests: string[] = [];
    const answers = new Map<string, string>();
    let fileId: number;
    let fileBytes: Buffer;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'vinculo-backup-'));
      file = join(dir, 'backup.jsonl.gz');
      t = await createTestApp(dialect);
      await seedProfile(t.database, profiles.XS, { seed: 11, url: t.url });

      // Custom fields of several kinds beside the profile's own: a money field, a multiple enumeration, a file field.
      for (const body of [
        { type: 'money', labelEn: 'Fee', labelPt: 'Taxa', name: 'UF_CRM_FEE' },
        { type: 'enumeration', labelEn: 'Tags', labelPt: 'Etiquetas', name: 'UF_CRM_TAGS', multiple: true, options: [{ value: 'VIP' }, { value: 'Partner' }] },
        { type: 'file', labelEn: 'Contract', labelPt: 'Contrato', name: 'UF_CRM_CONTRACT' },
      ]) {
        const created = await t.call('POST', '/api/v1/custom-fields/companies', body);
        assert.equal(created.statusCode, 201, created.body);
      }
      const tags = (await t.call('GET', '/api/v1/custom-fields/companies/UF_CRM_TAGS')).json().options as Array<{ id: number }>;
      fileBytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256))]);
      const { payload, contentType } = await multipart(fileBytes, 'contrato.pdf', 'application/pdf');
      const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/files', headers: { authorization: `Bearer ${t.token}`, 'content-type': contentType }, payload });
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      fileId = uploaded.json().id;

      // History: companies edited through the API (the writer below never touches companies).
      const companies = (await t.call('GET', '/api/v1/companies?sort=id&limit=5')).json().items as Array<{ id: number; version: number }>;
      for (const [index, company] of companies.entries()) {
        const changed = await t.call('PATCH', `/api/v1/companies/${company.id}`, {
          version: company.version,
          title: `Empresa restaurada ${index}`,
          ufCrmFee: { amount: '1234.56', currency: 'BRL' },
          ufCrmTags: [tags[index % 2].id],
          ...(index === 0 ? { ufCrmContract: fileId } : {}),
        });
        assert.equal(changed.statusCode, 200, changed.body);
      }
      const first = companies[0].id;
      requests.push(
        '/api/v1/companies?sort=id&limit=50&total=exact',
        `/api/v1/companies/${first}`,
        `/api/v1/companies/${first}/history`,
        `/api/v1/companies/${companies[1].id}`,
        `/api/v1/files/${fileId}`,
        '/api/v1/custom-fields/companies',
        '/api/v1/card-layouts/companies',
        '/api/v1/search?q=restaurada',
      );
      for (const url of requests) {
        const response = await t.call('GET', url);
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        answers.set(url, response.body);
      }

      // The backup, on its own connection, while a writer creates contacts and edits deals through the API.
      const deals = (await t.call('GET', '/api/v1/deals?sort=id&limit=20')).json().items as Array<{ id: number; version: number }>;
      const backupDatabase = openDatabase(t.url);
      let backingUp = true;
      let snapshotTaken = false;
      const writer = (async () => {
        let i = 0;
        while (backingUp) {
          const afterSnapshot = snapshotTaken;
          const created = await t.call('POST', '/api/v1/contacts', { name: `Escritor ${i}`, lastName: 'Concorrente' });
          assert.equal(created.statusCode, 201, created.body);
          writes.created++;
          if (afterSnapshot) createdAfterSnapshot.push(created.json().id);
          const deal = deals[i % deals.length];
          const updated = await t.call('PATCH', `/api/v1/deals/${deal.id}`, { version: deal.version, title: `Negócio editado ${i}` });
          assert.equal(updated.statusCode, 200, updated.body);
          deal.version = updated.json().version;
          writes.updated++;
          if (afterSnapshot) writes.duringBackup++;
          i++;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      try {
        // Let the writer get going before the snapshot.
        while (writes.created < 3) await new Promise((resolve) => setTimeout(resolve, 5));
        await writeBackup(backupDatabase, file, {
          batchRows: 100,
          onSnapshot: async (db) => {
            snapshot = await digestDatabase(db, dialect);
            maxContactAtSnapshot = Number((await sql<{ n: number }>`select max(id) as n from contacts`.execute(db)).rows[0].n);
            snapshotTaken = true;
          },
        });
        // The writer goes on a little after the backup, so rows written after the snapshot surely exist.
        while (writes.duringBackup < 3) await new Promise((resolve) => setTimeout(resolve, 5));
      } finally {
        backingUp = false;
        await writer;
        await backupDatabase.close();
      }
    });

    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('took its snapshot while the writer kept writing: the source has moved on since', async () => {
      assert.ok(createdAfterSnapshot.length > 0);
      const now = await digestDatabase(raw(t.database.db), dialect);
      assert.ok(now.contacts.rows > snapshot.contacts.rows, 'contacts were created after the snapshot');
      assert.notEqual(now.deals.sha256, snapshot.deals.sha256, 'deals were edited after the snapshot');
      assert.ok(snapshot.files.rows >= 1 && snapshot.custom_fields.rows >= 15 && snapshot.events.rows > 0 && snapshot.search_index.rows > 0);
    });

    for (const targetDialect of targetDialects()) {
      it(`restores into an empty ${targetDialect} database: every table's rows as at the snapshot, and the same answers`, async () => {
        const target = await freshDatabase(targetDialect);
        try {
          const summary = await restoreBackup(target.database, file);
          assert.equal(summary.tables.contacts, snapshot.contacts.rows);
          const restored = await digestDatabase(raw(target.database.db), targetDialect);
          assert.deepEqual(Object.keys(restored).sort(), Object.keys(snapshot).sort());
          for (const [table, expected] of Object.entries(snapshot)) assert.deepEqual(restored[table], expected, `table ${table}`);
          if (targetDialect === 'postgres') {
            const news = await sql<{ n: number }>`select count(*)::int as n from events where tx_id is not null`.execute(raw(target.database.db));
            assert.equal(news.rows[0].n, 0, 'restored events are history, not new events for the listeners');
          }
          const ids = (await sql<{ id: number }>`select id from contacts where id in (${sql.join(createdAfterSnapshot)})`.execute(target.database.db)).rows;
          assert.deepEqual(ids, [], 'contacts created after the snapshot are not in the backup');

          const app = await buildApp({ database: target.database, logLevel: 'silent' });
          try {
            // The admin's API token is restored (its hash), so the same requests work unchanged.
            for (const url of requests) {
              const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token}` } });
              assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
              assert.deepEqual(response.json(), JSON.parse(answers.get(url)!), url);
            }
            const content = await app.inject({ method: 'GET', url: `/api/v1/files/${fileId}/content`, headers: { authorization: `Bearer ${t.token}` } });
            assert.equal(content.statusCode, 200);
            assert.deepEqual(content.rawPayload, fileBytes);
            // Ids go on from the source's counters: a new contact never reuses an id the source had given.
            const created = await app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'Depois' }) });
            assert.equal(created.statusCode, 201, created.body);
            assert.ok(created.json().id > maxContactAtSnapshot, `new id ${created.json().id} after ${maxContactAtSnapshot}`);
          } finally {
            await app.close();
          }
        } finally {
          await target.database.close();
          await target.drop();
        }
      });

      it(`refuses a truncated, a damaged and a foreign file into ${targetDialect}, leaving the target empty`, async () => {
        const target = await freshDatabase(targetDialect);
        try {
          const bytes = readFileSync(file);
          const truncated = join(dir, 'truncated.gz');
          writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
          await expectRefused(restoreBackup(target.database, truncated), ['truncated']);

          // Whole lines cut off at the end, in a well-formed gzip: no footer.
          const lines = gunzipSync(bytes).toString('utf8').split('\n');
          const cut = join(dir, 'cut.gz');
          writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length * 0.8)).join('\n')));
          await expectRefused(restoreBackup(target.database, cut), ['truncated']);

          // One value changed in a well-formed gzip: the table's digest no longer matches.
          const row = lines.findIndex((line) => line.includes('Empresa restaurada 1'));
          assert.ok(row > 0);
          const damaged = join(dir, 'damaged.gz');
          writeFileSync(damaged, gzipSync(lines.map((line, i) => (i === row ? line.replace('Empresa restaurada 1', 'Empresa adulterada 1') : line)).join('\n')));
          const refusal = await expectRefused(restoreBackup(target.database, damaged), ['checksum']);
          assert.equal(refusal.params.table, 'companies');

          // Bytes flipped inside the compressed stream.
          const flipped = Buffer.from(bytes);
          for (let i = Math.floor(flipped.length / 2); i < Math.floor(flipped.length / 2) + 8; i++) flipped[i] ^= 0xff;
          const corrupt = join(dir, 'corrupt.gz');
          writeFileSync(corrupt, flipped);
          await expectRefused(restoreBackup(target.database, corrupt), ['corrupt', 'checksum', 'truncated']);

          const foreign = join(dir, 'foreign.txt');
          writeFileSync(foreign, 'id,name\n1,Ana\n');
          await expectRefused(restoreBackup(target.database, foreign), ['notBackup']);

          for (const table of ['users', 'contacts', 'companies', 'deals', 'custom_fields', 'files', 'events', 'multifields']) {
            assert.equal(await count(target.database, table), 0, `${table} is empty`);
          }
          // And the empty target still takes the good file afterwards.
          await restoreBackup(target.database, file);
          assert.equal(await count(target.database, 'contacts'), snapshot.contacts.rows);
        } finally {
          await target.database.close();
          await target.drop();
        }
      });
    }

    it('refuses to restore into a database that is not empty, changing nothing', async () => {
      const before = await digestDatabase(raw(t.database.db), dialect);
      const refusal = await expectRefused(restoreBackup(t.database, file), ['notEmpty']);
      assert.match(String(refusal.params.tables), /users \(\d+\)/);
      assert.deepEqual(await digestDatabase(raw(t.database.db), dialect), before);
    });

    if (dialect === 'sqlite') {
      it('runs from the command line: exit codes and messages in English and Portuguese', async () => {
        const bin = new URL('../bin/vinculo.js', import.meta.url).pathname;
        const run = (args: string[], env: Record<string, string>) =>
          new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
            execFile(process.execPath, [bin, ...args], { env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
              resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
            );
          });
        const target = join(dir, 'cli-target.sqlite');
        const usage = await run(['backup'], { DATABASE_URL: t.url, LANG: 'en_US.UTF-8' });
        assert.equal(usage.code, 2);
        assert.match(usage.stderr, /Missing option --output/);
        const missing = join(dir, 'no-such-database.sqlite');
        const nothing = await run(['backup', '--output', join(dir, 'nothing.gz')], { DATABASE_URL: missing, LANG: 'en_US.UTF-8' });
        assert.equal(nothing.code, 1);
        assert.match(nothing.stderr, /No database at .*no-such-database\.sqlite/);
        assert.equal(existsSync(missing), false, 'no empty database is created');
        const noFile = await run(['restore', join(dir, 'no-such-backup.gz')], { DATABASE_URL: target, LANG: 'en_US.UTF-8' });
        assert.equal(noFile.code, 1);
        assert.match(noFile.stderr, /No such file: .*no-such-backup\.gz/);
        assert.equal(existsSync(target), false, 'the target is not created');
        const output = join(dir, 'cli.gz');
        const backup = await run(['backup', '--output', output], { DATABASE_URL: t.url, LANG: 'en_US.UTF-8' });
        assert.equal(backup.code, 0, backup.stderr);
        assert.match(backup.stdout, /^Backup written to .*cli\.gz: [\d,]+ rows in \d+ tables/);
        assert.match(backup.stderr, /Backup: /);
        const truncated = join(dir, 'cli-truncated.gz');
        writeFileSync(truncated, readFileSync(output).subarray(0, 2000));
        const refused = await run(['restore', truncated], { DATABASE_URL: target, LANG: 'pt_BR.UTF-8' });
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /está incompleto \(truncado\): foi recusado e nada foi restaurado/);
        const restored = await run(['restore', output], { DATABASE_URL: target, LANG: 'pt_BR.UTF-8' });
        assert.equal(restored.code, 0, restored.stderr);
        assert.match(restored.stdout, /linhas em \d+ tabelas restauradas de/);
      });
    }
  });
}
