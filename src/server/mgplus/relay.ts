/**
 * The studio's MG+ relay. MG+ only takes calls from the studio's servers (HMAC shared secret, `X-Request-ID`,
 * IP allow-listing), so the browser sends `POST <relay>/v1/authenticate` here; the relay validates the fields,
 * fills `ip` from the connection and authenticates through the studio's MG+ client ({@link authenticateLaunch}):
 * the player token stays in the client's session store and the browser gets MG+'s answer without it, plus an opaque
 * `sessionId` for the studio's round handler.
 *
 * It runs the signing endpoint's pipeline (`http/front-door.ts`): request line → Origin → per-IP limit →
 * preflight, then its own steps: path (the request's own path) → method → content type → body size → JSON →
 * fields → client IP → authenticate limit → forward. Refusals are the same JSON `{ error, code }` (see
 * `plyr-kit/server`), including `CLIENT_IP_UNSUPPORTED` (400: no IPv4 client address) and
 * `UPSTREAM_REQUEST_ID_MISMATCH` (502).
 */
import { isIpv4, resolveClientIp, type TrustProxy } from '../http/client-ip.js';
import { Refusal, rateLimited } from '../http/errors.js';
import { failureReporter, type HandlerErrorHook } from '../http/failure-report.js';
import { type ConnectionInfo, fetchEntry } from '../http/fetch-entry.js';
import { type CallContext, type FrontDoor, serveCall } from '../http/front-door.js';
import type { CallHandler, IncomingCall, OutgoingAnswer } from '../http/incoming.js';
import { readJsonBody } from '../http/json-body.js';
import { createOriginCheck, type OriginsOption } from '../http/origin.js';
import {
  type BucketOptions,
  DEFAULT_RATE_LIMITS,
  memoryRateLimiters,
  type RateLimiter,
  type RateLimiterStore,
} from '../http/rate-limit.js';
import { isMemoryState, refuseMemoryStateOnWorkers } from '../http/workers-guard.js';
import { type AuthenticateOutcome, authenticateLaunch } from './authenticate.js';
import {
  type AuthenticateBodyRules,
  type AuthenticatePayload,
  checkAuthenticateBody,
} from './authenticate-body.js';
import { createMgPlusClient, type MgPlusClient } from './client.js';

/** MG+ routes the relay forwards. */
export const MGPLUS_RELAY_ROUTES: readonly string[] = ['/v1/authenticate'];

