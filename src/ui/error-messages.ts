/**
 * Turns a failure into the sentence a player reads. Waiting errors (reused code, lock-out, rate limit) carry the
 * time left, so the scene can count down.
 */
import type { PlyrError, PlyrErrorCode } from '../core/errors.js';
import { format, type PlyrStrings } from './strings.js';

/** One TOTP step: a new 6-digit code every 30 s (docs/platform/plyr-api.md#totp-parameters). */
const TOTP_STEP_MS = 30_000;
/**
 * The platform locks an account for 60 s after five wrong codes (docs/platform/plyr-api.md#otp-check-and-lock-out).
 */
const LOCK_MS = 60_000;

/** What to show for a failure. */
export interface ErrorMessage {
  /** The error code (or `UNKNOWN` for something that is not a PlyrError). */
  code: PlyrErrorCode | 'UNKNOWN';
  /** When waiting helps: the clock time (ms) until which the message counts down. */
  until?: number;
  /** The text at a given time (ms); for countdowns, the seconds left are filled in. */
  text(now: number): string;
}

const FIXED: Partial<Record<PlyrErrorCode, keyof PlyrStrings>> = {
  INVALID_OTP: 'errorInvalidOtp',
  GUEST_ACCOUNT: 'errorGuestAccount',
  USER_NOT_FOUND: 'errorUserNotFound',
  INVALID_INPUT: 'errorInvalidInput',
  NETWORK: 'errorNetwork',
  TIMEOUT: 'errorTimeout',
  SIGNER_UNREACHABLE: 'errorSignerUnreachable',
  SIGNER_REJECTED: 'errorSignerRejected',
  SERVER: 'errorServer',
  CLOCK_SKEW: 'errorClockSkew',
  GAME_MISMATCH: 'errorGameMismatch',
  AUTH_REJECTED: 'errorAuthRejected',
  SESSION_EXPIRED: 'errorSessionEnded',
  SESSION_REVOKED: 'errorSessionEnded',
  NOT_SIGNED_IN: 'errorSessionEnded',
  ACCOUNT_CLAIMED: 'errorAccountClaimed',
  STORAGE: 'errorStorage',
  CONNECT_BLOCKED: 'errorConnectBlocked',
  CONNECT_CLOSED: 'errorConnectClosed',
  CONNECT_TIMEOUT: 'errorConnectTimeout',
  CONNECT_DENIED: 'errorConnectDenied',
  CONNECT_REJECTED: 'errorConnectRejected',
};

/**
 * Duck-typed rather than `instanceof`: a client injected from another copy of plyr-kit (the core bundle next to
 * this one) throws its own PlyrError class.
 */
function isPlyrErrorLike(error: unknown): error is PlyrError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

const secondsLeft = (until: number, now: number): number => Math.max(0, Math.ceil((until - now) / 1000));

/**
 * The message for `error` at time `now` (ms). A reused code without `retryAfterMs` waits for the next 30 s TOTP
 * step; a lock-out without it waits the platform's 60 s. `templates` replace the text of some codes (a scene that
 * offers a way around the failure says so).
 */
export function errorMessage(
  error: unknown,
  strings: PlyrStrings,
  now: number,
  templates: Partial<Record<PlyrErrorCode, string>> = {},
): ErrorMessage {
  if (!isPlyrErrorLike(error)) {
    return { code: 'UNKNOWN', text: () => format(strings.errorUnknown, { code: 'UNKNOWN' }) };
  }
  const { code } = error;
  const countdown = (template: string, waitMs: number, done?: string): ErrorMessage => {
    const until = now + waitMs;
    return {
      code,
      until,
      text: (at) => {
        const seconds = secondsLeft(until, at);
        return seconds === 0 && done !== undefined ? done : format(template, { seconds });
      },
    };
  };
  switch (code) {
    case 'OTP_ALREADY_USED':
      return countdown(
        strings.errorOtpUsed,
        error.retryAfterMs ?? TOTP_STEP_MS - (now % TOTP_STEP_MS),
        strings.errorOtpUsedNow,
      );
    case 'ACCOUNT_LOCKED':
      return countdown(strings.errorLocked, error.retryAfterMs ?? LOCK_MS);
    case 'RATE_LIMITED':
      return countdown(templates.RATE_LIMITED ?? strings.errorRateLimited, error.retryAfterMs ?? 1000);
    default: {
      const key = FIXED[code];
      const text = key ? strings[key] : format(strings.errorUnknown, { code });
      return { code, text: () => text };
    }
  }
}
