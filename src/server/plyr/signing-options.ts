/**
 * The options of `createSigningHandler`, their checks, and the settings the pipeline runs on (built once per
 * handler: compiled allow-list, limiters, the lazily imported HMAC key).
 */

import { failureReporter, type HandlerErrorHook } from '../http/failure-report.js';
import type { FrontDoor } from '../http/front-door.js';
import { createHmacSign, type HmacImplementation, type HmacSign } from '../http/hmac.js';
import type { IncomingCall } from '../http/incoming.js';
import { createOriginCheck, type OriginsOption } from '../http/origin.js';
import {
  type BucketOptions,
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimitOptions,
} from '../http/rate-limit.js';
import type { UpstreamFetch } from '../http/upstream.js';
import { isMemoryState, refuseMemoryStateOnWorkers } from '../http/workers-guard.js';
import { compileRoutes, PLAYER_AUTH_ROUTES, type RouteRule, type RouteTable, routeTable } from './routes.js';
import { refuseServerOnlyRoutes } from './server-only.js';
import { memorySigningLimits, type SigningLimitStore, type TwoFactorLimiter } from './two-factor-limit.js';

/** Options of `createSigningHandler`. */
export interface SigningHandlerOptions {
  /** The game's platform API key (sent as the `apikey` header). */
  apiKey: string;
  /** The game's platform secret key (the HMAC key). Never sent anywhere, never logged. */
  secretKey: string;
  /** The game's PLYR[ID] (gameId); forced into every body that takes a `gameId`. */
  gameId: string;
  /** Platform origin, e.g. `https://api-testnet.plyr.network` (paths already carry `/api`). Required in relay mode. */
  apiBase?: string;
  /**
   * `relay` (default): `GET|POST <basePath><platform path>` is signed and forwarded to `apiBase`; the platform's
   * status, content-type and body come back unchanged. The browser never holds a signature, and 2FA throttling
   * sees the platform's answers.
   * `sign` (opt-in): `POST <basePath>` with `{ method, path, body }` answers signed headers and the exact body text
   * for the browser to send. The platform's signature covers only timestamp + body, so a signature handed out can
   * be replayed for 5 minutes, on other GET routes too (see the README's Security section).
   */
  mode?: 'sign' | 'relay';
  /**
   * Path the endpoint is mounted at, as the handler sees it (e.g. `/plyr/relay`, `/plyr/sign`). Default `''`: in
   * relay mode platform paths are expected at the root (`/api/...`), in sign mode any path is served.
   */
  basePath?: string;
  /**
   * The allow-list. Default {@link PLAYER_AUTH_ROUTES}. A rule that could reach a game-economy write (rooms: create,
   * join, leave, pay, earn, end, close, joinPay, createJoinPay, earnLeave, earnLeaveEnd; chip writes) is refused with
   * a TypeError: those calls belong on the studio's server, made with `createPlyrGameClient`.
   */
  allow?: readonly RouteRule[];
  /**
   * Page origins allowed to use the endpoint (exact, e.g. `https://game.example`), or `'*'`. Default: same-origin
   * only (the `Origin` host must equal the request's host). Requests without `Origin` are always served.
   */
  origins?: OriginsOption;
  /** Rate limits (see {@link RateLimitOptions} for the defaults), or `false` to disable them. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Where the limits live. Default: this process's memory (right for one process). Several instances share them
   * through `createRedisState` (see docs/deploy.md): then 2FA routes refuse with 503 `STATE_UNAVAILABLE` when Redis
   * cannot answer, and the per-IP limits follow the state's `whenUnavailable`.
   */
  state?: SigningLimitStore;
  /**
   * On Cloudflare Workers, limits in memory (the default `state`) are refused when the handler is created: each
   * isolate has its own, so they would reset without a sign. `true` allows them anyway, for a one-isolate dev
   * setup. Elsewhere it changes nothing. Default `false`.
   */
  allowMemoryState?: boolean;
  /** Largest accepted request body in bytes. Default 16 384. */
  maxBodyBytes?: number;
  /** Relay mode: how long to wait for the platform, in ms. Default 10 000 (then 504 `UPSTREAM_TIMEOUT`). */
  timeoutMs?: number;
  /** Relay mode: the fetch used to call the platform. Default: the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Clock in ms for timestamps and rate limits. Default `Date.now`. */
  now?: () => number;
  /**
   * HMAC implementation. Default `auto`: node:crypto when the runtime has it (much faster in Node; on Bun, Bun's own
   * `CryptoHasher`, and on Deno keyed SHA-256 states, each cheaper still and used once it matches `createHmac`), else
   * WebCrypto.
   */
  hmac?: HmacImplementation;
  /**
   * The client IP of a Fetch-API request, for the per-IP limits (e.g. `(r) => r.headers.get('cf-connecting-ip')`
   * on Cloudflare, `clientIpFromHeaders({ trustedProxies: 1 })` behind one proxy). `toNodeListener` passes the
   * socket address instead. Without either, all clients share one bucket: no header is believed by default.
   */
  getClientIp?: (request: Request) => string | null | undefined;
  /**
   * Called with every failure on the server's side (status 500 or more: the platform unreachable or slow, the
   * state store down, a bug), with the route and the cause's text, e.g. to log it: the browser's answer says only
   * `UPSTREAM_UNREACHABLE`. The event never holds the keys, a signature or a session token. Default: none.
   */
  onError?: HandlerErrorHook;
}

/** How long a 2FA strike counts towards the lock cap: relay mode until a login is seen (24 h at most). */
const TWO_FACTOR_MEMORY_MS = { relay: 24 * 60 * 60_000, sign: 15 * 60_000 } as const;