/** Rate limits of the MG+ relay; `false` disables one limit. */
export interface RelayRateLimitOptions {
  /** Every request, per client IP. Default 60 per minute, burst 30 (as the signing endpoint). */
  perIp?: BucketOptions | false;
  /** `POST /v1/authenticate` (a game launch), per client IP. Default 10 per minute. */
  authenticatePerIp?: BucketOptions | false;
  /** Most keys remembered per limit. Default 10 000. */
  maxKeys?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** Default `authenticatePerIp` of {@link RelayRateLimitOptions}. */
const AUTHENTICATE_PER_IP: BucketOptions = { tokens: 10, intervalMs: 60_000 };

/** Options of {@link createRelayHandler}. */
export interface RelayHandlerOptions {
  /**
   * The studio's MG+ client (`createMgPlusClient`). Pass the one your round handler uses: the relay opens each
   * player's session in its session store, and the round handler finds it by the `sessionId` the browser sends.
   * Without it the relay makes its own client from `baseUrl`, `sharedSecret`, `provider`, `signatureEncoding`,
   * `timeoutMs` and `fetch` (then only that relay knows the sessions: use it alone, or with `passPlayerToken`).
   */
  client?: MgPlusClient;
  /** MG+ API base URL (origin, optionally with a path prefix), e.g. `https://api.mgplus.example`. Without `client`. */
  baseUrl?: string;
  /** The studio's MG+ shared secret (HMAC key). Never leaves the server. Without `client`. */
  sharedSecret?: string;
  /**
   * The studio's MG+ provider id (without `client`; with it, the client's). The browser may omit it and may not
   * send another one.
   */
  provider?: string;
  /**
   * Without `client`: also hand the player token to the browser (opt-in, for games whose browser must reach MG+
   * paths through another relay). Default `false`: the token stays on the server.
   */
  passPlayerToken?: boolean;
  /** MG+ game ids this relay serves; others are refused. Default: any. */
  allowedGames?: string[];
  /** Encoding of `X-HMAC-Signature` (without `client`). Default `hex`. */
  signatureEncoding?: 'hex' | 'base64';
  /**
   * How far to trust `X-Forwarded-For` for the player's IP (see {@link TrustProxy}). Default `false`. Set it only
   * to the number of proxies really in front of this server: with `1` and no proxy, the browser writes the header
   * and so chooses its IP (for MG+ and for the rate limits).
   */
  trustProxy?: TrustProxy;
  /**
   * The client IP of a Fetch-API request that comes without `{ clientIp }` (Next.js, `Deno.serve` behind a proxy,
   * ...), e.g. `clientIpFromHeaders({ trustedProxies: 1 })` or `(r) => r.headers.get('cf-connecting-ip')` on
   * Cloudflare. `toNodeListener` passes the connection's address instead. Without either, the player's IP is unknown
   * and a launch is refused with `CLIENT_IP_UNSUPPORTED`.
   */
  getClientIp?: (request: Request) => string | null | undefined;
  /** Timeout of the MG+ call in ms (without `client`). Default 10 000. */
  timeoutMs?: number;
  /** Fetch implementation for the MG+ call (without `client`). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Page origins allowed to call the relay (CORS), or `'*'`. Requests with another `Origin` are refused; requests
   * without one (servers) are served. Default: same-origin only, as the signing endpoint.
   */
  origins?: OriginsOption;
  /** Path prefix the relay is mounted at, e.g. `/mg`. Default `''`. */
  basePath?: string;
  /** Largest accepted request body in bytes. Default 8192. */
  maxBodyBytes?: number;
  /** Rate limits, or `false` to disable them (see {@link RelayRateLimitOptions} for the defaults). */
  rateLimit?: RelayRateLimitOptions | false;
  /**
   * Where the limits live: `createRedisState(...)` shares them between instances (see docs/deploy.md). Default: this
   * process's memory. For the sessions and the journal, give the same state to `createMgPlusClient`.
   */
  state?: RateLimiterStore;
  /**
   * On Cloudflare Workers, memory state is refused when the relay is created: limits in memory (the default
   * `state`), or the sessions of a client the relay makes itself (without `client`), would reset with each isolate.
   * `true` allows it anyway, for a one-isolate dev setup. Elsewhere it changes nothing. Default `false`.
   */
  allowMemoryState?: boolean;
  /**
   * Called with every failure on the server's side (status 500 or more: MG+ unreachable or slow, the state store
   * down, a bug), with the route and the cause's text, e.g. to log it. The event never holds the shared secret, a
   * signature, a launch token or a player token. Default: none.
   */
  onError?: HandlerErrorHook;
}

/**
 * Connection facts the Fetch API's `Request` cannot carry: `clientIp`, the connection's address (node:http
 * `req.socket.remoteAddress`) or a function that reads it when it is needed.
 */
export type RelayRequestInfo = ConnectionInfo;

/** A Fetch-API request handler (use `toNodeListener` for node:http / Express). */
export type RelayHandler = (request: Request, info?: RelayRequestInfo) => Promise<Response>;

/** What the relay's steps run on. */
interface RelayConfig {
  readonly front: FrontDoor;
  readonly basePath: string;
  readonly maxBodyBytes: number;
  readonly rules: AuthenticateBodyRules;
  readonly authenticatePerIp: RateLimiter | undefined;
  readonly forward: (payload: AuthenticatePayload) => Promise<AuthenticateOutcome>;
}

function validateOptions(options: RelayHandlerOptions): void {
  if (options === null || typeof options !== 'object')
    throw new TypeError('createRelayHandler: options are required.');
  if (options.client !== undefined) {
    const own = (
      ['baseUrl', 'sharedSecret', 'signatureEncoding', 'timeoutMs', 'fetch', 'passPlayerToken'] as const
    ).filter((name) => options[name] !== undefined);
    if (own.length > 0)
      throw new TypeError(
        `createRelayHandler: with \`client\`, set ${own.join(', ')} on the client instead.`,
      );
    if (options.provider !== undefined && options.provider !== options.client.provider)
      throw new TypeError("createRelayHandler: `provider` differs from the client's provider.");
  } else if (typeof options.provider !== 'string')
    throw new TypeError('createRelayHandler: `provider` is required (or pass a `client`).');
  if (options.getClientIp !== undefined && typeof options.getClientIp !== 'function')
    throw new TypeError('createRelayHandler: `getClientIp` must be a function of the request.');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TypeError('createRelayHandler: `onError` must be a function.');
  const state: unknown = options.state;
  if (
    state !== undefined &&
    (state === null || typeof (state as RateLimiterStore).rateLimiter !== 'function')
  )
    throw new TypeError('createRelayHandler: `state` must come from createMemoryState or createRedisState.');
  if ((options.rateLimit !== false && isMemoryState(state)) || options.client === undefined)
    refuseMemoryStateOnWorkers('createRelayHandler', options.allowMemoryState);
}

/** The given client, or one made from the relay's own options (createMgPlusClient checks them). */
function mgPlusClientOf(options: RelayHandlerOptions): MgPlusClient {
  if (options.client !== undefined) return options.client;
  return createMgPlusClient({
    baseUrl: options.baseUrl as string,
    sharedSecret: options.sharedSecret as string,
    provider: options.provider as string,
    ...(options.signatureEncoding !== undefined ? { signatureEncoding: options.signatureEncoding } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    sessions: { includePlayerToken: options.passPlayerToken === true },
  });
}

function relayConfig(options: RelayHandlerOptions): RelayConfig {
  const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
  const clock = limits?.now ?? Date.now;
  const maxKeys = limits?.maxKeys ?? DEFAULT_RATE_LIMITS.maxKeys;
  const state = options.state ?? { rateLimiter: memoryRateLimiters };
  const bucket = (name: string, value: BucketOptions | false | undefined, fallback: BucketOptions) =>
    limits === undefined || value === false
      ? undefined
      : state.rateLimiter(`mgplus:${name}`, value ?? fallback, { now: clock, maxKeys });
  const trustProxy = options.trustProxy ?? false;
  const client = mgPlusClientOf(options);
  return {
    front: {
      checkOrigin: createOriginCheck(options.origins),
      perIp: bucket('ip', limits?.perIp, DEFAULT_RATE_LIMITS.perIp),
      preflightMethods: 'POST, OPTIONS',
      clientIp: (call: IncomingCall) =>
        resolveClientIp((name) => call.header(name), call.clientIp, trustProxy),
      reportFailure: failureReporter(options.onError, options.sharedSecret ? [options.sharedSecret] : []),
    },
    basePath: (options.basePath ?? '').replace(/\/+$/, ''),
    maxBodyBytes: options.maxBodyBytes ?? 8192,
    rules: {
      provider: client.provider,
      ...(options.allowedGames !== undefined ? { allowedGames: options.allowedGames } : {}),
    },
    authenticatePerIp: bucket('authenticate', limits?.authenticatePerIp, AUTHENTICATE_PER_IP),
    forward: (payload) => authenticateLaunch(client, payload),
  };
}

/** Path and method: `POST <basePath>/v1/authenticate`, on the request's own path, no query. */
function matchRelayRoute(ctx: CallContext, config: RelayConfig): void {
  const { basePath } = config;
  const route =
    basePath === '' ? ctx.path : ctx.path.startsWith(`${basePath}/`) ? ctx.path.slice(basePath.length) : '';
  if (!MGPLUS_RELAY_ROUTES.includes(route) || ctx.query !== '')
    throw new Refusal('PATH_NOT_ALLOWED', 'The MG+ relay does not forward this path.');
  if (ctx.call.method !== 'POST')
    throw new Refusal('METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST, OPTIONS' });
}

/** The player's IP for MG+: from the connection (or trusted proxies), IPv4 only. */
function playerIp(ctx: CallContext): string {
  const ip = ctx.clientIp;
  if (ip === undefined) throw new Refusal('CLIENT_IP_UNSUPPORTED', "The player's IP address is unknown.");
  if (!isIpv4(ip))
    throw new Refusal('CLIENT_IP_UNSUPPORTED', 'MG+ needs an IPv4 player address (IPv6 is not supported).');
  return ip;
}

async function limitAuthenticate(ctx: CallContext, config: RelayConfig): Promise<void> {
  const taken = await config.authenticatePerIp?.take(ctx.ipKey);
  if (taken !== undefined && !taken.ok)
    throw rateLimited(taken.retryAfterMs, 'game launches from this address', 'authenticate');
}

/** The outcome as JSON, uncached. */
function relayAnswer(ctx: CallContext, outcome: AuthenticateOutcome): OutgoingAnswer {
  return {
    status: outcome.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...ctx.cors },
    body: JSON.stringify(outcome.body),
  };
}

