import { spawn } from 'node:child_process';
import { closeSync, existsSync, globSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web: its sources; and its build, apps/web/dist unless WEB_DIST names another folder (one per checkout user). */
export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web');
export const webDist = process.env.WEB_DIST ? resolve(process.env.WEB_DIST) : join(webDir, 'dist');

/** The newest modification time among the web app's sources (shared code included), or undefined without sources. */
function newestSource(dir: string): number | undefined {
  if (!existsSync(join(dir, 'src'))) return undefined;
  const root = resolve(dir, '../..');
  const files = globSync(['src/**/*', 'public/**/*', 'index.html', 'vite.config.ts', 'build-size.ts'], { cwd: dir }).map((file) => join(dir, file));
  files.push(...globSync('packages/shared/src/**/*.ts', { cwd: root }).map((file) => join(root, file)));
  let newest = 0;
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** Why the build of the web app in `dir` must be (re)made, or undefined when dist is current (or there are no sources). */
export function staleReason(dir = webDir, dist = dir === webDir ? webDist : join(dir, 'dist')): string | undefined {
  const index = join(dist, 'index.html');
  const sources = newestSource(dir);
  if (sources === undefined) return existsSync(index) ? undefined : 'missing';
  if (!existsSync(index)) return 'missing';
  return statSync(index).mtimeMs < sources ? 'older than its sources' : undefined;
}

/**
 * Held while one process builds into a dist, so servers started together from one checkout build it once and the
 * others wait. It stands in for Vite's own lock (bypassed), which is per project and so would also refuse builds into
 * other dists (WEB_DIST).
 */
const lockFile = `${webDist}.lock`;
const lockStaleMs = 10 * 60_000;

function tryLock(): boolean {
  try {
    const fd = openSync(lockFile, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A build that died without removing its lock does not block the next one for ever.
    const lock = statSync(lockFile, { throwIfNoEntry: false });
    if (lock && Date.now() - lock.mtimeMs > lockStaleMs) rmSync(lockFile, { force: true });
    return false;
  }
}

/**
 * Builds the web app with Vite when its build is missing or older than its sources, saying so first: a fresh clone's
 * `npm start` serves the app without a separate build step. Installs without sources serve the dist they ship.
 * A server that finds another one building waits for that build instead of starting its own.
 */
export async function ensureWebBuild(log: (message: string) => void): Promise<void> {
  let reason = staleReason();
  if (!reason) return;
  let waiting = false;
  mkdirSync(dirname(lockFile), { recursive: true });
  while (!tryLock()) {
    if (!waiting) log('Another process is building the web app; waiting for it…');
    waiting = true;
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    reason = staleReason();
    if (!reason) return;
    await build(reason, log);
  } finally {
    rmSync(lockFile, { force: true });
  }
}

async function build(reason: string, log: (message: string) => void): Promise<void> {
  log(`Building the web app (${relative(process.cwd(), webDist) || webDist} is ${reason}); this takes a minute, once…`);
  const vite = join(dirname(createRequire(join(webDir, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  const started = Date.now();
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', webDist, '--emptyOutDir', '--bypass-lock'], { cwd: webDir, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`Building the web app failed (vite build exited with ${code}); see above.`))));
  });
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
