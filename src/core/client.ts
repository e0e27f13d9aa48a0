/**
 * `createPlyr`: the engine-agnostic PLYR client. It orchestrates the other core modules: input checks
 * (validate), requests (transport), the session's storage, tab sync, events and JWT handling.
 */
import { isObject } from './answers.js';
import { hasAttemptRecord, removeAttemptRecord } from './connect/attempt-record.js';
import type { ConnectDeps } from './connect/flow.js';
import { type CheckedConnectOptions, checkConnectOptions } from './connect/options.js';
import { openPopup } from './connect/popup.js';
import { isPlyrError, PlyrError } from './errors.js';
import { TypedEmitter } from './events.js';
import { expectAnswer } from './expect-answer.js';
import { lazy, loadConnectFlow, loadProfile, loadVerifier } from './lazy.js';
import type { LocalVerifier } from './local-verify.js';
import { expired, sessionFromLogin } from './session.js';
import { SessionKeeper } from './session-keeper.js';
import { createTransport, type Transport } from './transport.js';
import type {
  Allowance,
  ClaimingCode,
  ConnectOptions,
  LoginAndApproveOptions,
  LoginMethod,
  LoginOptions,
  LogoutOptions,
  PlyrClient,
  PlyrEventName,
  PlyrEvents,
  PlyrListener,
  PlyrOptions,
  RevokeOptions,
  Session,
  SessionClaims,
  SignRequest,
  UserInfo,
} from './types.js';
import * as check from './validate.js';

/** Mainnet platform origin. */
const DEFAULT_API_BASE = 'https://api.plyr.network';

type Json = Record<string, unknown>;

class Client implements PlyrClient {
  readonly gameId: string;
  readonly ready: Promise<Session | null>;
  #destroyed = false;
  readonly #events = new TypedEmitter<PlyrEvents>();
  /** The current session, the guest kept beside it, their storage and the other tabs. */
  readonly #keeper: SessionKeeper;
  readonly #transport: Transport;
  readonly #now: () => number;
  #verifier: LocalVerifier | undefined;
  /**
   * The allowance calls: a chunk, loaded on first use (arguments are checked here first, so bad input never waits on
   * a download; the chunk checks the session).
   */
  readonly #allowances = lazy(() =>
    import('./allowances.js').then(
      ({ AllowanceKeeper }) => new AllowanceKeeper(this, this.#sendFn, this.#events),
    ),
  );
  readonly #apiBase: string;
  readonly #connectUrl: string | undefined;
  /** `apiBase|gameId`: names this client's stored session and its stored PLYR[CONNECT] attempt. */
  readonly #recordKey: string;
  /** The PLYR[CONNECT] attempt in flight; aborting it ends that attempt with the abort reason. */
  #connecting: AbortController | undefined;
  #resuming: Promise<Session | null> | undefined;

  constructor(options: PlyrOptions) {
    if (!check.isPlyrId(options?.gameId)) throw check.invalid('gameId');
    if (!options.signer) throw check.invalid('signer');
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
    this.#keeper = new SessionKeeper(key, options, this.#events);
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
    return this.#keeper.session;
  }

  get keptGuest(): Session | null {
    return this.#keeper.keptGuest;
  }

