/**
 * Refusals of the server handlers (the signing endpoint and the MG+ relay). Every refusal is JSON
 * `{ error, code }`: the string `code` field is how the browser client tells a refusal of ours from a relayed
 * platform answer (platform bodies never carry `code`).
 */

/** Machine-readable refusal codes of the server handlers, with their HTTP status. */
export type RefusalCode =
  | 'INVALID_REQUEST'
  | 'INVALID_JSON'
  | 'INVALID_BODY'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CLIENT_IP_UNSUPPORTED'
  | 'PATH_NOT_ALLOWED'
  | 'ORIGIN_NOT_ALLOWED'
  | 'METHOD_NOT_ALLOWED'
  | 'BODY_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNREACHABLE'
  | 'UPSTREAM_REQUEST_ID_MISMATCH'
  | 'UPSTREAM_TIMEOUT'
  | 'STATE_UNAVAILABLE'
  | 'BODY_ALREADY_READ'
  | 'INTERNAL';

/** The HTTP status of each refusal code. */
export const REFUSAL_STATUS: Readonly<Record<RefusalCode, number>> = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  INVALID_BODY: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  CLIENT_IP_UNSUPPORTED: 400,
  PATH_NOT_ALLOWED: 403,
  ORIGIN_NOT_ALLOWED: 403,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_REQUEST_ID_MISMATCH: 502,
  UPSTREAM_TIMEOUT: 504,
  /** The shared state (Redis) did not answer: 2FA routes always, other routes as configured. */
  STATE_UNAVAILABLE: 503,
  /**
   * The server's mount is wrong: a framework read the request body before `toNodeListener` and kept nothing it could
   * use (Fastify's route handlers). Answered at once instead of waiting for a body that never comes.
   */
  BODY_ALREADY_READ: 500,
  INTERNAL: 500,
};

/**
 * Which limit refused a `RATE_LIMITED` request: every request per address (`ip`), 2FA codes for one account
 * (`twoFactor`: offer PLYR[CONNECT], which needs no code), guest registrations per address (`guestRegister`), MG+
 * launches per address (`authenticate`).
 */
export type RateLimitScope = 'ip' | 'twoFactor' | 'guestRegister' | 'authenticate';

/** The JSON body of a refusal. */
export interface RefusalBody {
  /** Human-readable reason (never contains a secret or a session token). */
  error: string;
  /** Stable machine-readable code. */
  code: RefusalCode;
  /** Only on `RATE_LIMITED`: how long to wait before the next attempt. */
  retryAfterMs?: number;
  /** Only on `RATE_LIMITED`: which limit refused. */
  scope?: RateLimitScope;
}

/** A refusal on its way out of a handler's pipeline (thrown by a step, turned into an answer at the top). */
export class Refusal extends Error {
  readonly status: number;
  constructor(
    readonly code: RefusalCode,
    message: string,
    /** Extra response headers, e.g. `Allow` or `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
    readonly retryAfterMs?: number,
    readonly scope?: RateLimitScope,
  ) {
    super(message);
    this.name = 'Refusal';
    this.status = REFUSAL_STATUS[code];
  }

  /** The JSON body text of this refusal. */
  bodyText(): string {
    const body: RefusalBody = { error: this.message, code: this.code };
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    if (this.scope !== undefined) body.scope = this.scope;
    return JSON.stringify(body);
  }
}

/**
 * `refusal` with the error behind it as its `cause`: kept on the server for the handler's `onError` hook, never put
 * in the answer.
 */
export function withCause(refusal: Refusal, cause: unknown): Refusal {
  if (cause !== undefined) refusal.cause = cause;
  return refusal;
}

/** A 429 refusal that says how long to wait (`Retry-After` in whole seconds, `retryAfterMs` exact). */
export function rateLimited(retryAfterMs: number, what: string, scope: RateLimitScope): Refusal {
  const ms = Math.max(1, Math.ceil(retryAfterMs));
  return new Refusal(
    'RATE_LIMITED',
    `Too many requests (${what}); retry later.`,
    { 'retry-after': String(Math.ceil(ms / 1000)) },
    ms,
    scope,
  );
}
