/**
 * What counts as a launch token, for the browser client and the studio's relay alike (pure: no imports, so
 * `src/server` can import it). MG+ calls the token a JWT, yet its own example (`eyJhbG9hshdgjh38Gsjsk3jdl`) is not
 * one: the token is opaque and MG+ alone judges it. Refusing a token MG+ would accept costs the whole launch, while
 * sending one it refuses costs one 401, so the rule only bounds what is forwarded: 1 to 4096 visible ASCII
 * characters (no spaces or control characters). No clock is involved: expiry is MG+'s to decide.
 */

/** Longest launch token accepted: far above any JWT with a few claims; bounds what a relay forwards. */
export const MAX_LAUNCH_TOKEN_LENGTH = 4096;

/**
 * The shape of an acceptable launch token: 1 to {@link MAX_LAUNCH_TOKEN_LENGTH} characters from `!` (0x21) to `~`
 * (0x7E). Covers JWTs, base64 / base64url, hex and URL-safe opaque tokens.
 */
export const LAUNCH_TOKEN_PATTERN: RegExp = /^[!-~]{1,4096}$/;

/** True when `value` is a string MG+ may be asked about (see {@link LAUNCH_TOKEN_PATTERN}). */
export function isLaunchToken(value: unknown): value is string {
  return typeof value === 'string' && LAUNCH_TOKEN_PATTERN.test(value);
}
