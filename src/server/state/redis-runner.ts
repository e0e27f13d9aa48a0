/**
 * Runs the Redis state's scripts: `EVALSHA`, falling back to `EVAL` once when Redis does not know a script yet, every
 * call under a timeout. Under load, the calls made while Redis works on a batch go together as the next batch, one
 * script call for all of them (`redis-batch.ts`): on a loaded machine a round trip's system calls and wake-ups, and
 * the client's per-command work, cost more than the scripts.
 */
import { type BatchedCall, ScriptBatcher } from './redis-batch.js';
import { type RedisClient, type RedisScript, StateUnavailableError } from './redis-client.js';

/** One call on its way: settled once, by its reply, its error or its batch's timer. */
interface Call extends BatchedCall {
  resolve(value: unknown): void;
  reject(error: StateUnavailableError): void;
  done: boolean;
  /** When it was made (ms since the epoch). */
  at: number;
}

/** Most calls in one batch script (a few ms of Redis time at most). */
const MAX_BATCH = 256;

/** Runs scripts on a client with a timeout per call. */
export class ScriptRunner {
  private readonly batcher: ScriptBatcher | undefined;
  /** Whether one script may use keys of any slot (a single Redis; not a Cluster). */
  readonly crossSlot: boolean;
  /** Calls waiting for the next batch. */
  private queue: Call[] = [];
  private flushing = false;
  private inFlight = false;

  constructor(
    private readonly client: RedisClient,
    private readonly timeoutMs: number,
  ) {
    this.crossSlot = client.isCluster !== true;
    // A Cluster needs each script's keys in one slot, which a batch cannot promise; edge runtimes lack setImmediate.
    if (this.crossSlot && typeof setImmediate === 'function') this.batcher = new ScriptBatcher();
  }

  /** Runs `script` with `keys` and `args`; rejects with {@link StateUnavailableError} on error or timeout. */
  run(script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call: Call = { script, keys, args, resolve, reject, done: false, at: Date.now() };
      if (this.batcher === undefined) return void this.send([call], this.timeoutMs);
      this.queue.push(call);
      this.schedule();
    });
  }

  /**
   * One batch in flight at a time: calls made while Redis works on one wait for its answer and then go together,
   * so batches grow with the load, and an idle server still sends at once (at the end of the event-loop turn).
   */
  private schedule(): void {
    if (this.flushing || this.inFlight || this.queue.length === 0) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      // Capped, so one script never holds Redis for long; the rest goes in the next batch.
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight = true;
      const release = () => {
        if (!this.inFlight) return;
        this.inFlight = false;
        this.schedule();
      };
      // A batch that times out frees the slot too: the calls behind it still get their own timeoutMs.
      // Deadlines count from the batch's oldest call.
      void this.send(batch, (batch[0] as Call).at + this.timeoutMs - Date.now(), release).then(release);
    });
  }

  /** Sends `batch` (alone or as one batch script) and settles every call in it within `waitMs`. */
  private async send(batch: Call[], waitMs: number, onTimeout?: () => void): Promise<void> {
    const timer = setTimeout(
      () => {
        for (const call of batch)
          fail(call, new StateUnavailableError(`Redis did not answer within ${this.timeoutMs} ms.`));
        onTimeout?.();
      },
      Math.max(0, waitMs),
    );
    try {
      if (batch.length === 1 || this.batcher === undefined) {
        const [call] = batch as [Call];
        succeed(call, await this.evaluate(call.script, call.keys, call.args));
        return;
      }
      const { script, keys, args } = this.batcher.encode(batch);
      const outcomes = this.batcher.decode(await this.evaluate(script, keys, args), batch.length);
      batch.forEach((call, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) succeed(call, outcome.value);
        else fail(call, new StateUnavailableError('Redis refused the call.', { cause: outcome?.error }));
      });
    } catch (error) {
      for (const call of batch) fail(call, unavailable(error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** `EVALSHA`, or `EVAL` when Redis does not know the script yet (after a restart or `SCRIPT FLUSH`). */
  private async evaluate(
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const sha = script.sha ?? (await script.sha1());
    try {
      return await this.client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!/NOSCRIPT/.test(String((error as { message?: unknown })?.message))) throw error;
      return this.client.eval(script.source, keys.length, ...keys, ...args);
    }
  }
}

function succeed(call: Call, value: unknown): void {
  if (call.done) return;
  call.done = true;
  call.resolve(value);
}

function fail(call: Call, error: StateUnavailableError): void {
  if (call.done) return;
  call.done = true;
  call.reject(error);
}

function unavailable(error: unknown): StateUnavailableError {
  if (error instanceof StateUnavailableError) return error;
  // A Cluster client that does not say so (e.g. wrapped): batches and 2FA scripts span slots, so every call fails.
  if (/CROSSSLOT/.test(String((error as { message?: unknown })?.message)))
    return new StateUnavailableError(
      'Redis refused the call: its keys span Redis Cluster slots. A client of a Cluster must have `isCluster: true` (an ioredis Cluster has it; a wrapper must pass it on).',
      { cause: error },
    );
  return new StateUnavailableError('Redis refused the call.', { cause: error });
}
