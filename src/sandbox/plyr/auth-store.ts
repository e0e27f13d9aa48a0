/** PLYR[CONNECT] hand-offs: `uid` on login/loginAndApprove stores the response for `/api/auth/read/:uid`. */
import type { Platform } from './context.js';
import { libraryError } from './errors.js';
import { duplicateKeyMessage } from './state.js';

/** How long `/api/auth/read` serves a stored answer. */
export const AUTH_TTL_MS = 10 * 60 * 1000;

/**
 * `Auth.create({uid, data})` when `uid` is truthy. Throws the database's errors (→ 500) for a reused uid or one
 * that is not a string-like value, after the login already took effect — as on the platform.
 */
export function storeAuth(p: Platform, uid: unknown, data: unknown): void {
  if (!uid) return;
  if (typeof uid === 'object') {
    const type = Array.isArray(uid) ? 'Array' : 'Object';
    throw libraryError(
      `Auth validation failed: uid: Cast to string failed for value "${JSON.stringify(uid)}" (type ${type}) at path "uid"`,
      'ValidationError',
    );
  }
  const key = String(uid);
  if (p.state.auths.has(key))
    throw libraryError(duplicateKeyMessage('auths', 'uid', JSON.stringify(key)), 'MongoServerError');
  p.state.auths.set(key, { uid: key, data, createdAt: p.now() });
}
