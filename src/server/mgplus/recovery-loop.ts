/**
 * The recovery loop: while the server lives, open rounds are settled every `intervalMs` (a round answered
 * `pending`, a crash's leftovers, records the journal could not take). Started by the client's first round, not at
 * creation: edge runtimes allow timers only inside a request. Runs never overlap, and the timer does not keep a
 * Node process alive.
 */

/** Options of the client's recovery loop (`createMgPlusClient({ recovery })`). */
export interface MgPlusRecoveryOptions {
  /** Time between runs in ms. Default 5 000. */
  intervalMs?: number;
  /** What to do with a round whose payout was never decided (see `recover()`). Default `rollback`. */
  undecided?: 'rollback' | 'close';
}

/** A running loop. */
export interface RecoveryLoop {
  stop(): void;
}

/** Runs `run` every `intervalMs` after the previous run ended, until stopped; a failed run is tried next time. */
export function startRecoveryLoop(run: () => Promise<unknown>, intervalMs: number): RecoveryLoop {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      run()
        .catch(() => {}) // the store or MG+ is down: the next run tries again
        .finally(schedule);
    }, intervalMs);
    (timer as { unref?: () => void }).unref?.();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
