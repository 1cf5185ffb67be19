import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Db } from '../../db/types.ts';

/**
 * Periodic work (the recycle-bin purge, activity reminders, pruning logs) done once per period across every process
 * that runs a worker, not once per process: `periodic_runs` holds when each task is next due, and a process runs a
 * task only if its conditional update moved that time forward (of two processes at once, one wins: PostgreSQL's row
 * lock, SQLite's single writer). A process that dies mid-task leaves it to the next period.
 */

export interface PeriodicTask {
  name: string;
  everyMs: number;
  run(database: Database, now: Date): Promise<void>;
}

export interface Periodic {
  /** Runs every task that is due now (tests call it; the timer calls it every `checkMs`). */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Takes the task's turn if it is due: true when this process is the one to run it now. */
export async function claimTurn(db: Db, name: string, everyMs: number, owner: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const next = new Date(now.getTime() + everyMs).toISOString();
  await db.insertInto('periodic_runs').values({ name, next_run_at: at }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const result = await db
    .updateTable('periodic_runs')
    .set({ next_run_at: next, last_run_at: at, last_owner: owner })
    .where('name', '=', name)
    .where('next_run_at', '<=', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function startPeriodic(database: Database, tasks: PeriodicTask[], options: { now: () => Date; log?: FastifyBaseLogger; checkMs?: number; owner?: string }): Periodic {
  const owner = options.owner ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
  let running: Promise<string[]> | null = null;
  let stopped = false;

  const tick = async (): Promise<string[]> => {
    const ran: string[] = [];
    for (const task of tasks) {
      if (stopped) break;
      const now = options.now();
      try {
        if (!(await claimTurn(database.db, task.name, task.everyMs, owner, now))) continue;
        ran.push(task.name);
        await task.run(database, now);
      } catch (error) {
        options.log?.error({ err: error, task: task.name }, 'periodic: a task failed');
      }
    }
    return ran;
  };

  const check = () => {
    if (running || stopped) return;
    running = tick().finally(() => (running = null));
  };
  const timer = setInterval(check, options.checkMs ?? 15_000);
  timer.unref();
  check();

  return {
    tick: async () => {
      while (running) await running;
      return tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
