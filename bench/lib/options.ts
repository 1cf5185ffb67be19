/** The command line of `npm run bench` and the progress log. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isProfileName, type ProfileName } from '../../apps/server/src/bench/profiles.ts';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------- options

export interface Options {
  profile: ProfileName;
  db: 'sqlite' | 'postgres';
  quick: boolean;
  rounds: number;
  reuse: boolean;
  cpuProf: boolean;
  /** Also measure REST throughput with the server and the load generator pinned to separate cores. */
  pin: boolean;
  /** The groups of scenarios to run (all when not given). */
  only?: ScenarioGroup[];
}

export const scenarioGroups = ['lists', 'timeline', 'throughput', 'export', 'bulk', 'duplicates', 'events', 'bitrix', 'import'] as const;
export type ScenarioGroup = (typeof scenarioGroups)[number];

export function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string' },
      db: { type: 'string', default: 'sqlite' },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      pin: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run bench -- [--profile S|M|L] [--db sqlite|postgres] [--quick] [--rounds N] [--reuse] [--cpu-prof] [--pin] [--only ${scenarioGroups.join(',')}]`);
    process.exit(0);
  }
  const profile = (values.profile ?? 'S').toUpperCase();
  if (!isProfileName(profile)) fail(`--profile must be S, M or L (XS for a try-out), not ${values.profile}`);
  if (values.db !== 'sqlite' && values.db !== 'postgres') fail(`--db must be sqlite or postgres, not ${values.db}`);
  const quick = values.quick === true;
  const rounds = values.rounds === undefined ? (quick ? 1 : 3) : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) fail('--rounds must be a whole number from 1 to 20');
  if (quick && values.profile !== undefined && profile !== 'S' && profile !== 'XS') fail('--quick runs profile S');
  const only = values.only?.split(',');
  const unknown = only?.filter((group) => !(scenarioGroups as readonly string[]).includes(group));
  if (unknown && unknown.length > 0) fail(`--only takes ${scenarioGroups.join(', ')}, not ${unknown.join(', ')}`);
  return { profile: quick && profile !== 'XS' ? 'S' : profile, db: values.db, quick, rounds, reuse: values.reuse === true, cpuProf: values['cpu-prof'] === true, pin: values.pin === true, ...(only ? { only: only as ScenarioGroup[] } : {}) };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

export const log = (message: string) => process.stderr.write(`${message}\n`);
