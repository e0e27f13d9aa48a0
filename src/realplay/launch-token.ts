/**
 * The MG+ launch token on the browser side: read it from the launch URL and check its shape and expiry before
 * sending it anywhere. Only a sanity check: MG+ verifies the signature and stays authoritative.
 */
import { PlyrError } from '../core/errors.js';

/** The query parameter MG+ launch URLs carry the token in, unless configured otherwise. */
export const DEFAULT_LAUNCH_TOKEN_PARAM = 'launchToken';

/** Longest launch token accepted (a JWT with a few claims is far shorter; this bounds what is sent). */
export const MAX_LAUNCH_TOKEN_LENGTH = 4096;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** What the client could read from a launch token without verifying it. */
export interface LaunchTokenInfo {
  /** Expiry (ms since the epoch), when the token has a numeric `exp` claim. */
  expiresAt?: number;
}

/**
 * Read the launch token from a URL's query string (`?launchToken=…`). Throws `LAUNCH_TOKEN_MISSING` when the
 * parameter is absent or empty.
 */
export function readLaunchToken(url: string | URL, param: string = DEFAULT_LAUNCH_TOKEN_PARAM): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PlyrError('LAUNCH_TOKEN_MISSING', 'The page URL could not be read for a launch token.');
  }
  const token = parsed.searchParams.get(param);
  if (token === null || token.trim() === '')
    throw new PlyrError(
      'LAUNCH_TOKEN_MISSING',
      `The page URL has no "${param}" parameter: open the game from an MG+ casino lobby.`,
    );
  return token.trim();
}

function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * Check that `token` is JWT-shaped (three base64url parts, JSON header and payload, bounded length) and not
 * expired at `nowMs`. Throws `LAUNCH_TOKEN_INVALID` or `LAUNCH_TOKEN_EXPIRED`; the messages never contain the token.
 */
export function checkLaunchToken(token: unknown, nowMs: number): LaunchTokenInfo {
  if (typeof token !== 'string' || token.length === 0)
    throw new PlyrError('LAUNCH_TOKEN_INVALID', 'The launch token must be a non-empty string.');
  if (token.length > MAX_LAUNCH_TOKEN_LENGTH)
    throw new PlyrError(
      'LAUNCH_TOKEN_INVALID',
      `The launch token is longer than ${MAX_LAUNCH_TOKEN_LENGTH} characters.`,
    );
  if (!JWT_SHAPE.test(token))
    throw new PlyrError('LAUNCH_TOKEN_INVALID', 'The launch token is not a JWT (three base64url parts).');
  const [headerPart = '', payloadPart = ''] = token.split('.');
  let payload: unknown;
  try {
    const header: unknown = JSON.parse(decodeBase64Url(headerPart));
    if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new Error('header');
    payload = JSON.parse(decodeBase64Url(payloadPart));
  } catch (cause) {
    throw new PlyrError(
      'LAUNCH_TOKEN_INVALID',
      'The launch token is not a JWT (undecodable header or claims).',
      {
        cause,
      },
    );
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new PlyrError('LAUNCH_TOKEN_INVALID', 'The launch token is not a JWT (claims are not an object).');
  const exp = (payload as { exp?: unknown }).exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return {};
  const expiresAt = exp * 1000;
  if (expiresAt <= nowMs)
    throw new PlyrError(
      'LAUNCH_TOKEN_EXPIRED',
      'The launch token has expired: relaunch the game from the casino lobby.',
    );
  return { expiresAt };
}
