/**
 * The studio's MG+ relay. MG+ only takes calls from the studio's servers (HMAC shared secret, `X-Request-ID`,
 * IP allow-listing), so the browser sends `POST <relay>/v1/authenticate` here; the relay validates the fields,
 * fills `ip` from the connection, and forwards them with {@link forwardAuthenticate}, returning MG+'s status and
 * body unchanged.
 *
 * It runs the signing endpoint's pipeline (`pipeline/front-door.ts`): request line → Origin → per-IP limit →
 * preflight, then its own steps: path (the request's own path) → method → content type → body size → JSON →
 * fields → client IP → authenticate limit → forward. Refusals are the same JSON `{ error, code }` (see
 * `plyr-kit/server`), including `CLIENT_IP_UNSUPPORTED` (400: no IPv4 client address) and
 * `UPSTREAM_REQUEST_ID_MISMATCH` (502).
 */
import { Refusal, rateLimited } from './errors.js';
import type { CallHandler, IncomingCall, OutgoingAnswer } from './incoming.js';
import {
  type AuthenticateBodyRules,
  type AuthenticatePayload,
  checkAuthenticateBody,
} from './mgplus-authenticate-body.js';
import { isIpv4, resolveClientIp, type TrustProxy } from './mgplus-client-ip.js';
import {
  type AuthenticateAnswer,
  forwardAuthenticate,
  type MgPlusForwardSettings,
} from './mgplus-forward.js';
import { createOriginCheck, type OriginsOption } from './origin.js';
import { fetchEntry } from './pipeline/fetch-entry.js';
import { type CallContext, type FrontDoor, serveCall } from './pipeline/front-door.js';
import { readJsonBody } from './pipeline/json-body.js';
import { type BucketOptions, DEFAULT_RATE_LIMITS, TokenBucketLimiter } from './rate-limit.js';

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
  /** MG+ API base URL (origin, optionally with a path prefix), e.g. `https://api.mgplus.example`. */
  baseUrl: string;
  /** The studio's MG+ shared secret (HMAC key). Never leaves the server. */
  sharedSecret: string;
  /** The studio's MG+ provider id; when set the browser may omit it and may not send another one. */
  provider?: string;
  /** MG+ game ids this relay serves; others are refused. Default: any. */
  allowedGames?: string[];
  /** Encoding of `X-HMAC-Signature`. Default `hex`. */
  signatureEncoding?: 'hex' | 'base64';
  /**
   * How far to trust `X-Forwarded-For` for the player's IP (see {@link TrustProxy}). Default `false`. Set it only
   * to the number of proxies really in front of this server: with `1` and no proxy, the browser writes the header
   * and so chooses its IP (for MG+ and for the rate limits).
   */
  trustProxy?: TrustProxy;
  /** Timeout of the MG+ call in ms. Default 10 000. */
  timeoutMs?: number;
  /** Fetch implementation for the MG+ call. Default: the global `fetch`. */
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
}

/** Connection facts the Fetch API's `Request` cannot carry. */
export interface RelayRequestInfo {
  /** The address of the connection (node:http `req.socket.remoteAddress`). */
  clientIp?: string;
}

/** A Fetch-API request handler (use `toNodeListener` for node:http / Express). */
export type RelayHandler = (request: Request, info?: RelayRequestInfo) => Promise<Response>;

/** What the relay's steps run on. */
interface RelayConfig {
  readonly front: FrontDoor;
  readonly basePath: string;
  readonly maxBodyBytes: number;
  readonly rules: AuthenticateBodyRules;
  readonly authenticatePerIp: TokenBucketLimiter | undefined;
  readonly forward: (payload: AuthenticatePayload) => Promise<AuthenticateAnswer>;
}

