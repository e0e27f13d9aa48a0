/**
 * Validation of the hosted page's `postMessage` answer (docs/platform/plyr-api.md#plyrconnect-hand-off):
 * `{ vendor: 'plyrconnect', action, callbackString, callbackData: base64(JSON) }`.
 */
import { isObject, safeText } from '../answers.js';
import { PlyrError } from '../errors.js';
import type { ConnectAttempt } from './attempt.js';
import { decodeBase64Json } from './request-data.js';

/** What to do with one message event. */
export type MessageVerdict =
  /** Not ours (other traffic, or a late answer of an earlier attempt): keep waiting. */
  | { kind: 'ignore' }
  /** The decoded `callbackData` of this attempt (not yet verified: its JWT must be checked). */
  | { kind: 'answer'; data: Record<string, unknown> }
  /** The attempt ends with this error. */
  | { kind: 'reject'; error: PlyrError };

const reject = (message: string): MessageVerdict => ({
  kind: 'reject',
  error: new PlyrError('CONNECT_REJECTED', `PLYR[CONNECT]: ${message}`),
});

/**
 * Judges a message event against the attempt. A `plyrconnect` message from any other origin is a forgery and
 * ends the attempt; one from the hosted page with another `callbackString` belongs to an older attempt and is
 * ignored (only the hosted page can post from its origin, and it only knows the callback strings it was given).
 */
export function readConnectMessage(
  event: { origin: string; data: unknown },
  attempt: Pick<ConnectAttempt, 'origin' | 'callbackString' | 'action'>,
): MessageVerdict {
  const { data } = event;
  if (!isObject(data) || data.vendor !== 'plyrconnect') return { kind: 'ignore' };
  if (event.origin !== attempt.origin)
    return reject(`answer from another origin (${safeText(event.origin)})`);
  if (data.callbackString !== attempt.callbackString) return { kind: 'ignore' };
  if (data.action !== attempt.action) return reject('answer for another action');
  let decoded: unknown;
  try {
    decoded = decodeBase64Json(data.callbackData);
  } catch {
    return reject('unreadable callbackData');
  }
  if (!isObject(decoded)) return reject('unreadable callbackData');
  if (typeof decoded.sessionJwt !== 'string') {
    const why = typeof decoded.error === 'string' ? decoded.error : 'no session';
    return {
      kind: 'reject',
      error: new PlyrError('CONNECT_DENIED', `PLYR[CONNECT]: ${safeText(why)}`, { cause: decoded }),
    };
  }
  return { kind: 'answer', data: decoded };
}
