/**
 * Session JWTs (docs/platform/plyr-api.md#session-jwt): decoding their claims without verifying them (what restoring
 * and signing in need). The signature check is in `local-verify.ts`, loaded on first use.
 */
import { PlyrError } from './errors.js';
import type { SessionClaims } from './types.js';

/** Made once: constructing them costs more than decoding a JWT. */
const decoder = new TextDecoder();
export const utf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Bytes of a base64 or base64url text (atob ignores whitespace and missing padding). */
export const base64Bytes = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** The claims of a session JWT as read, unverified: `exp` and `iat` may be missing (or not numbers). */
export type ReadClaims = Omit<SessionClaims, 'exp' | 'iat'> & { exp?: unknown; iat?: unknown };

/**
 * Reads the claims of a session JWT without verifying them or needing `exp` or `iat`: a session whose times are
 * unknown is still a session (for a guest, the account's only credential), and the platform decides about it.
 * Rejects a malformed JWT, or one without a `plyrId`, with `INVALID_JWT`.
 */
export function readClaims(jwt: string): ReadClaims {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  let claims: unknown;
  try {
    claims = JSON.parse(utf8(base64Bytes(parts[1] ?? '')));
  } catch {
    // fall through: not a JWT
  }
  const c = claims as Partial<SessionClaims> | undefined;
  if (parts.length !== 3 || typeof c?.plyrId !== 'string')
    throw new PlyrError('INVALID_JWT', 'Malformed JWT');
  return c as ReadClaims;
}

/**
 * Reads the claims of a session JWT **without verifying it** (for display and local expiry checks; use
 * `verifyJwtLocally` or `verifySession` before trusting them). Rejects a malformed JWT, or one without `exp`, with
 * `INVALID_JWT`.
 */
export function decodeSessionJwt(jwt: string): SessionClaims {
  const claims = readClaims(jwt);
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number')
    throw new PlyrError('INVALID_JWT', 'Malformed JWT');
  return claims as SessionClaims;
}
