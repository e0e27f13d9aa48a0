/**
 * One PLYR[CONNECT] attempt from start to verified session, for each mode. The client supplies the platform
 * calls and the JWT check; this module owns the order of things and the clean-up. The client imports it lazily
 * (`import()`), so a game that never uses PLYR[CONNECT] does not download it.
 */
import { PlyrError } from '../errors.js';
import type { Session, SessionClaims, SignRequest } from '../types.js';
import { sessionFromConnectAnswer } from './answer.js';
import { type AttemptStore, attemptStore, type ConnectAttempt, newAttempt } from './attempt.js';
import type { CheckedConnectOptions } from './options.js';
import { pollHandOff } from './poll.js';
import { encodeBase64Json, PLATFORM_MODES, type RequestData } from './request-data.js';
import { attemptUrl, connectPageUrl } from './url.js';
import { waitForAnswer } from './wait-answer.js';
import { mountIframe } from './windows.js';

/** What the client lends a flow: its identity, its platform calls through the signer and its JWT check. */
export interface ConnectClient {
  gameId: string;
  apiBase: string;
  /** `createPlyr`'s `connectUrl`. */
  connectUrl: string | undefined;
  /** `apiBase|gameId`: names the client's stored redirect attempt. */
  recordKey: string;
  now(): number;
  /** Sends one platform request through the signer. */
  send(request: SignRequest): Promise<Record<string, unknown>>;
  /** Local JWT check (ES256, gameId, exp); rejects when it fails. */
  verify(jwt: string): Promise<SessionClaims>;
}

/** The {@link ConnectDeps} of a client (built here, in the lazily loaded chunk, to keep the client small). */
export function connectDeps(client: ConnectClient): ConnectDeps {
  const { send } = client;
  return {
    gameId: client.gameId,
    page: connectPageUrl(client.apiBase, client.connectUrl),
    now: client.now,
    verify: client.verify,
    read: (uid) => send({ method: 'GET', path: `/api/auth/read/${encodeURIComponent(uid)}` }),
    revoke: (uid) => send({ method: 'POST', path: `/api/auth/revoke/${encodeURIComponent(uid)}`, body: {} }),
    store: attemptStore(client.recordKey),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** What a flow needs from the client. */
export interface ConnectDeps {
  gameId: string;
  /** The hosted page. */
  page: URL;
  now(): number;
  /** Local JWT check (ES256, gameId, exp); rejects when it fails. */
  verify(jwt: string): Promise<SessionClaims>;
  /** `GET /api/auth/read/:uid` through the signer. */
  read(uid: string): Promise<Record<string, unknown>>;
  /** `POST /api/auth/revoke/:uid` through the signer. */
  revoke(uid: string): Promise<unknown>;
  store: AttemptStore;
  /** Waits `ms` between reads. */
  sleep(ms: number): Promise<void>;
}

/** The request data and URL of a new attempt. */
function prepare(
  options: CheckedConnectOptions,
  deps: ConnectDeps,
): { attempt: ConnectAttempt; url: string } {
  const { mode, action } = options;
  const attempt = newAttempt(mode, action, deps.page.origin, deps.now() + options.timeoutMs);
  const data: RequestData = {
    gameId: deps.gameId,
    expiresIn: options.expiresIn,
    mode: PLATFORM_MODES[mode],
    callbackString: attempt.callbackString,
    callbackUrl: options.callbackUrl,
  };
  if (mode === 'redirect') data.uid = attempt.uid;
  if (action === 'loginAndApprove') {
    data.tokens = options.tokens;
    data.amounts = options.amounts;
    if (options.plyrId !== undefined) data.plyrId = options.plyrId;
  }
  return { attempt, url: attemptUrl(deps.page, action, encodeBase64Json(data)) };
}

/**
 * Starts an attempt with checked options. Popup mode sends `popup` (opened by the caller inside the player's click)
 * to the hosted page; redirect mode stores the attempt and navigates away, and its promise
 * does not settle unless `signal` aborts.
 */
export function startConnect(
  options: CheckedConnectOptions,
  deps: ConnectDeps,
  signal: AbortSignal,
  popup?: Window,
): Promise<Session> {
  // Ended while this module was loading: nothing is shown.
  if (signal.aborted) {
    popup?.close();
    return Promise.reject(signal.reason);
  }
  const { attempt, url } = prepare(options, deps);
  const { timeoutMs } = options;
  if (attempt.mode === 'redirect') {
    if (!deps.store.save(attempt))
      throw new PlyrError('CONNECT_BLOCKED', 'PLYR[CONNECT]: no sessionStorage to come back to');
    location.assign(url);
    return new Promise((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
  let closed: () => boolean = () => false;
  let cleanUp: () => void;
  if (attempt.mode === 'popup') {
    if (!popup) throw new PlyrError('CONNECT_BLOCKED', 'PLYR[CONNECT]: no popup window');
    const window = popup;
    window.location.replace(url);
    closed = () => window.closed;
    cleanUp = () => window.close();
  } else {
    // The overlay's close button ends the attempt too: one signal for both. `outer` keeps the caller's signal, whose
    // reason (CONNECT_CLOSED from cancelConnect or a newer attempt) is the one to pass on.
    const outer = signal;
    const abort = new AbortController();
    outer.addEventListener('abort', () => abort.abort(outer.reason), { once: true });
    signal = abort.signal;
    cleanUp = mountIframe(url, options.container, () =>
      abort.abort(new PlyrError('CONNECT_CLOSED', 'PLYR[CONNECT]: closed')),
    );
  }
  return waitForAnswer({ attempt, timeoutMs, signal, closed })
    .finally(cleanUp)
    .then((data) => sessionFromConnectAnswer(data, deps.verify));
}

/** Finishes a stored redirect attempt: polls the hand-off, revokes it, verifies the JWT. */
export async function resumeConnect(
  attempt: ConnectAttempt,
  deps: ConnectDeps,
  signal: AbortSignal,
): Promise<Session> {
  try {
    const data = await pollHandOff({
      read: () => deps.read(attempt.uid),
      now: deps.now,
      sleep: deps.sleep,
      deadline: attempt.deadline,
      signal,
    });
    // The hand-off holds a live session JWT that any API key could read: gone as soon as it is used.
    await deps.revoke(attempt.uid).catch(() => undefined);
    if (typeof data.sessionJwt !== 'string')
      throw new PlyrError('CONNECT_DENIED', 'PLYR[CONNECT]: no session in the hand-off', { cause: data });
    return await sessionFromConnectAnswer(data, deps.verify);
  } finally {
    // A newer redirect attempt may have replaced this one's record meanwhile.
    if (deps.store.load()?.uid === attempt.uid) deps.store.clear();
  }
}
