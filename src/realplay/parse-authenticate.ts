/**
 * Turns the relay's answer to `POST /v1/authenticate` into a typed player: MG+'s answer, where by default the relay
 * has replaced `playerToken` with its own opaque `sessionId` (the token stays on the studio's server); a relay that
 * opted in passes `playerToken` too. MG+ matches property names case-insensitively, so this reads them that way
 * too; a missing or mistyped required field is a `SERVER` error (the answer is kept as the error's cause, minus
 * the player token and session id).
 */
import { PlyrError } from '../core/errors.js';
import type { FreeGameOffer, GameConfig, RealPlayPlayer } from './types.js';

/** The parsed answer: the player, and the credentials kept apart from it. */
export interface AuthenticateResult {
  player: RealPlayPlayer;
  /** The relay's real-play session id, for the studio's round handler; `null` when the relay sent none. */
  sessionId: string | null;
  /** MG+'s player token, only when the relay passed it (opt-in); `null` otherwise. */
  playerToken: string | null;
}

/** What a session id may look like: 1 to 1024 visible ASCII characters (opaque to the browser). */
const SESSION_ID = /^[!-~]{1,1024}$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value of `name` in `obj`, matching the key case-insensitively (an exact match wins). */
function field(obj: Json, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

class Reader {
  constructor(
    private readonly body: unknown,
    private readonly call = 'authenticate',
  ) {}

  fail(what: string): never {
    throw new PlyrError('SERVER', `MG+ answered ${this.call} without a valid ${what}.`, {
      cause: redact(this.body),
    });
  }

  string(obj: Json, name: string, path = name): string {
    const v = field(obj, name);
    if (typeof v !== 'string' || v === '') this.fail(path);
    return v;
  }

  optionalString(obj: Json, name: string, path = name): string | undefined {
    const v = field(obj, name);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') this.fail(path);
    return v;
  }

  /** A decimal; MG+ sends numbers, but a numeric string is accepted as some serialisers write decimals so. */
  number(obj: Json, name: string, path = name): number {
    const v = field(obj, name);
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) this.fail(path);
    return n;
  }

  integer(obj: Json, name: string, path = name): number {
    const n = this.number(obj, name, path);
    if (!Number.isInteger(n)) this.fail(path);
    return n;
  }

  boolean(obj: Json, name: string, path = name): boolean {
    const v = field(obj, name);
    if (typeof v !== 'boolean') this.fail(path);
    return v;
  }

  date(obj: Json, name: string, path = name): Date {
    const v = this.string(obj, name, path);
    // ISO 8601 in UTC; a missing zone would be read as local time, so it is required.
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)$/i.test(v)) this.fail(path);
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) this.fail(path);
    return d;
  }

  object(obj: Json, name: string, path = name): Json {
    const v = field(obj, name);
    if (!isObject(v)) this.fail(path);
    return v;
  }
}

/** Keys (lower-case) of an answer that are credentials: never kept in an error. */
const SECRET_KEYS = new Set(['playertoken', 'sessionid']);

/** A copy of an answer without its player token and session id, for error causes. */
function redact(body: unknown): unknown {
  if (!isObject(body)) return body;
  const copy: Json = {};
  for (const [k, v] of Object.entries(body)) copy[k] = SECRET_KEYS.has(k.toLowerCase()) ? '[redacted]' : v;
  return copy;
}

/** `url` when it is an absolute http(s) URL; anything else (e.g. `javascript:`) is dropped, as games navigate to it. */
function webUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

const KNOWN_GAME_CONFIG_KEYS = ['maxExposure', 'minBet', 'maxBet', 'defaultBet'] as const;

function parseGameConfig(r: Reader, raw: unknown): GameConfig {
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) r.fail('sessionInfo.gameConfig');
  const config: GameConfig = {};
  const known = new Set(KNOWN_GAME_CONFIG_KEYS.map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(raw)) if (!known.has(key.toLowerCase())) config[key] = value;
  for (const key of KNOWN_GAME_CONFIG_KEYS) {
    if (field(raw, key) === undefined || field(raw, key) === null) continue;
    const n = r.number(raw, key, `sessionInfo.gameConfig.${key}`);
    if (n < 0) r.fail(`sessionInfo.gameConfig.${key}`);
    config[key] = n;
  }
  return config;
}

