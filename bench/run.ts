/**
 * `npm run bench -- --profile S|M|L --db sqlite|postgres [--quick] [--rounds N] [--reuse] [--cpu-prof]`
 *
 * The benchmark of docs/performance.md: a fresh database, migrated and seeded with the profile (timed), the real
 * server in a child process on loopback, then each scenario through the REST API and the same operation directly in
 * SQL on the same database (the floor), with p50/p95/p99 or requests/s, the median of the rounds. Prints a table and
 * writes bench/results/<date>-<profile>-<db>.json.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { seedProfile, type SeedResult } from '../apps/server/src/bench/generator.ts';
import { profiles } from '../apps/server/src/bench/profiles.ts';
import { progressLine } from '../apps/server/src/cli/progress.ts';
import { migrate, openDatabase } from '../apps/server/src/db/database.ts';
import { createToken } from '../apps/server/src/modules/auth/auth.service.ts';
import { log, readOptions, root, type ScenarioGroup } from './lib/options.ts';
import { agent, serverPort, setTimeBox } from './lib/measure.ts';
import type { Floor} from './lib/floor.ts';
import { postgresFloor, sqliteFloor } from './lib/floor.ts';
import { describeSeeded, prepareDatabase, startServer, stopServer } from './lib/target.ts';
import type { Figure, Setup} from './lib/scenarios.ts';
import { deepCursors, latencyScenarios, throughputScenarios } from './lib/scenarios.ts';
import { medianFigures, printTable, report } from './lib/report.ts';
import { bulkAssignFigure } from './lib/bulk-scenario.ts';
import { exportFigures } from './lib/export-scenario.ts';
import { duplicateScanFigure } from './lib/duplicate-scan-scenario.ts';
import { importFigure } from './lib/import-scenario.ts';
import { timelineScenarios } from './lib/timeline-scenario.ts';
import { eventFigures } from './lib/events-scenario.ts';
import { bitrixFigures } from './lib/bitrix-scenario.ts';

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const options = readOptions();
  const started = performance.now();
  setTimeBox(options.quick ? 3 : 20);
  const target = await prepareDatabase(options);
  log(`Vínculo benchmark: profile ${options.profile} on ${options.db}, ${options.rounds} round(s)${options.quick ? ' (quick)' : ''}`);
  const database = openDatabase(target.url, { poolSize: 4 });
  let server: ChildProcess | undefined;
  let floor: Floor | undefined;
  try {
    await migrate(database);
    let seed: SeedResult;
    if (target.fresh) {
      log(`Seeding ${target.sqlitePath ?? target.url.replace(/:[^:@/]*@/, ':***@')}…`);
      const progress = progressLine(process.stderr);
      seed = await seedProfile(database, profiles[options.profile], {
        url: target.url,
        progress: (p) => progress(`  ${p.phase} ${p.rows.toLocaleString('en-US')}/${p.totalRows.toLocaleString('en-US')} rows${p.rowsPerSecond ? ` (${Math.round(p.rowsPerSecond).toLocaleString('en-US')} rows/s)` : ''}`),
      });
      progress.end();
      log(`  seeded ${seed.totalRows.toLocaleString('en-US')} rows in ${seed.seconds.toFixed(1)} s (${Object.entries(seed.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
    } else {
      seed = await describeSeeded(database, options.profile);
      log('  reusing the seeded database (--reuse): no seed figure');
    }

    const department = seed.departments.find((d) => d.name === 'Vendas São Paulo') ?? seed.departments[1];
    const departmentUser = department.members[1];
    const adminToken = (await createToken(database.db, seed.adminId, 'bench', new Date())).token;
    const userToken = (await createToken(database.db, departmentUser, 'bench', new Date())).token;
    floor = options.db === 'sqlite' ? sqliteFloor(target.sqlitePath!) : postgresFloor(target.url);
    const base = {
      options,
      seed,
      floor,
      adminToken,
      userToken,
      members: department.members,
      filterUser: department.members[2],
      segment: seed.fields.segmentOptions.contact[7],
      iterations: options.quick ? 30 : 200,
      warmup: options.quick ? 5 : 20,
      loadSeconds: options.quick ? 2 : 10,
      floorSeconds: options.quick ? 1 : 3,
    };
    const liveIds = (await floor.all(`select id from contacts where deleted_at is null and id <= ? order by id`, [seed.ids.contact.last])).map((r) => Number(r.id));
    const setup: Setup = { ...base, liveIds, cursors: await deepCursors({ ...base, liveIds }, database) };

    server = await startServer(target.url, { cpuProf: options.cpuProf });
    log(`Server on 127.0.0.1:${serverPort()}`);
    const wanted = (group: ScenarioGroup) => options.only === undefined || options.only.includes(group);
    const rounds: Figure[][] = [];
    for (let round = 1; round <= options.rounds; round++) {
      log(`Round ${round}/${options.rounds}`);
      rounds.push([
        ...(wanted('lists') ? await latencyScenarios(setup) : []),
        ...(wanted('timeline') ? await timelineScenarios(setup) : []),
        ...(wanted('throughput') ? await throughputScenarios(setup, round) : []),
      ]);
    }
    // Once, after the rounds: exports read every contact (changing nothing); the group action changes most deals.
    const once: Figure[] = [];
    // The REST throughput again with two server processes (WEB_CONCURRENCY=2), and with --pin, one process on a
    // core of its own and the load generator on the other.
    if (wanted('throughput')) {
      const variants = [{ processes: 2, pin: false, key: '2p', label: '2 server processes' }, ...(options.pin ? [{ processes: 1, pin: true, key: 'pinned', label: 'server and load pinned to separate cores' }] : [])];
      for (const variant of variants) {
        await stopServer(server);
        server = await startServer(target.url, variant);
        log(`Throughput, ${variant.label}`);
        once.push(...(await throughputScenarios(setup, 1)).map((figure) => ({ ...figure, key: `${figure.key}.${variant.key}`, label: `${figure.label} — ${variant.label}` })));
      }
      await stopServer(server);
      server = await startServer(target.url, { cpuProf: options.cpuProf });
    }
    if (wanted('export')) once.push(...(await exportFigures(setup, server.pid!)));
    if (wanted('bulk')) once.push(await bulkAssignFigure(setup));
    if (wanted('duplicates')) once.push(await duplicateScanFigure(setup));
    // Adds contacts (those a webhook is sent): after the scenarios that count them.
    if (wanted('events')) once.push(...(await eventFigures(setup, database)));
    // Adds deals.
    if (wanted('bitrix')) once.push(...(await bitrixFigures(setup, database)));
    // Last: the import adds contacts.
    if (wanted('import')) once.push(await importFigure(setup, server.pid!));
    await stopServer(server);
    server = undefined;

    const figures = [...medianFigures(rounds), ...once];
    const { rows, verdicts } = report(figures, target.fresh ? seed : null, options);
    console.log(`\nVínculo benchmark — profile ${options.profile} (${seed.totalRows.toLocaleString('en-US')} rows), ${options.db}, median of ${options.rounds} round(s)\n`);
    printTable(rows);

    const machine = {
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      database: `${options.db} ${await floor.version()}`,
    };
    const date = new Date().toISOString().slice(0, 10);
    const resultsDir = join(root, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${date}-${options.profile}-${options.db}${options.quick ? '-quick' : ''}.json`);
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          settings: {
            profile: options.profile,
            db: options.db,
            rounds: options.rounds,
            quick: options.quick,
            iterations: setup.iterations,
            warmup: setup.warmup,
            loadSeconds: setup.loadSeconds,
            connections: 50,
            floorSeconds: setup.floorSeconds,
            floorConcurrency: options.db === 'postgres' ? 10 : 1,
            serverPoolSize: 10,
            reused: !target.fresh,
          },
          seed: target.fresh ? { seconds: seed.seconds, phases: seed.phases, rows: seed.rows, totalRows: seed.totalRows, seed: seed.seed } : null,
          figures,
          rounds,
          verdicts,
          table: rows,
          totalSeconds: (performance.now() - started) / 1000,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nWritten ${file.slice(root.length + 1)} in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    if (server) await stopServer(server).catch(() => {});
    await floor?.close().catch(() => {});
    await database.close();
    agent.destroy();
  }
}

await main();
