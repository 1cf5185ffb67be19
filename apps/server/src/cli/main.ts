import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { migrate, openDatabase, sqliteFile, type Database } from '../db/database.ts';
import { AppError } from '../http/app-error.ts';
import { findUserByEmail } from '../modules/auth/auth.repository.ts';
import { createToken, createUser } from '../modules/auth/auth.service.ts';
import { serve, work } from '../server.ts';
import { countItems, seedProfile } from '../bench/generator.ts';
import { isProfileName, profiles } from '../bench/profiles.ts';
import { BackupError, type Progress } from '../modules/backup/backup-format.ts';
import { writeBackup } from '../modules/backup/backup.ts';
import { restoreBackup } from '../modules/backup/restore.ts';
import { seedDemo } from './demo-seed.ts';
import { exportCommand, ExportUsageError } from './export-command.ts';
import { importCommand, ImportUsageError } from './import-command.ts';
import { cliLocale, say, type CliMessage } from './messages.ts';
import { progressLine } from './progress.ts';
import { webhookCommand, WebhookUsageError } from './webhook-command.ts';

class UsageError extends Error {}

/** Runs one CLI command; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      console.error(say('usage'));
      return 2;
    }
    if (error instanceof AppError) {
      const details = Array.isArray(error.details) ? error.details.map((d) => `${d.field} (${d.rule})`).join(', ') : error.code;
      console.error(say('invalid', { details }));
      return 1;
    }
    console.error(say('failed', { reason: error instanceof Error ? error.message : String(error) }));
    return 1;
  }
}

function options(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError(say('badOption', { reason: parseArgsReason(error as Error & { code?: string }) }));
  }
}

/** Node's parseArgs explains in English; the CLI says it in the user's language, naming the option. */
function parseArgsReason(error: Error & { code?: string }): string {
  const named = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = named.split(/[ ,]/)[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return say('unknownOption', { option });
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return say('unexpectedArgument', { argument: named });
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? say('optionValue', { option }) : say('optionFlag', { option });
    default:
      return error.message;
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(say('missingOption', { option: name }));
  return value;
}

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: 2 });
  try {
    await migrate(database);
    return await work(database);
  } finally {
    await database.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, subcommand, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(say('usage'));
      return command === undefined ? 2 : 0;
    case 'serve':
      options(argv.slice(1), {});
      await serve(loadConfig());
      return 0;
    case 'worker':
      options(argv.slice(1), {});
      await work(loadConfig());
      return 0;
    case 'migrate': {
      options(argv.slice(1), {});
      const config = loadConfig();
      const database = openDatabase(config.DATABASE_URL);
      try {
        const applied = await migrate(database);
        console.log(applied.length > 0 ? say('migrated', { list: applied.join(', ') }) : say('upToDate'));
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'user': {
      if (subcommand !== 'create') throw new UsageError(say('unknownCommand', { command: `user ${subcommand ?? ''}`.trim() }));
      const values = options(rest, { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean' } });
      const email = required(values, 'email');
      const password = required(values, 'password');
      const id = await withDatabase((database) =>
        createUser(database.db, { email, password, name: values.name as string | undefined, isAdmin: values.admin === true }, new Date()),
      );
      console.log(say('userCreated', { email: email.trim().toLowerCase(), id }));
      return 0;
    }
    case 'token': {
      if (subcommand !== 'create') throw new UsageError(say('unknownCommand', { command: `token ${subcommand ?? ''}`.trim() }));
      const values = options(rest, { email: { type: 'string' }, name: { type: 'string' } });
      const email = required(values, 'email');
      const name = (values.name as string | undefined) ?? 'CLI';
      return withDatabase(async (database) => {
        const user = await findUserByEmail(database.db, email);
        if (!user || user.is_active !== 1) {
          console.error(say('userNotFound', { email }));
          return 1;
        }
        const token = await createToken(database.db, user.id, name, new Date());
        console.log(say('tokenCreated', { name, email: user.email }));
        console.log(token.token);
        return 0;
      });
    }
    case 'seed': {
      const values = options(argv.slice(1), { demo: { type: 'boolean' }, scale: { type: 'string' }, profile: { type: 'string' }, force: { type: 'boolean' }, seed: { type: 'string' } });
      if (values.profile !== undefined) return seedBenchmarkProfile(values);
      if (values.demo !== true) throw new UsageError(say('missingOption', { option: 'demo' }));
      const scale = values.scale === undefined ? 1 : Number(values.scale);
      if (!Number.isInteger(scale) || scale < 1 || scale > 1000) throw new UsageError(say('badOption', { reason: say('badScale') }));
      return withDatabase(async (database) => {
        const progress = progressLine(process.stderr);
        const counts = await seedDemo(database, scale, (done, total) => progress(say('seedProgress', { done, total }), done === total));
        progress.end();
        if (!counts) {
          console.error(say('needAdmin'));
          return 1;
        }
        console.log(say('seedDone', counts));
        return 0;
      });
    }
    case 'backup': {
      const values = options(argv.slice(1), { output: { type: 'string' } });
      return backupCommand(required(values, 'output'));
    }
    case 'restore': {
      let file: string | undefined;
      try {
        const parsed = parseArgs({ args: argv.slice(1), options: {}, strict: true, allowPositionals: true });
        if (parsed.positionals.length > 1) throw Object.assign(new Error(`'${parsed.positionals[1]}'`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
        file = parsed.positionals[0];
      } catch (error) {
        throw new UsageError(say('badOption', { reason: parseArgsReason(error as Error & { code?: string }) }));
      }
      if (!file) throw new UsageError(say('missingFile'));
      return restoreCommand(file);
    }
    case 'import':
      try {
        return await withDatabase((database) => importCommand(database, argv.slice(1)));
      } catch (error) {
        if (error instanceof ImportUsageError) throw new UsageError(error.message);
        if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(say('badOption', { reason: parseArgsReason(error as Error & { code?: string }) }));
        throw error;
      }
    case 'webhook':
      try {
        return await withDatabase((database) => webhookCommand(database, subcommand, rest));
      } catch (error) {
        if (error instanceof WebhookUsageError) throw new UsageError(error.message);
        if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(say('badOption', { reason: parseArgsReason(error as Error & { code?: string }) }));
        throw error;
      }
    case 'export': {
      let parsed;
      try {
        parsed = parseArgs({
          args: argv.slice(1),
          options: { format: { type: 'string' }, filter: { type: 'string' }, output: { type: 'string' }, as: { type: 'string' }, 'all-fields': { type: 'boolean' } },
          strict: true,
          allowPositionals: true,
        });
        if (parsed.positionals.length > 1) throw Object.assign(new Error(`'${parsed.positionals[1]}'`), { code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' });
      } catch (error) {
        throw new UsageError(say('badOption', { reason: parseArgsReason(error as Error & { code?: string }) }));
      }
      const values = parsed.values;
      try {
        return await withDatabase((database) =>
          exportCommand(database, { type: parsed.positionals[0], format: values.format, filter: values.filter, output: values.output, as: values.as, allFields: values['all-fields'] === true }),
        );
      } catch (error) {
        if (error instanceof ExportUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    default:
      throw new UsageError(say('unknownCommand', { command }));
  }
}

const number = (n: number) => n.toLocaleString(cliLocale());

const progressText = (key: 'backupProgress' | 'restoreProgress', p: Progress) =>
  say(key, { table: p.table, rows: number(p.rows), tableRows: number(p.tableRows), number: p.tableNumber, tables: p.tables, totalRows: number(p.totalRows), allRows: number(p.allRows) });

/** `backup --output FILE`: the whole database, from one snapshot, while the server runs (modules/backup). Never migrates. */
async function backupCommand(output: string): Promise<number> {
  const config = loadConfig();
  // Opening a SQLite path that does not exist would create an empty database: a backup of nothing.
  const file = sqliteFile(config.DATABASE_URL);
  if (file !== undefined && !existsSync(file)) {
    console.error(say('backup.noDatabase', { file }));
    return 1;
  }
  const database = openDatabase(config.DATABASE_URL, { poolSize: 1 });
  const progress = progressLine(process.stderr);
  try {
    const summary = await writeBackup(database, output, { progress: (p) => p.phase === 'rows' && progress(progressText('backupProgress', p)) });
    progress.end();
    console.log(
      say('backupDone', {
        file: output,
        rows: number(summary.rows),
        tables: Object.keys(summary.tables).length,
        size: (summary.bytes / 1e6).toFixed(1),
        seconds: summary.seconds.toFixed(1),
      }),
    );
    return 0;
  } catch (error) {
    progress.end();
    if (error instanceof BackupError) {
      console.error(say(`backup.${error.code}` as CliMessage, { file: output, ...error.params }));
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

/** `restore FILE`: into the empty database DATABASE_URL names, all or nothing (modules/backup/restore.ts). */
async function restoreCommand(file: string): Promise<number> {
  const config = loadConfig();
  // Checked before the target is opened, which would create an empty SQLite file.
  if (!existsSync(file)) {
    console.error(say('backup.missingFile', { file }));
    return 1;
  }
  const database = openDatabase(config.DATABASE_URL, { sqliteSynchronous: config.SQLITE_SYNCHRONOUS, poolSize: 2 });
  const progress = progressLine(process.stderr);
  try {
    const summary = await restoreBackup(database, file, {
      progress: (p) => {
        if (p.phase === 'rows') progress(progressText('restoreProgress', p));
        else if (p.phase === 'indexes') progress(say('restoreIndexes', { totalRows: number(p.totalRows) }), true);
      },
    });
    progress.end();
    console.log(say('restoreDone', { rows: number(summary.rows), tables: Object.keys(summary.tables).length, file, location: database.location, seconds: summary.seconds.toFixed(1) }));
    return 0;
  } catch (error) {
    progress.end();
    if (error instanceof BackupError) {
      console.error(say(`backup.${error.code}` as CliMessage, { file, ...error.params }));
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

/** `seed --profile S|M|L [--force] [--seed N]`: the benchmark's data set (apps/server/src/bench, docs/performance.md). */
async function seedBenchmarkProfile(values: Record<string, string | boolean | undefined>): Promise<number> {
  const name = String(values.profile).toUpperCase();
  if (!isProfileName(name)) throw new UsageError(say('badProfile', { profile: String(values.profile) }));
  if (values.demo === true) throw new UsageError(say('badOption', { reason: say('demoAndProfile') }));
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 4_294_967_295)) throw new UsageError(say('badOption', { reason: say('badSeed') }));
  const url = loadConfig().DATABASE_URL;
  return withDatabase(async (database) => {
    const items = await countItems(database);
    if (items > 0 && values.force !== true) {
      console.error(say('seedNotEmpty', { count: items }));
      return 1;
    }
    const progress = progressLine(process.stderr);
    const number = (n: number) => n.toLocaleString(cliLocale());
    const result = await seedProfile(database, profiles[name], {
      seed,
      url,
      progress: (p) => progress(say('seedProfileProgress', { phase: p.phase, rows: number(p.rows), total: number(p.totalRows), rate: number(Math.round(p.rowsPerSecond)) })),
    });
    progress.end();
    console.log(
      say('seedProfileDone', {
        profile: name,
        rows: result.totalRows.toLocaleString('en-US'),
        seconds: result.seconds.toFixed(1),
        contacts: result.rows.contacts,
        companies: result.rows.companies,
        leads: result.rows.leads,
        deals: result.rows.deals,
      }),
    );
    return 0;
  });
}
