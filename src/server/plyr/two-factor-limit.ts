/**
 * 2FA throttling that stays ahead of the platform's lock. The platform counts an account's wrong codes until its
 * next successful login and locks the account for 60 s at the 5th. So the guard counts "strikes" (codes that may
 * have been wrong) per address+account, per account and per address:
 *
 * - one address gets at most {@link STRIKES_BEFORE_LOCK} (4) strikes on an account until that account's next
 *   successful login (or until `memoryMs` passes), and at most `perIpAndAccount` per window: one attacker address
 *   can never make the platform lock the account, so the owner, typing the right code elsewhere, still gets in;
 * - when an account is one wrong code from the lock, only addresses without a strike since its last login may try;
 * - `perAccount` caps the strikes of all addresses together per window (a brake on distributed guessing; a
 *   player refused by it can still sign in with PLYR[CONNECT]);
 * - `perIp` caps one address's strikes across all accounts (a token bucket): an address trying codes on account
 *   after account is refused itself, and cannot fill the tables below.
 *
 * A strike is taken before the code is sent. Relay mode sees the platform's answer and settles it: a success
 * refunds it and resets the account, an answer that did not check the code refunds it, a wrong code (or no
 * answer) keeps it. Sign mode never sees the answer, so every signed code stays a strike.
 *
 * Memory is bounded by `maxKeys` per table. A full table makes room for a newcomer: first it drops records that
 * hold nothing that still counts, then, oldest (least recently struck) first, records that refuse nothing now. A
 * record that is refusing (an address+account at its cap or one wrong code from the lock, an account one wrong
 * code from the lock or at its window cap, an address out of budget) is never dropped; only when a table holds
 * nothing else is a newcomer refused, which takes many addresses.
 *
 * Why dropping a record that refuses nothing cannot let one address reach the lock. For one address A to get a
 * 5th wrong code on account X after X's last login, both A+X and X's own record must be forgotten: with A+X kept,
 * A's count is capped at 4; with X's kept, A restarts on a fresh A+X record, but once X's count reaches 4, A+X
 * has a strike since the login and is refused (and, refusing, is not dropped again); X's record at 4 is refusing,
 * so it stays. Records are dropped only from a full table, and A alone cannot fill one: `perIp` lets it make at
 * most `burst` + `tokens` per `intervalMs` records of each kind, which for as long as they count (`memoryMs`) stays
 * below `maxKeys` with the defaults (30 + 30 an hour for 24 h: 750 of 10,000). Filling the tables takes other
 * addresses, and two addresses can reach the lock anyway (4 wrong codes, then one from an address without a
 * strike); or an endpoint with more than `maxKeys` accounts meeting wrong codes within `memoryMs`: size `maxKeys`
 * above that.
 */
import { Refusal, rateLimited } from '../http/errors.js';
import {
  type BucketOptions,
  memoryRateLimiters,
  type RateLimiter,
  type RateLimiterStore,
  TokenBucketLimiter,
} from '../http/rate-limit.js';

/** The platform locks an account at its 5th wrong code in a row; we let at most 4 through per address. */
export const STRIKES_BEFORE_LOCK = 4;

/** 2FA strikes per address+account and per account (see `TwoFactorGuard` for the rules). */
export interface TwoFactorLimiter {
  /** Takes a strike, or throws a 429 `RATE_LIMITED` (a shared store that cannot answer: 503 `STATE_UNAVAILABLE`). */
  begin(ipKey: string, account: string): TwoFactorTicket | Promise<TwoFactorTicket>;
  /** Settles a strike with the platform's answer; never rejects (a strike that cannot be settled stays). */
  settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): void | Promise<void>;
  /**
   * Optional: takes `bucket`'s token for `ipKey` and, only if it is given, a strike, in one call to the store (a 2FA
   * request then costs one round trip to Redis, not two). `undefined` when this store cannot do both at once: the
   * caller takes the token, then calls {@link TwoFactorLimiter.begin}.
   */
  beginAfterToken?(bucket: RateLimiter, ipKey: string, account: string): Promise<TokenThenStrike> | undefined;
}

/** What {@link TwoFactorLimiter.beginAfterToken} did: took both, or was refused the token (no strike taken). */
export type TokenThenStrike = { ok: true; ticket: TwoFactorTicket } | { ok: false; retryAfterMs: number };

/** Where the signing endpoint keeps its limits: memory by default, or a shared `ServerState`. */
export interface SigningLimitStore extends RateLimiterStore {
  /** The 2FA strikes of the limit `name`. */
  twoFactorLimiter(name: string, options: TwoFactorGuardOptions): TwoFactorLimiter;
}

/** The signing endpoint's limits in this process's memory. */
export function memorySigningLimits(): SigningLimitStore {
  return {
    rateLimiter: memoryRateLimiters,
    twoFactorLimiter: (_name, guard) => new TwoFactorGuard(guard),
  };
}

