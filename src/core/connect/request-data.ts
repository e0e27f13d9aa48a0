/**
 * The `requestData` of a hosted-page attempt (docs/platform/plyr-api.md#plyrconnect-hand-off): base64 of UTF-8 JSON,
 * and the same encoding for the page's `callbackData` answer.
 */
import type { ConnectMode } from '../types.js';

/** The hosted page's name for each of our modes (`popup` is the platform's `opener`). */
export const PLATFORM_MODES: Readonly<Record<ConnectMode, 'opener' | 'iframe' | 'redirect'>> = {
  popup: 'opener',
  iframe: 'iframe',
  redirect: 'redirect',
};

/** What the hosted page is told. */
export interface RequestData {
  gameId: string;
  /**
   * Seconds, as a number: the docs' examples write a string, but a numeric string reaches the platform's JWT
   * library as milliseconds (docs/platform/plyr-api.md#login), so a number is the form that cannot shorten the
   * session.
   */
  expiresIn: number;
  mode: 'opener' | 'iframe' | 'redirect';
  callbackString: string;
  callbackUrl: string;
  /** Only for `redirect`: the hand-off is readable by any API key for 10 minutes, so it is made only when needed. */
  uid?: string;
  plyrId?: string;
  tokens?: string[];
  amounts?: Array<number | string>;
}

/** base64 of the UTF-8 JSON text of `value`. */
export function encodeBase64Json(value: unknown): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(value))) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The value of a base64 (or base64url) UTF-8 JSON text; throws on anything else. */
export function decodeBase64Json(text: unknown): unknown {
  if (typeof text !== 'string') throw new TypeError('not a string');
  const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}
