/**
 * How the Redis state talks to Redis: only through Lua scripts (`EVALSHA`, falling back to `EVAL` once when Redis
 * does not know a script yet), each call under a timeout. Every update is one script, so it is atomic on the Redis
 * side: no read-modify-write race between instances. plyr-kit never imports a Redis client: the studio passes its
 * own (an `ioredis` client fits {@link RedisClient} as it is), so `plyr-kit/server` loads without one.
 */

/** The two commands the Redis state needs; an `ioredis` `Redis` (or `Cluster`) instance has them. */
export interface RedisClient {
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Redis did not answer in time, or answered with an error: the state is unavailable for this call. */
export class StateUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateUnavailableError';
  }
}

/** One Lua script, with its SHA-1 (computed on first use with WebCrypto, so edge runtimes work too). */
export class RedisScript {
  private sha: Promise<string> | undefined;
  constructor(readonly source: string) {}

  sha1(): Promise<string> {
    this.sha ??= crypto.subtle.digest('SHA-1', new TextEncoder().encode(this.source)).then((digest) => {
      let hex = '';
      for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
      return hex;
    });
    return this.sha;
  }
}

/** Runs scripts on a client with a timeout per call. */
export class ScriptRunner {
  constructor(
    private readonly client: RedisClient,
    private readonly timeoutMs: number,
  ) {}

  /** Runs `script` with `keys` and `args`; rejects with {@link StateUnavailableError} on error or timeout. */
  run(script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    return withTimeout(this.call(script, keys, args), this.timeoutMs);
  }

  private async call(
    script: RedisScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const sha = await script.sha1();
    try {
      return await this.client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!/NOSCRIPT/.test(String((error as { message?: unknown })?.message))) throw error;
      return this.client.eval(script.source, keys.length, ...keys, ...args);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StateUnavailableError(`Redis did not answer within ${ms} ms.`)), ms);
  });
  return Promise.race([
    promise.catch((error: unknown) => {
      throw error instanceof StateUnavailableError
        ? error
        : new StateUnavailableError('Redis refused the call.', { cause: error });
    }),
    timeout,
  ]).finally(() => clearTimeout(timer));
}
