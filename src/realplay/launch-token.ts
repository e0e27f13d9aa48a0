/**
 * The MG+ launch token on the browser side: read it from the launch URL and check that it is worth sending (see
 * `launch-token-rule.ts`). The token is opaque: MG+ verifies it and decides whether it has expired.
 */
import { PlyrError } from '../core/errors.js';
import { isLaunchToken, MAX_LAUNCH_TOKEN_LENGTH } from './launch-token-rule.js';

/** The query parameter MG+ launch URLs carry the token in, unless configured otherwise. */
export const DEFAULT_LAUNCH_TOKEN_PARAM = 'launchToken';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** What the client could read from a launch token without verifying it: hints, never grounds for refusing it. */
export interface LaunchTokenInfo {
  /**
   * Expiry (ms since the epoch) claimed by the token, when it happens to be a JWT with a numeric `exp`. A hint only
   * (e.g. for a "this launch may have expired" line): MG+ decides, and the player's clock may be wrong.
   */
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

/** The `exp` claim (ms) of a JWT-shaped token; `undefined` for any other token or an unreadable one. */
function expiryHint(token: string): number | undefined {
  if (!JWT_SHAPE.test(token)) return undefined;
  try {
    const payload: unknown = JSON.parse(decodeBase64Url(token.split('.')[1] ?? ''));
    const exp = (payload as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    // Looks like a JWT but is not one: still a token MG+ may accept.
    return undefined;
  }
}

/**
 * Check that `token` may be sent to MG+: a non-empty string of at most 4096 visible ASCII characters (the shared
 * rule of `launch-token-rule.ts`), JWT or not. Throws `LAUNCH_TOKEN_INVALID` otherwise; the message never contains
 * the token. Never refuses by the local clock: a JWT's `exp` is returned as a hint.
 */
export function checkLaunchToken(token: unknown): LaunchTokenInfo {
  if (typeof token !== 'string' || token.length === 0)
    throw new PlyrError('LAUNCH_TOKEN_INVALID', 'The launch token must be a non-empty string.');
  if (token.length > MAX_LAUNCH_TOKEN_LENGTH)
    throw new PlyrError(
      'LAUNCH_TOKEN_INVALID',
      `The launch token is longer than ${MAX_LAUNCH_TOKEN_LENGTH} characters.`,
    );
  if (!isLaunchToken(token))
    throw new PlyrError(
      'LAUNCH_TOKEN_INVALID',
      'The launch token has characters other than visible ASCII (spaces or control characters).',
    );
  const expiresAt = expiryHint(token);
  return expiresAt === undefined ? {} : { expiresAt };
}
