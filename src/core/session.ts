/**
 * Builds {@link Session}s from the platform's answers (login, loginAndApprove, instantPlayPass/register) and from
 * stored records. Who, which game, which wallets and the times always come from the JWT's own claims: a field
 * around it that disagrees (or is missing, `null`, `NaN`, a string) cannot make a session last longer or change
 * whose it is.
 */
import { isObject } from './answers.js';
import { expectAnswer } from './expect-answer.js';
import { readClaims } from './jwt.js';
import type { Session } from './types.js';

type Json = Record<string, unknown>;

/** `value` when it is a string, else `fallback`. */
export const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/** Guest (Instant PlayPass) JWTs live ~30 000 years, 2FA ones at most a year or so: a record without `isGuest`. */
const GUEST_LIFETIME_S = 10 * 365 * 86_400;

/**
 * A session of `sessionJwt`, with the fields a JWT does not carry. Rejects a malformed JWT with `INVALID_JWT`; a
 * JWT without `exp` (or `iat`) is a session of unknown expiry (or issue time). `isGuest` left out: a JWT that lives for decades is a guest's,
 * and so is one whose lifetime is unknown (the account a wrong guess would lose).
 */
function sessionOf(sessionJwt: string, avatar: unknown, claimed: boolean, isGuest?: boolean): Session {
  const { plyrId, gameId, primaryAddress, mirrorAddress, iat, exp } = readClaims(sessionJwt);
  const known = typeof exp === 'number';
  const issued = typeof iat === 'number';
  return {
    plyrId: plyrId.toLowerCase(),
    gameId: str(gameId),
    sessionJwt,
    primaryAddress: str(primaryAddress),
    mirrorAddress: str(mirrorAddress),
    avatar: str(avatar),
    isGuest: isGuest ?? !(known && issued && exp - iat <= GUEST_LIFETIME_S),
    claimed,
    issuedAt: issued ? iat * 1000 : null,
    expiresAt: known ? exp * 1000 : null,
  };
}

/** Whether `session` is past its JWT's `exp` at `now`; never when its expiry is unknown. */
export const expired = ({ expiresAt }: Session, now: number): boolean =>
  expiresAt !== null && expiresAt <= now;

/**
 * A session from a login/register answer `{ sessionJwt, plyrId, gameId, primaryAddress, mirrorAddress, avatar,
 * isIPP, ippClaimed }`. An answer without a session JWT rejects with `SERVER` (it is not a login, whatever its
 * status), a malformed JWT with `INVALID_JWT`.
 */
export function sessionFromLogin(body: Json): Session {
  expectAnswer(typeof body.sessionJwt === 'string' && body.sessionJwt !== '', 'sessionJwt');
  return sessionOf(body.sessionJwt as string, body.avatar, body.ippClaimed === true, body.isIPP === true);
}

/** `true`/`"true"` and `false`/`"false"`; anything else is unknown. */
const flag = (value: unknown): boolean | undefined =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/**
 * A stored (or tab-sent) session, read leniently: any record that holds a decodable session JWT is a session, with
 * its other fields taken for what they are worth (`avatar: null`, a missing `claimed`, an upper-case PLYR[ID],
 * `expiresAt` as a string or `NaN`, ...). `null` when there is no JWT to read.
 */
export function readSession(value: unknown): Session | null {
  if (!isObject(value)) return null;
  try {
    return sessionOf(str(value.sessionJwt), value.avatar, flag(value.claimed) === true, flag(value.isGuest));
  } catch {
    return null;
  }
}
