/**
 * Rate limits and 2FA strikes in Redis, with the same rules as the in-memory `TokenBucketLimiter` and
 * `TwoFactorGuard` (one Lua script per check, so instances never race; the Lua is in `redis-limit-scripts.ts`).
 * Keys expire once they hold nothing that still counts, so Redis memory stays bounded without the in-memory tables'
 * `maxKeys`.
 *
 * When Redis cannot answer: 2FA checks refuse (503 `STATE_UNAVAILABLE`: fail closed, a guesser must never get a
 * free run); other limits refuse the same way or, with `whenUnavailable: 'allow'`, let the request through.
 */
import { Refusal, rateLimited, withCause } from '../http/errors.js';
import type { BucketOptions, TakeResult } from '../http/rate-limit.js';
import {
  STRIKES_BEFORE_LOCK,
  type TwoFactorGuardOptions,
  type TwoFactorOutcome,
  type TwoFactorTicket,
} from '../plyr/two-factor-limit.js';
import { BEGIN, REFUND, SETTLE, TAKE, TAKE_THEN_BEGIN } from './redis-limit-scripts.js';
import type { ScriptRunner } from './redis-runner.js';
import type { RateLimiter, TokenThenStrike, TwoFactorLimiter } from './types.js';

/** What Redis limits do when Redis cannot answer (2FA checks always refuse). */
export type WhenUnavailable = 'refuse' | 'allow';

/** The refusal of a limit whose store cannot answer; `cause` says why (for the handler's `onError`). */
export function stateUnavailable(cause?: unknown): Refusal {
  return withCause(
    new Refusal(
      'STATE_UNAVAILABLE',
      'The rate-limit store is unavailable; retry shortly.',
      { 'retry-after': '5' },
      5000,
    ),
    cause,
  );
}

/** Token buckets of one limit in Redis (expires once full again). */
export class RedisRateLimiter implements RateLimiter {
  /** TAKE's settings argument, made once: "<tokens per ms> <burst> <ttl ms>". */
  private readonly settings: string;

  constructor(
    readonly runner: ScriptRunner,
    private readonly keyPrefix: string,
    options: BucketOptions,
    private readonly now: () => number,
    private readonly whenUnavailable: WhenUnavailable,
  ) {
    this.settings = bucketSettings(options);
  }

  /** TAKE's keys and arguments for `key`. */
  request(key: string): { keys: string[]; args: (number | string)[] } {
    return { keys: [this.keyPrefix + key], args: [this.now(), this.settings] };
  }

  async take(key: string): Promise<TakeResult> {
    let reply: unknown;
    try {
      const { keys, args } = this.request(key);
      reply = await this.runner.run(TAKE, keys, args);
    } catch (error) {
      if (this.whenUnavailable === 'allow') return { ok: true };
      throw stateUnavailable(error);
    }
    const [ok, wait] = pairOf(reply);
    return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: wait };
  }
}

/** TAKE's settings argument for a bucket: "<tokens per ms> <burst> <ttl ms>" (expires once full again). */
function bucketSettings(options: BucketOptions): string {
  if (!(options.tokens > 0) || !(options.intervalMs > 0))
    throw new TypeError('rateLimit: tokens and intervalMs must be positive.');
  const ratePerMs = options.tokens / options.intervalMs;
  const burst = options.burst ?? options.tokens;
  if (!(burst >= 1)) throw new TypeError('rateLimit: burst must be at least 1.');
  return `${ratePerMs} ${burst} ${Math.ceil(burst / ratePerMs) + 1000}`;
}

/**
 * 2FA strikes in Redis: the `TwoFactorGuard` rules, keyed by account (one hash slot per account in a cluster), and
 * each address's budget across accounts keyed by the address. On a single Redis one script checks them all; on a
 * Cluster, where a script's keys must share a slot, the address's budget is a second call after the strike (a
 * refusal there refunds the strike), and refunds of it a second call too.
 */
export class RedisTwoFactorLimiter implements TwoFactorLimiter {
  private readonly ttlMs: number;
  /** BEGIN's settings argument, made once (see `redis-limit-scripts.ts`). */
  private readonly settings: string;
  /** The address budget's bucket settings (TAKE's), or `undefined` when there is none. */
  private readonly ipSettings: string | undefined;

