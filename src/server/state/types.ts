/**
 * The server side's shared state behind one small interface: rate limits, 2FA strikes, real-play sessions and the
 * MG+ journal. One process keeps it in memory (`createMemoryState`, the default); several instances, restarts and
 * serverless functions share it through Redis (`createRedisState`).
 */
import type { MgPlusJournal } from '../mgplus/journal.js';
import type { RealPlaySessionStore } from '../mgplus/sessions.js';
import type { BucketOptions, TakeResult } from '../rate-limit.js';
import type { TwoFactorGuardOptions, TwoFactorOutcome, TwoFactorTicket } from '../two-factor-limit.js';

/** Token buckets for many keys (one named limit). A shared store answers asynchronously. */
export interface RateLimiter {
  /** Takes one token for `key`; a shared store that cannot answer refuses or allows as configured. */
  take(key: string): TakeResult | Promise<TakeResult>;
}

/** 2FA strikes per address+account and per account (see `TwoFactorGuard` for the rules). */
export interface TwoFactorLimiter {
  /** Takes a strike, or throws a 429 `RATE_LIMITED` (a shared store that cannot answer: 503 `STATE_UNAVAILABLE`). */
  begin(ipKey: string, account: string): TwoFactorTicket | Promise<TwoFactorTicket>;
  /** Settles a strike with the platform's answer; never rejects (a strike that cannot be settled stays). */
  settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): void | Promise<void>;
  /**
   * Optional: takes `bucket`'s token for `ipKey` and, only if it is given, a strike, in one call to the store (a 2FA
   * request then costs one round trip to Redis, not two). `undefined` when this store cannot do both at once: the
   * caller takes the token, then calls {@link begin}.
   */
  beginAfterToken?(bucket: RateLimiter, ipKey: string, account: string): Promise<TokenThenStrike> | undefined;
}

/** What {@link TwoFactorLimiter.beginAfterToken} did: took both, or was refused the token (no strike taken). */
export type TokenThenStrike = { ok: true; ticket: TwoFactorTicket } | { ok: false; retryAfterMs: number };

/** What a limit is built with besides its shape: the handler's clock and the memory bound of in-memory tables. */
export interface LimitContext {
  now: () => number;
  /** Most keys per in-memory table (a Redis store bounds keys by TTL instead). */
  maxKeys: number;
}

/** The answer of {@link ServerState.health}. */
export interface StateHealth {
  ok: boolean;
  store: 'memory' | 'redis';
  /** Round-trip time of the check in ms (Redis). */
  latencyMs?: number;
  /** Why the store is not usable (never contains a secret). */
  error?: string;
}

/**
 * Shared state of the server handlers and the MG+ client. Pass one to `createSigningHandler({ state })` and its
 * `journal` / `sessions` to `createMgPlusClient`.
 */
export interface ServerState {
  /** Which store this is. */
  readonly store: 'memory' | 'redis';
  /** The token buckets of the limit `name` (e.g. `sign:ip`); in Redis, every instance's limit of that name shares them. */
  rateLimiter(name: string, bucket: BucketOptions, context: LimitContext): RateLimiter;
  /** The 2FA strikes of the limit `name`. */
  twoFactorLimiter(name: string, options: TwoFactorGuardOptions): TwoFactorLimiter;
  /** Real-play sessions (pass as `createMgPlusClient({ sessions: { store } })`). */
  readonly sessions: RealPlaySessionStore;
  /** The MG+ round journal (pass as `createMgPlusClient({ journal })`). */
  readonly journal: MgPlusJournal;
  /** Whether the store answers (for a health check route); never rejects. */
  health(): Promise<StateHealth>;
}
