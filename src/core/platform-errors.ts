/**
 * THE one table from the platform's answers (status + message, every body shape of
 * docs/platform/plyr-api.md#error-body-shapes) to {@link PlyrErrorCode}s. Everything that turns a platform answer
 * into an error goes through {@link platformError}; nothing else in the client interprets platform messages. Only a
 * failed answer needs it: the transport loads it then (it travels in the profile chunk, see `profile.ts`).
 */
import { isObject, parseJson, retryAfter, safeText } from './answers.js';
import { PlyrError, type PlyrErrorCode } from './errors.js';

/**
 * Length of a TOTP step (docs/platform/plyr-api.md#totp-parameters): a used code is replaced by a new one at the
 * next step.
 */
const TOTP_STEP_MS = 30_000;
/** How long a lock-out lasts (docs/platform/plyr-api.md#otp-check-and-lock-out). */
const LOCK_MS = 60_000;

/** Context that refines a row: whether the JWT the request carried is past its `exp` by the local clock. */
export interface ErrorContext {
  jwtExpired?: boolean;
  /** Local clock (ms), for the wait until the next TOTP step. */
  now?: number;
}

/**
 * Platform messages and what they mean (docs/platform/plyr-api.md#hmac-check-order-and-errors,
 * #otp-check-and-lock-out, #player-auth-endpoints), whatever the status (several arrive as 500, e.g. the
 * `checkSessionJwt` errors of docs/platform/plyr-api.md#reveal-claiming-code). Messages with a variable tail
 * (`Invalid token: <t>`, `User is instant play pass, ...`) are listed by the part before their first `:` or `,`. Two
 * rows are refined in {@link platformError}: `Invalid sessionJwt` is `INVALID_JWT` when the JWT is not past `exp`;
 * waits are added for `OTP_ALREADY_USED` (until the next TOTP step) and `ACCOUNT_LOCKED` (60 s).
 */
export const PLATFORM_ERRORS: Readonly<Record<string, PlyrErrorCode>> = {
  'Request expired': 'CLOCK_SKEW',
  'Invalid API key': 'AUTH_REJECTED',
  'Invalid signature': 'AUTH_REJECTED',
  'Missing authentication headers': 'AUTH_REJECTED',
  'Insufficient permissions': 'AUTH_REJECTED',
  '2FA token already used': 'OTP_ALREADY_USED',
  'User is temporary locked': 'ACCOUNT_LOCKED',
  'Invalid 2fa token': 'INVALID_OTP',
  'User is instant play pass': 'GUEST_ACCOUNT',
  'Instant Play Pass user cannot logout': 'GUEST_ACCOUNT',
  'Only Instant Play Pass user can reveal claiming code': 'INVALID_INPUT',
  'User not found': 'USER_NOT_FOUND',
  'PLYR[ID] not found': 'USER_NOT_FOUND',
  'Primary address not found': 'USER_NOT_FOUND',
  'Invalid PLYR[ID]': 'INVALID_INPUT',
  'JWT nonce is expired': 'SESSION_REVOKED',
  'Invalid sessionJwt': 'SESSION_EXPIRED',
  'JWT and API key mismatch': 'INVALID_JWT',
  'Invalid gameId': 'INVALID_JWT',
  'sessionJwt is empty': 'NOT_SIGNED_IN',
  'Claiming code not found': 'CLAIMING_CODE_NOT_FOUND',
  'Token is required': 'INVALID_APPROVAL',
  'Invalid token': 'INVALID_APPROVAL',
  'Approve amount was incorrect.': 'INVALID_APPROVAL',
  'Game ID is required': 'INVALID_APPROVAL',
  'Invalid game ID': 'INVALID_APPROVAL',
  'Input params was incorrect.': 'INVALID_APPROVAL',
};

/** The table's code for exactly this message (own keys only: a message may be `constructor`). */
const lookup = (message: string): PlyrErrorCode | undefined =>
  Object.hasOwn(PLATFORM_ERRORS, message) ? PLATFORM_ERRORS[message] : undefined;

/**
 * The human message of an answer: `json.error ?? json.message ?? text`
 * (docs/platform/plyr-api.md#error-body-shapes).
 */
export function answerMessage(text: string, json: unknown): string {
  const value = isObject(json) ? (json.error ?? json.message) : undefined;
  return typeof value === 'string' ? value : text;
}

/**
 * The {@link PlyrError} for a platform answer that was not a success.
 * @param status - HTTP status.
 * @param text - the body as text (JSON `{error}`, `{message}`, `{error, stack}` or plain text).
 * @param retryAfterHeader - the `Retry-After` header, if any (seconds).
 */
export function platformError(
  status: number,
  text: string,
  context: ErrorContext = {},
  retryAfterHeader?: string | null,
): PlyrError {
  const json = parseJson(text);
  const message = answerMessage(text, json).trim();
  let code: PlyrErrorCode =
    lookup(message) ??
    lookup(message.split(/[:,]/)[0] as string) ??
    // 5xx, Koa's plain-text 400/404/405/413, and anything the table does not know: the platform misbehaved.
    (status === 429 ? 'RATE_LIMITED' : 'SERVER');
  if (code === 'SESSION_EXPIRED' && context.jwtExpired === false) code = 'INVALID_JWT';
  const retryAfterMs =
    code === 'OTP_ALREADY_USED'
      ? TOTP_STEP_MS - ((context.now ?? Date.now()) % TOTP_STEP_MS)
      : code === 'ACCOUNT_LOCKED'
        ? LOCK_MS
        : code === 'RATE_LIMITED'
          ? retryAfter(retryAfterHeader)
          : undefined;
  const options: { status: number; cause: unknown; retryAfterMs?: number } = { status, cause: json ?? text };
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new PlyrError(code, `PLYR: ${safeText(message) || `HTTP ${status}`} (HTTP ${status})`, options);
}
