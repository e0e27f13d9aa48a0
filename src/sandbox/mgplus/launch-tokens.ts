/**
 * Sandbox MG+ launch tokens, in the two forms operators use:
 * - `jwt`: HS256 JWTs with claims `{ sub: playerId, brand, currency, game, iat, exp }`, signed with a key only this
 *   emulator knows;
 * - `opaque`: random base64url strings (like the guide's example `eyJhbG9hshdgjh38Gsjsk3jdl`, not three parts),
 *   whose claims only the emulator holds.
 * "Forged" tokens are well-formed but unknown: a JWT signed with a throw-away key, or an opaque string never issued.
 */
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { MGPLUS_SANDBOX_PLAYERS } from './players.js';

/** Claims of a sandbox launch token. */
export interface LaunchTokenClaims {
  sub: string;
  brand: string;
  currency: string;
  game: string;
  iat: number;
  exp: number;
}

/** Why a launch token was refused. */
export type LaunchTokenProblem = 'expired' | 'invalid';

/** How a launch token is written. */
export type LaunchTokenFormat = 'jwt' | 'opaque';

/** Mints and verifies launch tokens against one key and clock. */
export interface LaunchTokenIssuer {
  /**
   * Mint a token for `claims.sub`. `format` defaults to the seeded player's `launchTokenFormat` (else `jwt`);
   * `forge` gives a well-formed token the issuer then refuses.
   */
  mint(
    claims: Omit<LaunchTokenClaims, 'iat' | 'exp'>,
    expiresInSeconds: number,
    forge?: boolean,
    format?: LaunchTokenFormat,
  ): Promise<string>;
  verify(token: string): Promise<LaunchTokenClaims | LaunchTokenProblem>;
}

/** Options of {@link createLaunchTokenIssuer}. */
export interface LaunchTokenIssuerOptions {
  /** The format of a player's tokens when `mint` is not told. Default: the seeded player's, else `jwt`. */
  formatOf?: (playerId: string) => LaunchTokenFormat;
}

function seededFormat(playerId: string): LaunchTokenFormat {
  return MGPLUS_SANDBOX_PLAYERS.find((p) => p.playerId === playerId)?.launchTokenFormat ?? 'jwt';
}

/** An issuer with a fresh random key. */
export function createLaunchTokenIssuer(
  now: () => number,
  options: LaunchTokenIssuerOptions = {},
): LaunchTokenIssuer {
  const key = new Uint8Array(randomBytes(32));
  const formatOf = options.formatOf ?? seededFormat;
  // Opaque tokens carry nothing: the claims stay here (a sandbox holds a few thousand at most).
  const opaque = new Map<string, LaunchTokenClaims>();

  async function verifyJwt(token: string): Promise<LaunchTokenClaims | LaunchTokenProblem> {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        currentDate: new Date(now()),
        requiredClaims: ['sub', 'exp', 'game'],
      });
      const { sub, brand, currency, game, iat, exp } = payload;
      if (typeof sub !== 'string' || typeof game !== 'string' || typeof exp !== 'number') return 'invalid';
      return {
        sub,
        game,
        exp,
        iat: typeof iat === 'number' ? iat : exp,
        brand: typeof brand === 'string' ? brand : '',
        currency: typeof currency === 'string' ? currency : '',
      };
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  }

  return {
    async mint(claims, expiresInSeconds, forge = false, format = formatOf(claims.sub)) {
      const iat = Math.floor(now() / 1000);
      const exp = iat + Math.trunc(expiresInSeconds);
      if (format === 'opaque') {
        // `eyJ` as in the guide's example, then 24 random bytes: no dots, not decodable as a JWT.
        const token = `eyJ${randomBytes(24).toString('base64url')}`;
        if (!forge) opaque.set(token, { ...claims, iat, exp });
        return token;
      }
      return new SignJWT({ brand: claims.brand, currency: claims.currency, game: claims.game })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(forge ? new Uint8Array(randomBytes(32)) : key);
    },
    async verify(token) {
      const claims = opaque.get(token);
      if (claims === undefined) return verifyJwt(token);
      return claims.exp * 1000 <= now() ? 'expired' : claims;
    },
  };
}
