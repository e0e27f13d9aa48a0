/**
 * The one error type of the game-economy client, and how the platform's answers map onto it
 * (docs/platform/plyr-game.md#errors). Every refusal the platform documents has a stable code; `outcome` says
 * whether money can have moved: `refused` (the platform refused before it queued anything, or the chain reverted:
 * nothing moved) or `unknown` (no answer, a 5xx, a timeout: it may have; the client reconciles before it sends
 * anything again).
 */

const BRAND = Symbol.for('plyr-kit.PlyrGameError');

/** Codes of the platform's documented refusals, of outcomes not known, and of the client's own refusals. */
export type PlyrGameErrorCode =
  /** 401: missing headers, unknown API key, bad signature, expired timestamp. */
  | 'AUTH_FAILED'
  /** 403: the API key's role may not call this. */
  | 'FORBIDDEN'
  /** 401 `Invalid sessionJwts`: see `invalidPlyrIds`. */
  | 'SESSION_INVALID'
  /** 401: `Token is required` / `Invalid token: …`. */
  | 'TOKEN_INVALID'
  /** 401 `User not approved`: the player has no allowance for this game and token. */
  | 'ALLOWANCE_MISSING'
  /** 401 `Insufficient allowance` (or the client's own check before sending). */
  | 'ALLOWANCE_TOO_LOW'
  /** An amount that is not a positive decimal string with at most the token's decimals (client or platform). */
  | 'AMOUNT_INVALID'
  /** 401 `Player is not joined`. */
  | 'NOT_JOINED'
  /** 400/401: missing or mismatched fields (`Tokens and amounts must be the same length`, …). */
  | 'INPUT_INVALID'
  /** 404 `User not found`. */
  | 'USER_NOT_FOUND'
  /** 401 `Invalid 2fa token`. */
  | 'OTP_INVALID'
  /** 401 `2FA token already used`. */
  | 'OTP_ALREADY_USED'
  /** 403: locked after wrong codes, or an Instant PlayPass account (no 2FA). */
  | 'ACCOUNT_LOCKED'
  /** 401 `Game ID is required` / `Invalid game ID`. */
  | 'GAME_ID_INVALID'
  /** 404 `chip not found`, 400 `chips do not belong to this game`. */
  | 'CHIP_INVALID'
  /** 503 `Token list not available yet`. */
  | 'TOKEN_LIST_UNAVAILABLE'
  /** The task's transaction reverted (`Transaction Receipt Failed`) and no earlier attempt of it was mined. */
  | 'TASK_REVERTED'
  /** The task ended FAILED for another reason, and reconciliation found it moved nothing. */
  | 'TASK_FAILED'
  /** No answer within the timeout. Outcome unknown. */
  | 'TIMEOUT'
  /** The connection failed or was dropped. Outcome unknown. */
  | 'NETWORK'
  /** A 5xx answer (the platform's handler crashed, or chips answered 500 for FAILED/TIMEOUT). Outcome unknown. */
  | 'UPSTREAM_5XX'
  /** The platform's sync wait ended: `504 TIMEOUT` ("still maybe success"). Outcome unknown. */
  | 'TASK_TIMEOUT'
  /** An answer that is not the documented shape. Outcome unknown. */
  | 'INVALID_RESPONSE'
  /** Reconciliation could not decide whether the money moved: a person must look (see the intent record). */
  | 'OUTCOME_UNKNOWN'
  /** Payouts would take more out of a room than was paid in. */
  | 'POT_EXCEEDED'
  /** The room could not be ended (it still holds tokens, or its end failed). */
  | 'ROOM_NOT_ENDED'
  /** A move of this player is still being settled; nothing was sent (try again once it settles). */
  | 'PLAYER_BUSY'
  /** The checks before sending (allowance, baseline balances) could not be read: nothing was sent. */
  | 'NOT_SENT'
  /** Any other refusal the platform sent (its message is in `platformMessage`). */
  | 'REFUSED';

/** Fields of a {@link PlyrGameError}. */
export interface PlyrGameErrorInit {
  /** `refused`: nothing moved; `unknown`: money may have moved. */
  outcome: 'refused' | 'unknown';
  /** HTTP status of the platform's answer, when there was one. */
  status?: number;
  /** The platform's own `error` text (or texts). */
  platformMessage?: string;
  /** PLYR[ID]s and reasons of a `SESSION_INVALID`. */
  invalidPlyrIds?: Record<string, string>;
  /** The intent this error is about (money calls). */
  intentId?: string;
  /** The platform task this error is about. */
  taskId?: string;
  cause?: unknown;
}

