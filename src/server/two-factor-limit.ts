/**
 * 2FA throttling that stays ahead of the platform's lock. The platform counts an account's wrong codes until its
 * next successful login and locks the account for 60 s at the 5th. So the guard counts "strikes" (codes that may
 * have been wrong) per address+account and per account:
 *
 * - one address gets at most {@link STRIKES_BEFORE_LOCK} (4) strikes on an account until that account's next
 *   successful login (or until `memoryMs` passes), and at most `perIpAndAccount` per window: one attacker address
 *   can never make the platform lock the account, so the owner, typing the right code elsewhere, still gets in;
 * - when an account is one wrong code from the lock, only addresses without a strike since its last login may try;
 * - `perAccount` caps the strikes of all addresses together per window (a brake on distributed guessing; a
 *   player refused by it can still sign in with PLYR[CONNECT]).
 *
 * A strike is taken before the code is sent. Relay mode sees the platform's answer and settles it: a success
 * refunds it and resets the account, an answer that did not check the code refunds it, a wrong code (or no
 * answer) keeps it. Sign mode never sees the answer, so every signed code stays a strike.
 *
 * Memory is bounded by `maxKeys` per table, and a record holding strikes that still count is never dropped: when
 * a table is full of those, a new address or account is refused (429) rather than an old one forgotten.
 */
import { Refusal, rateLimited } from './errors.js';
import type { BucketOptions } from './rate-limit.js';

/** The platform locks an account at its 5th wrong code in a row; we let at most 4 through per address. */
export const STRIKES_BEFORE_LOCK = 4;

/** Settings of a 2FA guard (`TwoFactorGuard` in memory, or the Redis one). */
export interface TwoFactorGuardOptions {
  /** Strikes per account across all addresses, per `intervalMs` (`tokens` of them); `undefined`: no cap. */
  perAccount: BucketOptions | undefined;
  /** Strikes per address and account, per `intervalMs`; `undefined`: only the lock cap applies. */
  perIpAndAccount: BucketOptions | undefined;
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

const SWEEP_PAUSE_MS = 1000;

/** Per-address and per-account 2FA strikes (see the module comment). */
export class TwoFactorGuard {
  private readonly pairs = new Map<string, PairRecord>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly pairKeep: number;
  private readonly accountKeep: number;
  private nextSweepAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: TwoFactorGuardOptions) {
    for (const limit of [options.perAccount, options.perIpAndAccount])
      if (limit !== undefined && !(limit.tokens >= 1 && limit.intervalMs > 0))
        throw new TypeError('rateLimit: tokens must be at least 1 and intervalMs positive.');
    if (!(options.maxKeys >= 1)) throw new TypeError('rateLimit: maxKeys must be at least 1.');
    this.pairKeep = Math.max(STRIKES_BEFORE_LOCK, options.perIpAndAccount?.tokens ?? 0);
    this.accountKeep = Math.max(STRIKES_BEFORE_LOCK, options.perAccount?.tokens ?? 0);
  }

  /** Records held (both tables), for tests and monitoring. */
  get size(): number {
    return this.pairs.size + this.accounts.size;
  }

  /** Takes a strike for a code from `ipKey` on `account`, or throws a 429 `RATE_LIMITED` (scope `twoFactor`). */
  begin(ipKey: string, account: string): TwoFactorTicket {
    const now = this.options.now();
    const pairKey = `${ipKey}\n${account}`;
    const acc = this.accounts.get(account);
    const pair = this.pairs.get(pairKey);
    const since = this.countsSince(acc, now);
    const pairTimes = pair?.times ?? [];
    const accTimes = acc?.times ?? [];

    const pairSince = countAfter(pairTimes, since);
    if (pairSince >= STRIKES_BEFORE_LOCK)
      throw refuse(oldestAfter(pairTimes, since) + this.options.memoryMs - now);
    this.checkWindow(pairTimes, this.options.perIpAndAccount, now);
    // One wrong code from the lock: only an address that has not failed since the last login may try.
    const accSince = countAfter(accTimes, since);
    if (accSince >= STRIKES_BEFORE_LOCK && pairSince > 0)
      throw refuse(oldestAfter(pairTimes, since) + this.options.memoryMs - now);
    this.checkWindow(accTimes, this.options.perAccount, now);

    // Looked up again: making room for one table may have dropped an idle record of the other.
    const pairRecord =
      this.pairs.get(pairKey) ?? this.create(this.pairs, pairKey, { account, times: [] }, now);
    const accRecord =
      this.accounts.get(account) ?? this.create(this.accounts, account, { times: [], lastSuccessAt: 0 }, now);
    push(pairRecord.times, now, this.pairKeep);
    push(accRecord.times, now, this.accountKeep);
    return { pairKey, account, at: now };
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
  }

  /** Strikes after this time count towards the lock cap: since the last login, within `memoryMs`. */
  private countsSince(acc: AccountRecord | undefined, now: number): number {
    return Math.max(acc?.lastSuccessAt ?? 0, now - this.options.memoryMs);
  }

  private checkWindow(times: readonly number[], limit: BucketOptions | undefined, now: number): void {
    if (limit === undefined) return;
    const start = now - limit.intervalMs;
    if (countAfter(times, start) >= limit.tokens)
      throw refuse(times[times.length - limit.tokens]! + limit.intervalMs - now);
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

  private create<T>(table: Map<string, T>, key: string, record: T, now: number): T {
    if (table.size >= this.options.maxKeys) this.sweep(now);
    if (table.size >= this.options.maxKeys)
      throw new Refusal(
        'RATE_LIMITED',
        'Too many 2FA attempts are being tracked; retry later or sign in with PLYR[CONNECT].',
        { 'retry-after': '60' },
        60_000,
        'twoFactor',
      );
    table.set(key, record);
    return record;
  }

  /** Drops idle records; a sweep that frees too little pauses sweeping so a full table costs O(1) per request. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    for (const [key, acc] of this.accounts)
      if (this.idle(acc.times, this.countsSince(acc, now), now, this.options.perAccount))
        this.accounts.delete(key);
    for (const [key, pair] of this.pairs) {
      const since = this.countsSince(this.accounts.get(pair.account), now);
      if (this.idle(pair.times, since, now, this.options.perIpAndAccount)) this.pairs.delete(key);
    }
    const roomy = Math.floor(this.options.maxKeys * 0.9);
    this.nextSweepAt = this.pairs.size > roomy || this.accounts.size > roomy ? now + SWEEP_PAUSE_MS : now;
  }
}

function refuse(retryAfterMs: number): Refusal {
  return rateLimited(retryAfterMs, '2FA codes for this PLYR[ID]', 'twoFactor');
}

function countAfter(times: readonly number[], start: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > start; i--) n++;
  return n;
}

function oldestAfter(times: readonly number[], start: number): number {
  return times[times.length - countAfter(times, start)]!;
}

function push(times: number[], at: number, keep: number): void {
  times.push(at);
  if (times.length > keep) times.splice(0, times.length - keep);
}

function remove(times: number[], at: number): void {
  const i = times.lastIndexOf(at);
  if (i !== -1) times.splice(i, 1);
}
