/**
 * The MG+ journal and real-play sessions in Redis. Journal: each round as JSON under its id, the ids of `open`
 * rounds in a set, both written by one script (atomic); open rounds never expire, finished ones after
 * `finishedTtlMs`; a round's lease is its owner's id with a `PX` expiry. All round keys share one hash tag, so the
 * scripts also run on a Redis Cluster. Sessions: JSON
 * with a `PX` expiry. Calls that Redis cannot answer reject with `StateUnavailableError` (a journal write that fails
 * before a debit stops the round before any money moves).
 */
import type { MgPlusJournal, MgPlusRoundRecord } from '../mgplus/journal.js';
import type { RealPlaySession, RealPlaySessionStore } from '../mgplus/sessions.js';
import { type RedisClient, RedisScript, StateUnavailableError } from './redis-client.js';
import type { ScriptRunner } from './redis-runner.js';

/** KEYS: round, open set. ARGV: record JSON, state, round id, finished TTL ms. */
const SAVE = new RedisScript(`
if ARGV[2] == 'open' then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SADD', KEYS[2], ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
  redis.call('SREM', KEYS[2], ARGV[3])
end
return 1
`);
const GET = new RedisScript(`return redis.call('GET', KEYS[1])`);
/** KEYS: lease. ARGV: owner, TTL ms. Takes a free lease or renews one's own. */
const LEASE = new RedisScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);
/** KEYS: lease. ARGV: owner. */
const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);
const MEMBERS = new RedisScript(`return redis.call('SMEMBERS', KEYS[1])`);
const MGET = new RedisScript(`return redis.call('MGET', unpack(KEYS))`);
const PUT = new RedisScript(`return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`);
const DEL = new RedisScript(`return redis.call('DEL', KEYS[1])`);

/** Open rounds are read in batches of this many keys. */
const BATCH = 500;

/** A {@link MgPlusJournal} in Redis (see the module comment); `durable` runs after each write (replicas' `WAIT`). */
export function redisJournal(
  runner: ScriptRunner,
  prefix: string,
  finishedTtlMs: number,
  durable?: () => Promise<void>,
): MgPlusJournal {
  const tag = `${prefix}{journal}`;
  const openKey = `${tag}:open`;
  const roundKey = (id: string) => `${tag}:round:${id}`;
  const leaseKey = (id: string) => `${tag}:lease:${id}`;
  return {
    async save(round) {
      await runner.run(
        SAVE,
        [roundKey(round.roundId), openKey],
        [JSON.stringify(round), round.state, round.roundId, finishedTtlMs],
      );
      await durable?.();
    },
    async load(roundId) {
      const text = await runner.run(GET, [roundKey(roundId)], []);
      return typeof text === 'string' ? (JSON.parse(text) as MgPlusRoundRecord) : undefined;
    },
    async unfinished() {
      const ids = await runner.run(MEMBERS, [openKey], []);
      const records: MgPlusRoundRecord[] = [];
      if (!Array.isArray(ids)) return records;
      for (let i = 0; i < ids.length; i += BATCH) {
        const texts = await runner.run(
          MGET,
          ids
            .slice(i, i + BATCH)
            .map(String)
            .map(roundKey),
          [],
        );
        for (const text of Array.isArray(texts) ? texts : [])
          if (typeof text === 'string') {
            const record = JSON.parse(text) as MgPlusRoundRecord;
            if (record.state === 'open') records.push(record);
          }
      }
      return records;
    },
    async lease(roundId, owner, ttlMs) {
      return (await runner.run(LEASE, [leaseKey(roundId)], [owner, Math.max(1, Math.ceil(ttlMs))])) === 1;
    },
    async release(roundId, owner) {
      await runner.run(RELEASE, [leaseKey(roundId)], [owner]);
    },
  };
}

/** A {@link RealPlaySessionStore} in Redis: each session as JSON with its TTL. */
export function redisSessionStore(runner: ScriptRunner, prefix: string): RealPlaySessionStore {
  const key = (id: string) => `${prefix}session:${id}`;
  return {
    async get(sessionId) {
      const text = await runner.run(GET, [key(sessionId)], []);
      return typeof text === 'string' ? (JSON.parse(text) as RealPlaySession) : undefined;
    },
    async put(sessionId, session, ttlMs) {
      await runner.run(PUT, [key(sessionId)], [JSON.stringify(session), Math.max(1, Math.ceil(ttlMs))]);
    },
    async delete(sessionId) {
      await runner.run(DEL, [key(sessionId)], []);
    },
  };
}

/** What a journal write waits for after its script: `replicas` replicas within `waitMs` (nothing when 0; checked options). */
export function journalDurability(
  client: RedisClient,
  replicas: number,
  waitMs: number,
  timeoutMs: number,
): (() => Promise<void>) | undefined {
  if (replicas === 0) return undefined;
  const wait = client.wait;
  if (typeof wait !== 'function' || client.isCluster === true)
    throw new TypeError(
      'createRedisState: `journalReplicas` needs a single-Redis client with `wait()` (an ioredis Redis, not a Cluster).',
    );
  return async () => {
    let acknowledged: number;
    try {
      acknowledged = await withTimeout(wait.call(client, replicas, waitMs), waitMs + timeoutMs);
    } catch (cause) {
      throw new StateUnavailableError('Redis did not confirm the journal write.', { cause });
    }
    if (acknowledged < replicas)
      throw new StateUnavailableError(
        `The journal write reached ${acknowledged} of ${replicas} replicas within ${waitMs} ms.`,
      );
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