  /** Restores the stored session: 0 requests before `ready`; the platform check runs afterwards. */
  async #restore(verify: boolean): Promise<Session | null> {
    // Let the caller subscribe first (IndexedDB can fail synchronously); then read. Never throws: storage
    // failures fall back to memory and are reported as `error` events.
    await null;
    await this.#keeper.restore(this.#now());
    if (verify && this.session)
      queueMicrotask(() =>
        this.verifySession().catch((error: PlyrError) => {
          // An error that ended the session was already told as a `logout`; others keep it and are reported.
          if (this.session) this.#events.emit('error', error);
        }),
      );
    const { session } = this;
    this.#events.emit('ready', { session });
    return session;
  }

  /** {@link #send} for the lazily loaded modules. */
  readonly #sendFn = (request: SignRequest): Promise<Json> => this.#send(request);

  /** Sends a request; `session` tells the error table whether the JWT it carries is past `exp` locally. */
  #send(request: SignRequest, session?: Session): Promise<Json> {
    return this.#transport(request, session ? { jwtExpired: expired(session, this.#now()) } : {});
  }

  /**
   * POSTs `{ sessionJwt }` of `session` to `path`. A failure may end the session (see {@link #sessionFailure});
   * `goneStatus` is the status with which this route says the account is gone (`null`: never ends it, for logout,
   * which ends the session anyway).
   */
  async #withJwt(path: string, session: Session, goneStatus: number | null = 401): Promise<Json> {
    try {
      return await this.#send({ method: 'POST', path, body: { sessionJwt: session.sessionJwt } }, session);
    } catch (error) {
      throw goneStatus === null ? error : await this.#sessionFailure(error, session, goneStatus);
    }
  }

  #requireSession(): Session {
    if (!this.session) throw new PlyrError('NOT_SIGNED_IN', 'Not signed in');
    return this.session;
  }

  /**
   * What a failed request that carried `session`'s JWT means for the session. Ends it when the platform says it
   * is over. A guest is kept through everything except a claim (`User not found`) or a revocation (`JWT nonce is
   * expired`), and only when the platform itself said so: its JSON answer (no endpoint `code`) with `goneStatus`,
   * never a proxy's plain-text page, a signer's refusal or another status.
   * @returns the error to reject with.
   */
  async #sessionFailure(error: unknown, session: Session, goneStatus: number): Promise<unknown> {
    if (!isPlyrError(error) || this.session?.sessionJwt !== session.sessionJwt) return error;
    const { code, cause } = error;
    if (session.isGuest && !(error.status === goneStatus && isObject(cause) && !('code' in cause)))
      return error;
    if (session.isGuest && code === 'USER_NOT_FOUND') {
      this.#events.emit('guest:claimed', { plyrId: session.plyrId });
      await this.#keeper.end('claimed');
      return new PlyrError('ACCOUNT_CLAIMED', 'Guest account claimed', {
        status: error.status,
        cause: error,
      });
    }
    if (code === 'SESSION_REVOKED' || (!session.isGuest && code === 'USER_NOT_FOUND'))
      await this.#keeper.end('revoked');
    else if (!session.isGuest && (code === 'SESSION_EXPIRED' || code === 'INVALID_JWT'))
      await this.#keeper.end('expired');
    return error;
  }

  /**
   * A session from a login answer, for this game only: a signer set up with another game's keys signs players in
   * to that game, which must not pass for this one (nothing is kept).
   */
  #ownSession(answer: Json): Session {
    const session = sessionFromLogin(answer);
    if (session.gameId !== this.gameId)
      throw new PlyrError(
        'GAME_MISMATCH',
        `Signed in to game "${session.gameId}", not "${this.gameId}": give the signer and createPlyr the same gameId`,
      );
    return session;
  }

  async #loginWith(path: string, body: Json, method: LoginMethod): Promise<Session> {
    const session = this.#ownSession(await this.#send({ method: 'POST', path, body }));
    await this.#keeper.begin(session, method);
    return session;
  }

  async login(options: LoginOptions): Promise<Session> {
    return this.#loginWith('/api/user/login', this.#otpBody(options), 'otp');
  }

  async loginAndApprove(options: LoginAndApproveOptions): Promise<Session> {
    const body = this.#otpBody(options);
    body.tokens = check.tokens(options.tokens, true);
    body.amounts = check.amounts(options.amounts, (body.tokens as string[]).length);
    const session = await this.#loginWith('/api/user/loginAndApprove', body, 'otp');
    // What the player approved, as the platform keeps it (with its expiry), told as `allowances`.
    this.#allowances()
      .then((keeper) => keeper.read(true))
      .catch((error: PlyrError) => this.#events.emit('error', error));
    return session;
  }

  #otpBody(options: LoginOptions): Json {
    const o: Partial<LoginOptions> = options ?? {};
    const body: Json = { plyrId: check.plyrId(o.plyrId), otp: check.otp(o.otp), gameId: this.gameId };
    const expiresIn = check.expiresIn(o.expiresIn);
    if (expiresIn) body.expiresIn = expiresIn;
    return body;
  }

  async registerGuest(options?: { tokens?: string[] }): Promise<Session> {
    const current = this.session;
    if (current?.isGuest) {
      await this.#keeper.written(); // a guest still being stored is not handed out before it is
      return current;
    }
    // A second guest would leave the first one's account behind: go back to a kept or stored guest instead.
    if (this.keptGuest) {
      await this.logout().catch(() => undefined);
      if (this.session?.isGuest) return this.session;
    }
    const tokens = check.tokens(options?.tokens ?? [], false);
    const generation = this.#keeper.generation;
    const guest = await this.#keeper.storedGuest();
    if (guest && generation === this.#keeper.generation) {
      await this.#keeper.begin(guest, 'restore');
      return guest;
    }
    const answer = await this.#send({
      method: 'POST',
      path: '/api/instantPlayPass/register',
      body: { tokens, gameId: this.gameId },
    });
    const session: Session = { ...this.#ownSession(answer), isGuest: true };
    await this.#keeper.begin(session, 'guest');
    this.#events.emit('guest:registered', { session });
    return session;
  }

  async revealClaimingCode(): Promise<ClaimingCode> {
    const session = this.#requireSession();
    if (!session.isGuest) throw new PlyrError('INVALID_INPUT', 'Not a guest');
    // This route answers its JWT errors with 500 (docs/platform/plyr-api.md#reveal-claiming-code).
    const code = await (await loadProfile()).revealClaimingCode((path) => this.#withJwt(path, session, 500));
    this.#events.emit('guest:claim-code', code);
    return code;
  }

  async verifyClaimingCode(code: string): Promise<{ plyrId: string; verified: boolean }> {
    const checked = check.claimingCode(code);
    return (await loadProfile()).verifyClaimingCode(this.#sendFn, checked);
  }

  async verifySession(): Promise<Session | null> {
    const session = this.session;
    if (!session) return null;
    const answer = await this.#withJwt('/api/user/session/verify', session);
    // Not a confirmation (the session stays as it was): only `{ success: true }` is one.
    expectAnswer(answer.success === true, 'success');
    // The platform confirmed the JWT; a newer session may have arrived meanwhile (login, other tab).
    return this.session;
  }

  async logout(options?: LogoutOptions): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session.isGuest && !options?.forgetGuest)
      throw new PlyrError('GUEST_ACCOUNT', 'Guest: use { forgetGuest: true }');
    let failure: unknown;
    if (!session.isGuest) {
      failure = await this.#withJwt('/api/user/logout', session, null).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    if (this.session?.sessionJwt === session.sessionJwt) await this.#keeper.end('user');
    // Already over at the platform: the player is logged out, which is what was asked.
    const over = ['SESSION_REVOKED', 'SESSION_EXPIRED', 'INVALID_JWT', 'USER_NOT_FOUND'];
    if (failure && !(isPlyrError(failure) && over.includes(failure.code))) throw failure;
  }

  async userInfo(plyrIdOrAddress?: string): Promise<UserInfo> {
    const who =
      plyrIdOrAddress === undefined ? this.#requireSession().plyrId : check.plyrIdOrAddress(plyrIdOrAddress);
    return (await loadProfile()).userInfo(this.#sendFn, who);
  }

  async avatar(plyrId?: string): Promise<string> {
    const who = plyrId === undefined ? this.#requireSession().plyrId : check.plyrId(plyrId);
    return (await loadProfile()).avatar(this.#sendFn, who);
  }

  async allowances(): Promise<Allowance[]> {
    return (await this.#allowances()).read();
  }

  async revoke(options: RevokeOptions): Promise<void> {
    const otp = check.otp(options?.otp);
    const token = check.tokens([options?.token], true)[0] as string;
    return (await this.#allowances()).revoke(otp, token);
  }

  /** The JWT checker: its code (a chunk) and then the platform's public key are fetched on first use. */
  async #localVerifier(): Promise<LocalVerifier> {
    const { createLocalVerifier } = await loadVerifier();
    this.#verifier ??= createLocalVerifier({ gameId: this.gameId, now: this.#now, send: this.#sendFn });
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
    const deps = flow.connectDeps({
      gameId: this.gameId,
      apiBase: this.#apiBase,
      connectUrl: this.#connectUrl,
      recordKey: this.#recordKey,
      now: this.#now,
      send: this.#sendFn,
      verify: (jwt) => this.verifyJwtLocally(jwt),
    });
    return { flow, deps };
  }

  /** Ends the attempt in flight, if any, with `CONNECT_CLOSED`. */
  #endConnect(why: string): void {
    this.#connecting?.abort(new PlyrError('CONNECT_CLOSED', `PLYR[CONNECT]: ${why}`));
  }

  /** Ends the attempt in flight and makes a new one current. */
  #newConnectAttempt(): AbortController {
    this.#endConnect('replaced by a newer attempt');
    this.#connecting = new AbortController();
    return this.#connecting;
  }

  /** Signs in with a connect attempt's session, unless the attempt was ended meanwhile. */
  async #connected(result: Promise<Session>, attempt: AbortController): Promise<Session> {
    try {
      const session = await result;
      if (attempt.signal.aborted) throw attempt.signal.reason;
      await this.#keeper.begin(session, 'connect');
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
    const attempt = this.#newConnectAttempt();
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
    const attempt = this.#newConnectAttempt();
    return this.#connected(flow.resumeConnect(stored, deps, attempt.signal), attempt);
  }

  cancelConnect(): void {
    this.#endConnect('cancelled');
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
    this.#endConnect('client destroyed');
    this.#keeper.close();
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
