/**
 * The money calls of a round, bounded by the round's deadline. A debit is tried `retry.attempts` times (an unknown
 * debit is then rolled back); a credit or rollback settles money already moved, so it is tried again and again
 * until the deadline, each attempt allowed twice as long as the one before (a slow wallet is not a dead one), and
 * no attempt outlives the deadline. Journal writes before a call are retried the same way.
 */
import { isMgPlusError, MgPlusError } from './errors.js';
import type { MgPlusJournal, MgPlusRoundRecord } from './journal.js';
import { backoffMs, type RetryPolicy } from './retry.js';
import type {
  MgPlusBalanceResult,
  MgPlusRollbackRequest,
  MgPlusSession,
  MgPlusTransactionRequest,
} from './types.js';

/** One attempt of a call, with its own timeout. */
export interface RoundAttempts {
  transaction(
    session: MgPlusSession,
    request: MgPlusTransactionRequest,
    timeoutMs: number,
  ): Promise<MgPlusBalanceResult>;
  rollback(
    session: MgPlusSession,
    request: MgPlusRollbackRequest,
    timeoutMs: number,
  ): Promise<MgPlusBalanceResult>;
}

/** What the calls need of the client. */
export interface CallContext {
  attempts: RoundAttempts;
  policy: RetryPolicy;
  /** The client's `timeoutMs`: the first attempt's timeout. */
  timeoutMs: number;
  journal: MgPlusJournal;
  now(): number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown when the deadline leaves no time for an attempt. */
function outOfTime(operation: 'transaction' | 'rollback'): MgPlusError {
  return new MgPlusError('TIMEOUT', `MG+ ${operation}: the round's deadline passed before an answer.`, {
    status: 504,
    operation,
  });
}

/**
 * Runs `attempt` until it succeeds, fails with an error `mayRetry` refuses, `maxAttempts` is used up, or the
 * deadline leaves no time for another attempt; the last error is thrown.
 */
export async function callUntil<T>(
  ctx: CallContext,
  deadline: number,
  operation: 'transaction' | 'rollback',
  attempt: (timeoutMs: number) => Promise<T>,
  how: { maxAttempts?: number; escalate: boolean; mayRetry: (error: MgPlusError) => boolean },
): Promise<T> {
  let last: unknown = outOfTime(operation);
  for (let n = 1; ; n++) {
    const remaining = deadline - ctx.now();
    if (remaining <= 0) throw last;
    const timeout = how.escalate ? ctx.timeoutMs * 2 ** Math.min(n - 1, 16) : ctx.timeoutMs;
    try {
      return await attempt(Math.min(timeout, remaining));
    } catch (error) {
      last = error;
      if (!isMgPlusError(error) || !how.mayRetry(error)) throw error;
      if (how.maxAttempts !== undefined && n >= how.maxAttempts) throw error;
      const delay = backoffMs(ctx.policy, n);
      if (ctx.now() + delay >= deadline) throw error;
      await sleep(delay);
    }
  }
}

/** Whether a retryable outcome may be tried again: `SESSION_EXPIRED` only where the policy says so. */
export function retryableFor(policy: RetryPolicy, kind: 'debit' | 'settle') {
  const sessionExpired = kind === 'debit' ? policy.sessionExpired.debit : policy.sessionExpired.settle;
  return (error: MgPlusError) => error.retryable && (error.code !== 'SESSION_EXPIRED' || sessionExpired);
}

/**
 * Writes the record, retrying until the deadline: a step is in the journal before its call is sent. Throws the
 * journal's last error when it stays unavailable.
 */
export async function writeUntil(
  ctx: CallContext,
  record: MgPlusRoundRecord,
  deadline: number,
): Promise<void> {
  for (let n = 1; ; n++) {
    record.updatedAt = ctx.now();
    try {
      await ctx.journal.save(record);
      return;
    } catch (error) {
      const delay = backoffMs(ctx.policy, n);
      if (ctx.now() + delay >= deadline) throw error;
      await sleep(delay);
    }
  }
}