/** Settings of a 2FA guard (`TwoFactorGuard` in memory, or the Redis one). */
export interface TwoFactorGuardOptions {
  /** Strikes per account across all addresses, per `intervalMs` (`tokens` of them); `undefined`: no cap. */
  perAccount: BucketOptions | undefined;
  /** Strikes per address and account, per `intervalMs`; `undefined`: only the lock cap applies. */
  perIpAndAccount: BucketOptions | undefined;
  /**
   * Strikes per address across all accounts, as a token bucket (`tokens` per `intervalMs`, at most `burst` at
   * once; a refunded strike gives its token back); `undefined`: no cap.
   */
  perIp: BucketOptions | undefined;
  /** How long a strike counts towards the lock cap when no successful login is seen. */
  memoryMs: number;
  /** Most records per table. */
  maxKeys: number;
  now: () => number;
}

/** How the platform answered a code: `success`, `wrongCode` (or unknown: kept), `notChecked` (refunded). */
export type TwoFactorOutcome = 'success' | 'wrongCode' | 'notChecked';

/** A strike taken for one attempt, to settle when the platform's answer is known. */
export interface TwoFactorTicket {
  readonly pairKey: string;
  /** The address's key (its per-address budget). */
  readonly ipKey: string;
  readonly account: string;
  readonly at: number;
  /** The strike's id in a shared store (Redis). */
  readonly id?: string;
}

interface PairRecord {
  account: string;
  /** Strike times, ascending; only the newest few are kept (see `keep`). */
  times: number[];
}

interface AccountRecord {
  times: number[];
  lastSuccessAt: number;
}

/** How a table's record is judged when room is needed. */
interface TableRules<T> {
  /** Holds nothing that still counts: dropping it forgets nothing. */
  idle(record: T, now: number): boolean;
  /** Refuses something now: never dropped. */
  refusing(record: T, now: number): boolean;
}

/** Room is made down to this share of `maxKeys`, so a full table costs one pass per many newcomers. */
const ROOMY = 0.9;
/** After a pass that could not make room (every record refusing), the next waits this long. */
const ROOM_PAUSE_MS = 1000;

/** Per-address, per-account and per-address+account 2FA strikes (see the module comment). */
export class TwoFactorGuard {
  /** Records in least recently struck order (a strike moves its records to the end). */
  private readonly pairs = new Map<string, PairRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly addresses: TokenBucketLimiter | undefined;
  private readonly pairKeep: number;
  private readonly accountKeep: number;
  private readonly nextRoomAt = new Map<object, number>();
  private readonly pairRules: TableRules<PairRecord>;
  private readonly accountRules: TableRules<AccountRecord>;

  constructor(private readonly options: TwoFactorGuardOptions) {
    for (const limit of [options.perAccount, options.perIpAndAccount])
      if (limit !== undefined && !(limit.tokens >= 1 && limit.intervalMs > 0))
        throw new TypeError('rateLimit: tokens must be at least 1 and intervalMs positive.');
    if (!(options.maxKeys >= 1)) throw new TypeError('rateLimit: maxKeys must be at least 1.');
    this.addresses = options.perIp
      ? new TokenBucketLimiter(options.perIp, options.now, options.maxKeys)
      : undefined;
    this.pairKeep = Math.max(STRIKES_BEFORE_LOCK, options.perIpAndAccount?.tokens ?? 0);
    this.accountKeep = Math.max(STRIKES_BEFORE_LOCK, options.perAccount?.tokens ?? 0);
    this.pairRules = {
      idle: (pair, now) =>
        this.idle(pair.times, this.sinceOf(pair.account, now), now, options.perIpAndAccount),
      refusing: (pair, now) =>
        this.pairRefusal(pair.times, this.accounts.get(pair.account), now) !== undefined,
    };
    this.accountRules = {
      idle: (acc, now) => this.idle(acc.times, this.countsSince(acc, now), now, options.perAccount),
      // One wrong code from the lock, an account refuses every address that struck since the login.
      refusing: (acc, now) =>
        windowWait(acc.times, options.perAccount, now) !== undefined ||
        countAfter(acc.times, this.countsSince(acc, now)) >= STRIKES_BEFORE_LOCK,
    };
  }

  /** Records held (all tables), for tests and monitoring. */
  get size(): number {
    return this.pairs.size + this.accounts.size + (this.addresses?.size ?? 0);
  }

  /** Takes a strike for a code from `ipKey` on `account`, or throws a 429 `RATE_LIMITED` (scope `twoFactor`). */
  begin(ipKey: string, account: string): TwoFactorTicket {
    const now = this.options.now();
    const pairKey = `${ipKey}\n${account}`;
    const acc = this.accounts.get(account);
    const pair = this.pairs.get(pairKey);
    const pairTimes = pair?.times ?? [];
    const refusal =
      this.pairRefusal(pairTimes, acc, now) ?? windowWait(acc?.times ?? [], this.options.perAccount, now);
    if (refusal !== undefined) throw refuse(refusal, 'for this PLYR[ID]');
    // Room first, then the address's token: a refusal from either takes nothing.
    if (pair === undefined) this.makeRoom(this.pairs, this.pairRules, now);
    if (acc === undefined) this.makeRoom(this.accounts, this.accountRules, now);
    const token = this.addresses?.take(ipKey);
    if (token !== undefined && !token.ok) throw refuse(token.retryAfterMs, 'from this address');

    const pairRecord = pair ?? { account, times: [] };
    const accRecord = acc ?? { times: [], lastSuccessAt: 0 };
    touch(this.pairs, pairKey, pairRecord);
    touch(this.accounts, account, accRecord);
    push(pairRecord.times, now, this.pairKeep);
    push(accRecord.times, now, this.accountKeep);
    return { pairKey, ipKey, account, at: now };
  }

