/**
 * Redirect mode: reads the hand-off at `/api/auth/read/:uid` until it is there or the deadline passes. The docs
 * ask for a read every 2–5 s; the first read is immediate (the hosted page stores the answer before it sends
 * the player back).
 */
import { isObject } from '../answers.js';
import { PlyrError } from '../errors.js';

/** Options of {@link pollHandOff}. */
export interface PollOptions {
  /** One read: resolves to the platform's `{ data }` answer, rejects with a PlyrError. */
  read(): Promise<Record<string, unknown>>;
  /** The clock (ms). */
  now(): number;
  /** Waits `ms` (injectable so tests run without real waits). */
  sleep(ms: number): Promise<void>;
  /** When to give up (ms, same clock). */
  deadline: number;
  /** Time between reads; clamped to 2–5 s. Default 2 500. */
  intervalMs?: number;
  /** Ends the polling with `CONNECT_CLOSED`. */
  signal?: AbortSignal;
}

/** Codes worth another read: the hand-off may not be there yet, or the network hiccuped. */
const TRANSIENT = new Set(['NETWORK', 'TIMEOUT', 'SERVER', 'RATE_LIMITED', 'SIGNER_UNREACHABLE']);

const timeout = () => new PlyrError('CONNECT_TIMEOUT', 'PLYR[CONNECT]: no answer in time');

/** The hand-off's `data` (the login response). */
export async function pollHandOff(options: PollOptions): Promise<Record<string, unknown>> {
  const interval = Math.min(5000, Math.max(2000, options.intervalMs ?? 2500));
  const start = options.now();
  // Bounded whatever the clock does (a test clock may stand still).
  const maxReads = Math.max(1, Math.ceil((options.deadline - start) / interval) + 1);
  for (let reads = 0; reads < maxReads; reads++) {
    if (options.signal?.aborted) throw new PlyrError('CONNECT_CLOSED', 'PLYR[CONNECT]: cancelled');
    let wait = interval;
    try {
      const answer = await options.read();
      if (isObject(answer.data)) return answer.data;
    } catch (error) {
      if (!(error instanceof PlyrError)) throw error;
      const cause = error.cause as { error?: unknown } | undefined;
      // 404 `Auth not found`: not stored yet. 404 `Auth expired`: older than the platform's 10 minutes.
      if (error.status === 404 && cause?.error === 'Auth expired') throw timeout();
      if (error.status !== 404 && !TRANSIENT.has(error.code)) throw error;
      if (error.retryAfterMs) wait = Math.max(wait, error.retryAfterMs);
    }
    if (options.now() + wait > options.deadline) break;
    await options.sleep(wait);
  }
  throw timeout();
}
