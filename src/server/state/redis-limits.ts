/**
 * Rate limits and 2FA strikes in Redis, with the same rules as the in-memory `TokenBucketLimiter` and
 * `TwoFactorGuard` (one Lua script per check, so instances never race). Keys expire once they hold nothing that
 * still counts, so Redis memory stays bounded without the in-memory tables' `maxKeys`.
 *
 * When Redis cannot answer: 2FA checks refuse (503 `STATE_UNAVAILABLE`: fail closed, a guesser must never get a
 * free run); other limits refuse the same way or, with `whenUnavailable: 'allow'`, let the request through.
 */
import { Refusal, rateLimited } from '../errors.js';
import type { BucketOptions, TakeResult } from '../rate-limit.js';
import {
  STRIKES_BEFORE_LOCK,
  type TwoFactorGuardOptions,
  type TwoFactorOutcome,
  type TwoFactorTicket,
} from '../two-factor-limit.js';
import { RedisScript, type ScriptRunner } from './redis-client.js';
import type { RateLimiter, TwoFactorLimiter } from './types.js';

/** KEYS: bucket hash. ARGV: now, tokens per ms, burst, ttl ms. Returns {ok, retryAfterMs}. */
const TAKE = new RedisScript(`
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local v = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = burst
if v[1] then tokens = math.min(burst, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * rate) end
local ok = tokens >= 1
if ok then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'u', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
if ok then return {1, 0} end
return {0, math.ceil((1 - tokens) / rate)}
`);

/**
 * KEYS: pair strikes (zset), account strikes (zset), account's last login (string).
 * ARGV: now, memoryMs, pair tokens, pair interval (0: none), account tokens, account interval (0: none), strike id,
 * pair keep, account keep, strikes before lock. Returns {1, 0} (strike taken) or {0, retryAfterMs}.
 */
const BEGIN = new RedisScript(`
local now, memory, lock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[10])
local since = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), now - memory)
local function countAfter(key, start) return redis.call('ZCOUNT', key, '(' .. start, '+inf') end
local function oldestAfter(key, start)
  return tonumber(redis.call('ZRANGEBYSCORE', key, '(' .. start, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)[2])
end
local function window(key, tokens, interval)
  if interval <= 0 or countAfter(key, now - interval) < tokens then return nil end
  return tonumber(redis.call('ZREVRANGE', key, tokens - 1, tokens - 1, 'WITHSCORES')[2]) + interval - now
end
local pairSince = countAfter(KEYS[1], since)
if pairSince >= lock then return {0, math.ceil(oldestAfter(KEYS[1], since) + memory - now)} end
local wait = window(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]))
if wait then return {0, math.ceil(wait)} end
if countAfter(KEYS[2], since) >= lock and pairSince > 0 then
  return {0, math.ceil(oldestAfter(KEYS[1], since) + memory - now)}
end
wait = window(KEYS[2], tonumber(ARGV[5]), tonumber(ARGV[6]))
if wait then return {0, math.ceil(wait)} end
local ttl = math.max(memory, tonumber(ARGV[4]), tonumber(ARGV[6]))
for i, keep in ipairs({tonumber(ARGV[8]), tonumber(ARGV[9])}) do
  redis.call('ZADD', KEYS[i], now, ARGV[7])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(keep + 1))
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return {1, 0}
`);

/** KEYS: as BEGIN. ARGV: strike id, outcome, now, memoryMs. Refunds the strike; a success also marks the login. */
const SETTLE = new RedisScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] == 'success' then
  local last = tonumber(redis.call('GET', KEYS[3]) or '0')
  redis.call('SET', KEYS[3], tostring(math.max(last, tonumber(ARGV[3]))), 'PX', ARGV[4])
