/**
 * What the Redis state needs of Redis: a client that runs Lua scripts. Every update is one script, so it is atomic
 * on the Redis side: no read-modify-write race between instances. plyr-kit never imports a Redis client: the studio
 * passes its own (an `ioredis` client fits {@link RedisClient} as it is), so `plyr-kit/server` loads without one.
 */

/** The commands the Redis state needs; an `ioredis` `Redis` (or `Cluster`) instance has them. */
export interface RedisClient {
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /**
   * `WAIT numreplicas timeout`: how many replicas have this connection's writes. Needed only for
   * `journalReplicas` (an ioredis `Redis` has it).
   */
  wait?(numReplicas: number, timeoutMs: number): Promise<number>;
  /** `true` on an ioredis `Cluster`: its calls are not batched (a script's keys must share one slot there). */
  readonly isCluster?: boolean;
}

/** Redis did not answer in time, or answered with an error: the state is unavailable for this call. */
export class StateUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateUnavailableError';
  }
}

/**
 * One Lua script, with its SHA-1 (computed on first use with WebCrypto, so edge runtimes work too). A script may
 * call functions of a `library` (Lua defining `local function`s): run alone, the library comes first; in a batch,
 * it is defined once for every call (see `redis-batch.ts`).
 */
export class RedisScript {
  private pending: Promise<string> | undefined;
  /** The SHA-1 once computed (read without waiting on the hot path). */
  sha: string | undefined;
  /** The whole script as Redis runs it alone. */
  readonly source: string;

  constructor(
    readonly body: string,
    readonly library = '',
  ) {
    this.source = library === '' ? body : `${library}\n${body}`;
  }

  sha1(): Promise<string> {
    this.pending ??= crypto.subtle.digest('SHA-1', new TextEncoder().encode(this.source)).then((digest) => {
      let hex = '';
      for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
      this.sha = hex;
      return hex;
    });
    return this.pending;
  }
}
