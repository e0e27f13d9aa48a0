/**
 * `createPlyr`: the engine-agnostic PLYR client. It orchestrates the other core modules: input checks
 * (validate), requests (transport), the session's storage, tab sync, events and JWT handling.
 */
import { hasAttemptRecord, removeAttemptRecord } from './connect/attempt-record.js';
import type { ConnectDeps } from './connect/flow.js';
import { type CheckedConnectOptions, checkConnectOptions } from './connect/options.js';
import { openPopup } from './connect/popup.js';
import { isPlyrError, PlyrError } from './errors.js';
import { TypedEmitter } from './events.js';
import { lazy } from './lazy.js';
import type { LocalVerifier } from './local-verify.js';
import { sessionFromLogin, str } from './session.js';
import { createSessionStore, type SessionStore } from './session-store.js';
import { createTabSync, type TabMessage, type TabSync } from './tab-sync.js';
import { createTransport, type Transport } from './transport.js';
import type {
  ClaimingCode,
  ConnectOptions,
  LoginAndApproveOptions,
  LoginMethod,
  LoginOptions,
  LogoutOptions,
  LogoutReason,
  PlyrClient,
  PlyrEventName,
  PlyrEvents,
  PlyrListener,
  PlyrOptions,
  Session,
  SessionClaims,
  SignRequest,
  UserInfo,
} from './types.js';
import * as check from './validate.js';

/** Mainnet platform origin. */
const DEFAULT_API_BASE = 'https://api.plyr.network';

type Json = Record<string, unknown>;

/** Loaded on first use: signing in needs neither. */
const loadVerifier = lazy(() => import('./local-verify.js'));
const loadConnectFlow = lazy(() => import('./connect/flow.js'));

/** How {@link Client.#begin} stores a session: not at all, without waiting, or waiting for the write. */
const NO_WRITE = 0;
const BACKGROUND = 1;
const WAIT = 2;
type Write = typeof NO_WRITE | typeof BACKGROUND | typeof WAIT;

class Client implements PlyrClient {
  readonly gameId: string;
  readonly ready: Promise<Session | null>;
  #session: Session | null = null;
  /** Bumped on every session change, so slower work (restore, verify) never overwrites a newer state. */
  #generation = 0;
  #destroyed = false;
  readonly #events = new TypedEmitter<PlyrEvents>();
  readonly #store: SessionStore;
  #sync: TabSync | undefined;
  readonly #transport: Transport;
  readonly #now: () => number;
  #verifier: LocalVerifier | undefined;
  #writes: Promise<void> = Promise.resolve();
  readonly #apiBase: string;
  readonly #connectUrl: string | undefined;
  /** `apiBase|gameId`: names this client's stored session and its stored PLYR[CONNECT] attempt. */
  readonly #recordKey: string;
  /** The PLYR[CONNECT] attempt in flight; aborting it ends that attempt with the abort reason. */
  #connecting: AbortController | undefined;
  #resuming: Promise<Session | null> | undefined;