end
return 1
`);

/** What Redis limits do when Redis cannot answer (2FA checks always refuse). */
export type WhenUnavailable = 'refuse' | 'allow';

/** The refusal of a limit whose store cannot answer. */
export function stateUnavailable(): Refusal {
  return new Refusal(
    'STATE_UNAVAILABLE',
    'The rate-limit store is unavailable; retry shortly.',
    { 'retry-after': '5' },
    5000,
  );
}

/** Token buckets of one limit in Redis (hash `t`okens, `u`pdated at; expires once full again). */
export class RedisRateLimiter implements RateLimiter {
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly ttlMs: number;

  constructor(
    private readonly runner: ScriptRunner,
    private readonly keyPrefix: string,
    options: BucketOptions,
    private readonly now: () => number,
    private readonly whenUnavailable: WhenUnavailable,
  ) {
    if (!(options.tokens > 0) || !(options.intervalMs > 0))
      throw new TypeError('rateLimit: tokens and intervalMs must be positive.');
    this.ratePerMs = options.tokens / options.intervalMs;
    this.burst = options.burst ?? options.tokens;
    if (!(this.burst >= 1)) throw new TypeError('rateLimit: burst must be at least 1.');
    this.ttlMs = Math.ceil(this.burst / this.ratePerMs) + 1000;
  }

  async take(key: string): Promise<TakeResult> {
    let reply: unknown;
    try {
      reply = await this.runner.run(
        TAKE,
        [this.keyPrefix + key],
        [this.now(), this.ratePerMs, this.burst, this.ttlMs],
      );
    } catch {
      if (this.whenUnavailable === 'allow') return { ok: true };
      throw stateUnavailable();
    }
    const [ok, wait] = pairOf(reply);
    return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: wait };
  }
}

/** 2FA strikes in Redis: the `TwoFactorGuard` rules, keyed by account (one hash slot per account in a cluster). */
export class RedisTwoFactorLimiter implements TwoFactorLimiter {
  private readonly pairKeep: number;
  private readonly accountKeep: number;

  constructor(
    private readonly runner: ScriptRunner,
    private readonly keyPrefix: string,
    private readonly options: TwoFactorGuardOptions,
  ) {
    for (const limit of [options.perAccount, options.perIpAndAccount])
      if (limit !== undefined && !(limit.tokens >= 1 && limit.intervalMs > 0))
        throw new TypeError('rateLimit: tokens must be at least 1 and intervalMs positive.');
    this.pairKeep = Math.max(STRIKES_BEFORE_LOCK, options.perIpAndAccount?.tokens ?? 0);
    this.accountKeep = Math.max(STRIKES_BEFORE_LOCK, options.perAccount?.tokens ?? 0);
  }

  async begin(ipKey: string, account: string): Promise<TwoFactorTicket> {
    const now = this.options.now();
    const id = `${now}:${crypto.randomUUID()}`;
    const { perIpAndAccount: pair, perAccount: acc } = this.options;
    let reply: unknown;
    try {
      reply = await this.runner.run(BEGIN, this.keys(ipKey, account), [
        now,
        this.options.memoryMs,
        pair?.tokens ?? 0,
        pair?.intervalMs ?? 0,
        acc?.tokens ?? 0,
        acc?.intervalMs ?? 0,
        id,
        this.pairKeep,
        this.accountKeep,
        STRIKES_BEFORE_LOCK,
      ]);
    } catch {
      throw stateUnavailable();
    }
    const [ok, wait] = pairOf(reply);
    if (ok !== 1) throw rateLimited(wait, '2FA codes for this PLYR[ID]', 'twoFactor');
    return { pairKey: ipKey, account, at: now, id };
  }

  async settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): Promise<void> {
    if (outcome === 'wrongCode' || ticket.id === undefined) return;
    try {
      await this.runner.run(SETTLE, this.keys(ticket.pairKey, ticket.account), [
        ticket.id,
        outcome,
        this.options.now(),
        this.options.memoryMs,
      ]);
    } catch {
      // Unsettled, the strike stays: the safe side (it expires with the record).
    }
  }

  /** Pair, account and login keys; the account in braces keeps all three in one Redis Cluster slot. */
  private keys(ipKey: string, account: string): string[] {
    const base = `${this.keyPrefix}{${account}}`;
    return [`${base}:ip:${ipKey}`, `${base}:strikes`, `${base}:login`];
  }
}

function pairOf(reply: unknown): [number, number] {
  if (!Array.isArray(reply) || reply.length !== 2) throw stateUnavailable();
  return [Number(reply[0]), Number(reply[1])];
}
