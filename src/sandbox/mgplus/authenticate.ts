/**
 * The MG+ `POST /v1/authenticate` contract as the sandbox enforces it, checks in the order a gateway would make
 * them: request id, caller IP allow-list (`REGION_BLOCKED`), HMAC over the exact body bytes
 * (`SERVER_UNAUTHORIZED`), request model (`INVALID_REQUEST`), then the launch token and player
 * (`PLAYER_UNAUTHORIZED`). Property names are matched case-insensitively, as MG+ does.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LaunchTokenIssuer } from './launch-tokens.js';
import type { MgPlusSandboxPlayer, MgPlusSeedOffer } from './players.js';

/** An MG+ answer: status and JSON body. */
export interface MgPlusAnswer {
  status: number;
  body: unknown;
}

/** What the authenticate route needs from the emulator. */
export interface AuthenticateContext {
  sharedSecret: string;
  signatureEncoding: 'hex' | 'base64';
  allowedCallerIps: readonly string[] | undefined;
  players: readonly MgPlusSandboxPlayer[];
  tokens: LaunchTokenIssuer;
  now: () => number;
  /** Player tokens handed out, for later MG+ routes. */
  playerTokens: Map<string, { playerId: string; game: string }>;
}

/** Player IPs the sandbox treats as geo-blocked (TEST-NET-3, 203.0.113.0/24). */
export const GEO_BLOCKED_PREFIX = '203.0.113.';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const MGPLUS_ID = /^[A-Za-z0-9_.-]{1,255}$/;
const DAY_MS = 86_400_000;

export function fail(status: number, code: string, message: string): MgPlusAnswer {
  return { status, body: { error: { code, message } } };
}

/** True when `value` is an RFC 4122-shaped UUID (any version). */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

export function signatureMatches(
  header: string | undefined,
  rawBody: Buffer,
  ctx: AuthenticateContext,
): boolean {
  if (header === undefined) return false;
  const expected = createHmac('sha256', ctx.sharedSecret).update(rawBody).digest();
  const given = header.trim();
  const valid =
    ctx.signatureEncoding === 'hex' ? /^[0-9a-f]{64}$/i.test(given) : /^[A-Za-z0-9+/]{43}=?$/.test(given);
  if (!valid) return false;
  const bytes = Buffer.from(given, ctx.signatureEncoding);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** Seed offer → MG+ `freeGameInfo[]` item, dates relative to the sandbox clock (ISO 8601, seconds, `Z`). */
export function offerJson(offer: MgPlusSeedOffer, nowMs: number): Record<string, unknown> {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const start = today + offer.startsInDays * DAY_MS;
  return {
    instanceId: offer.instanceId,
    offerId: offer.offerId,
    offerName: offer.offerName,
    instanceInfo: {
      canBeRejected: offer.canBeRejected,
      nearestCostPerBet: offer.nearestCostPerBet,
      numberOfRoundsRemaining: offer.numberOfRoundsRemaining,
      numberOfRoundsAwarded: offer.numberOfRoundsAwarded,
      instanceStartDateUtc: iso(start),
      instanceEndDateUtc: iso(start + offer.lastsDays * DAY_MS),
    },
  };
}

/** The request fields, keys matched case-insensitively (first spelling wins). */
export function lowerKeys(body: Record<string, unknown>): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (!fields.has(lower)) fields.set(lower, value);
  }
  return fields;
}

/** Handle one authenticate call. `requestId` has been checked by the caller (it is echoed either way). */
export async function authenticate(
  request: { headers: Record<string, string | undefined>; rawBody: Buffer; callerIp: string },
  ctx: AuthenticateContext,
): Promise<MgPlusAnswer> {
  if (!isUuid(request.headers['x-request-id']))
    return fail(400, 'INVALID_REQUEST', 'X-Request-ID must be a UUID.');
  if (ctx.allowedCallerIps !== undefined && !ctx.allowedCallerIps.includes(request.callerIp))
    return fail(401, 'REGION_BLOCKED', 'The calling server is not on the IP allow-list.');
  if (!signatureMatches(request.headers['x-hmac-signature'], request.rawBody, ctx))
    return fail(401, 'SERVER_UNAUTHORIZED', 'X-HMAC-Signature does not match the request body.');

  let parsed: unknown;
  try {
    parsed = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return fail(400, 'INVALID_REQUEST', 'The body is not JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return fail(400, 'INVALID_REQUEST', 'The body must be a JSON object.');
  const fields = lowerKeys(parsed as Record<string, unknown>);
  for (const name of ['launchToken', 'provider', 'game', 'ip', 'platform']) {
    const value = fields.get(name.toLowerCase());
    if (typeof value !== 'string' || value === '')
      return fail(400, 'INVALID_REQUEST', `${name} is required and must be a non-empty string.`);
  }
  const launchToken = fields.get('launchtoken') as string;
  const provider = fields.get('provider') as string;
  const game = fields.get('game') as string;
  const ip = fields.get('ip') as string;
  const platform = fields.get('platform') as string;
  if (!MGPLUS_ID.test(provider))
    return fail(400, 'INVALID_REQUEST', 'provider has invalid characters or length.');
  if (!MGPLUS_ID.test(game)) return fail(400, 'INVALID_REQUEST', 'game has invalid characters or length.');
  if (ip.includes(':'))
    return fail(400, 'INVALID_REQUEST', 'ip must be an IPv4 address (IPv6 is not supported).');
  if (!IPV4.test(ip)) return fail(400, 'INVALID_REQUEST', 'ip must be an IPv4 address.');
  if (platform !== 'mobile' && platform !== 'desktop')
    return fail(400, 'INVALID_REQUEST', 'platform must be "mobile" or "desktop".');

  const claims = await ctx.tokens.verify(launchToken);
  if (claims === 'expired') return fail(401, 'PLAYER_UNAUTHORIZED', 'The launch token has expired.');
  if (claims === 'invalid') return fail(401, 'PLAYER_UNAUTHORIZED', 'The launch token is not valid.');
  if (claims.game !== game)
    return fail(401, 'PLAYER_UNAUTHORIZED', 'The launch token was issued for another game.');
  const player = ctx.players.find((p) => p.playerId === claims.sub);
  if (player === undefined) return fail(401, 'PLAYER_UNAUTHORIZED', 'Unknown player.');
  if (player.locked === true) return fail(401, 'PLAYER_UNAUTHORIZED', 'The player account is locked.');
  if (ip.startsWith(GEO_BLOCKED_PREFIX))
    return fail(401, 'PLAYER_UNAUTHORIZED', 'The player is not allowed to play from this location.');

  const playerToken = randomBytes(24).toString('base64url');
  ctx.playerTokens.set(playerToken, { playerId: player.playerId, game });
  const sessionInfo: Record<string, unknown> = {};
  if (player.lobbyUrl !== undefined) sessionInfo.lobbyUrl = player.lobbyUrl;
  if (player.depositUrl !== undefined) sessionInfo.depositUrl = player.depositUrl;
  if (player.gameConfig !== undefined) sessionInfo.gameConfig = player.gameConfig;
  const body: Record<string, unknown> = {
    playerId: player.playerId,
    playerToken,
    brand: player.brand,
    balance: player.balance,
    balanceInfo: { currency: player.currency, currencyTruncation: player.currencyTruncation },
    sessionInfo,
  };
  if (player.freeGames.length > 0) body.freeGameInfo = player.freeGames.map((o) => offerJson(o, ctx.now()));
  return { status: 200, body };
}