/** What the signing pipeline runs on. */
export interface SigningConfig {
  readonly mode: 'sign' | 'relay';
  readonly front: FrontDoor;
  readonly basePath: string;
  readonly routes: RouteTable;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly apiBase: string;
  readonly apiKey: string;
  readonly gameId: string;
  readonly doFetch: UpstreamFetch;
  readonly twoFactor: TwoFactorLimiter | undefined;
  readonly guestRegisterPerIp: RateLimiter | undefined;
  /** The HMAC of the secret key, imported on first use (a failed import is retried on the next call). */
  readonly hmac: () => HmacSign | Promise<HmacSign>;
}

/** Checks the options (a TypeError at creation, never per request). */
export function checkSigningOptions(options: SigningHandlerOptions): void {
  if (options === null || typeof options !== 'object')
    throw new TypeError('createSigningHandler: options are required.');
  for (const name of ['apiKey', 'secretKey', 'gameId'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '')
      throw new TypeError(`createSigningHandler: \`${name}\` must be a non-empty string.`);
  }
  const mode = options.mode ?? 'relay';
  if (mode !== 'sign' && mode !== 'relay')
    throw new TypeError("createSigningHandler: `mode` must be 'relay' or 'sign'.");
  if (mode === 'relay' || options.apiBase !== undefined) {
    if (typeof options.apiBase !== 'string' || !/^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/i.test(options.apiBase))
      throw new TypeError(
        "createSigningHandler: `apiBase` must be an http(s) origin, e.g. https://api.plyr.network (relay, the default mode, forwards there; pass mode: 'sign' to only sign).",
      );
  }
  if (
    options.basePath !== undefined &&
    (typeof options.basePath !== 'string' || !/^(?:\/[^?#]*)?$/.test(options.basePath))
  )
    throw new TypeError("createSigningHandler: `basePath` must be '' or start with '/'.");
  const state: unknown = options.state;
  if (
    state !== undefined &&
    (state === null ||
      typeof state !== 'object' ||
      typeof (state as SigningLimitStore).rateLimiter !== 'function' ||
      typeof (state as SigningLimitStore).twoFactorLimiter !== 'function')
  )
    throw new TypeError(
      'createSigningHandler: `state` must come from createMemoryState or createRedisState.',
    );
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TypeError('createSigningHandler: `onError` must be a function.');
  if (options.rateLimit !== false && isMemoryState(options.state))
    refuseMemoryStateOnWorkers('createSigningHandler', options.allowMemoryState);
  for (const name of ['maxBodyBytes', 'timeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && value > 0))
      throw new TypeError(`createSigningHandler: \`${name}\` must be a positive number.`);
  }
}

/** Builds the pipeline's settings from checked options. */
export function signingConfig(options: SigningHandlerOptions): SigningConfig {
  const mode = options.mode ?? 'relay';
  const now = options.now ?? Date.now;
  const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
  const clock = limits?.now ?? now;
  const maxKeys = limits?.maxKeys ?? DEFAULT_RATE_LIMITS.maxKeys;
  const state = options.state ?? memorySigningLimits();
  const bucket = (name: string, value: RateLimitOptions['perIp'], fallback: BucketOptions) =>
    limits === undefined || value === false
      ? undefined
      : state.rateLimiter(`sign:${name}`, value ?? fallback, { now: clock, maxKeys });
  const window = (value: RateLimitOptions['perIp'], fallback: BucketOptions) =>
    value === false ? undefined : (value ?? fallback);
  const routes = compileRoutes(options.allow ?? PLAYER_AUTH_ROUTES);
  refuseServerOnlyRoutes(routes);
  const twoFactor =
    limits === undefined
      ? undefined
      : state.twoFactorLimiter(`sign:${mode}`, {
          perAccount: window(limits.perPlyrId, DEFAULT_RATE_LIMITS.perPlyrId),
          perIpAndAccount: window(limits.perIpAndPlyrId, DEFAULT_RATE_LIMITS.perIpAndPlyrId),
          perIp: window(limits.twoFactorPerIp, DEFAULT_RATE_LIMITS.twoFactorPerIp),
          memoryMs: TWO_FACTOR_MEMORY_MS[mode],
          maxKeys,
          now: clock,
        });
  return {
    mode,
    front: {
      checkOrigin: createOriginCheck(options.origins),
      perIp: bucket('ip', limits?.perIp, DEFAULT_RATE_LIMITS.perIp),
      preflightMethods: mode === 'sign' ? 'POST, OPTIONS' : 'GET, POST, OPTIONS',
      clientIp: (call: IncomingCall) => call.clientIp,
      reportFailure: failureReporter(options.onError, [options.apiKey, options.secretKey]),
    },
    basePath: (options.basePath ?? '').replace(/\/+$/, ''),
    routes: routeTable(routes),
    maxBodyBytes: options.maxBodyBytes ?? 16_384,
    timeoutMs: options.timeoutMs ?? 10_000,
    now,
    apiBase: (options.apiBase ?? '').replace(/\/+$/, ''),
    apiKey: options.apiKey,
    gameId: options.gameId,
    doFetch: options.fetch ?? ((input, init) => fetch(input, init)),
    twoFactor,
    guestRegisterPerIp: bucket(
      'guestRegister',
      limits?.guestRegisterPerIp,
      DEFAULT_RATE_LIMITS.guestRegisterPerIp,
    ),
    hmac: lazyHmac(options.secretKey, options.hmac ?? 'auto'),
  };
}

function lazyHmac(secret: string, implementation: HmacImplementation): () => HmacSign | Promise<HmacSign> {
  let hmac: HmacSign | undefined;
  let loading: Promise<HmacSign> | undefined;
  return () => {
    if (hmac !== undefined) return hmac;
    loading ??= createHmacSign(secret, implementation).then(
      (sign) => (hmac = sign),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };
}
