/**
 * The message protocol between Unity (C#) and the page: the shapes of requests, responses and events, the
 * configuration `init` accepts, and the conversions of values and errors into messages. Pure functions, no I/O.
 */
import { isPlyrError, type PlyrErrorCode } from '../core/errors.js';
import type { PlyrEventName, PlyrOptions } from '../core/types.js';

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
}

/** The answer to one `call`, sent to `OnPlyrResponse`. */
export type BridgeResponse =
  | { id: string; ok: true; result: unknown }
  | { id: string; ok: false; error: BridgeError };

/** A core event, sent to `OnPlyrEvent`. */
export interface BridgeEvent {
  event: PlyrEventName;
  data: unknown;
}

/** What `PlyrKit.init` accepts (as JSON text or as an object). */
export interface UnityBridgeConfig {
  /** The game's PLYR[ID]. */
  gameId: string;
  /** The game's signing endpoint: a URL (sign mode) or `{ url, mode?, headers?, credentials? }`. */
  signer:
    | string
    | { url: string; mode?: 'sign' | 'relay'; headers?: Record<string, string>; credentials?: string };
  /** Platform origin. Default mainnet (`https://api.plyr.network`). */
  apiBase?: string;
  /** Where the session is kept between page loads. Default `indexeddb`. */
  storage?: 'indexeddb' | 'memory';
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Retries of failed GETs. */
  retries?: number;
  /** Keep tabs in sync. Default `true`. */
  syncTabs?: boolean;
  /** Verify a restored session in the background. Default `true`. */
  verifyOnRestore?: boolean;
  /**
   * Send the session JWT (`Session.sessionJwt`) to Unity. Default `false`: sessions reach C# without it, so a
   * game that does not need the token never has it in managed memory or logs.
   */
  exposeSessionToken?: boolean;
}

/** The parsed configuration: client options plus the bridge's own settings. */
export interface ParsedConfig {
  options: PlyrOptions;
  exposeSessionToken: boolean;
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

const invalid = (message: string): BridgeFailure => new BridgeFailure('INVALID_INPUT', message);

const isRecord = (value: unknown): value is Record<string, unknown> =>
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

const CONFIG_KEYS = [
  'gameId',
  'signer',
  'apiBase',
  'storage',
  'timeoutMs',
  'retries',
  'syncTabs',
  'verifyOnRestore',
  'exposeSessionToken',
] as const;

function optional<T>(
  config: Record<string, unknown>,
  key: string,
  ok: (v: unknown) => boolean,
  expected: string,
): T | undefined {
  const value = config[key];
  if (value === undefined) return undefined;
  if (!ok(value)) throw invalid(`config.${key} must be ${expected}`);
  return value as T;
}

const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

function parseSigner(value: unknown): PlyrOptions['signer'] {
  if (typeof value === 'string' && value !== '') return value;
  if (isRecord(value)) {
    checkKeys(value, ['url', 'mode', 'headers', 'credentials'], 'config.signer');
    const { url, mode, headers, credentials } = value;
    if (typeof url !== 'string' || url === '') throw invalid('config.signer.url must be a non-empty string');
    if (mode !== undefined && mode !== 'sign' && mode !== 'relay')
      throw invalid('config.signer.mode must be "sign" or "relay"');
    if (
      headers !== undefined &&
      !(isRecord(headers) && Object.values(headers).every((h) => typeof h === 'string'))
    )
      throw invalid('config.signer.headers must be an object of strings');
    if (credentials !== undefined && !['omit', 'same-origin', 'include'].includes(credentials as string))
      throw invalid('config.signer.credentials must be "omit", "same-origin" or "include"');
    return {
      url,
      ...(mode ? { mode } : {}),
      ...(headers ? { headers: headers as Record<string, string> } : {}),
      ...(credentials ? { credentials: credentials as RequestCredentials } : {}),
    };
  }
  throw invalid('config.signer must be a URL string or { url, mode?, headers?, credentials? }');
}

/** Parses and checks `init`'s configuration (JSON text or an object). */
export function parseConfig(input: unknown): ParsedConfig {
  const config = parseObject(input, 'PlyrKit.init config');
  checkKeys(config, CONFIG_KEYS, 'PlyrKit.init config');
  if (typeof config.gameId !== 'string' || config.gameId === '')
    throw invalid('config.gameId must be a non-empty string');
  const options: PlyrOptions = { gameId: config.gameId, signer: parseSigner(config.signer) };
  const apiBase = optional<string>(config, 'apiBase', (v) => typeof v === 'string' && v !== '', 'a URL');
  const storage = optional<'indexeddb' | 'memory'>(
    config,
    'storage',
    (v) => v === 'indexeddb' || v === 'memory',
    '"indexeddb" or "memory"',
  );
  const timeoutMs = optional<number>(
    config,
    'timeoutMs',
    (v) => isCount(v) && (v as number) > 0,
    'a positive integer',
  );
  const retries = optional<number>(config, 'retries', isCount, 'a whole number');
  const syncTabs = optional<boolean>(config, 'syncTabs', isBool, 'true or false');
  const verifyOnRestore = optional<boolean>(config, 'verifyOnRestore', isBool, 'true or false');
  const exposeSessionToken = optional<boolean>(config, 'exposeSessionToken', isBool, 'true or false');
  if (apiBase !== undefined) options.apiBase = apiBase;
  if (storage !== undefined) options.storage = storage;
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (retries !== undefined) options.retries = retries;
  if (syncTabs !== undefined) options.syncTabs = syncTabs;
  if (verifyOnRestore !== undefined) options.verifyOnRestore = verifyOnRestore;
  return { options, exposeSessionToken: exposeSessionToken === true };
}

/** Turns anything thrown into the error of a message. */
export function toBridgeError(error: unknown): BridgeError {
  if (isPlyrError(error) || error instanceof BridgeFailure) {
    const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
    return { code: error.code, message: error.message, retryAfterMs: retryAfterMs ?? null };
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