/** An error of the game-economy client. Messages never contain a secret or a session JWT. */
export class PlyrGameError extends Error {
  /** Stable code; a newer client may add codes. */
  readonly code: PlyrGameErrorCode | (string & {});
  readonly outcome: 'refused' | 'unknown';
  readonly status: number | undefined;
  readonly platformMessage: string | undefined;
  readonly invalidPlyrIds: Record<string, string> | undefined;
  readonly intentId: string | undefined;
  readonly taskId: string | undefined;
  /** Brand read by {@link isPlyrGameError}, so the check survives two copies of the package in one bundle. */
  readonly [BRAND] = true;

  constructor(code: PlyrGameErrorCode | (string & {}), message: string, init: PlyrGameErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PlyrGameError';
    this.code = code;
    this.outcome = init.outcome;
    this.status = init.status;
    this.platformMessage = init.platformMessage;
    this.invalidPlyrIds = init.invalidPlyrIds;
    this.intentId = init.intentId;
    this.taskId = init.taskId;
  }
}

/** True for a {@link PlyrGameError} (from any copy of plyr-kit), optionally of one code. */
export function isPlyrGameError(value: unknown, code?: PlyrGameErrorCode): value is PlyrGameError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BRAND] === true &&
    (code === undefined || (value as PlyrGameError).code === code)
  );
}

/** The platform's refusal texts, in the order they are tried (the first match wins). */
const REFUSALS: ReadonlyArray<[RegExp, PlyrGameErrorCode]> = [
  [/^(Missing authentication headers|Invalid API key|Invalid signature|Request expired)$/, 'AUTH_FAILED'],
  [/^Insufficient permissions$/, 'FORBIDDEN'],
  [/^Invalid sessionJwts?$|^sessionJwts is empty$/, 'SESSION_INVALID'],
  [/^Token is required$|^Invalid token|^tokenName is required$|^Invalid tokenName$/, 'TOKEN_INVALID'],
  [/^User not approved/, 'ALLOWANCE_MISSING'],
  [/^Insufficient allowance/, 'ALLOWANCE_TOO_LOW'],
  [/^Invalid amount|^Approve amount was incorrect/, 'AMOUNT_INVALID'],
  [/^Player is not joined/, 'NOT_JOINED'],
  [/^User not found$|^user not found$/, 'USER_NOT_FOUND'],
  [/^Invalid 2fa token$/, 'OTP_INVALID'],
  [/^2FA token already used$/, 'OTP_ALREADY_USED'],
  [/^User is temporary locked$|^User is instant play pass/, 'ACCOUNT_LOCKED'],
  [/^Game ID is required$|^Invalid game ID$/, 'GAME_ID_INVALID'],
  [/^chip not found$|^chips do not belong to this game$/, 'CHIP_INVALID'],
  [/^Token list not available yet$/, 'TOKEN_LIST_UNAVAILABLE'],
  [/required|must be the same length|Input params was incorrect|^Invalid address$/, 'INPUT_INVALID'],
];

/** The code of one platform refusal text. */
export function refusalCode(message: string): PlyrGameErrorCode {
  for (const [pattern, code] of REFUSALS) if (pattern.test(message)) return code;
  return 'REFUSED';
}

/**
 * The error for a non-2xx answer of the platform. A 4xx is a refusal made before anything was queued (its
 * middlewares and handlers answer before `XADD`); a 5xx may come after (a crash in the sync wait, a chip task that
 * FAILED or timed out), so its outcome is unknown.
 */
export function answerError(status: number, body: unknown, what: string): PlyrGameError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const raw = fields.error;
  const texts = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  const platformMessage = texts.join('; ') || undefined;
  if (status >= 500) {
    return new PlyrGameError('UPSTREAM_5XX', `${what}: HTTP ${status}; the outcome is not known.`, {
      outcome: 'unknown',
      status,
      ...(platformMessage === undefined ? {} : { platformMessage }),
    });
  }
  const code = texts.length > 0 ? refusalCode(texts[0]!) : 'REFUSED';
  const init: PlyrGameErrorInit = { outcome: 'refused', status };
  if (platformMessage !== undefined) init.platformMessage = platformMessage;
  const invalid = fields.invalidPlyrIds;
  if (typeof invalid === 'object' && invalid !== null)
    init.invalidPlyrIds = invalid as Record<string, string>;
  return new PlyrGameError(code, `${what}: ${platformMessage ?? `HTTP ${status}`}`, init);
}
