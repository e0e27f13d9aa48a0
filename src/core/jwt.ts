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

/**
 * Reads the claims of a session JWT **without verifying it** (for display and local expiry checks; use
 * `verifyJwtLocally` or `verifySession` before trusting them). Rejects a malformed JWT with `INVALID_JWT`.
 */
export function decodeSessionJwt(jwt: string): SessionClaims {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  let claims: unknown;
  try {
    claims = JSON.parse(utf8(base64Bytes(parts[1] ?? '')));
  } catch {
    // fall through: not a JWT
  }
  const c = claims as Partial<SessionClaims> | undefined;
  if (
    parts.length !== 3 ||
    typeof c?.plyrId !== 'string' ||
    typeof c.exp !== 'number' ||
    typeof c.iat !== 'number'
  )
    throw new PlyrError('INVALID_JWT', 'Malformed JWT');
  return c as SessionClaims;
}
