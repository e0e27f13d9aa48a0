/**
 * One JSON POST to the studio's MG+ relay, with every failure turned into a `PlyrError`:
 * - the relay's own refusals (`{ error, code }`, see `plyr-kit/server`) → `SIGNER_REJECTED`, `RATE_LIMITED`, or
 *   `NETWORK` / `TIMEOUT` when the relay could not reach MG+;
 * - MG+'s errors (`{ error: { code, message } }`, passed through by the relay) → an `MgPlusError` with the code of
 *   `mgplus-error-codes.ts`, `mgplusCode`, `retryable`, and the MG+ body as `cause`;
 * - the relay unreachable → `SIGNER_UNREACHABLE`; no answer in time → `TIMEOUT`.
 */
import ky, { TimeoutError } from 'ky';
import { PlyrError, type PlyrErrorCode } from '../core/errors.js';
import { MgPlusError } from './mgplus-error.js';

/** How the relay's own refusal codes map; others are `SIGNER_REJECTED`. */
const RELAY_CODES: Readonly<Record<string, PlyrErrorCode>> = {
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_UNREACHABLE: 'NETWORK',
  UPSTREAM_TIMEOUT: 'TIMEOUT',
  UPSTREAM_REQUEST_ID_MISMATCH: 'SERVER',
  // The relay's shared state (Redis) is down for a moment: try again later.
  STATE_UNAVAILABLE: 'SIGNER_UNREACHABLE',
};

/** A relay call. */
export interface RelayPost {
  url: URL;
  body: Record<string, unknown>;
  timeoutMs: number;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
  fetch?: typeof fetch;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function retryAfterMs(response: Response, body: Record<string, unknown>): number | undefined {
  if (typeof body.retryAfterMs === 'number' && body.retryAfterMs >= 0) return body.retryAfterMs;
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The error for a non-2xx answer (or an unreadable one). */
function errorFor(response: Response, body: unknown): PlyrError {
  const status = response.status;
  if (isObject(body) && typeof body.code === 'string') {
    const code = RELAY_CODES[body.code] ?? 'SIGNER_REJECTED';
    const text = typeof body.error === 'string' ? body.error : body.code;
    const options: { status: number; cause: unknown; retryAfterMs?: number } = { status, cause: body };
    const wait =
      code === 'RATE_LIMITED' || code === 'SIGNER_UNREACHABLE' ? retryAfterMs(response, body) : undefined;
    if (wait !== undefined) options.retryAfterMs = wait;
    return new PlyrError(code, `The MG+ relay refused the request (${body.code}): ${text}`, options);
  }
  if (isObject(body) && isObject(body.error) && typeof body.error.code === 'string') {
    const message = typeof body.error.message === 'string' ? body.error.message : body.error.code;
    return new MgPlusError(body.error.code, message, { status, cause: body });
  }
  return new PlyrError('SERVER', `The MG+ relay answered HTTP ${status} without an error body.`, {
    status,
    cause: body,
  });
}

/** POST `body` as JSON and resolve to the parsed 2xx answer; rejects with a `PlyrError`. */
export async function postToRelay(call: RelayPost): Promise<unknown> {
  let response: Response;
  try {
    response = await ky.post(call.url, {
      json: call.body,
      timeout: call.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      headers: { accept: 'application/json', ...call.headers },
      credentials: call.credentials ?? 'same-origin',
      cache: 'no-store',
      ...(call.fetch ? { fetch: call.fetch } : {}),
    });
  } catch (cause) {
    if (cause instanceof TimeoutError)
      throw new PlyrError('TIMEOUT', `The MG+ relay did not answer within ${call.timeoutMs} ms.`, { cause });
    throw new PlyrError('SIGNER_UNREACHABLE', 'The MG+ relay could not be reached.', { cause });
  }
  let body: unknown;
  try {
    const text = await response.text();
    body = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    if (response.ok)
      throw new PlyrError('SERVER', 'The MG+ relay answered with a body that is not JSON.', {
        status: response.status,
        cause,
      });
    body = undefined;
  }
  if (response.ok) return body;
  throw errorFor(response, body);
}
