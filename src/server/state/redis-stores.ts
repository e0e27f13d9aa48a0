/**
 * The MG+ journal, the game-economy journal and real-play sessions in Redis. Journals: each record (round, intent)
 * as JSON under its id, the ids of open ones in a set, both written by one script (atomic); open records never
 * expire, finished ones after `finishedTtlMs`; a lease is its owner's id with a `PX` expiry. All keys of one journal
 * share a hash tag, so the scripts also run on a Redis Cluster. Sessions: JSON with a `PX` expiry. Calls that Redis
 * cannot answer reject with `StateUnavailableError` (a journal write that fails before a debit or a pay stops it
 * before any money moves).
 */
import { type GameIntentRecord, needsRecovery, type PlyrGameJournal } from '../game/journal.js';
import type { MgPlusJournal, MgPlusRoundRecord } from '../mgplus/journal.js';
import type { RealPlaySession, RealPlaySessionStore } from '../mgplus/sessions.js';
import { type RedisClient, RedisScript, StateUnavailableError } from './redis-client.js';
import type { ScriptRunner } from './redis-runner.js';

/** KEYS: record, open set. ARGV: record JSON, 'open' or 'closed', record id, finished TTL ms. */
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

/** How one kind of record sits in Redis: its hash tag and key word, its id, and whether it is still open. */
interface RecordLayout<T> {
  /** The hash tag of every key (one Cluster slot): `journal` (MG+ rounds), `game` (game-economy intents). */
  tag: string;
  /** The word of a record's key: `round`, `intent`. */
  noun: string;
  idOf(record: T): string;
  isOpen(record: T): boolean;
}

/** Records by id in Redis, the ids of open ones in a set, each written by one script; leases per key. */
function redisRecords<T>(
  runner: ScriptRunner,
  prefix: string,
  layout: RecordLayout<T>,
  finishedTtlMs: number,
  durable?: () => Promise<void>,
) {
  const tag = `${prefix}{${layout.tag}}`;
  const openKey = `${tag}:open`;
  const recordKey = (id: string) => `${tag}:${layout.noun}:${id}`;
  const leaseKey = (id: string) => `${tag}:lease:${id}`;
  return {
    async save(record: T) {
      const id = layout.idOf(record);
      const state = layout.isOpen(record) ? 'open' : 'closed';
      await runner.run(SAVE, [recordKey(id), openKey], [JSON.stringify(record), state, id, finishedTtlMs]);
      await durable?.();
    },
    async load(id: string) {
      const text = await runner.run(GET, [recordKey(id)], []);
      return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
    },
    async unfinished() {
      const ids = await runner.run(MEMBERS, [openKey], []);
      const records: T[] = [];
      if (!Array.isArray(ids)) return records;
      for (let i = 0; i < ids.length; i += BATCH) {
        const keys = ids
          .slice(i, i + BATCH)
          .map(String)
          .map(recordKey);
        const texts = await runner.run(MGET, keys, []);
        for (const text of Array.isArray(texts) ? texts : [])
          if (typeof text === 'string') {
            const record = JSON.parse(text) as T;
            if (layout.isOpen(record)) records.push(record);
          }
      }
      return records;
    },
    async lease(key: string, owner: string, ttlMs: number) {
      return (await runner.run(LEASE, [leaseKey(key)], [owner, Math.max(1, Math.ceil(ttlMs))])) === 1;
    },
    async release(key: string, owner: string) {
      await runner.run(RELEASE, [leaseKey(key)], [owner]);
    },
  };
}

/** A {@link MgPlusJournal} in Redis (see the module comment); `durable` runs after each write (replicas' `WAIT`). */
export function redisJournal(
  runner: ScriptRunner,
  prefix: string,
  finishedTtlMs: number,
  durable?: () => Promise<void>,
): MgPlusJournal {
  return redisRecords<MgPlusRoundRecord>(
    runner,
    prefix,
    { tag: 'journal', noun: 'round', idOf: (r) => r.roundId, isOpen: (r) => r.state === 'open' },
    finishedTtlMs,
    durable,
  );
}

/** A {@link PlyrGameJournal} in Redis: intents as records, open while recovery has work on them. */
export function redisGameJournal(
  runner: ScriptRunner,
  prefix: string,
  finishedTtlMs: number,
  durable?: () => Promise<void>,
): PlyrGameJournal {
  return redisRecords<GameIntentRecord>(
    runner,
    prefix,
    { tag: 'game', noun: 'intent', idOf: (r) => r.intentId, isOpen: needsRecovery },
    finishedTtlMs,
    durable,
  );
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
