/**
 * The loop of a background runner (the job runner, the event dispatcher): `pass` runs when woken and every `pollMs`,
 * never two at once — a wake during a pass runs one more right after it, so no wake is lost and none piles up. The
 * first pass runs at the first `wake()` (or the first tick of the timer).
 */
export interface Poller<T> {
  /** Runs a pass now, or right after the one in progress. */
  wake(): void;
  /** Whether `stop()` was called: a pass in progress checks it between steps. */
  readonly stopped: boolean;
  /** Waits until no pass is running (including those wakes queued). */
  settled(): Promise<void>;
  /** Runs one pass after the one in progress and answers its result. */
  runNow(): Promise<T>;
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

export function startPoller<T>(pass: () => Promise<T>, options: { pollMs: number; onError(error: unknown): T }): Poller<T> {
  let stopped = false;
  let loop: Promise<T> | null = null;
  let wanted = false;

  const wake = () => {
    if (stopped) return;
    if (loop) {
      wanted = true;
      return;
    }
    wanted = false;
    loop = pass()
      .catch(options.onError)
      .finally(() => {
        loop = null;
        if (wanted) wake();
      });
  };
  const settled = async () => {
    while (loop) await loop;
  };

  const timer = setInterval(wake, options.pollMs);
  timer.unref();

  return {
    wake,
    get stopped() {
      return stopped;
    },
    settled,
    async runNow() {
      await settled();
      loop = pass();
      return loop.finally(() => (loop = null));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await settled();
    },
  };
}
