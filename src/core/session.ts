/**
 * Builds {@link Session}s from the platform's answers (login, loginAndApprove, instantPlayPass/register) and
 * checks stored ones.
 */
import { decodeSessionJwt } from './jwt.js';
import type { Session } from './types.js';

type Json = Record<string, unknown>;

/** `value` when it is a string, else `fallback`. */
export const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/**
 * A session from a login/register answer `{ sessionJwt, plyrId, gameId, primaryAddress, mirrorAddress, avatar,
 * isIPP, ippClaimed }`; times come from the JWT's own claims.
 */
export function sessionFromLogin(body: Json): Session {
  const sessionJwt = str(body.sessionJwt);
  // A malformed JWT in a login answer rejects with INVALID_JWT.
  const { plyrId, gameId, primaryAddress, mirrorAddress, iat, exp } = decodeSessionJwt(sessionJwt);
  return {
    plyrId: str(body.plyrId, plyrId).toLowerCase(),
    gameId: str(body.gameId, gameId),
    sessionJwt,
    primaryAddress: str(body.primaryAddress, primaryAddress),
    mirrorAddress: str(body.mirrorAddress, mirrorAddress),
    avatar: str(body.avatar),
    isGuest: body.isIPP === true,
    claimed: body.ippClaimed === true,
    issuedAt: iat * 1000,
    expiresAt: exp * 1000,
  };
}

/** The fields of a stored {@link Session} by type. */
const FIELDS: Array<[type: string, keys: string]> = [
  ['string', 'plyrId gameId sessionJwt primaryAddress mirrorAddress avatar'],
  ['boolean', 'isGuest claimed'],
  ['number', 'issuedAt expiresAt'],
];

/** True when `value` has every field of a {@link Session} with the right type and a decodable JWT. */
export function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Json;
  if (!FIELDS.every(([type, keys]) => keys.split(' ').every((key) => typeof record[key] === type)))
    return false;
  try {
    return decodeSessionJwt(record.sessionJwt as string).plyrId.toLowerCase() === record.plyrId;
  } catch {
    return false;
  }
}
