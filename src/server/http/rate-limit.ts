/**
 * Token-bucket rate limiting with an injectable clock and bounded memory.
 *
 * Each key (an IP, a PLYR[ID]) has a bucket of `burst` tokens that refills at `tokens` per `intervalMs`; a request
 * takes one token or is refused with the time until the next token. Memory is bounded by `maxKeys`. A limiter must
 * not forget under pressure, so a bucket that is refusing (less than one token) is never dropped: full buckets go
 * first (they equal a fresh one), then the least recently used of those that still allow a request; when every
 * bucket is refusing, a new key is refused instead of an old one forgotten.
 */

/** A bucket's shape: refills `tokens` per `intervalMs`, holds at most `burst` (default `tokens`). */
export interface BucketOptions {
  /** Tokens added per interval. */
  tokens: number;
  /** Interval in ms. */
  intervalMs: number;
  /** Bucket size (the burst a fresh key may use at once). Default `tokens`. */
  burst?: number;
}

/** Rate limits of the signing endpoint; `false` disables one limit (or, as `rateLimit: false`, all of them). */
export interface RateLimitOptions {
  /** Every request, per client IP. Default 60 per minute, burst 30. */
  perIp?: BucketOptions | false;
  /**
   * 2FA codes (login, loginAndApprove) per PLYR[ID] (lower-cased) across all IPs: at most `tokens` strikes per
   * `intervalMs`. A strike is a code that may have been wrong: in relay mode a wrong-code answer (successes and
   * answers that did not check the code are refunded), in sign mode every signed code. Default 10 per minute.
   */
  perPlyrId?: BucketOptions | false;
  /**
   * 2FA codes per client IP and PLYR[ID]: at most `tokens` strikes per `intervalMs`. Default 4 per minute. Apart
   * from this, one IP never gets a 5th strike on an account before that account's next successful login (relay
   * mode; 24 h at most) or within 15 minutes (sign mode, which cannot see logins), so it cannot trigger the
   * platform's lock (the 5th wrong code in a row locks the account for 60 s).
   */
  perIpAndPlyrId?: BucketOptions | false;
  /**
   * 2FA strikes per client IP across all PLYR[ID]s (IPv6: per /64), as a token bucket: `tokens` per `intervalMs`,
   * `burst` at once (default `tokens`); a refunded strike gives its token back. Default 30 per hour. One address
   * trying a code on account after account is refused itself (429, scope `twoFactor`) instead of filling the
   * memory of strikes and locking others out. Players behind one shared address (a carrier NAT) share it: raise it
   * if many of yours sign in from one address, above all in sign mode, where every code counts.
   */
  twoFactorPerIp?: BucketOptions | false;
  /** Guest (Instant PlayPass) registration, per client IP. Default 5 per 10 minutes. */
  guestRegisterPerIp?: BucketOptions | false;
  /** Most keys remembered per limit (see the eviction rules above). Default 10 000. */
  maxKeys?: number;
  /** Clock in ms. Default: the handler's `now` (itself `Date.now` by default). */
  now?: () => number;
}

/** Default limits (documented on {@link RateLimitOptions}). */
export const DEFAULT_RATE_LIMITS: Readonly<{
  perIp: BucketOptions;
  perPlyrId: BucketOptions;
  perIpAndPlyrId: BucketOptions;
  twoFactorPerIp: BucketOptions;
  guestRegisterPerIp: BucketOptions;
  maxKeys: number;
}> = Object.freeze({
  perIp: { tokens: 60, intervalMs: 60_000, burst: 30 },
  perPlyrId: { tokens: 10, intervalMs: 60_000 },
  perIpAndPlyrId: { tokens: 4, intervalMs: 60_000 },
  twoFactorPerIp: { tokens: 30, intervalMs: 3_600_000 },
  guestRegisterPerIp: { tokens: 5, intervalMs: 600_000 },
  maxKeys: 10_000,
});

