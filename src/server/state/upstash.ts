/**
 * Redis over HTTP, for runtimes without TCP sockets (Cloudflare Workers, Vercel Edge): an `@upstash/redis` client
 * as a {@link RedisClient}. plyr-kit never imports `@upstash/redis`: the studio passes its own, as with ioredis.
 *
 * ```ts
 * import { Redis } from '@upstash/redis/cloudflare';
 * const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN,
 *   automaticDeserialization: false });
 * const state = createRedisState({ redis: fromUpstash(redis), prefix: 'mygame' });
 * ```
 */
import type { RedisClient } from './redis-client.js';

/** What the adapter uses of an `@upstash/redis` `Redis` (from `@upstash/redis` or `@upstash/redis/cloudflare`). */
export interface UpstashRedisLike {
  evalsha(sha1: string, keys: string[], args: (string | number)[]): Promise<unknown>;
  eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown>;
}

/**
 * An `@upstash/redis` client as the {@link RedisClient} of `createRedisState`. Create it with
 * `automaticDeserialization: false`: the state keeps JSON text (sessions, journal records) that must come back as
 * the text it was, not parsed on the way. Its errors keep Redis's message (`NOSCRIPT` makes the state send the
 * script again) but lose the command the client quotes in them, which holds the state's data.
 *
 * @throws TypeError when `redis` is not such a client, or parses replies.
 */
export function fromUpstash(redis: UpstashRedisLike): RedisClient {
  if (
    redis === null ||
    typeof redis !== 'object' ||
    typeof redis.evalsha !== 'function' ||
    typeof redis.eval !== 'function'
  )
    throw new TypeError(
      'fromUpstash: `redis` must be a Redis of @upstash/redis (new Redis({ url, token })).',
    );
  // The client's options are read where they are (a protected field, also through its auto-pipelining proxy).
  if ('opts' in redis) {
    const opts = (redis as { opts?: { automaticDeserialization?: unknown } }).opts;
    if (opts?.automaticDeserialization !== false)
      throw new TypeError(
        'fromUpstash: create the @upstash/redis client with `automaticDeserialization: false` (the state keeps JSON text that must come back as text).',
      );
  }
  const split = (numKeys: number, keysAndArgs: (string | number)[]) => ({
    keys: keysAndArgs.slice(0, numKeys).map(String),
    args: keysAndArgs.slice(numKeys),
  });
  return {
    async evalsha(sha1, numKeys, ...keysAndArgs) {
      const { keys, args } = split(numKeys, keysAndArgs);
      return redis.evalsha(sha1, keys, args).catch(rethrowBare);
    },
    async eval(script, numKeys, ...keysAndArgs) {
      const { keys, args } = split(numKeys, keysAndArgs);
      return redis.eval(script, keys, args).catch(rethrowBare);
    },
  };
}

/** The client's error without the command it quotes (`…, command was: [...]`: keys and arguments, i.e. data). */
function rethrowBare(error: unknown): never {
  const message = String((error as { message?: unknown })?.message ?? error);
  const bare = new Error(message.replace(/,? command was: [\s\S]*$/, ''));
  bare.name = typeof (error as { name?: unknown })?.name === 'string' ? (error as Error).name : 'Error';
  throw bare;
}