  constructor(
    private readonly runner: ScriptRunner,
    private readonly keyPrefix: string,
    private readonly options: TwoFactorGuardOptions,
  ) {
    for (const limit of [options.perAccount, options.perIpAndAccount])
      if (limit !== undefined && !(limit.tokens >= 1 && limit.intervalMs > 0))
        throw new TypeError('rateLimit: tokens must be at least 1 and intervalMs positive.');
    // A record lives as long as anything in it counts: strikes (lock cap and windows) and the last login.
    this.ttlMs = Math.ceil(
      Math.max(
        options.memoryMs,
        options.perIpAndAccount?.intervalMs ?? 0,
        options.perAccount?.intervalMs ?? 0,
      ),
    );
    const { perIpAndAccount: pair, perAccount: acc } = options;
    this.settings = [
      options.memoryMs,
      pair?.tokens ?? 0,
      pair?.intervalMs ?? 0,
      acc?.tokens ?? 0,
      acc?.intervalMs ?? 0,
      Math.max(STRIKES_BEFORE_LOCK, pair?.tokens ?? 0), // strikes kept per pair
      Math.max(STRIKES_BEFORE_LOCK, acc?.tokens ?? 0), // and per account
      STRIKES_BEFORE_LOCK,
      this.ttlMs,
    ].join(' ');
    this.ipSettings = options.perIp && bucketSettings(options.perIp);
  }

  async begin(ipKey: string, account: string): Promise<TwoFactorTicket> {
    const { ticket, keys, args } = this.request(ipKey, account);
    let reply: unknown;
    try {
      reply = await this.runner.run(BEGIN, keys, args);
    } catch (error) {
      throw stateUnavailable(error);
    }
    const [ok, wait] = pairOf(reply);
    if (ok !== 1) throw strikeRefusal(ok, wait);
    if (!this.runner.crossSlot && this.ipSettings !== undefined) await this.takeAddressToken(ticket);
    return ticket;
  }

  /** Cluster only: the address's token after the strike; when refused, the strike is refunded and the 429 thrown. */
  private async takeAddressToken(ticket: TwoFactorTicket): Promise<void> {
    let reply: unknown;
    try {
      reply = await this.runner.run(TAKE, [this.addressKey(ticket.ipKey)], [ticket.at, this.ipSettings!]);
    } catch (error) {
      await this.refundStrike(ticket, 'notChecked'); // the code is not sent; the token may stay taken (safe side)
      throw stateUnavailable(error);
    }
    const [ok, wait] = pairOf(reply);
    if (ok === 1) return;
    await this.refundStrike(ticket, 'notChecked');
    throw strikeRefusal(3, wait);
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
        if (ok !== 1) throw strikeRefusal(ok, wait);
        return { ok: true, ticket };
      },
      (error: unknown) => {
        throw stateUnavailable(error);
      },
    );
  }

  /** BEGIN's keys and arguments (the address's bucket only where one script may hold it), and the ticket. */
  private request(ipKey: string, account: string) {
    const now = this.options.now();
    const id = `${now}:${crypto.randomUUID()}`;
    const keys = this.keys(ipKey, account);
    const args: (number | string)[] = [now, id, this.settings];
    if (this.runner.crossSlot && this.ipSettings !== undefined) {
      keys.push(this.addressKey(ipKey));
      args.push(this.ipSettings);
    }
    return { ticket: { pairKey: ipKey, ipKey, account, at: now, id } satisfies TwoFactorTicket, keys, args };
  }

  async settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): Promise<void> {
    if (outcome === 'wrongCode' || ticket.id === undefined) return;
    await this.refundStrike(ticket, outcome);
    if (!this.runner.crossSlot && this.ipSettings !== undefined)
      await this.runner
        .run(REFUND, [this.addressKey(ticket.ipKey)], [this.options.now(), this.ipSettings])
        .catch(() => {}); // unrefunded, the token comes back with time
  }

  /** SETTLE: the strike refunded (and, where one script may hold it, the address's token given back). */
  private async refundStrike(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): Promise<void> {
    const keys = this.keys(ticket.pairKey, ticket.account);
    const args: (number | string)[] = [ticket.id!, outcome, this.options.now(), this.ttlMs];
    if (this.runner.crossSlot && this.ipSettings !== undefined) {
      keys.push(this.addressKey(ticket.ipKey));
      args.push(this.ipSettings);
    }
    try {
      await this.runner.run(SETTLE, keys, args);
    } catch {
      // Unsettled, the strike stays: the safe side (it expires with the record).
    }
  }

  /** The pair's and the account's records; the account in braces keeps both in one Redis Cluster slot. */
  private keys(ipKey: string, account: string): string[] {
    const base = `${this.keyPrefix}{${account}}`;
    return [`${base}:pair:${ipKey}`, `${base}:account`];
  }

  /** The address's budget across accounts (its own slot in a Cluster). */
  private addressKey(ipKey: string): string {
    return `${this.keyPrefix}{${ipKey}}:ip`;
  }
}

/** The 429 of BEGIN's answer `ok` (0: for the account, 3: the address's budget). */
function strikeRefusal(ok: number, retryAfterMs: number): Refusal {
  const which = ok === 3 ? 'from this address' : 'for this PLYR[ID]';
  return rateLimited(retryAfterMs, `2FA codes ${which}`, 'twoFactor');
}

function pairOf(reply: unknown): [number, number] {
  if (!Array.isArray(reply) || reply.length !== 2) throw stateUnavailable();
  return [Number(reply[0]), Number(reply[1])];
}
