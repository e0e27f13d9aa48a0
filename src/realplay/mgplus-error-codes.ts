/**
 * The MG+ error codes of the guide's "Error Handling" page, as one table for the browser client and the studio's
 * server (pure data: only a type import, so `src/server` can import it). Each code says whether the same call may be
 * retried (with the same `transactionId` for money) and which `PlyrError` code the browser reports it as; the
 * browser's codes are kept stable and the exact MG+ code travels on the error as `mgplusCode`.
 */
import type { PlyrErrorCode } from '../core/errors.js';

/** The error codes MG+ documents, in the guide's order. */
export const MGPLUS_ERROR_CODES = [
  'INVALID_REQUEST',
  'PLAYER_UNAUTHORIZED',
  'SERVER_UNAUTHORIZED',
  'INSUFFICIENT_FUNDS',
  'REGION_BLOCKED',
  'SESSION_EXPIRED',
  'VALIDATION_FAILED',
  'DEBIT_FAILED',
  'CREDIT_FAILED',
  'DEBIT_ROLLED_BACK',
  'RETRY_REQUIRED',
] as const;

/** An error code MG+ documents. */
export type MgPlusErrorCode = (typeof MGPLUS_ERROR_CODES)[number];

/** What plyr-kit knows about one MG+ error code. */
export interface MgPlusErrorInfo {
  /** True when the same call may be sent again (money calls: with the same `transactionId`). */
  readonly retryable: boolean;
  /** The HTTP status MG+ normally answers with (the guide: 400 validation, 401 authentication, 500 internal). */
  readonly status: 400 | 401 | 500;
  /** The `PlyrError` code the browser reports it as. */
  readonly plyrCode: PlyrErrorCode;
  /** The guide's meaning, for messages and docs. */
  readonly meaning: string;
}

/** Every documented MG+ error code. */
export const MGPLUS_ERRORS: Readonly<Record<MgPlusErrorCode, MgPlusErrorInfo>> = {
  INVALID_REQUEST: {
    retryable: false,
    status: 400,
    plyrCode: 'INVALID_INPUT',
    meaning: 'request model validation error',
  },
  PLAYER_UNAUTHORIZED: {
    retryable: false,
    status: 401,
    plyrCode: 'PLAYER_UNAUTHORIZED',
    meaning: 'player not allowed (geo-block, locked account, expired or unknown token)',
  },
  SERVER_UNAUTHORIZED: {
    retryable: false,
    status: 401,
    plyrCode: 'AUTH_REJECTED',
    meaning: 'call not allowed, normally a failed HMAC check',
  },
  // plyr-kit has no funds code yet: `SERVER`, with `mgplusCode` saying which.
  INSUFFICIENT_FUNDS: {
    retryable: false,
    status: 400,
    plyrCode: 'SERVER',
    meaning: 'not enough funds for the debit',
  },
  REGION_BLOCKED: {
    retryable: false,
    status: 401,
    plyrCode: 'REGION_BLOCKED',
    meaning: 'caller IP not allowed',
  },
  SESSION_EXPIRED: {
    retryable: true,
    status: 401,
    plyrCode: 'SESSION_EXPIRED',
    meaning: 'player offline: the call cannot be attempted now',
  },
  VALIDATION_FAILED: {
    retryable: false,
    status: 400,
    plyrCode: 'INVALID_INPUT',
    meaning: 'e.g. a negative amount, or a credit before the debit',
  },
  DEBIT_FAILED: {
    retryable: true,
    status: 500,
    plyrCode: 'SERVER',
    meaning: 'debit in an unknown state: retry',
  },
  CREDIT_FAILED: {
    retryable: true,
    status: 500,
    plyrCode: 'SERVER',
    meaning: 'credit in an unknown state: retry',
  },
  DEBIT_ROLLED_BACK: {
    retryable: false,
    status: 400,
    plyrCode: 'SERVER',
    meaning: 'debit rolled back, round cancelled',
  },
  RETRY_REQUIRED: {
    retryable: true,
    status: 500,
    plyrCode: 'SERVER',
    meaning: 'safe idempotent retry (network, etc.)',
  },
};

/** The table entry of `code` (matched case-insensitively); `undefined` for a code the guide does not document. */
export function mgplusErrorInfo(code: string): MgPlusErrorInfo | undefined {
  const upper = code.toUpperCase();
  return Object.hasOwn(MGPLUS_ERRORS, upper) ? MGPLUS_ERRORS[upper as MgPlusErrorCode] : undefined;
}
