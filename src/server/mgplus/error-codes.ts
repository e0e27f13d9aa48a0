/**
 * The MG+ error codes and whether each may be retried, as one pure table (no Node or DOM imports) that the studio's
 * server (`MgPlusError`) and the browser (`plyr-kit` real play) share, so both sides agree on what is retryable.
 *
 * The guide's codes (page "Error Handling") come first; the transport outcomes after them are plyr-kit's own names
 * for what happens before an MG+ answer can be read.
 */

/** Error codes MG+ documents, in `{ "error": { "code", "message" } }` answers. */
export type MgPlusApiErrorCode =
  | 'INVALID_REQUEST'
  | 'PLAYER_UNAUTHORIZED'
  | 'SERVER_UNAUTHORIZED'
  | 'INSUFFICIENT_FUNDS'
  | 'REGION_BLOCKED'
  | 'SESSION_EXPIRED'
  | 'VALIDATION_FAILED'
  | 'DEBIT_FAILED'
  | 'CREDIT_FAILED'
  | 'DEBIT_ROLLED_BACK'
  | 'RETRY_REQUIRED';

/**
 * Outcomes of a call that has no MG+ error body: no answer in time, a dropped connection, a 5xx without a body,
 * an `X-Request-ID` echo that does not match, or an answer whose shape is not the documented one.
 */
export type MgPlusTransportErrorCode =
  | 'TIMEOUT'
  | 'NETWORK'
  | 'UPSTREAM_5XX'
  | 'REQUEST_ID_MISMATCH'
  | 'INVALID_RESPONSE';

/** Every known code. A newer MG+ may send others: code fields are typed `MgPlusErrorCode | (string & {})`. */
export type MgPlusErrorCode = MgPlusApiErrorCode | MgPlusTransportErrorCode;

/** What plyr-kit knows about one code. */
export interface MgPlusErrorCodeInfo {
  /**
   * True when the same request (same `transactionId`) may be sent again. For money calls a retryable outcome
   * also means "the money may or may not have moved".
   */
  readonly retryable: boolean;
  /** The HTTP status MG+ normally answers with (the guide: 400 validation, 401 authentication, 500 internal). */
  readonly status: number;
  /** One line on what it means. */
  readonly meaning: string;
}

/** The table of every known code. */
export const MGPLUS_ERROR_CODES: Readonly<Record<MgPlusErrorCode, MgPlusErrorCodeInfo>> = {
  INVALID_REQUEST: { retryable: false, status: 400, meaning: 'The request model did not validate.' },
  PLAYER_UNAUTHORIZED: {
    retryable: false,
    status: 401,
    meaning: 'The player may not play (geo-block, locked account, expired token, ...).',
  },
  SERVER_UNAUTHORIZED: { retryable: false, status: 401, meaning: 'The call was refused (usually the HMAC).' },
  INSUFFICIENT_FUNDS: {
    retryable: false,
    status: 400,
    meaning: 'Not enough funds for the debit; MG+ rolls the round back.',
  },
  REGION_BLOCKED: { retryable: false, status: 401, meaning: "The caller's IP is not allowed." },
  SESSION_EXPIRED: {
    retryable: true,
    status: 401,
    meaning: 'The player is offline; cannot be attempted now.',
  },
  VALIDATION_FAILED: {
    retryable: false,
    status: 400,
    meaning: 'A business rule failed (negative amount, credit before debit, ...).',
  },
  DEBIT_FAILED: { retryable: true, status: 500, meaning: 'The debit is in an unknown state; retry it.' },
  CREDIT_FAILED: { retryable: true, status: 500, meaning: 'The credit is in an unknown state; retry it.' },
  DEBIT_ROLLED_BACK: {
    retryable: false,
    status: 400,
    meaning: 'The debit was rolled back; the round is cancelled.',
  },
  RETRY_REQUIRED: { retryable: true, status: 500, meaning: 'Retry the same request (network or similar).' },
  TIMEOUT: { retryable: true, status: 504, meaning: 'No answer within the timeout.' },
  NETWORK: { retryable: true, status: 502, meaning: 'The connection failed or was dropped.' },
  UPSTREAM_5XX: { retryable: true, status: 502, meaning: 'MG+ answered 5xx without an MG+ error body.' },
  REQUEST_ID_MISMATCH: {
    retryable: true,
    status: 502,
    meaning: 'The answer did not echo our X-Request-ID: it is not the answer to this request.',
  },
  INVALID_RESPONSE: { retryable: true, status: 502, meaning: 'The answer is not the documented shape.' },
};

/** True when `code` is one of the known codes. */
export function isKnownMgPlusErrorCode(code: string): code is MgPlusErrorCode {
  return Object.hasOwn(MGPLUS_ERROR_CODES, code);
}

/**
 * Whether an outcome with this code may be retried. Unknown codes (a newer MG+) are retryable only when MG+
 * answered with a 5xx status: a 4xx is a refusal, and retrying a refusal changes nothing.
 */
export function isRetryableMgPlusCode(code: string, status?: number): boolean {
  if (isKnownMgPlusErrorCode(code)) return MGPLUS_ERROR_CODES[code].retryable;
  return status !== undefined && status >= 500;
}
