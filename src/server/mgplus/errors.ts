/** The one error type of the MG+ server client. */
import { isRetryableMgPlusCode, type MgPlusErrorCode } from './error-codes.js';

const BRAND = Symbol.for('plyr-kit.MgPlusError');

/** The MG+ call an error came from. */
export type MgPlusOperation = 'authenticate' | 'balance' | 'transaction' | 'rollback';

/** Fields of a {@link MgPlusError}. */
export interface MgPlusErrorInit {
  /** HTTP status of MG+'s answer; for transport outcomes, the status a relay would answer with. */
  status: number;
  /** Overrides the table's flag (e.g. an unknown code with a 5xx status). */
  retryable?: boolean;
  /** The `X-Request-ID` we sent with the attempt that failed. */
  requestId?: string;
  operation?: MgPlusOperation;
  /** MG+'s own `error.message`, when MG+ answered with an error body. */
  mgplusMessage?: string;
  cause?: unknown;
}

/**
 * An MG+ refusal (`{ error: { code, message } }`) or a transport outcome (`TIMEOUT`, `NETWORK`, `UPSTREAM_5XX`,
 * `REQUEST_ID_MISMATCH`, `INVALID_RESPONSE`). `retryable` comes from `MGPLUS_ERROR_CODES`. Messages never contain a
 * player token or the shared secret.
 */
export class MgPlusError extends Error {
  /** The MG+ code, or a transport code; a newer MG+ may send codes not in the table. */
  readonly code: MgPlusErrorCode | (string & {});
  readonly status: number;
  /** True when the same request may be sent again (for money calls: the outcome is unknown). */
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly operation: MgPlusOperation | undefined;
  /** MG+'s own `error.message` (MG+ refusals only; transport outcomes have none). */
  readonly mgplusMessage: string | undefined;
  /** Brand read by {@link isMgPlusError}, so the check survives two copies of the package in one bundle. */
  readonly [BRAND] = true;

  constructor(code: MgPlusErrorCode | (string & {}), message: string, init: MgPlusErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'MgPlusError';
    this.code = code;
    this.status = init.status;
    this.retryable = init.retryable ?? isRetryableMgPlusCode(code, init.status);
    this.requestId = init.requestId;
    this.operation = init.operation;
    this.mgplusMessage = init.mgplusMessage;
  }
}

/** True for a {@link MgPlusError} (from any copy of plyr-kit). */
export function isMgPlusError(value: unknown): value is MgPlusError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
