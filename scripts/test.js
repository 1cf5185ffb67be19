#!/usr/bin/env node
// Runs every test file with Node's test runner. The database dialects come from TEST_DIALECTS
// (comma-separated: sqlite, postgres); by default SQLite, plus PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';

// The sources are TypeScript run by Node's type stripping: say so plainly on an older Node, before anything fails
// with a SyntaxError (node:fs's globSync below is one of the things it lacks).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`The tests need Node.js 22.18 or newer (24 recommended); this is ${process.versions.node}.`);
  process.exit(1);
}
const { globSync } = await import('node:fs');

// The web app's component tests run in Vitest (jsdom) after these; `npm test -- web` runs them alone.
const files = globSync(['apps/server/src/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'packages/*/src/**/*.test.ts']).sort();
const filter = process.argv.slice(2);
const selected = filter.length > 0 ? files.filter((f) => filter.some((part) => f.includes(part))) : files;
const withWeb = filter.length === 0 || filter.includes('web');
if (selected.length === 0 && !withWeb) {
  console.error(`No test files match: ${filter.join(' ')}`);
  process.exit(1);
}
const dialects = process.env.TEST_DIALECTS ?? (process.env.TEST_DATABASE_URL ? 'sqlite,postgres' : 'sqlite');
if (dialects.includes('postgres') && !process.env.TEST_DATABASE_URL) {
  console.error('TEST_DIALECTS includes postgres: set TEST_DATABASE_URL=postgres://user@host:5432/postgres (a database to create test databases from).');
  process.exit(1);
}
let status = 0;
if (selected.length > 0) {
  console.log(`Testing on: ${dialects}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
    { stdio: 'inherit', env: { ...process.env, TEST_DIALECTS: dialects, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' } },
  );
  status = result.status ?? 1;
}
if (withWeb) {
  console.log('Web app component tests (Vitest)');
  const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
  const result = spawnSync(process.execPath, [vitest, 'run', '--root', 'apps/web'], { stdio: 'inherit' });
  status ||= result.status ?? 1;
}
process.exit(status);
