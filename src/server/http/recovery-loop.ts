/**
 * The recovery loop of the money clients: while the server lives, what a call left unsettled (an MG+ round answered
 * `pending`, a game-economy intent whose outcome is not known, a crash's leftovers) is settled every `intervalMs`.
 * Started by the client's first money call, not at creation: edge runtimes allow timers only inside a request. Runs
 * never overlap, and the timer does not keep a Node process alive.
 */

/** Options of the MG+ client's recovery loop (`createMgPlusClient({ recovery })`). */
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