function validateOptions(options: RelayHandlerOptions): void {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new TypeError('createRelayHandler: `baseUrl` must be an absolute URL.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new TypeError('createRelayHandler: `baseUrl` must be http(s).');
  if (typeof options.sharedSecret !== 'string' || options.sharedSecret === '')
    throw new TypeError('createRelayHandler: `sharedSecret` is required.');
  const encoding = options.signatureEncoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64')
    throw new TypeError('createRelayHandler: `signatureEncoding` must be "hex" or "base64".');
  if (options.timeoutMs !== undefined && !(options.timeoutMs > 0))
    throw new TypeError('createRelayHandler: `timeoutMs` must be positive.');
}

function relayConfig(options: RelayHandlerOptions): RelayConfig {
  const limits = options.rateLimit === false ? undefined : (options.rateLimit ?? {});
  const clock = limits?.now ?? Date.now;
  const bucket = (value: BucketOptions | false | undefined, fallback: BucketOptions) =>
    limits === undefined || value === false
      ? undefined
      : new TokenBucketLimiter(value ?? fallback, clock, limits.maxKeys ?? DEFAULT_RATE_LIMITS.maxKeys);
  const trustProxy = options.trustProxy ?? false;
  const settings: MgPlusForwardSettings = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    sharedSecret: options.sharedSecret,
    signatureEncoding: options.signatureEncoding ?? 'hex',
    timeoutMs: options.timeoutMs ?? 10_000,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  };
  return {
    front: {
      checkOrigin: createOriginCheck(options.origins),
      perIp: bucket(limits?.perIp, DEFAULT_RATE_LIMITS.perIp),
      preflightMethods: 'POST, OPTIONS',
      clientIp: (call: IncomingCall) => resolveClientIp(call.header, call.clientIp, trustProxy),
    },
    basePath: (options.basePath ?? '').replace(/\/+$/, ''),
    maxBodyBytes: options.maxBodyBytes ?? 8192,
    rules: {
      ...(options.provider !== undefined ? { provider: options.provider } : {}),
      ...(options.allowedGames !== undefined ? { allowedGames: options.allowedGames } : {}),
    },
    authenticatePerIp: bucket(limits?.authenticatePerIp, AUTHENTICATE_PER_IP),
    forward: (payload) => forwardAuthenticate(settings, payload),
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

function limitAuthenticate(ctx: CallContext, config: RelayConfig): void {
  const taken = config.authenticatePerIp?.take(ctx.ipKey);
  if (taken !== undefined && !taken.ok)
    throw rateLimited(taken.retryAfterMs, 'game launches from this address', 'authenticate');
}

/** MG+'s status and body, unchanged, uncached, with the request id. */
function mgPlusAnswer(ctx: CallContext, answer: AuthenticateAnswer): OutgoingAnswer {
  return {
    status: answer.status,
    headers: {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
      'x-request-id': answer.requestId,
      ...ctx.cors,
    },
    body: answer.bytes,
  };
}

async function serveRelay(ctx: CallContext, config: RelayConfig): Promise<OutgoingAnswer> {
  matchRelayRoute(ctx, config);
  const body = await readJsonBody(ctx.call, config.maxBodyBytes);
  const checked = checkAuthenticateBody(body, config.rules);
  if (!checked.ok) throw new Refusal('INVALID_BODY', checked.error);
  const ip = playerIp(ctx);
  limitAuthenticate(ctx, config);
  const { launchToken, provider, game, platform } = checked.value;
  return mgPlusAnswer(ctx, await config.forward({ launchToken, provider, game, ip, platform }));
}

/**
 * Create the MG+ relay handler.
 *
 * ```ts
 * const relay = createRelayHandler({ baseUrl: process.env.MGPLUS_URL, sharedSecret: process.env.MGPLUS_SECRET,
 *   provider: 'mystudio', allowedGames: ['fruit-slots'], basePath: '/mg', trustProxy: 1 });
 * http.createServer(toNodeListener(relay));   // the browser: createRealPlay({ relay: '/mg', ... })
 * ```
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  validateOptions(options);
  const config = relayConfig(options);
  const handleCall: CallHandler = (call) => serveCall(call, config.front, (ctx) => serveRelay(ctx, config));
  return fetchEntry(handleCall);
}
