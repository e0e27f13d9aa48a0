/** Bounded exponential backoff for idempotent MG+ calls (same body, same `transactionId`, new request id). */
import { isMgPlusError, type MgPlusError } from './errors.js';

/** Retry policy of the MG+ client. */
export interface MgPlusRetryOptions {
  /** Attempts per call, the first included. Default 5. `1` disables retries. */
  attempts?: number;
  /** Delay before the first retry in ms. Default 200. */
  baseDelayMs?: number;
  /** Largest delay between attempts in ms. Default 5000. */
  maxDelayMs?: number;
  /** Growth of the delay per attempt. Default 2. */
  factor?: number;
  /** Random delays between 50 % and 100 % of the computed one, so many rounds do not retry in step. Default true. */
  jitter?: boolean;
  /**
   * Whether `SESSION_EXPIRED` ("player offline, cannot be attempted now") is retried. The guide lists it as
   * retryable without saying for which call. Default: not for a debit (a new bet for an offline player should
   * stop, and the round is then rolled back) and not for balance; yes for credits and rollbacks, which settle
   * money the player is owed.
   */
  sessionExpired?: { debit?: boolean; settle?: boolean };
}

/** The policy with defaults filled in. */
export type RetryPolicy = Required<Omit<MgPlusRetryOptions, 'sessionExpired'>> & {
  sessionExpired: { debit: boolean; settle: boolean };
};

/** Fills the defaults and checks the numbers. */
export function retryPolicy(options: MgPlusRetryOptions = {}): RetryPolicy {
  const policy: RetryPolicy = {
    attempts: options.attempts ?? 5,
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 5000,
    factor: options.factor ?? 2,
    jitter: options.jitter ?? true,
    sessionExpired: { debit: false, settle: true, ...options.sessionExpired },
  };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1)
    throw new TypeError('createMgPlusClient: `retry.attempts` must be a positive integer.');
  for (const name of ['baseDelayMs', 'maxDelayMs', 'factor'] as const)
    if (!Number.isFinite(policy[name]) || policy[name] < 0)
      throw new TypeError(`createMgPlusClient: \`retry.${name}\` must be a non-negative number.`);
  return policy;
}

/** The delay before retry number `retry` (1-based). */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (retry - 1));
  return policy.jitter ? full * (0.5 + Math.random() * 0.5) : full;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with an error `mayRetry` refuses, or the attempts are used up; the last
 * error is thrown. Errors that are not {@link MgPlusError}s are never retried.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  mayRetry: (error: MgPlusError) => boolean,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.attempts || !isMgPlusError(error) || !mayRetry(error)) throw error;
      await sleep(backoffMs(policy, n));
    }
  }
}
