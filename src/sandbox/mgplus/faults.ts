/**
 * Fault injection for the sandbox MG+ wallet (`/v1/balance`, `/v1/transaction`, `/v1/rollback`), on top of the
 * generic `SandboxFault`s of `faults.ts` (which cannot tell "before" from "after the money moved"). Faults come two
 * ways, as in `faults.ts`: one-shot faults queued for the next matching calls (first match wins), and random faults
 * drawn per call with set probabilities from a seeded generator (the same seed gives the same sequence of draws).
 *
 * Kinds: `retry-required` (500 `RETRY_REQUIRED`, nothing moved), `error-before` (500 without an MG+ body, nothing
 * moved), `drop-before` (connection destroyed, nothing moved), `error-after` (the call is applied, then 500
 * `DEBIT_FAILED`/`CREDIT_FAILED`/`RETRY_REQUIRED`), `drop-after` (applied, then the connection is destroyed: the
 * answer is lost after the money moved), `slow` (the call waits `slowMs` before it is applied).
 */
import { FaultDeck, isCount, planBaseError } from '../fault-deck.js';

/** The wallet calls faults can hit. */
export type MgPlusWalletCall = 'balance' | 'transaction' | 'rollback';

/** What goes wrong. */
export type MgPlusFaultKind =
  | 'retry-required'
  | 'error-before'
  | 'drop-before'
  | 'error-after'
  | 'drop-after'
  | 'slow';

/** The kinds, for validation. */
export const MGPLUS_FAULT_KINDS: readonly MgPlusFaultKind[] = [
  'retry-required',
  'error-before',
  'drop-before',
  'error-after',
  'drop-after',
  'slow',
];

/** Random faults (replaces the previous plan). */
export interface MgPlusFaultPlan {
  /** Probability per call of each kind; together at most 1. */
  rates: Partial<Record<MgPlusFaultKind, number>>;
  /** Seed of the generator. Default 1. */
  seed?: number;
  /** Delay of `slow` in ms. Default 200. */
  slowMs?: number;
  /** Only these calls. Default: all three. */
  calls?: MgPlusWalletCall[];
}

/** A one-shot fault for the next matching call(s). */
export interface MgPlusFaultOnce {
  kind: MgPlusFaultKind;
  /** Only this call. Default: any. */
  call?: MgPlusWalletCall;
  /** Only transactions of this type. */
  transactionType?: 'debit' | 'credit';
  /** For `slow`: the delay in ms. Default: the plan's `slowMs`. */
  delayMs?: number;
  /** This many matching calls. Default 1. */
  times?: number;
}

/** A fault chosen for one call. */
export interface MgPlusFaultDraw {
  kind: MgPlusFaultKind;
  delayMs: number;
}

/** Counts of what was injected. */
export interface MgPlusFaultStats {
  /** Wallet calls seen (past the HMAC and token checks). */
  calls: number;
  /** Faults injected, per kind. */
  injected: Record<MgPlusFaultKind, number>;
}

const emptyCounts = (): Record<MgPlusFaultKind, number> =>
  Object.fromEntries(MGPLUS_FAULT_KINDS.map((k) => [k, 0])) as Record<MgPlusFaultKind, number>;

/** The faults of one MG+ emulator. */
export class MgPlusFaults extends FaultDeck<MgPlusFaultKind, MgPlusFaultPlan, MgPlusFaultOnce> {
  #stats: MgPlusFaultStats = { calls: 0, injected: emptyCounts() };

  constructor() {
    super(MGPLUS_FAULT_KINDS, { plan: planError, once: onceError });
  }

  /** What was injected so far. */
  stats(): MgPlusFaultStats {
    return { calls: this.#stats.calls, injected: { ...this.#stats.injected } };
  }

  /** The fault for this call, if any (one-shot faults first). */
  draw(call: MgPlusWalletCall, transactionType?: 'debit' | 'credit'): MgPlusFaultDraw | undefined {
    this.#stats.calls++;
    const slowMs = this.plan?.slowMs ?? 200;
    const once = this.takeOnce(
      (f) =>
        (f.call === undefined || f.call === call) &&
        (f.transactionType === undefined || f.transactionType === transactionType),
    );
    let drawn: MgPlusFaultDraw | undefined;
    if (once !== undefined) {
      drawn = { kind: once.kind, delayMs: once.delayMs ?? slowMs };
    } else if (this.plan?.calls?.includes(call) ?? true) {
      const kind = this.drawKind();
      if (kind !== undefined) drawn = { kind, delayMs: slowMs };
    }
    if (drawn !== undefined) this.#stats.injected[drawn.kind]++;
    return drawn;
  }
}

const isCall = (v: unknown) => v === 'balance' || v === 'transaction' || v === 'rollback';
const isKind = (v: unknown): v is MgPlusFaultKind => MGPLUS_FAULT_KINDS.includes(v as MgPlusFaultKind);

/** Why a plan is not valid, or undefined. */
export function planError(plan: MgPlusFaultPlan): string | undefined {
  const base = planBaseError(plan, MGPLUS_FAULT_KINDS);
  if (base !== undefined) return base;
  if (!isCount(plan.slowMs, 0)) return '`slowMs` must be a non-negative integer';
  if (plan.calls !== undefined && !(Array.isArray(plan.calls) && plan.calls.every(isCall)))
    return '`calls` must list "balance", "transaction" or "rollback"';
  return undefined;
}

/** Why a one-shot fault is not valid, or undefined. */
export function onceError(fault: MgPlusFaultOnce): string | undefined {
  if (fault === null || typeof fault !== 'object') return 'A fault must be an object';
  if (!isKind(fault.kind)) return `\`kind\` must be one of ${MGPLUS_FAULT_KINDS.join(', ')}`;
  if (fault.call !== undefined && !isCall(fault.call))
    return '`call` must be balance, transaction or rollback';
  if (
    fault.transactionType !== undefined &&
    fault.transactionType !== 'debit' &&
    fault.transactionType !== 'credit'
  )
    return '`transactionType` must be debit or credit';
  if (!isCount(fault.delayMs, 0)) return '`delayMs` must be a non-negative integer';
  if (!isCount(fault.times, 1)) return '`times` must be a positive integer';
  return undefined;
}
