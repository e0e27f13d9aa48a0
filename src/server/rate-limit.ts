/**
 * Token-bucket rate limiting with an injectable clock and bounded memory.
 *
 * Each key (an IP, a PLYR[ID]) has a bucket of `burst` tokens that refills at `tokens` per `intervalMs`; a request
 * takes one token or is refused with the time until the next token. Memory is bounded by `maxKeys`: a full bucket
 * carries no information (it equals a fresh one), so those are evicted first; only when every bucket is in use are
 * the least recently used ones dropped.
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
   * Routes that take a 2FA code (login, loginAndApprove), per PLYR[ID] (lower-cased), across all IPs.
   * Default 5 per minute, so a 6-digit code cannot be brute-forced (the platform also locks the account
   * for 60 s after 5 wrong codes).
   */
  perPlyrId?: BucketOptions | false;
  /** Guest (Instant PlayPass) registration, per client IP. Default 5 per 10 minutes. */
  guestRegisterPerIp?: BucketOptions | false;
  /** Most keys remembered per limit before eviction. Default 10 000. */
  maxKeys?: number;
  /** Clock in ms. Default: the handler's `now` (itself `Date.now` by default). */
  now?: () => number;
}

/** Default limits (documented on {@link RateLimitOptions}). */
export const DEFAULT_RATE_LIMITS: Readonly<{
  perIp: BucketOptions;
  perPlyrId: BucketOptions;
  guestRegisterPerIp: BucketOptions;
  maxKeys: number;
}> = Object.freeze({
  perIp: { tokens: 60, intervalMs: 60_000, burst: 30 },
  perPlyrId: { tokens: 5, intervalMs: 60_000 },
  guestRegisterPerIp: { tokens: 5, intervalMs: 600_000 },
  maxKeys: 10_000,
});

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The outcome of {@link TokenBucketLimiter.take}: allowed, or refused with the wait in ms. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** Token buckets for many keys. */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;

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
      tokens = this.burst;
    } else {
      // A clock that goes backwards refills nothing rather than producing negative time.
      const elapsed = Math.max(0, now - bucket.updatedAt);
      tokens = Math.min(this.burst, bucket.tokens + elapsed * this.ratePerMs);
      this.buckets.delete(key); // re-inserted below: Map order is then least recently used first
    }
    const ok = tokens >= 1;
    if (ok) tokens -= 1;
    this.buckets.set(key, { tokens, updatedAt: now });
    if (this.buckets.size > this.maxKeys) this.evict(now);
    return ok ? { ok: true } : { ok: false, retryAfterMs: Math.ceil((1 - tokens) / this.ratePerMs) };
  }

  /** Drops full buckets; if that is not enough, the least recently used ones, down to 90 % of `maxKeys`. */
  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.ratePerMs >= this.burst) this.buckets.delete(key);
    }
    const target = Math.max(1, Math.floor(this.maxKeys * 0.9));
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The per-IP bucket key: IPv4 as is (an IPv4-mapped IPv6 address is unwrapped), IPv6 by its /64 prefix, since one
 * client usually owns a whole /64 and could otherwise rotate through fresh buckets.
 */
export function ipBucketKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const zoneless = ip.split('%')[0]!.toLowerCase();
  const [head = '', tail] = zoneless.split('::', 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