  /** Settles a strike with the platform's answer (relay mode). */
  settle(ticket: TwoFactorTicket, outcome: TwoFactorOutcome): void {
    if (outcome === 'wrongCode') return;
    const pair = this.pairs.get(ticket.pairKey);
    const acc = this.accounts.get(ticket.account);
    if (pair) remove(pair.times, ticket.at);
    if (acc) {
      remove(acc.times, ticket.at);
      if (outcome === 'success') acc.lastSuccessAt = this.options.now();
    }
    this.addresses?.refund(ticket.ipKey);
  }

  /** The wait an address+account's own strikes impose now (lock cap, then window), or `undefined`. */
  private pairRefusal(
    pairTimes: readonly number[],
    acc: AccountRecord | undefined,
    now: number,
  ): number | undefined {
    const since = this.countsSince(acc, now);
    const pairSince = countAfter(pairTimes, since);
    if (pairSince >= STRIKES_BEFORE_LOCK) return oldestAfter(pairTimes, since) + this.options.memoryMs - now;
    const wait = windowWait(pairTimes, this.options.perIpAndAccount, now);
    if (wait !== undefined) return wait;
    // One wrong code from the lock: only an address that has not failed since the last login may try.
    if (pairSince > 0 && countAfter(acc?.times ?? [], since) >= STRIKES_BEFORE_LOCK)
      return oldestAfter(pairTimes, since) + this.options.memoryMs - now;
    return undefined;
  }

  /** Strikes after this time count towards the lock cap: since the last login, within `memoryMs`. */
  private countsSince(acc: AccountRecord | undefined, now: number): number {
    return Math.max(acc?.lastSuccessAt ?? 0, now - this.options.memoryMs);
  }

  private sinceOf(account: string, now: number): number {
    return this.countsSince(this.accounts.get(account), now);
  }

  /** Whether a record holds no strike that still counts (so dropping it forgets nothing that matters). */
  private idle(
    times: readonly number[],
    since: number,
    now: number,
    limit: BucketOptions | undefined,
  ): boolean {
    const last = times[times.length - 1];
    return last === undefined || (last <= since && last <= now - (limit?.intervalMs ?? 0));
  }

  /**
   * Room for one more record: idle records go first, then the oldest that refuse nothing, down to 90 % of
   * `maxKeys`. Refusing records stay; when nothing else is left, the newcomer is refused (and the next pass waits
   * a second, so a table full of refusals costs O(1) per request).
   */
  private makeRoom<T>(table: Map<string, T>, rules: TableRules<T>, now: number): void {
    const { maxKeys } = this.options;
    if (table.size < maxKeys) return;
    if (now >= (this.nextRoomAt.get(table) ?? Number.NEGATIVE_INFINITY)) {
      for (const [key, record] of table) if (rules.idle(record, now)) table.delete(key);
      const target = Math.floor(maxKeys * ROOMY);
      for (const [key, record] of table) {
        if (table.size <= target) break;
        if (!rules.refusing(record, now)) table.delete(key);
      }
      this.nextRoomAt.set(table, table.size >= maxKeys ? now + ROOM_PAUSE_MS : Number.NEGATIVE_INFINITY);
    }
    if (table.size >= maxKeys)
      throw new Refusal(
        'RATE_LIMITED',
        'Too many 2FA attempts are being refused; retry later or sign in with PLYR[CONNECT].',
        { 'retry-after': '60' },
        60_000,
        'twoFactor',
      );
  }
}

function refuse(retryAfterMs: number, which: string): Refusal {
  return rateLimited(retryAfterMs, `2FA codes ${which}`, 'twoFactor');
}

/** The wait until a window cap lets one more strike through, or `undefined` when it does now. */
function windowWait(
  times: readonly number[],
  limit: BucketOptions | undefined,
  now: number,
): number | undefined {
  if (limit === undefined || countAfter(times, now - limit.intervalMs) < limit.tokens) return undefined;
  return times[times.length - limit.tokens]! + limit.intervalMs - now;
}

function countAfter(times: readonly number[], start: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > start; i--) n++;
  return n;
}

function oldestAfter(times: readonly number[], start: number): number {
  return times[times.length - countAfter(times, start)]!;
}

/** Puts `record` at the end of `table` (most recently struck). */
function touch<T>(table: Map<string, T>, key: string, record: T): void {
  table.delete(key);
  table.set(key, record);
}

function push(times: number[], at: number, keep: number): void {
  times.push(at);
  if (times.length > keep) times.splice(0, times.length - keep);
}

function remove(times: number[], at: number): void {
  const i = times.lastIndexOf(at);
  if (i !== -1) times.splice(i, 1);
}