  constructor(options: PlyrOptions) {
    if (!check.isPlyrId(options?.gameId)) throw new PlyrError('INVALID_INPUT', 'Invalid gameId');
    if (!options.signer) throw new PlyrError('INVALID_INPUT', 'Invalid signer');
    this.gameId = options.gameId;
    this.#now = options.now ?? Date.now;
    // An origin: the `/api` prefix is part of every path, so a base that already ends in `/api` loses it.
    const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '').replace(/\/api$/, '');
    const key = `${apiBase}|${this.gameId}`;
    this.#apiBase = apiBase;
    this.#connectUrl = options.connectUrl;
    this.#recordKey = key;
    this.#transport = createTransport({
      signer: options.signer,
      apiBase,
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 2,
      now: this.#now,
    });
    this.#store = createSessionStore(options.storage, key, (error) => this.#events.emit('error', error));
    this.#sync =
      options.syncTabs === false ? undefined : createTabSync(key, (message) => this.#fromOtherTab(message));
    this.ready = this.#restore(options.verifyOnRestore !== false);
    // Back from a PLYR[CONNECT] redirect: finish it without the game having to ask (told by `login` / `error`).
    void this.ready.then(() => {
      if (this.#destroyed || !hasAttemptRecord(key)) return;
      this.completeConnect().catch((error: PlyrError) => {
        if (error.code !== 'CONNECT_CLOSED') this.#events.emit('error', error);
      });
    });
  }

  get session(): Session | null {
    return this.#session;
  }

  /** Restores the stored session: 0 requests before `ready`; the platform check runs afterwards. */
  async #restore(verify: boolean): Promise<Session | null> {
    // Let the caller subscribe first (IndexedDB can fail synchronously); then read. Never throws: storage
    // failures fall back to memory and are reported as `error` events.
    await null;
    const stored = await this.#store.load();
    if (stored && this.#generation === 0 && !this.#destroyed) {
      if (stored.expiresAt <= this.#now()) {
        await this.#save(null);
        this.#events.emit('logout', { plyrId: stored.plyrId, reason: 'expired' });
      } else {
        await this.#begin(stored, 'restore', NO_WRITE);
        if (verify)
          queueMicrotask(() =>
            this.verifySession().catch((error: PlyrError) => {
              // An error that ended the session was already told as a `logout`; others keep it and are reported.
              if (this.#session) this.#events.emit('error', error);
            }),
          );
      }
    }
    const session = this.#session;
    this.#events.emit('ready', { session });
    return session;
  }

  /** Sends a request; `session` tells the error table whether the JWT it carries is past `exp` locally. */
  #send(request: SignRequest, session?: Session): Promise<Json> {
    return this.#transport(request, session ? { jwtExpired: session.expiresAt <= this.#now() } : {});
  }

  /**
   * POSTs `{ sessionJwt }` of `session` to `path`. A failure may end the session (see {@link #sessionFailure}),
   * except for logout, which ends it anyway.
   */
  async #withJwt(path: string, session: Session, logout?: boolean): Promise<Json> {
    try {
      return await this.#send({ method: 'POST', path, body: { sessionJwt: session.sessionJwt } }, session);
    } catch (error) {
      throw logout ? error : await this.#sessionFailure(error, session);
    }
  }

  #requireSession(): Session {
    if (!this.#session) throw new PlyrError('NOT_SIGNED_IN', 'Not signed in');
    return this.#session;
  }

  /** Writes the session (or its absence); writes run one after another, so the last one wins. */
  #save(session: Session | null): Promise<void> {
    this.#writes = this.#writes.then(() => this.#store.save(session));
    return this.#writes;
  }

  /**
   * A session began (or was restored): store it, tell the other tabs, emit `login` and `session`. `write`:
   * {@link WAIT} for guests (the session is the account's only credential), {@link BACKGROUND} for 2FA logins (the
   * account survives a lost write; waiting for IndexedDB would slow every login), {@link NO_WRITE} for a restore.
   */
  async #begin(session: Session, method: LoginMethod, write: Write): Promise<void> {
    this.#generation++;
    this.#session = session;
    if (write !== NO_WRITE) {
      const saved = this.#save(session);
      if (write === WAIT) await saved;
      this.#sync?.post({ session, method });
    }
    this.#events.emit('login', { session, method });
    this.#events.emit('session', { session });
  }

  /** The session ended: forget it everywhere, emit `logout` and `session`. */
  async #end(reason: LogoutReason): Promise<void> {
    const ended = this.#session;
    if (!ended) return;
    this.#generation++;
    this.#session = null;
    await this.#save(null);
    this.#sync?.post({ session: null });
    this.#events.emit('logout', { plyrId: ended.plyrId, reason });
    this.#events.emit('session', { session: null });
  }

  #fromOtherTab({ session, method }: TabMessage): void {
    const current = this.#session;
    if (this.#destroyed || session?.sessionJwt === current?.sessionJwt) return;
    this.#generation++;
    this.#session = session;
    if (!this.#store.shared) void this.#save(session);
    if (current && session?.plyrId !== current.plyrId)
      this.#events.emit('logout', { plyrId: current.plyrId, reason: 'other-tab' });
    if (session) this.#events.emit('login', { session, method: method ?? 'restore' });
    this.#events.emit('session', { session });
  }

  /**
   * What a failed request that carried `session`'s JWT means for the session. Ends it when the platform says it
   * is over; a guest is kept through everything except a claim (`User not found`) or a revocation.
   * @returns the error to reject with.
   */
  async #sessionFailure(error: unknown, session: Session): Promise<unknown> {
    if (!isPlyrError(error) || this.#session?.sessionJwt !== session.sessionJwt) return error;
    const { code } = error;
    if (session.isGuest && code === 'USER_NOT_FOUND') {
      this.#events.emit('guest:claimed', { plyrId: session.plyrId });
      await this.#end('claimed');
      return new PlyrError('ACCOUNT_CLAIMED', 'Guest account claimed', {
        status: error.status,
        cause: error,
      });
    }
    if (code === 'SESSION_REVOKED' || (!session.isGuest && code === 'USER_NOT_FOUND'))
      await this.#end('revoked');
    else if (!session.isGuest && (code === 'SESSION_EXPIRED' || code === 'INVALID_JWT'))
      await this.#end('expired');
    return error;
  }

  async #loginWith(path: string, body: Json, method: LoginMethod): Promise<Session> {
    const session = sessionFromLogin(await this.#send({ method: 'POST', path, body }));
    await this.#begin(session, method, BACKGROUND);
    return session;
  }

  async login(options: LoginOptions): Promise<Session> {
    return this.#loginWith('/api/user/login', this.#otpBody(options), 'otp');
  }

  async loginAndApprove(options: LoginAndApproveOptions): Promise<Session> {
    const body = this.#otpBody(options);
    body.tokens = check.tokens(options.tokens, true);
    body.amounts = check.amounts(options.amounts, (body.tokens as string[]).length);
    return this.#loginWith('/api/user/loginAndApprove', body, 'otp');
  }

  #otpBody(options: LoginOptions): Json {
    const o: Partial<LoginOptions> = options ?? {};
    const body: Json = { plyrId: check.plyrId(o.plyrId), otp: check.otp(o.otp), gameId: this.gameId };
    const expiresIn = check.expiresIn(o.expiresIn);
    if (expiresIn) body.expiresIn = expiresIn;
    return body;
  }

  async registerGuest(options?: { tokens?: string[] }): Promise<Session> {
    if (this.#session?.isGuest) return this.#session;
    const tokens = check.tokens(options?.tokens ?? [], false);
    const answer = await this.#send({
      method: 'POST',
      path: '/api/instantPlayPass/register',
      body: { tokens, gameId: this.gameId },
    });
    const session: Session = { ...sessionFromLogin(answer), isGuest: true };
    await this.#begin(session, 'guest', WAIT);
    this.#events.emit('guest:registered', { session });
    return session;
  }

  async revealClaimingCode(): Promise<ClaimingCode> {
    const session = this.#requireSession();
    if (!session.isGuest) throw new PlyrError('INVALID_INPUT', 'Not a guest');
    const answer = await this.#withJwt('/api/instantPlayPass/reveal/claimingCode', session);
    const code = { claimingCode: str(answer.claimingCode), claimingUrl: str(answer.claimingUrl) };
    this.#events.emit('guest:claim-code', code);
    return code;
  }

  async verifyClaimingCode(code: string): Promise<{ plyrId: string; verified: boolean }> {
    const path = `/api/instantPlayPass/verify/claimingCode/${check.claimingCode(code)}`;
    const answer = await this.#send({ method: 'GET', path });
    return { plyrId: str(answer.plyrId), verified: answer.verified === true };
  }

  async verifySession(): Promise<Session | null> {
    const session = this.#session;
    if (!session) return null;
    await this.#withJwt('/api/user/session/verify', session);
    // The platform confirmed the JWT; a newer session may have arrived meanwhile (login, other tab).
    return this.#session;
  }

  async logout(options?: LogoutOptions): Promise<void> {
    const session = this.#session;
    if (!session) return;
    if (session.isGuest && !options?.forgetGuest)
      throw new PlyrError('GUEST_ACCOUNT', 'Guest: use { forgetGuest: true }');
    let failure: unknown;
    if (!session.isGuest) {
      failure = await this.#withJwt('/api/user/logout', session, true).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    if (this.#session?.sessionJwt === session.sessionJwt) await this.#end('user');
    // Already over at the platform: the player is logged out, which is what was asked.
    const over = ['SESSION_REVOKED', 'SESSION_EXPIRED', 'INVALID_JWT', 'USER_NOT_FOUND'];
    if (failure && !(isPlyrError(failure) && over.includes(failure.code))) throw failure;
  }

  async userInfo(plyrIdOrAddress?: string): Promise<UserInfo> {
    const who =
      plyrIdOrAddress === undefined ? this.#requireSession().plyrId : check.plyrIdOrAddress(plyrIdOrAddress);
    const { plyrId, primaryAddress, mirrorAddress, chainId, avatar, createdAt, isIPP, ippClaimed } =
      (await this.#send({
        method: 'GET',
        path: `/api/user/info/${who}`,
      })) as Omit<UserInfo, 'isGuest' | 'claimed'> & Json;
    return {
      plyrId,
      primaryAddress,
      mirrorAddress,
      chainId,
      avatar,
      createdAt,
      isGuest: isIPP === true,
      claimed: ippClaimed === true,
    };
  }

  async avatar(plyrId?: string): Promise<string> {
    const who = plyrId === undefined ? this.#requireSession().plyrId : check.plyrId(plyrId);
    return str((await this.#send({ method: 'GET', path: `/api/user/avatar/${who}` })).avatar);
  }

  /** The JWT checker: its code (a chunk) and then the platform's public key are fetched on first use. */
  async #localVerifier(): Promise<LocalVerifier> {
    const { createLocalVerifier } = await loadVerifier();
    this.#verifier ??= createLocalVerifier({
      gameId: this.gameId,
      now: this.#now,
      publicKey: async () => str((await this.#send({ method: 'GET', path: '/api/jwt/publicKey' })).publicKey),
    });
    return this.#verifier;
  }

  async verifyJwtLocally(jwt?: string): Promise<SessionClaims> {
    const token = jwt ?? this.#requireSession().sessionJwt;
    return (await this.#localVerifier()).verify(token);
  }

  /**
   * The PLYR[CONNECT] flows, loaded on first use (most sign-ins never need them), with what they need from the
   * client: platform calls through the signer and the JWT check.
   */
  async #connectFlow(): Promise<{ flow: typeof import('./connect/flow.js'); deps: ConnectDeps }> {
    const flow = await loadConnectFlow();
    const deps: ConnectDeps = {
      gameId: this.gameId,
      page: flow.connectPageUrl(this.#apiBase, this.#connectUrl),
      now: this.#now,
      verify: (jwt) => this.verifyJwtLocally(jwt),
      read: (uid) => this.#send({ method: 'GET', path: `/api/auth/read/${encodeURIComponent(uid)}` }),
      revoke: (uid) =>
        this.#send({ method: 'POST', path: `/api/auth/revoke/${encodeURIComponent(uid)}`, body: {} }),
      store: flow.attemptStore(this.#recordKey),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    return { flow, deps };
  }

  /** Ends the attempt in flight (with `CONNECT_CLOSED`) and makes a new one current. */
  #newConnectAttempt(why: string): AbortController {
    this.#connecting?.abort(new PlyrError('CONNECT_CLOSED', `PLYR[CONNECT]: ${why}`));
    this.#connecting = new AbortController();
    return this.#connecting;
  }

  /** Signs in with a connect attempt's session, unless the attempt was ended meanwhile. */
  async #connected(result: Promise<Session>, attempt: AbortController): Promise<Session> {
    try {
      const session = await result;
      if (attempt.signal.aborted) throw attempt.signal.reason;
      await this.#begin(session, 'connect', BACKGROUND);
      return session;
    } finally {
      if (this.#connecting === attempt) this.#connecting = undefined;
    }
  }

  // Not `async` up to the popup: it must open synchronously, inside the player's click, while the flow loads.
  connect(options?: ConnectOptions): Promise<Session> {
    let checked: CheckedConnectOptions;
    let popup: Window | undefined;
    try {
      checked = checkConnectOptions(options ?? {});
      if (checked.mode === 'popup') popup = openPopup();
    } catch (error) {
      return Promise.reject(error);
    }
    const attempt = this.#newConnectAttempt('replaced by a newer attempt');
    // The public key is needed for the answer: fetch it while the player approves.
    if (checked.mode !== 'redirect')
      this.#localVerifier().then(
        (v) => v.prefetch(),
        () => undefined,
      );
    const result = this.#connectFlow().then(
      ({ flow, deps }) => flow.startConnect(checked, deps, attempt.signal, popup),
      (error: unknown) => {
        popup?.close();
        throw error;
      },
    );
    return this.#connected(result, attempt);
  }

  completeConnect(): Promise<Session | null> {
    this.#resuming ??= this.#resume().finally(() => {
      this.#resuming = undefined;
    });
    return this.#resuming;
  }

  async #resume(): Promise<Session | null> {
    if (!hasAttemptRecord(this.#recordKey)) return null;
    const { flow, deps } = await this.#connectFlow();
    const stored = deps.store.load();
    if (!stored) return null;
    const attempt = this.#newConnectAttempt('replaced by a newer attempt');
    return this.#connected(flow.resumeConnect(stored, deps, attempt.signal), attempt);
  }

  cancelConnect(): void {
    this.#connecting?.abort(new PlyrError('CONNECT_CLOSED', 'PLYR[CONNECT]: cancelled'));
    this.#connecting = undefined;
    removeAttemptRecord(this.#recordKey);
  }

  on<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    return this.#events.on(event, listener);
  }

  once<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void {
    return this.#events.once(event, listener);
  }

  off<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): void {
    this.#events.off(event, listener);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#connecting?.abort(new PlyrError('CONNECT_CLOSED', 'PLYR[CONNECT]: client destroyed'));
    this.#sync?.close();
    this.#sync = undefined;
    this.#events.clear();
  }
}

/**
 * Creates the PLYR client of a game.
 *
 * ```ts
 * const plyr = createPlyr({ gameId: 'mygame', signer: '/plyr/sign', apiBase: 'https://api-testnet.plyr.network' });
 * const session = await plyr.ready;          // restored from IndexedDB, or null (no request before this)
 * plyr.on('logout', ({ reason }) => showLogin(reason));
 * await plyr.login({ plyrId: 'alice', otp: '123456' });
 * ```
 * Throws `INVALID_INPUT` for a malformed `gameId` or a missing `signer`. Every method rejects with a
 * {@link PlyrError}; bad arguments reject with `INVALID_INPUT` before anything is sent.
 */
export function createPlyr(options: PlyrOptions): PlyrClient {
  return new Client(options);
}
