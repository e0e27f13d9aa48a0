/**
 * `createRedisState`: the server side's state in Redis, shared by every instance of a game (see `docs/deploy.md`).
 *
 * ```ts
 * import { Redis } from 'ioredis';
 * const state = createRedisState({ redis: new Redis(process.env.REDIS_URL), prefix: 'mygame' });
 * const handler = createSigningHandler({ ...keys, state });
 * const mg = createMgPlusClient({ ...mgOptions, journal: state.journal, sessions: { store: state.sessions } });
 * ```
 */
import { type RedisClient, RedisScript } from './redis-client.js';
import { RedisRateLimiter, RedisTwoFactorLimiter, type WhenUnavailable } from './redis-limits.js';
import { ScriptRunner } from './redis-runner.js';
import { journalDurability, redisGameJournal, redisJournal, redisSessionStore } from './redis-stores.js';
import type { ServerState } from './types.js';

/** Options of {@link createRedisState}. */
export interface RedisStateOptions {
  /** A connected client (an `ioredis` `Redis` or `Cluster` fits). Its lifetime is the caller's. */
  redis: RedisClient;
  /** Namespace of every key, e.g. the game's id: `<prefix>:…`. Default `plyr-kit`. */
  prefix?: string;
  /** Longest wait for one Redis call, in ms; then the call counts as unavailable. Default 1000. */
  timeoutMs?: number;
  /**
   * Limits other than 2FA when Redis cannot answer: `refuse` (default, 503 `STATE_UNAVAILABLE`) or `allow` (the
   * request goes on unlimited). 2FA checks always refuse: a code is never sent unthrottled.
   */
  whenUnavailable?: WhenUnavailable;
  /**
   * How long finished MG+ rounds and settled game-economy intents stay in their journals, in ms (open ones stay until
   * settled). Default 30 days.
   */
  finishedRoundTtlMs?: number;
  /**
   * For a Redis with replicas: each journal write waits (`WAIT`) until this many replicas have it, at most
   * `journalWaitMs`; with fewer the write fails (`StateUnavailableError`), so a round whose first write is not
   * replicated never sends its debit, and a failover cannot lose the record of a debit that was sent. Default 0
   * (a single Redis: its `appendfsync always` makes writes durable). Not on a Cluster.
   */
  journalReplicas?: number;
  /** Longest wait for the replicas of one journal write, in ms. Default 500. */
  journalWaitMs?: number;
  /**
   * A client of the same Redis for the journal alone. `WAIT` holds the connection it runs on, so with
   * `journalReplicas` give the journal its own: a slow replica then delays rounds, never the limit checks.
   * Default `redis`.
   */
  journalRedis?: RedisClient;
}

const PING = new RedisScript('return 1');

/** `value` as a Redis client, or a TypeError naming the option. */
function redisClient(value: unknown, name: string): RedisClient {
  if (value === null || typeof value !== 'object' || typeof (value as RedisClient).evalsha !== 'function')
    throw new TypeError(
      `createRedisState: \`${name}\` must be a Redis client (e.g. new Redis() of ioredis).`,
    );
  return value as RedisClient;
}

/** Creates the Redis {@link ServerState} (nothing is sent to Redis until the first use). */
export function createRedisState(options: RedisStateOptions): ServerState {
  const client = redisClient(options?.redis, 'redis');
  const journalClient =
    options.journalRedis === undefined ? client : redisClient(options.journalRedis, 'journalRedis');
  const prefix = options.prefix ?? 'plyr-kit';
  if (typeof prefix !== 'string' || prefix === '' || /[{}\s]/.test(prefix))
    throw new TypeError('createRedisState: `prefix` must be a non-empty string without braces or spaces.');
  const timeoutMs = options.timeoutMs ?? 1000;
  const finishedTtlMs = options.finishedRoundTtlMs ?? 30 * 24 * 60 * 60_000;
  const journalWaitMs = options.journalWaitMs ?? 500;
  for (const [name, value] of [
    ['timeoutMs', timeoutMs],
    ['finishedRoundTtlMs', finishedTtlMs],
    ['journalWaitMs', journalWaitMs],
  ] as const)
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value)))
      throw new TypeError(`createRedisState: \`${name}\` must be a positive number.`);
  const journalReplicas = options.journalReplicas ?? 0;
  if (!(Number.isInteger(journalReplicas) && journalReplicas >= 0))
    throw new TypeError('createRedisState: `journalReplicas` must be a whole number, 0 or more.');
  const whenUnavailable = options.whenUnavailable ?? 'refuse';
  if (whenUnavailable !== 'refuse' && whenUnavailable !== 'allow')
    throw new TypeError("createRedisState: `whenUnavailable` must be 'refuse' or 'allow'.");
  const runner = new ScriptRunner(client, timeoutMs);
  const journalRunner = journalClient === client ? runner : new ScriptRunner(journalClient, timeoutMs);
  const ns = `${prefix}:`;
  const durable = journalDurability(journalClient, journalReplicas, journalWaitMs, timeoutMs);
  // Keys of two slots where calls may span slots: a Cluster client not flagged `isCluster` fails the health check.
  const pingKeys = runner.crossSlot ? [`${ns}{health-a}`, `${ns}{health-b}`] : [];
  return {
    store: 'redis',
    rateLimiter: (name, bucket, context) =>
      new RedisRateLimiter(runner, `${ns}tb:${name}:`, bucket, context.now, whenUnavailable),
    twoFactorLimiter: (name, guard) => new RedisTwoFactorLimiter(runner, `${ns}2fa:${name}:`, guard),
    sessions: redisSessionStore(runner, ns),
    journal: redisJournal(journalRunner, ns, finishedTtlMs, durable),
    gameJournal: redisGameJournal(journalRunner, ns, finishedTtlMs, durable),
    async health() {
      const started = Date.now();
      try {
        await runner.run(PING, pingKeys, []);
        return { ok: true, store: 'redis', latencyMs: Date.now() - started };
      } catch (error) {
        return { ok: false, store: 'redis', error: (error as Error).message };
      }
    },
  };
}
