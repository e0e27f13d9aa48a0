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
import { RedisScript } from './redis-client.js';
import type { ScriptRunner } from './redis-runner.js';
import type { RateLimiter, TokenThenStrike, TwoFactorLimiter } from './types.js';

// Every script reads its keys with one command and writes each with one `SET … PX`: a `redis.call` costs about as
// much as the work it does, so the fewer, the more logins one Redis serves.

/** KEYS: bucket ("<tokens> <updated at>"). ARGV: now, tokens per ms, burst, ttl ms. Returns {ok, retryAfterMs}. */
const TAKE = new RedisScript(`
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = burst
local v = redis.call('GET', KEYS[1])
if v then
  local t, u = string.match(v, '^(%S+) (%S+)$')
  tokens = math.min(burst, tonumber(t) + math.max(0, now - tonumber(u)) * rate)
end
local ok = tokens >= 1
if ok then tokens = tokens - 1 end
redis.call('SET', KEYS[1], string.format('%.17g', tokens) .. ' ' .. ARGV[1], 'PX', ARGV[4])
if ok then return {1, 0} end
return {0, math.ceil((1 - tokens) / rate)}
`);

/**
 * Strike lists, shared by BEGIN and SETTLE: "<time> <id>" entries joined by ",", ascending by time. The account's
 * record is "<last login>|<strikes>"; an address+account pair's is "<strikes>".
 */
const STRIKE_LISTS = `
local function parse(text)
  local times, entries = {}, {}
  if text then
    for at, id in string.gmatch(text, '([^ ,]+) ([^,]+)') do
      times[#times + 1] = tonumber(at)
      entries[#entries + 1] = at .. ' ' .. id
    end
  end
  return times, entries
end
local function account(text)
  if not text then return '0', parse(nil) end
  local login, rest = string.match(text, '^([^|]*)|(.*)$')
  return login, parse(rest)
end
local function without(entries, id)
  local kept, found = {}, false
  for _, e in ipairs(entries) do
    if string.sub(e, -#id - 1) == ' ' .. id then found = true else kept[#kept + 1] = e end
  end
  return kept, found
end
`;

/**
 * KEYS: pair strikes, account record. ARGV: now, memoryMs, pair tokens, pair interval (0: none), account tokens,
 * account interval (0: none), strike id, pair keep, account keep, strikes before lock, ttl ms.
 * Returns {1, 0} (strike taken) or {0, retryAfterMs}.
 */
const BEGIN = new RedisScript(`${STRIKE_LISTS}
local now, memory, lock = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[10])
local v = redis.call('MGET', KEYS[1], KEYS[2])
local pairTimes, pairEntries = parse(v[1])
local login, accTimes, accEntries = account(v[2])
local since = math.max(tonumber(login), now - memory)
local function countAfter(times, start)
  local n = 0
  for i = #times, 1, -1 do
    if times[i] <= start then break end
    n = n + 1
  end
  return n
end
local function oldestAfter(times, start) return times[#times - countAfter(times, start) + 1] end
local function window(times, tokens, interval)
  if interval <= 0 or countAfter(times, now - interval) < tokens then return nil end
  return times[#times - tokens + 1] + interval - now
end
local pairSince = countAfter(pairTimes, since)
if pairSince >= lock then return {0, math.ceil(oldestAfter(pairTimes, since) + memory - now)} end
local wait = window(pairTimes, tonumber(ARGV[3]), tonumber(ARGV[4]))
if wait then return {0, math.ceil(wait)} end
if countAfter(accTimes, since) >= lock and pairSince > 0 then
  return {0, math.ceil(oldestAfter(pairTimes, since) + memory - now)}
end
wait = window(accTimes, tonumber(ARGV[5]), tonumber(ARGV[6]))
if wait then return {0, math.ceil(wait)} end
local entry = ARGV[1] .. ' ' .. ARGV[7]
local function add(times, entries, keep)
  local i = #times + 1
  while i > 1 and times[i - 1] > now do i = i - 1 end
  table.insert(entries, i, entry)
  local first = math.max(1, #entries - keep + 1)
  return table.concat(entries, ',', first)
end
redis.call('SET', KEYS[1], add(pairTimes, pairEntries, tonumber(ARGV[8])), 'PX', ARGV[11])
redis.call('SET', KEYS[2], login .. '|' .. add(accTimes, accEntries, tonumber(ARGV[9])), 'PX', ARGV[11])
return {1, 0}
`);

/**
 * KEYS: as BEGIN. ARGV: strike id, outcome, now, ttl ms. Refunds the strike (the records keep their expiry); a
 * success also marks the login.
 */
