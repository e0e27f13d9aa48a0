/**
 * The codes a call to MG+ can end with: the guide's own codes, from the table the browser uses too
 * (`src/realplay/mgplus-error-codes.ts`, so both sides agree on what is retryable), and plyr-kit's names for what
 * happens before an MG+ answer can be read. Pure data: no Node or DOM imports.
 */
import {
  MGPLUS_ERRORS,
  type MgPlusErrorCode as MgPlusApiErrorCode,
} from '../../realplay/mgplus-error-codes.js';

export type { MgPlusApiErrorCode };

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

/** Refusals of the client itself, before anything is sent (amounts checked by `playRound`). */
export type MgPlusClientErrorCode = 'AMOUNT_INVALID' | 'CURRENCY_UNKNOWN' | 'PAYOUT_OVER_CAP';

/** Every known code. A newer MG+ may send others: code fields are typed `MgPlusErrorCode | (string & {})`. */
export type MgPlusErrorCode = MgPlusApiErrorCode | MgPlusTransportErrorCode | MgPlusClientErrorCode;

/** What plyr-kit knows about one code. */
export interface MgPlusErrorCodeInfo {
  /**
   * True when the same request (same `transactionId`) may be sent again. For money calls a retryable outcome
   * also means "the money may or may not have moved".
   */
  readonly retryable: boolean;
  /** The HTTP status MG+ normally answers with; for transport outcomes, the status a relay answers with. */
  readonly status: number;
  /** One line on what it means. */
  readonly meaning: string;
}

/** plyr-kit's transport outcomes: all retryable, since none of them says whether the money moved. */
export const MGPLUS_TRANSPORT_ERRORS: Readonly<Record<MgPlusTransportErrorCode, MgPlusErrorCodeInfo>> = {
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

/** The client's own refusals: nothing was sent, so nothing moved; sending the same amount again changes nothing. */
export const MGPLUS_CLIENT_ERRORS: Readonly<Record<MgPlusClientErrorCode, MgPlusErrorCodeInfo>> = {
  AMOUNT_INVALID: {
    retryable: false,
    status: 400,
    meaning: 'A bet or payout that is not finite, not positive, has too many decimals, or is too large.',
  },
  CURRENCY_UNKNOWN: {
    retryable: false,
    status: 400,
    meaning: "The session's currency has no known decimals: name them in `amounts.currencies`.",
  },
  PAYOUT_OVER_CAP: {
    retryable: false,
    status: 400,
    meaning: 'The payout is over the cap (`maxExposure` by default); the bet was rolled back.',
  },
};

/** The table of every known code: the guide's (shared with the browser), the transport outcomes, the client's. */
export const MGPLUS_ERROR_CODES: Readonly<Record<MgPlusErrorCode, MgPlusErrorCodeInfo>> = {
  ...MGPLUS_ERRORS,
  ...MGPLUS_TRANSPORT_ERRORS,
  ...MGPLUS_CLIENT_ERRORS,
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
