/**
 * Session JWTs as the platform issues them (docs/platform/plyr-api.md#session-jwt): ES256, header
 * `{"alg":"ES256","typ":"JWT"}`, the caller's claims then `iat`/`exp` in seconds, checked with no clock tolerance.
 * `expiresIn` follows jsonwebtoken 9 exactly, including its quirks (a numeric string is read by `ms`, i.e. as
 * milliseconds; a non-integer number throws).
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { libraryError } from './errors.js';

/** Default session lifetime in seconds when `expiresIn` is missing or falsy. */
export const DEFAULT_EXPIRES_IN_S = 86_400;

const INVALID_EXPIRES_IN = '"expiresIn" should be a number of seconds or string representing a timespan';

const MS_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_557_600_000,
};
const MS_RE =
  /^(-?(?:\d+)?\.?\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i;

/** The `ms` package (v2) that jsonwebtoken uses for string lifetimes: a number of ms, or undefined. */
export function parseMs(text: string): number | undefined {
  if (text.length === 0 || text.length > 100) return undefined;
  const match = MS_RE.exec(text);
  if (!match) return undefined;
  const n = Number.parseFloat(match[1]!);
  const unit = (match[2] ?? 'ms').toLowerCase();
  const key =
    unit.startsWith('ms') || unit.startsWith('millis') ? 'ms' : unit.startsWith('mi') ? 'm' : unit[0]!;
  return n * MS_UNITS[key]!;
}

/**
 * The `exp` claim jsonwebtoken computes for `expiresIn` at `iat` (seconds), after the platform's own
 * `if (!expiresIn) expiresIn = 86400`. Throws jsonwebtoken's errors for values it refuses.
 */
export function expiryFor(expiresIn: unknown, iat: number): number {
  const value = expiresIn || DEFAULT_EXPIRES_IN_S;
  if (typeof value === 'number' && Number.isInteger(value)) return iat + value;
  if (typeof value !== 'string') throw libraryError(INVALID_EXPIRES_IN);
  const ms = parseMs(value);
  if (ms === undefined) throw libraryError(`${INVALID_EXPIRES_IN} eg: "1d", "20h", 60`);
  return Math.floor(iat + ms / 1000);
}

/** The claims of a verified session JWT. */
export type SessionClaims = JWTPayload & Record<string, unknown>;

/** Issues and verifies the sandbox's session JWTs with a key pair made at start. */
export class JwtIssuer {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  /** What `GET /api/jwt/publicKey` returns: base64 of the SPKI PEM text, as the platform's env variable holds it. */
  readonly publicKeyBase64: string;

  constructor() {
    // The same call as the platform's scripts/generateJwtPair.js, so the PEM text has the same shape.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.publicKeyBase64 = Buffer.from(pem, 'utf8').toString('base64');
  }

  /** Signs `claims` + `iat` + `exp` (jsonwebtoken's order). Throws like jsonwebtoken for a bad `expiresIn`. */
  async sign(claims: Record<string, unknown>, expiresIn: unknown, nowMs: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    const exp = expiryFor(expiresIn, iat);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.#privateKey);
  }

  /** The claims if `token` is a valid, unexpired JWT of this sandbox at `nowMs`; else null (jsonwebtoken.verify). */
  async verify(token: unknown, nowMs: number): Promise<SessionClaims | null> {
    if (typeof token !== 'string' || token === '') return null;
    try {
      const { payload } = await jwtVerify(token, this.#publicKey, {
        algorithms: ['ES256'],
        currentDate: new Date(nowMs),
      });
      return payload as SessionClaims;
    } catch {
      return null;
    }
  }
}