async function serveRelay(ctx: CallContext, config: RelayConfig): Promise<OutgoingAnswer> {
  matchRelayRoute(ctx, config);
  ctx.route = 'POST /v1/authenticate';
  const body = await readJsonBody(ctx.call, config.maxBodyBytes);
  const checked = checkAuthenticateBody(body, config.rules);
  if (!checked.ok) throw new Refusal('INVALID_BODY', checked.error);
  const ip = playerIp(ctx);
  await limitAuthenticate(ctx, config);
  const { launchToken, provider, game, platform } = checked.value;
  return relayAnswer(ctx, await config.forward({ launchToken, provider, game, ip, platform }));
}

/**
 * Create the MG+ relay handler.
 *
 * ```ts
 * const mg = createMgPlusClient({ baseUrl: process.env.MGPLUS_URL, sharedSecret: process.env.MGPLUS_SECRET,
 *   provider: 'mystudio' });
 * const relay = createRelayHandler({ client: mg, allowedGames: ['fruit-slots'], basePath: '/mg' });
 * http.createServer(toNodeListener(relay));   // the browser: createRealPlay({ relay: '/mg', ... })
 * // the round handler: const session = await mg.session(sessionId); await mg.playRound(session, { ... })
 * ```
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  validateOptions(options);
  const config = relayConfig(options);
  const handleCall: CallHandler = (call) => serveCall(call, config.front, (ctx) => serveRelay(ctx, config));
  return fetchEntry(handleCall, options.getClientIp);
}
