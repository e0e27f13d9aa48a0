/**
 * What `PlyrKit.init` accepts: the PLYR client's options, the bridge's own settings and, for real play, the
 * `realPlay` object. Checked here so a typo or a wrong type is refused with a clear `INVALID_INPUT`.
 */
import type { PlyrOptions } from '../core/types.js';
import { checkKeys, invalid, isRecord, parseObject } from './protocol.js';
import { type ParsedRealPlayConfig, parseRealPlayConfig, type UnityRealPlayConfig } from './realplay.js';
import { parseUiConfig, type UnityUiConfig } from './ui.js';
import { BRIDGE_VERSION } from './version.js';

/** What `PlyrKit.init` accepts (as JSON text or as an object). */
export interface UnityBridgeConfig {
  /** The game's PLYR[ID]. Optional (with `signer`) for a real-play-only game: then PLYR sign-in is off. */
  gameId?: string;
  /** The game's signing endpoint: a URL (relay mode) or `{ url, mode?, headers?, credentials? }`. */
  signer?:
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
  /** Real play on MG+ (see {@link UnityRealPlayConfig}). */
  realPlay?: UnityRealPlayConfig;
  /** The Unity package's version (the C# side sends it): another than this UMD's is refused. */
  unityPackage?: string;
  /** The sign-in panels opened from C# (`ShowLogin`, …): see {@link UnityUiConfig}. */
  ui?: UnityUiConfig;
}

/** The parsed configuration: client options (`null`: no PLYR sign-in), real play, and the bridge's settings. */
export interface ParsedConfig {
  options: PlyrOptions | null;
  exposeSessionToken: boolean;
  realPlay: ParsedRealPlayConfig | null;
  /** The panels' settings (`{}` when not given). */
  ui: UnityUiConfig;
}

/** Keys of {@link UnityBridgeConfig}. */
export const CONFIG_KEYS = [
  'gameId',
  'signer',
  'apiBase',
  'storage',
  'timeoutMs',
  'retries',
  'syncTabs',
  'verifyOnRestore',
  'exposeSessionToken',
  'realPlay',
  'unityPackage',
  'ui',
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

/** Refuses a Unity package of another version than this UMD: their messages would not match. */
function checkPackageVersion(unityPackage: unknown): void {
  if (unityPackage === undefined || unityPackage === BRIDGE_VERSION) return;
  throw invalid(
    `plyr-kit.unity.umd.js is version ${BRIDGE_VERSION} but the Unity package is ${String(unityPackage)}: copy ` +
      'the plyr-kit.unity.umd.js of the same plyr-kit version (node_modules/plyr-kit/dist/) into your WebGL template',
  );
}

/** Parses and checks `init`'s configuration (JSON text or an object). */
export function parseConfig(input: unknown): ParsedConfig {
  const config = parseObject(input, 'PlyrKit.init config');
  checkKeys(config, CONFIG_KEYS, 'PlyrKit.init config');
  checkPackageVersion(config.unityPackage);
  const realPlay = config.realPlay === undefined ? null : parseRealPlayConfig(config.realPlay);
  const ui = config.ui === undefined ? {} : parseUiConfig(config.ui);
  // A real-play-only game (launched by an MG+ casino) need not sign players in to PLYR.
  if (realPlay && config.gameId === undefined && config.signer === undefined)
    return { options: null, exposeSessionToken: false, realPlay, ui };
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
  return { options, exposeSessionToken: exposeSessionToken === true, realPlay, ui };
}
