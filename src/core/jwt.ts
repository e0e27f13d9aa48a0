/**
 * Session JWTs (spec §4): decoding claims without verifying, and ES256 verification with WebCrypto against the
 * platform's public key. WebCrypto rather than `jose`: the two jose functions needed weigh about 5 KB gzip, this
 * is a few hundred bytes.
 */
import { PlyrError } from './errors.js';
import type { SessionClaims } from './types.js';

/** Made once: constructing them costs more than decoding a JWT. */
const decoder = new TextDecoder();
const utf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Bytes of a base64 or base64url text (atob ignores whitespace and missing padding). */
const base64Bytes = (text: string): Uint8Array<ArrayBuffer> =>
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

/**
 * The DER SPKI of the platform's public key. `/api/jwt/publicKey` answers base64 of a PEM text (spec §3.12);
 * a bare PEM is accepted too.
 */
export function publicKeyDer(publicKey: string): Uint8Array<ArrayBuffer> {
  const pem = publicKey.includes('-----') ? publicKey : utf8(base64Bytes(publicKey));
  return base64Bytes(pem.replace(/-----[^-]+-----/g, ''));
}

/** Imports an SPKI P-256 key for ECDSA verification. */
export const importEs256Key = (der: Uint8Array<ArrayBuffer>): Promise<CryptoKey> =>
  crypto.subtle.importKey('spki', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);

/** True when the JWT's header says ES256 and its signature (raw `r‖s`) verifies with `key`. */
export async function verifyEs256(jwt: string, key: CryptoKey): Promise<boolean> {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  try {
    if ((JSON.parse(utf8(base64Bytes(header))) as { alg?: unknown }).alg !== 'ES256') return false;
    return await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      base64Bytes(signature),
      new TextEncoder().encode(`${header}.${payload}`),
    );
  } catch {
    return false;
  }
}