function parseFreeGames(r: Reader, raw: unknown): FreeGameOffer[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) r.fail('freeGameInfo');
  return raw.map((item: unknown, i): FreeGameOffer => {
    const at = `freeGameInfo[${i}]`;
    if (!isObject(item)) r.fail(at);
    const info = r.object(item, 'instanceInfo', `${at}.instanceInfo`);
    return {
      instanceId: r.integer(item, 'instanceId', `${at}.instanceId`),
      offerId: r.integer(item, 'offerId', `${at}.offerId`),
      offerName: r.string(item, 'offerName', `${at}.offerName`),
      canBeRejected: r.boolean(info, 'canBeRejected', `${at}.instanceInfo.canBeRejected`),
      nearestCostPerBet: r.number(info, 'nearestCostPerBet', `${at}.instanceInfo.nearestCostPerBet`),
      numberOfRoundsRemaining: r.integer(
        info,
        'numberOfRoundsRemaining',
        `${at}.instanceInfo.numberOfRoundsRemaining`,
      ),
      numberOfRoundsAwarded: r.integer(
        info,
        'numberOfRoundsAwarded',
        `${at}.instanceInfo.numberOfRoundsAwarded`,
      ),
      startsAt: r.date(info, 'instanceStartDateUtc', `${at}.instanceInfo.instanceStartDateUtc`),
      endsAt: r.date(info, 'instanceEndDateUtc', `${at}.instanceInfo.instanceEndDateUtc`),
    };
  });
}

/**
 * Parse an MG+ `freeGameInfo[]` (as in the answers to authenticate, balance, transaction and rollback, or as a
 * studio's server passes it on): `undefined` or `null` is no offers. Throws `SERVER` on a malformed list.
 */
export function parseFreeGameInfo(raw: unknown): FreeGameOffer[] {
  return parseFreeGames(new Reader(raw, 'with free games'), raw);
}

/** Parse a successful `POST /v1/authenticate` answer. Throws `SERVER` on a malformed answer. */
export function parseAuthenticateResponse(body: unknown): AuthenticateResult {
  // Explicitly typed: TypeScript narrows after a `never` method call only then.
  const r: Reader = new Reader(body);
  if (!isObject(body)) r.fail('body');
  const balanceInfo = r.object(body, 'balanceInfo');
  const currencyTruncation = r.integer(balanceInfo, 'currencyTruncation', 'balanceInfo.currencyTruncation');
  if (currencyTruncation < 1) r.fail('balanceInfo.currencyTruncation');
  // Required by the guide (its fields are optional): an answer without it is not an MG+ authenticate answer.
  const session = r.object(body, 'sessionInfo');
  const brand = r.string(body, 'brand');
  const player: RealPlayPlayer = {
    playerId: r.string(body, 'playerId'),
    brand,
    isTestPlayer: brand === 'test_brand',
    balance: r.number(body, 'balance'),
    currency: r.string(balanceInfo, 'currency', 'balanceInfo.currency').toLowerCase(),
    currencyTruncation,
    gameConfig: parseGameConfig(r, field(session, 'gameConfig')),
    freeGames: parseFreeGames(r, field(body, 'freeGameInfo')),
  };
  const lobbyUrl = webUrl(r.optionalString(session, 'lobbyUrl', 'sessionInfo.lobbyUrl'));
  const depositUrl = webUrl(r.optionalString(session, 'depositUrl', 'sessionInfo.depositUrl'));
  if (lobbyUrl !== undefined) player.lobbyUrl = lobbyUrl;
  if (depositUrl !== undefined) player.depositUrl = depositUrl;
  const playerToken = r.optionalString(body, 'playerToken') ?? null;
  const sessionId = r.optionalString(body, 'sessionId') ?? null;
  if (sessionId !== null && !SESSION_ID.test(sessionId)) r.fail('sessionId');
  // Without either, the game could not play a single round.
  if (sessionId === null && playerToken === null) r.fail('sessionId (or playerToken)');
  return { player, sessionId, playerToken };
}
