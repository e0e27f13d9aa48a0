/**
 * Lenient readers of MG+ answers: property names are matched case-insensitively (the guide says so), numbers may
 * come as decimal strings, unknown properties are ignored; a missing or mistyped required field is an
 * `INVALID_RESPONSE`.
 */
import { MgPlusError, type MgPlusOperation } from './errors.js';
import type {
  MgPlusAuthenticateResult,
  MgPlusBalanceResult,
  MgPlusFreeGame,
  MgPlusGameConfig,
  MgPlusSession,
  MgPlusSessionInfo,
} from './types.js';

type Fields = Map<string, unknown>;

/** The properties of an object by lower-case name (first spelling wins), or undefined for a non-object. */
export function fieldsOf(value: unknown): Fields | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const fields: Fields = new Map();
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (!fields.has(lower)) fields.set(lower, v);
  }
  return fields;
}

class ShapeError extends Error {}

function str(fields: Fields, name: string): string {
  const value = fields.get(name.toLowerCase());
  if (typeof value !== 'string' || value === '') throw new ShapeError(`${name} must be a non-empty string`);
  return value;
}

function optStr(fields: Fields, name: string): string | undefined {
  const value = fields.get(name.toLowerCase());
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ShapeError(`${name} must be a string`);
  return value;
}

function num(fields: Fields, name: string): number {
  const value = fields.get(name.toLowerCase());
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ShapeError(`${name} must be a number`);
  return n;
}

function bool(fields: Fields, name: string): boolean {
  const value = fields.get(name.toLowerCase());
  if (typeof value !== 'boolean') throw new ShapeError(`${name} must be a boolean`);
  return value;
}

function obj(fields: Fields, name: string): Fields {
  const inner = fieldsOf(fields.get(name.toLowerCase()));
  if (inner === undefined) throw new ShapeError(`${name} must be an object`);
  return inner;
}

function freeGame(item: unknown): MgPlusFreeGame {
  const f = fieldsOf(item);
  if (f === undefined) throw new ShapeError('freeGameInfo[] items must be objects');
  const info = obj(f, 'instanceInfo');
  return {
    instanceId: num(f, 'instanceId'),
    offerId: num(f, 'offerId'),
    offerName: str(f, 'offerName'),
    canBeRejected: bool(info, 'canBeRejected'),
    nearestCostPerBet: num(info, 'nearestCostPerBet'),
    numberOfRoundsRemaining: num(info, 'numberOfRoundsRemaining'),
    numberOfRoundsAwarded: num(info, 'numberOfRoundsAwarded'),
    instanceStartDateUtc: str(info, 'instanceStartDateUtc'),
    instanceEndDateUtc: str(info, 'instanceEndDateUtc'),
  };
}

function freeGames(fields: Fields): MgPlusFreeGame[] {
  const list = fields.get('freegameinfo');
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new ShapeError('freeGameInfo must be an array');
  return list.map(freeGame);
}

function sessionInfo(fields: Fields): MgPlusSessionInfo {
  // Required by the guide; an MG+ that leaves it out still gets its player in (the game needs no lobby to play).
  const raw = fields.get('sessioninfo');
  if (raw === undefined || raw === null) return {};
  const f = fieldsOf(raw);
  if (f === undefined) throw new ShapeError('sessionInfo must be an object');
  const out: MgPlusSessionInfo = {};
  const lobbyUrl = optStr(f, 'lobbyUrl');
  const depositUrl = optStr(f, 'depositUrl');
  if (lobbyUrl !== undefined) out.lobbyUrl = lobbyUrl;
  if (depositUrl !== undefined) out.depositUrl = depositUrl;
  const config = f.get('gameconfig');
  if (config !== undefined && config !== null) {
    if (fieldsOf(config) === undefined) throw new ShapeError('sessionInfo.gameConfig must be an object');
    out.gameConfig = gameConfig(config as Record<string, unknown>);
  }
  return out;
}

const KNOWN_CONFIG = new Map(
  ['minBet', 'maxBet', 'defaultBet', 'maxExposure'].map((key) => [key.toLowerCase(), key]),
);

/**
 * `gameConfig` as sent, known keys under their documented spelling (any case matches, as elsewhere in MG+'s
 * answers), as numbers (decimal strings read as in {@link num}), left out when not a finite number. `fromEntries` so a `__proto__` key stays a plain key.
 */
function gameConfig(config: Record<string, unknown>): MgPlusGameConfig {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(config)) {
    const known = KNOWN_CONFIG.get(key.toLowerCase());
    if (known === undefined) entries.push([key, value]);
    else {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) entries.push([known, n]);
    }
  }
  return Object.fromEntries(entries) as MgPlusGameConfig;
}

function shaped<T>(operation: MgPlusOperation, requestId: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new MgPlusError('INVALID_RESPONSE', `MG+ ${operation} answer: ${error.message}.`, {
      status: 502,
      requestId,
      operation,
    });
  }
}

function body(value: unknown): Fields {
  const fields = fieldsOf(value);
  if (fields === undefined) throw new ShapeError('the body must be a JSON object');
  return fields;
}

/** Reads authenticate's answer; `sent` is what was asked (it completes the session). */
export function readAuthenticate(
  value: unknown,
  sent: Pick<MgPlusSession, 'game' | 'ip'>,
  requestId: string,
): MgPlusAuthenticateResult {
  return shaped('authenticate', requestId, () => {
    const f = body(value);
    const balanceInfo = obj(f, 'balanceInfo');
    const playerId = str(f, 'playerId');
    const playerToken = str(f, 'playerToken');
    const truncation = num(balanceInfo, 'currencyTruncation');
    if (!Number.isInteger(truncation) || truncation < 1)
      throw new ShapeError('balanceInfo.currencyTruncation must be a positive integer');
    const currency = str(balanceInfo, 'currency').toLowerCase();
    const info = sessionInfo(f);
    const session: MgPlusSession = {
      playerId,
      playerToken,
      game: sent.game,
      ip: sent.ip,
      currency,
      currencyTruncation: truncation,
    };
    if (info.gameConfig !== undefined) session.gameConfig = { ...info.gameConfig };
    return {
      playerId,
      playerToken,
      brand: str(f, 'brand'),
      balance: num(f, 'balance'),
      currency,
      currencyTruncation: truncation,
      sessionInfo: info,
      freeGames: freeGames(f),
      session,
      body: value as Record<string, unknown>,
    };
  });
}

/** Reads the `{ balance, freeGameInfo[] }` answer of balance, transaction and rollback. */
export function readBalance(
  value: unknown,
  operation: MgPlusOperation,
  requestId: string,
): MgPlusBalanceResult {
  return shaped(operation, requestId, () => {
    const f = body(value);
    return { balance: num(f, 'balance'), freeGames: freeGames(f) };
  });
}

/** The `{ error: { code, message } }` of an MG+ refusal, if the body is one. */
export function readErrorBody(value: unknown): { code: string; message: string } | undefined {
  const error = fieldsOf(fieldsOf(value)?.get('error'));
  const code = error?.get('code');
  if (typeof code !== 'string' || code === '') return undefined;
  const message = error?.get('message');
  return { code, message: typeof message === 'string' ? message : code };
}
