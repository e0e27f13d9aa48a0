/**
 * The message protocol between Unity (C#) and the page: the shapes of responses and events, the checks of JSON
 * arguments, and the conversions of values and errors into messages. Pure functions, no I/O. (`init`'s
 * configuration is in `config.ts`.)
 */
import { isPlyrError, type PlyrErrorCode } from '../core/errors.js';
import type { PlyrEventName } from '../core/types.js';
import { isMgPlusError } from '../realplay/mgplus-error.js';
import type { RealPlayEventName } from '../realplay/types.js';

/**
 * Error codes that only the bridge produces (every other code is a core {@link PlyrErrorCode}):
 * `NOT_INITIALIZED` — a call before a successful `init`; `UNKNOWN_METHOD` — no such method; `INTERNAL` — an
 * unexpected failure that is not a `PlyrError` (a bug; the message says what happened).
 */
export type BridgeErrorCode = 'NOT_INITIALIZED' | 'UNKNOWN_METHOD' | 'INTERNAL';

/** Every code a Unity game can receive. */
export type UnityErrorCode = PlyrErrorCode | BridgeErrorCode;

/** An error as sent to Unity. */
export interface BridgeError {
  code: UnityErrorCode;
  /** For people; never contains a session token. */
  message: string;
  /** How long to wait before trying again, or `null` when waiting does not help. */
  retryAfterMs: number | null;
  /** Real play: the code MG+ sent, when MG+ refused the call (e.g. `PLAYER_UNAUTHORIZED`). */
  mgplusCode?: string;
  /** Real play: whether MG+ marks `mgplusCode` retryable (only with `mgplusCode`). */
  retryable?: boolean;
}

/** The answer to one `call`, sent to `OnPlyrResponse`. */
export type BridgeResponse =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: BridgeError };

/** A core or real-play event, sent to `OnPlyrEvent`. */
export interface BridgeEvent {
  event: PlyrEventName | RealPlayEventName;
  data: unknown;
}

/** A bridge-level failure, turned into a {@link BridgeError} like a `PlyrError`. */
export class BridgeFailure extends Error {
  override readonly name = 'BridgeFailure';
  constructor(
    readonly code: UnityErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** An `INVALID_INPUT` failure. */
export const invalid = (message: string): BridgeFailure => new BridgeFailure('INVALID_INPUT', message);

/** True for a plain JSON object (not an array, not `null`). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses JSON text (or takes an object as is) into a plain object; `''`/`null`/`undefined` give `{}`. */
export function parseObject(input: unknown, what: string): Record<string, unknown> {
  if (input === undefined || input === null || input === '') return {};
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw invalid(`${what} is not valid JSON`);
    }
    if (value === null) return {};
  }
  if (!isRecord(value)) throw invalid(`${what} must be a JSON object`);
  return value;
}

/** Refuses keys outside `allowed`, so a typo fails loudly instead of being ignored. */
export function checkKeys(value: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const expected = allowed.length ? allowed.join(', ') : 'none';
      throw invalid(`${what}: unknown key "${key}" (expected: ${expected})`);
    }
  }
}

/** Turns anything thrown into the error of a message. */
export function toBridgeError(error: unknown): BridgeError {
  if (isPlyrError(error) || error instanceof BridgeFailure) {
    const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
    const failure: BridgeError = {
      code: error.code,
      message: error.message,
      retryAfterMs: retryAfterMs ?? null,
    };
    if (isMgPlusError(error)) {
      failure.mgplusCode = error.mgplusCode;
      failure.retryable = error.retryable;
    }
    return failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}`, retryAfterMs: null };
}

/**
 * A JSON-ready copy of `value` without any `sessionJwt` field (at any depth), unless `expose`. `undefined`
 * becomes `null` so that `result` is always present in a response.
 */
export function toMessageValue(value: unknown, expose: boolean): unknown {
  if (value === undefined) return null;
  if (expose || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => toMessageValue(item, false));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'sessionJwt') copy[key] = toMessageValue(item, false);
  }
  return copy;
}
