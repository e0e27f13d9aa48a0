/**
 * Local verification of session JWTs: ES256 with WebCrypto against the platform's public key, then `gameId` and
 * `exp`. WebCrypto rather than `jose`: the two jose functions needed weigh about 5 KB gzip, this is a few hundred
 * bytes. Loaded on first use (`verifyJwtLocally`, PLYR[CONNECT]): signing in does not need it. It cannot see a
 * revocation; `verifySession` asks the platform.
 */
import { PlyrError } from './errors.js';
import { expectAnswer, filled } from './expect-answer.js';
import { base64Bytes, readClaims, utf8 } from './jwt.js';
import type { Send } from './profile.js';
import type { SessionClaims } from './types.js';

/**
 * The DER SPKI of the platform's public key. `/api/jwt/publicKey` answers base64 of a PEM text
 * (docs/platform/plyr-api.md#local-es256-verification); a bare PEM is accepted too.
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

/** What {@link createLocalVerifier} needs from the client. */
export interface LocalVerifierOptions {
  gameId: string;
  now: () => number;
  /** Sends a platform request (through the client's transport): the public key comes from `/api/jwt/publicKey`. */
  send: Send;
}

/** Verifies session JWTs of one game; the public key is fetched once, cached, and fetched again on a failure. */
export interface LocalVerifier {
  /** Starts fetching the key now (a PLYR[CONNECT] attempt needs it when the player answers). */
  prefetch(): void;
  verify(jwt: string): Promise<SessionClaims>;
}

/** Creates the verifier of a client. */
export function createLocalVerifier(options: LocalVerifierOptions): LocalVerifier {
  let cached: Promise<CryptoKey> | undefined;

  /** The key: cached, or fetched anew when `refresh` (a failed fetch is not kept). */
  function key(refresh: boolean): Promise<CryptoKey> {
    if (refresh || !cached) {
      const fetched = options.send({ method: 'GET', path: '/api/jwt/publicKey' }).then(({ publicKey }) => {
        expectAnswer(filled(publicKey), 'publicKey');
        return importEs256Key(publicKeyDer(publicKey as string)).catch((error: unknown) => {
          throw new PlyrError('SERVER', 'Bad PLYR public key', { cause: error });
        });
      });
      cached = fetched;
      fetched.catch(() => {
        if (cached === fetched) cached = undefined;
      });
    }
    return cached as Promise<CryptoKey>;
  }

  return {
    prefetch: () => void key(false).catch(() => undefined),
    async verify(jwt) {
      // `readClaims`, not `decodeSessionJwt`: sharing that one with this chunk would put it in the sign-in bundle.
      const claims = readClaims(jwt);
      if (typeof claims.exp !== 'number') throw new PlyrError('INVALID_JWT', 'Malformed JWT');
      // The platform may have rotated its key: one fresh fetch before calling the signature bad.
      if (!(await verifyEs256(jwt, await key(false))) && !(await verifyEs256(jwt, await key(true))))
        throw new PlyrError('INVALID_JWT', 'JWT: bad signature');
      if (claims.gameId !== options.gameId) throw new PlyrError('INVALID_JWT', 'JWT: another game');
      if (claims.exp * 1000 <= options.now()) throw new PlyrError('SESSION_EXPIRED', 'JWT expired');
      return claims as SessionClaims;
    },
  };
}
