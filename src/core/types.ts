/**
 * Public types of the core client. The contract that the Phaser plugin, the Unity bridge, the tests and the
 * README are written against.
 */
import type { PlyrError } from './errors.js';

/** A request the client wants signed: the platform path (always starting with `/api/`), method and JSON body. */
export interface SignRequest {
  method: 'GET' | 'POST';
  /** Platform path including the `/api` prefix and any query, e.g. `/api/user/login`. */
  path: string;
  /** JSON body for POST; `undefined` for GET (the platform signs `{}` for GET). */
  body?: Record<string, unknown>;
}

/** The signing endpoint's answer in sign mode: headers to send and the exact body text that was signed. */
export interface SignedRequest {
  headers: { apikey: string; signature: string; timestamp: string };
  /** The exact JSON text that was signed; sent verbatim (for GET it is `"{}"` and not sent). */
  body: string;
}

/** A function that signs a request (for games that sign in their own way, e.g. through their game server). */
export type SignerFunction = (request: SignRequest) => Promise<SignedRequest>;

/** How the client reaches the game developer's signing endpoint. */
export interface SignerEndpoint {
  /** URL of the endpoint (absolute or relative to the page). */
  url: string;
  /**
   * `relay` (default): the client sends the platform request to `url + path` and the endpoint signs and forwards
   * it (1 round trip); the endpoint sees every answer (it can count failed 2FA codes) and no signature ever
   * reaches the browser. `sign`: the endpoint returns signed headers and the client calls the platform itself
   * (2 round trips); opt in only with an endpoint in sign mode, and know that a signature handed to the browser
   * can be replayed for about 5 minutes (the platform's HMAC covers only the timestamp and the body).
   */
  mode?: 'sign' | 'relay';
  /** Extra headers for the endpoint (e.g. the game's own auth). */
  headers?: Record<string, string>;
  /** Fetch credentials mode for the endpoint. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** Where sessions are kept. */
export interface SessionStorageAdapter {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

/** Options of {@link createPlyr}. */
export interface PlyrOptions {
  /** The game's PLYR[ID] (the `plyrId` of its API key). */
  gameId: string;
  /**
   * The game's signing endpoint: its URL (relay mode, the default: `'/plyr/sign'` is `{ url: '/plyr/sign', mode:
   * 'relay' }`), endpoint options (`{ url, mode: 'sign' }` for sign mode), or a signing function.
   */
  signer: string | SignerEndpoint | SignerFunction;
  /** Platform origin. Default `https://api.plyr.network`; the client adds `/api`. */
  apiBase?: string;
  /** Session storage. Default `indexeddb` (falls back to memory when unavailable). */
  storage?: 'indexeddb' | 'memory' | SessionStorageAdapter;
  /** Per-request timeout in ms. Default 10 000. */
  timeoutMs?: number;
  /** Keep tabs of the same origin in sync with BroadcastChannel. Default `true`. */
  syncTabs?: boolean;
  /** Verify a restored session with the platform in the background after `ready`. Default `true`. */
  verifyOnRestore?: boolean;
  /** How many times a failed GET (network error, 408, 5xx) is retried, with backoff. Default 2. POSTs never are. */
  retries?: number;
  /** The clock (ms since the epoch) for local expiry checks. Default `Date.now`; tests pass a controllable one. */
  now?: () => number;
  /**
   * The PLYR[CONNECT] hosted login page. Default by `apiBase`: `https://connect.plyr.network/` for
   * `api.plyr.network`, `https://connect-testnet.plyr.network/` for `api-testnet.plyr.network`, and
   * `<apiBase>/connect/` for any other origin (the sandbox serves its hosted page there).
   */
  connectUrl?: string;
}

/** Options of {@link PlyrClient.logout}. */
export interface LogoutOptions {
  /**
   * Forget a guest (Instant PlayPass) session. The platform cannot log guests out and the session is the guest
   * account's only credential, so without this flag `logout()` on a guest rejects with `GUEST_ACCOUNT`.
   */
  forgetGuest?: boolean;
}

/** A signed-in player (or guest) for this game. */
export interface Session {
  /** The player's PLYR[ID] (lower-case). Guests get a generated one such as `red-apple-a1b2c3`. */
  plyrId: string;
  /** The game this session belongs to. */
  gameId: string;
  /** The session JWT. Hand it to your game server; plyr-kit never logs it. */
  sessionJwt: string;
  /** The player's primary wallet address. */
  primaryAddress: string;
  /** The player's mirror (in-game) wallet address. */
  mirrorAddress: string;
  /** Avatar image URL (https). */
  avatar: string;
  /** True for an Instant PlayPass (guest) account. */
  isGuest: boolean;
  /** True when this full account was made by claiming a guest account. */
  claimed: boolean;
  /** When the JWT was issued (ms since the epoch), or `null` when the JWT carries no `iat` (a stored one might not). */
  issuedAt: number | null;
  /**
   * When the JWT expires (ms since the epoch), or `null` when it is unknown: the JWT carries no `exp` (the
   * platform's JWTs do today; a stored one might not). A session of unknown expiry never ends on the local clock's
   * word: `verifySession` (run after a restore) asks the platform. Check for `null` before using it as a time.
   */
  expiresAt: number | null;
}

/** Claims of a session JWT. */
export interface SessionClaims {
  plyrId: string;
  nonce: number;
  gameId: string;
  primaryAddress: string;
  mirrorAddress: string;
  /** Seconds since the epoch. */
  iat: number;
  /** Seconds since the epoch. */
  exp: number;
}

/** A guest account's claiming code: the player enters it (or opens the URL) on the platform to keep the account. */
export interface ClaimingCode {
  /** `XXXX-XXXX-XXXX-XXXX` (hex, upper-case). */
  claimingCode: string;
  /** The platform page that claims the account with this code. */
  claimingUrl: string;
}

/** Public profile of a player. */
export interface UserInfo {
  plyrId: string;
  primaryAddress: string;
  mirrorAddress: string;
  chainId: number;
  avatar: string;
  createdAt: string;
  isGuest: boolean;
  claimed: boolean;
}

/**
 * What the game may spend from the signed-in player's wallet (a spending approval the player gave, with
 * `loginAndApprove` or PLYR[CONNECT]). The platform spends it down as the game's server takes payments.
 */
export interface Allowance {
  /** The token: its id in the platform's token list, lower-case (`plyr`, `gamr`), or a `0x` address. */
  token: string;
  /** How much of the token the game may still spend, as decimal text in the token's units (`"10"`, `"0.5"`). */
  amount: string;
  /** When the approval ends (ms since the epoch), or `null` when the platform did not say. */
  expiresAt: number | null;
  /** When the player gave it (ms since the epoch), or `null` when the platform did not say. */
  approvedAt: number | null;
}

/** Options of {@link PlyrClient.revoke}. */
export interface RevokeOptions {
  /** The current 6-digit code of the player's authenticator app (a wrong one counts towards the lock-out). */
  otp: string;
  /** The token to take back (as in {@link Allowance.token}), or `'all'`: every token of this game. */
  token: string;
}

/** How a session began. */
export type LoginMethod = 'otp' | 'guest' | 'restore' | 'connect';
/** Why a session ended. */
export type LogoutReason = 'user' | 'expired' | 'revoked' | 'claimed' | 'other-tab';

/** Events of the client and their payloads (each event has exactly one payload argument). */
export interface PlyrEvents {
  /**
   * The stored session was restored (or there was none). Fired once per page load, after the restore's `login`.
   * Its `session` is the one of that moment: later, read `plyr.session`.
   */
  ready: { session: Session | null };
  /** Any change of the current session. */
  session: { session: Session | null };
  /**
   * A session began: a login in this tab or another (`otp`, `connect`, `guest`), and also on every page load that
   * finds a stored session, with method `restore`, before `ready` (and when a kept guest comes back after a
   * logout). A scene that should react only to a new sign-in checks `method !== 'restore'`.
   */
  login: { session: Session; method: LoginMethod };
  /** A session ended. */
  logout: { plyrId: string; reason: LogoutReason };
  /** An Instant PlayPass (guest) account was created. */
  'guest:registered': { session: Session };
  /** A claiming code was revealed for the guest account. */
  'guest:claim-code': ClaimingCode;
  /** The guest account was claimed by its player (the guest session is gone). */
  'guest:claimed': { plyrId: string };
  /**
   * This game's allowances of the player changed: after a `loginAndApprove` (read once it resolved), after a
   * `revoke`, or when `allowances()` reads a list that differs from the last one told.
   */
  allowances: { plyrId: string; allowances: Allowance[] };
  /** A failure not tied to a call the game made (background verify, storage, a corrupt record). */
  error: PlyrError;
}

/** Name of a client event. */
export type PlyrEventName = keyof PlyrEvents;
/** Listener of a client event. */
export type PlyrListener<E extends PlyrEventName> = (payload: PlyrEvents[E]) => void;

/** Options of {@link PlyrClient.login}. */
export interface LoginOptions {
  /** The player's PLYR[ID] (any case; sent lower-case). */
  plyrId: string;
  /** The current 6-digit code of the player's authenticator app. */
  otp: string;
  /** Session lifetime in whole seconds. Default 86 400 (the platform's default). */
  expiresIn?: number;
}

/**
 * Options of {@link PlyrClient.loginAndApprove}. `expiresIn` is also how long the approval lasts: send it (without
 * it a new approval lasts a year, and an older one keeps its lifetime).
 */
export interface LoginAndApproveOptions extends LoginOptions {
  /** Token symbols (e.g. `plyr`, `gamr`) or addresses the game may spend. */
  tokens: string[];
  /** Amounts, one per token (positive): a number or decimal text (`'10'`, `'0.5'`). */
  amounts: Array<number | string>;
}

/** How the PLYR[CONNECT] hosted page is shown. */
export type ConnectMode = 'popup' | 'iframe' | 'redirect';
/** What the player approves on the PLYR[CONNECT] hosted page. */
export type ConnectAction = 'login' | 'loginAndApprove';

/** Options of {@link PlyrClient.connect}. */
export interface ConnectOptions {
  /**
   * `popup` (default): a popup window; call `connect` straight from a click handler or the browser blocks it
   * (`CONNECT_BLOCKED`). `iframe`: the page in an overlay over the game (the game page's CSP needs
   * `frame-src <connect origin>`). `redirect`: this tab goes to the hosted page and comes back to `callbackUrl`;
   * the result is picked up after the return (see {@link PlyrClient.completeConnect}).
   */
  mode?: ConnectMode;
  /** `login` (default) or `loginAndApprove` (needs `tokens` and `amounts`). */
  action?: ConnectAction;
  /** `loginAndApprove`: token symbols or addresses the game may spend. */
  tokens?: string[];
  /** `loginAndApprove`: amounts, one per token. */
  amounts?: Array<number | string>;
  /** Session lifetime in whole seconds. Default 86 400. */
  expiresIn?: number;
  /** `loginAndApprove`: the PLYR[ID] to suggest on the hosted page. */
  plyrId?: string;
  /** Where the hosted page sends the player back (`redirect`) or posts its answer to. Default: this page. */
  callbackUrl?: string;
  /** How long the attempt may take, in ms. Default 300 000 (the platform keeps a hand-off for 10 minutes). */
  timeoutMs?: number;
  /** `iframe`: the element to put the iframe in. Default: a full-page overlay with a close button. */
  container?: HTMLElement;
}

/** The engine-agnostic PLYR client. Create it with `createPlyr`. */
export interface PlyrClient {
  /** The game's PLYR[ID]. */
  readonly gameId: string;
  /**
   * Resolves once the stored session is restored (or there is none). Never rejects. It resolves once, with the
   * session of page load, and keeps that value: after a logout or a login it is stale. Await it, then read
   * {@link PlyrClient.session}, which is always current.
   */
  readonly ready: Promise<Session | null>;
  /** The current session, or `null`. */
  readonly session: Session | null;
  /**
   * The guest (Instant PlayPass) session kept on this device beside the current full-account session, or `null`.
   * Signing in while a guest is signed in (`login`, `loginAndApprove`, `connect`, in this tab or another) never
   * drops the guest, whose session JWT is its account's only credential: the guest is kept here, and it becomes
   * the session again when the full account's session ends (`logout()`, revoked, expired), with a `logout` event
   * and then a `login` event (method `restore`).
   */
  readonly keptGuest: Session | null;
  /**
   * Log in with PLYR[ID] and a 2FA code. Never retried automatically: a code can be used once. Replaces the
   * current session; a guest session it replaces is kept (see {@link keptGuest}) and comes back on `logout()`.
   * Resolves as soon as the session is in memory; it is written to storage in the background (writes are kept in
   * order). An answer without a session JWT rejects with `SERVER`.
   */
  login(options: LoginOptions): Promise<Session>;
  /**
   * Log in and approve the game to spend tokens, in one step. A guest signed in is kept, as with `login`. Once it
   * resolves, this game's allowances are read in the background and told as `allowances` (a failed read as `error`).
   */
  loginAndApprove(options: LoginAndApproveOptions): Promise<Session>;
  /**
   * Create an Instant PlayPass (guest) account and sign in to it. Resolves once the session is stored (it is the
   * account's only credential). A second guest would leave the first one's account behind, so: when a guest is
   * signed in it resolves to that one and sends nothing; when a guest is kept beside a full account, that account
   * is logged out (see `logout`) and it resolves to the guest; when another tab stored a guest, it signs in to it.
   */
  registerGuest(options?: { tokens?: string[] }): Promise<Session>;
  /**
   * Reveal a (new) claiming code for the current guest account; older codes stop working. An answer without a
   * code rejects with `SERVER`.
   */
  revealClaimingCode(): Promise<ClaimingCode>;
  /** Check a claiming code; rejects with `CLAIMING_CODE_NOT_FOUND` when it does not exist. */
  verifyClaimingCode(code: string): Promise<{ plyrId: string; verified: boolean }>;
  /**
   * Ask the platform whether the current session is still valid (authoritative: sees revocation). Resolves to the
   * session, or `null` when there is none. When the platform ended it, the session is cleared with a
   * `logout` event (`revoked`, `expired`, or `claimed` after `guest:claimed`) and the call rejects with
   * `SESSION_REVOKED`, `SESSION_EXPIRED`/`INVALID_JWT` or `ACCOUNT_CLAIMED`. Network errors, timeouts and 5xx reject
   * and keep the session; a 2xx that is not `{ success: true }` rejects with `SERVER` and keeps it. A guest
   * session is only ever dropped when the platform itself says its account was claimed or revoked: its JSON answer
   * with the route's status (401), never a proxy's plain-text page, a signer's refusal or another status.
   */
  verifySession(): Promise<Session | null>;
  /**
   * Log out. A full account is logged out at the platform, then forgotten locally; it is forgotten locally even
   * when the platform call fails, and the promise then rejects (`NETWORK`, `TIMEOUT`, ...) because the JWT may
   * stay valid at the platform. A session the platform already ended (revoked, expired) just resolves.
   * A guest cannot be logged out at the platform and its session is the account's only credential: `logout()`
   * rejects with `GUEST_ACCOUNT` and keeps it, unless `{ forgetGuest: true }` is passed. No session: resolves.
   * A guest kept beside the full account (see {@link keptGuest}) becomes the session again: after `logout()`,
   * `session` is that guest, told by `logout` then `login` (method `restore`).
   */
  logout(options?: LogoutOptions): Promise<void>;
  /** Public profile of a player (default: the signed-in one). */
  userInfo(plyrIdOrAddress?: string): Promise<UserInfo>;
  /** Avatar URL of a player (default: the signed-in one). */
  avatar(plyrId?: string): Promise<string>;
  /**
   * This game's unexpired allowances of the signed-in player (what the game may still spend from the player's
   * wallet), sorted by token; tells `allowances` when the list differs from the last one told. Rejects with
   * `NOT_SIGNED_IN` without a session. Its code is downloaded on first use.
   */
  allowances(): Promise<Allowance[]>;
  /**
   * Takes back what this game may spend: one token, or `'all'` (expired approvals too, which the platform still
   * lets a game spend). A 2FA call, never retried: `INVALID_OTP`, `OTP_ALREADY_USED`, `ACCOUNT_LOCKED` (wrong codes
   * count towards the lock-out as a login's do), `GUEST_ACCOUNT` (guests have no code), `NOT_SIGNED_IN`. Resolves
   * once the platform revoked, after telling what is left as `allowances`. Its code is downloaded on first use.
   */
  revoke(options: RevokeOptions): Promise<void>;
  /**
   * Verify a session JWT (default: the current one) locally: ES256 signature against the platform's public key,
   * expiry and game. It cannot see revocation (a newer login or a logout); use {@link verifySession} for that.
   */
  verifyJwtLocally(jwt?: string): Promise<SessionClaims>;
  /**
   * Sign in with PLYR[CONNECT], the platform's hosted login: the player approves on the platform's own page, with
   * no code to type in the game. The answer is accepted only from the hosted page's origin with this attempt's
   * `callbackString`, and the session JWT is verified locally (ES256, `gameId`, `exp`) before it is used. Success
   * stores the session and emits `login` with method `connect`, as a code login does (a guest signed in is kept,
   * see {@link keptGuest}). Failures reject with
   * `CONNECT_BLOCKED`, `CONNECT_CLOSED`, `CONNECT_TIMEOUT`, `CONNECT_DENIED`, `CONNECT_REJECTED`, `INVALID_JWT`
   * (or a transport error) and leave the current session as it was. A new call cancels an attempt in flight.
   * In `redirect` mode the tab navigates away and the promise does not settle; the result is picked up after the
   * return.
   */
  connect(options?: ConnectOptions): Promise<Session>;
  /**
   * Finishes a `redirect` attempt after the player came back: reads the hand-off (`/api/auth/read/:uid`, every
   * 2.5 s until the attempt's deadline), revokes it, verifies the JWT and signs in. The client starts this by
   * itself once `ready` when an attempt is stored (success is told by the `login` event, failure by `error`);
   * calling it returns that same run. Resolves to `null` when no attempt is stored.
   */
  completeConnect(): Promise<Session | null>;
  /** Ends the PLYR[CONNECT] attempt in flight (closes its popup or iframe; forgets a stored redirect attempt). */
  cancelConnect(): void;
  /** Subscribe; returns a function that unsubscribes. A throwing listener does not break the client. */
  on<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void;
  /** Subscribe for one event; returns a function that unsubscribes. */
  once<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): () => void;
  /** Unsubscribe. */
  off<E extends PlyrEventName>(event: E, listener: PlyrListener<E>): void;
  /** Stop timers and tab sync; the client must not be used afterwards. */
  destroy(): void;
}
