/** The browser's typed error for an MG+ error answer: a `PlyrError` that also says the MG+ code and whether to retry. */
import { isPlyrError, PlyrError, type PlyrErrorOptions } from '../core/errors.js';
import { type MgPlusErrorCode, mgplusErrorInfo } from './mgplus-error-codes.js';

/**
 * MG+ refused a call (`{ "error": { "code", "message" } }`). `code` is the stable plyr-kit code (e.g.
 * `PLAYER_UNAUTHORIZED`, `AUTH_REJECTED`, `SERVER`), `mgplusCode` the code MG+ sent (a newer MG+ may send one the
 * guide does not list), `retryable` whether the same call may be sent again. The MG+ body is the `cause`.
 */
export class MgPlusError extends PlyrError {
  /** The code MG+ sent, upper-case. */
  readonly mgplusCode: MgPlusErrorCode | (string & {});
  /** True when the guide marks the code retryable (`SESSION_EXPIRED`, `DEBIT_FAILED`, `CREDIT_FAILED`, `RETRY_REQUIRED`). */
  readonly retryable: boolean;

  constructor(mgplusCode: string, message: string, options: PlyrErrorOptions = {}) {
    const upper = mgplusCode.toUpperCase();
    const info = mgplusErrorInfo(upper);
    super(info?.plyrCode ?? 'SERVER', `MG+ refused the request (${upper}): ${message}`, options);
    this.mgplusCode = upper;
    this.retryable = info?.retryable ?? false;
  }
}

/** True when `value` is an {@link MgPlusError} (by shape, so two bundled copies of plyr-kit still agree). */
export function isMgPlusError(value: unknown): value is MgPlusError {
  return (
    isPlyrError(value) &&
    typeof (value as Partial<MgPlusError>).mgplusCode === 'string' &&
    typeof (value as Partial<MgPlusError>).retryable === 'boolean'
  );
}