/** Token buckets for many keys (one named limit). A shared store answers asynchronously. */
export interface RateLimiter {
  /** Takes one token for `key`; a shared store that cannot answer refuses or allows as configured. */
  take(key: string): TakeResult | Promise<TakeResult>;
}

/** What a limit is built with besides its shape: the handler's clock and the memory bound of in-memory tables. */
export interface LimitContext {
  now: () => number;
  /** Most keys per in-memory table (a Redis store bounds keys by TTL instead). */
  maxKeys: number;
}

/** Where named limits live: this process's memory, or a store shared by every instance (`createRedisState`). */
export interface RateLimiterStore {
  /** The token buckets of the limit `name` (e.g. `sign:ip`); in a shared store, every instance's limit of that name shares them. */
  rateLimiter(name: string, bucket: BucketOptions, context: LimitContext): RateLimiter;
}

/** Limits in this process's memory. */
export const memoryRateLimiters: RateLimiterStore['rateLimiter'] = (_name, bucket, context) =>
  new TokenBucketLimiter(bucket, context.now, context.maxKeys);

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The outcome of `TokenBucketLimiter.take` (and the shared-state limiters): allowed, or refused with the wait in ms. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** Token buckets for many keys. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;
  private nextEvictAt = Number.NEGATIVE_INFINITY;

  constructor(
    options: BucketOptions,
    private readonly now: () => number,
    private readonly maxKeys: number = DEFAULT_RATE_LIMITS.maxKeys,
  ) {
    if (!(options.tokens > 0) || !(options.intervalMs > 0))
      throw new TypeError('rateLimit: tokens and intervalMs must be positive.');
    this.ratePerMs = options.tokens / options.intervalMs;
    this.burst = options.burst ?? options.tokens;
    if (!(this.burst >= 1)) throw new TypeError('rateLimit: burst must be at least 1.');
    if (!(maxKeys >= 1)) throw new TypeError('rateLimit: maxKeys must be at least 1.');
  }

  /** Number of keys currently remembered. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token for `key`. */
  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens: number;
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxKeys) this.evict(now);
      // Every bucket holds a refusal: refuse the newcomer rather than forget one of them.
      if (this.buckets.size >= this.maxKeys)
        return { ok: false, retryAfterMs: Math.ceil(1 / this.ratePerMs) };
      tokens = this.burst;
    } else {
      tokens = this.tokensOf(bucket, now);
      this.buckets.delete(key); // re-inserted below: Map order is then least recently used first
    }
    const ok = tokens >= 1;
    if (ok) tokens -= 1;
    this.buckets.set(key, { tokens, updatedAt: now });
    return ok ? { ok: true } : { ok: false, retryAfterMs: Math.ceil((1 - tokens) / this.ratePerMs) };
  }

  /**
   * Gives back one token taken for `key` (what it paid for turned out not to count), up to the burst. A bucket no
   * longer remembered is full already: nothing to give back.
   */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return;
    const now = this.now();
    bucket.tokens = Math.min(this.burst, this.tokensOf(bucket, now) + 1);
    bucket.updatedAt = now;
  }

  /** A bucket's tokens now; a clock that goes backwards refills nothing. */
  private tokensOf(bucket: Bucket, now: number): number {
    return Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.ratePerMs);
  }

  /**
   * Makes room, down to 90 % of `maxKeys`: full buckets first, then the least recently used buckets that still
   * allow a request. Refusing buckets stay. A pass that frees too little pauses eviction for a second, so a table
   * full of refusals costs O(1) per new key.
   */
  private evict(now: number): void {
    if (now < this.nextEvictAt) return;
    for (const [key, bucket] of this.buckets)
      if (this.tokensOf(bucket, now) >= this.burst) this.buckets.delete(key);
    const target = Math.max(0, Math.floor(this.maxKeys * 0.9));
    for (const [key, bucket] of this.buckets) {
      if (this.buckets.size <= target) break;
      if (this.tokensOf(bucket, now) >= 1) this.buckets.delete(key);
    }
    this.nextEvictAt = this.buckets.size >= this.maxKeys ? now + 1000 : Number.NEGATIVE_INFINITY;
  }
}
