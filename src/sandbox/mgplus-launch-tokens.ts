/**
 * Sandbox MG+ launch tokens: HS256 JWTs with claims `{ sub: playerId, brand, currency, game, iat, exp }`, signed
 * with a key only this emulator knows. "Invalid" tokens are signed with a throw-away key, so they are well-formed
 * JWTs whose signature fails, as a forged or foreign token would.
 */
import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

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

/** Mints and verifies launch tokens against one key and clock. */
export interface LaunchTokenIssuer {
  mint(
    claims: Omit<LaunchTokenClaims, 'iat' | 'exp'>,
    expiresInSeconds: number,
    forge?: boolean,
  ): Promise<string>;
  verify(token: string): Promise<LaunchTokenClaims | LaunchTokenProblem>;
}

/** An issuer with a fresh random key. */
export function createLaunchTokenIssuer(now: () => number): LaunchTokenIssuer {
  const key = new Uint8Array(randomBytes(32));
  return {
    async mint(claims, expiresInSeconds, forge = false) {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({ brand: claims.brand, currency: claims.currency, game: claims.game })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + Math.trunc(expiresInSeconds))
        .sign(forge ? new Uint8Array(randomBytes(32)) : key);
    },
    async verify(token) {
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
    },
  };
}