const SETTLE = new RedisScript(`${STRIKE_LISTS}
local v = redis.call('MGET', KEYS[1], KEYS[2])
local _, pairEntries = parse(v[1])
local login, _, accEntries = account(v[2])
local pairKept, inPair = without(pairEntries, ARGV[1])
local accKept, inAccount = without(accEntries, ARGV[1])
if inPair then redis.call('SET', KEYS[1], table.concat(pairKept, ','), 'KEEPTTL') end
if ARGV[2] == 'success' then
  login = string.format('%.17g', math.max(tonumber(login), tonumber(ARGV[3])))
  redis.call('SET', KEYS[2], login .. '|' .. table.concat(accKept, ','), 'PX', ARGV[4])
elseif inAccount then
  redis.call('SET', KEYS[2], login .. '|' .. table.concat(accKept, ','), 'KEEPTTL')
end
return 1
`);

/**
 * KEYS: bucket, then BEGIN's. ARGV: TAKE's four, then BEGIN's. The per-IP token, then the strike if the token was
 * given: one call for a 2FA request. Returns BEGIN's answer, or {2, retryAfterMs} when the bucket refused.
 */
const TAKE_THEN_BEGIN = new RedisScript(`
local take = function(KEYS, ARGV)
${TAKE.source}
end
local begin = function(KEYS, ARGV)
${BEGIN.source}
end
local taken = take({KEYS[1]}, {ARGV[1], ARGV[2], ARGV[3], ARGV[4]})
if taken[1] ~= 1 then return {2, taken[2]} end
return begin({KEYS[2], KEYS[3]}, {unpack(ARGV, 5)})
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
    readonly runner: ScriptRunner,
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

  /** TAKE's keys and arguments for `key`. */
  request(key: string): { keys: string[]; args: number[] } {
    return { keys: [this.keyPrefix + key], args: [this.now(), this.ratePerMs, this.burst, this.ttlMs] };
  }

  async take(key: string): Promise<TakeResult> {
    let reply: unknown;
    try {
      const { keys, args } = this.request(key);
      reply = await this.runner.run(TAKE, keys, args);
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
  private readonly ttlMs: number;

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
    // A record lives as long as anything in it counts: strikes (lock cap and windows) and the last login.
    this.ttlMs = Math.ceil(
      Math.max(
        options.memoryMs,
        options.perIpAndAccount?.intervalMs ?? 0,
        options.perAccount?.intervalMs ?? 0,
      ),
    );
  }

  async begin(ipKey: string, account: string): Promise<TwoFactorTicket> {
    const { ticket, keys, args } = this.request(ipKey, account);
    let reply: unknown;
    try {
      reply = await this.runner.run(BEGIN, keys, args);
    } catch {
      throw stateUnavailable();
    }
    const [ok, wait] = pairOf(reply);
    if (ok !== 1) throw strikeRefusal(wait);
    return ticket;
  }

  /**
   * The bucket's token, then the strike, in one script when `bucket` is in the same Redis and the keys may span
   * slots (not on a Cluster); `undefined` otherwise (the caller takes them one after the other).
   */
  beginAfterToken(bucket: RateLimiter, ipKey: string, account: string): Promise<TokenThenStrike> | undefined {
    if (!(bucket instanceof RedisRateLimiter) || bucket.runner !== this.runner || !this.runner.crossSlot)
      return undefined;
    const taking = bucket.request(ipKey);
    const { ticket, keys, args } = this.request(ipKey, account);
    return this.runner.run(TAKE_THEN_BEGIN, [...taking.keys, ...keys], [...taking.args, ...args]).then(
      (reply) => {
        const [ok, wait] = pairOf(reply);
        if (ok === 2) return { ok: false, retryAfterMs: wait };
        if (ok !== 1) throw strikeRefusal(wait);
        return { ok: true, ticket };
      },
      () => {
        throw stateUnavailable();
      },
    );
  }

  /** BEGIN's keys and arguments, and the ticket of the strike it takes. */
  private request(ipKey: string, account: string) {
    const now = this.options.now();
    const id = `${now}:${crypto.randomUUID()}`;
    const { perIpAndAccount: pair, perAccount: acc } = this.options;
    return {
      ticket: { pairKey: ipKey, account, at: now, id } satisfies TwoFactorTicket,
      keys: this.keys(ipKey, account),
      args: [
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
        this.ttlMs,
      ],
    };
  }

  async settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): Promise<void> {
    if (outcome === 'wrongCode' || ticket.id === undefined) return;
    try {
      await this.runner.run(SETTLE, this.keys(ticket.pairKey, ticket.account), [
        ticket.id,
        outcome,
        this.options.now(),
        this.ttlMs,
      ]);
    } catch {
      // Unsettled, the strike stays: the safe side (it expires with the record).
    }
  }

  /** The pair's and the account's records; the account in braces keeps both in one Redis Cluster slot. */
  private keys(ipKey: string, account: string): string[] {
    const base = `${this.keyPrefix}{${account}}`;
    return [`${base}:pair:${ipKey}`, `${base}:account`];
  }
}

function strikeRefusal(retryAfterMs: number): Refusal {
  return rateLimited(retryAfterMs, '2FA codes for this PLYR[ID]', 'twoFactor');
}

function pairOf(reply: unknown): [number, number] {
  if (!Array.isArray(reply) || reply.length !== 2) throw stateUnavailable();
  return [Number(reply[0]), Number(reply[1])];
}
