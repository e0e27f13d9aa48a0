/**
 * Every failure plyr-kit reports is a {@link PlyrError} with a stable {@link PlyrErrorCode}. Games switch on
 * `code`; `message` is for people and never contains a session token.
 */
export type PlyrErrorCode =
  /** Bad arguments; nothing was sent. */
  | 'INVALID_INPUT'
  /** The 2FA code was wrong. Five wrong codes in a row lock the account for 60 s. */
  | 'INVALID_OTP'
  /** This 2FA code was already used (any attempt uses it up); wait for the next code. */
  | 'OTP_ALREADY_USED'
  /** Too many wrong codes: the account is locked for about a minute (`retryAfterMs`). */
  | 'ACCOUNT_LOCKED'
  /** The account is an Instant PlayPass (guest) account; it cannot use a 2FA code or log out. */
  | 'GUEST_ACCOUNT'
  /** No such PLYR[ID] (or address). */
  | 'USER_NOT_FOUND'
  /** The call needs a session and there is none. */
  | 'NOT_SIGNED_IN'
  /** The session's JWT is past its expiry. */
  | 'SESSION_EXPIRED'
  /** The session was ended elsewhere (a newer login of the same player, or a logout). */
  | 'SESSION_REVOKED'
  /** The guest account was claimed by its player and replaced by a full PLYR[ID] account. */
  | 'ACCOUNT_CLAIMED'
  /** The claiming code does not exist (mistyped, replaced by a newer one, or already used). */
  | 'CLAIMING_CODE_NOT_FOUND'
  /** The token list or an amount of a login-and-approve was refused. */
  | 'INVALID_APPROVAL'
  /** The game's signing endpoint could not be reached. */
  | 'SIGNER_UNREACHABLE'
  /** The game's signing endpoint refused to sign (path not allowed, bad body, origin, ...). */
  | 'SIGNER_REJECTED'
  /** Too many requests; try again after `retryAfterMs`. */
  | 'RATE_LIMITED'
  /** The platform refused the request's credentials (API key, signature, permissions). */
  | 'AUTH_REJECTED'
  /** The signing server's clock is more than 5 minutes off the platform's. */
  | 'CLOCK_SKEW'
  /**
   * The platform signed the player in to another game than the client's `gameId`: the signing endpoint holds
   * another game's keys (or another `gameId`). Nothing is kept; give both the same game.
   */
  | 'GAME_MISMATCH'
  /** The session JWT failed local verification (signature, format, or game). */
  | 'INVALID_JWT'
  /** The network failed before an answer arrived. */
  | 'NETWORK'
  /** No answer within the configured timeout. */
  | 'TIMEOUT'
  /** The platform failed (5xx or an unexpected answer). */
  | 'SERVER'
  /** IndexedDB is unavailable or failed; the session is kept in memory for this page only. */
  | 'STORAGE'
  /** Real play (MG+): the page URL has no launch token (the game was not opened from an MG+ launch). */
  | 'LAUNCH_TOKEN_MISSING'
  /** Real play (MG+): the launch token is not a well-formed JWT (or too long); nothing was sent. */
  | 'LAUNCH_TOKEN_INVALID'
  /** Real play (MG+): the launch token's `exp` has passed; the player must relaunch the game from the casino. */
  | 'LAUNCH_TOKEN_EXPIRED'
  /**
   * Real play (MG+): MG+ refused the player (`PLAYER_UNAUTHORIZED`: expired or unknown launch token, locked
   * account, geo-block, ...). The MG+ error body is the error's `cause`.
   */
  | 'PLAYER_UNAUTHORIZED'
  /** Real play (MG+): MG+ does not accept calls from the studio server's IP address (`REGION_BLOCKED`). */
  | 'REGION_BLOCKED'
  /** PLYR[CONNECT]: the browser blocked the popup (call `connect` from a click, or use `mode: 'redirect'`). */
  | 'CONNECT_BLOCKED'
  /** PLYR[CONNECT]: the player closed the popup or iframe, or the game called `cancelConnect()`. */
  | 'CONNECT_CLOSED'
  /** PLYR[CONNECT]: no answer before the attempt's deadline (`timeoutMs`), or the hand-off expired (10 min). */
  | 'CONNECT_TIMEOUT'
  /** PLYR[CONNECT]: the player declined on the hosted page. */
  | 'CONNECT_DENIED'
  /**
   * PLYR[CONNECT]: an answer failed validation: a `plyrconnect` message from another origin, another action, or
   * unreadable `callbackData`. The attempt ends; a message that merely belongs to an older attempt is ignored.
   */
  | 'CONNECT_REJECTED';

/** Options of a {@link PlyrError}. */
export interface PlyrErrorOptions {
  /** HTTP status of the answer that caused it, when there was one. */
  status?: number;
  /** How long to wait before trying again, when waiting helps. */
  retryAfterMs?: number;
  /** The underlying error or the platform's answer body. */
  cause?: unknown;
}

/** The one error type of plyr-kit. */
export class PlyrError extends Error {
  override readonly name = 'PlyrError';
  /** Stable machine-readable code. */
  readonly code: PlyrErrorCode;
  /** HTTP status of the answer that caused it, when there was one. */
  readonly status?: number;
  /** How long to wait before trying again, when waiting helps. */
  readonly retryAfterMs?: number;

  constructor(code: PlyrErrorCode, message: string, options: PlyrErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** True when `value` is a {@link PlyrError} (optionally with the given code). */
export function isPlyrError(value: unknown, code?: PlyrErrorCode): value is PlyrError {
  return value instanceof PlyrError && (code === undefined || value.code === code);
}
