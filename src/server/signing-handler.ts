/**
 * `createSigningHandler`: the reference signing endpoint. The browser asks it to sign (sign mode) or to forward
 * (relay mode) a platform request; it checks the request against the allow-list, rebuilds the body from the route's
 * schema (forcing the configured gameId), takes the timestamp itself, signs with the secret that never leaves the
 * server, and rate-limits per IP, per PLYR[ID] on 2FA routes and per IP on guest registration.
 *
 * Pipeline (each step refuses with JSON `{ error, code }`): Origin → per-IP limit → preflight → path/method →
 * body size → JSON → schema → route limit → sign → answer (sign) or forward (relay).
 */
import { Refusal, rateLimited } from './errors.js';
import { createHmacSign, type HmacImplementation, type HmacSign } from './hmac.js';
import {
  CALL_HANDLER,
  type CallHandler,
  type IncomingCall,
  type OutgoingAnswer,
  readStreamLimited,
} from './incoming.js';
import { createOriginCheck, type OriginsOption, preflightHeaders } from './origin.js';
import { DEFAULT_RATE_LIMITS, ipBucketKey, type RateLimitOptions, TokenBucketLimiter } from './rate-limit.js';
import {
  type CompiledRoute,
  compileRoutes,
  matchRoute,
  PLAYER_AUTH_ROUTES,
  type RouteRule,
} from './routes.js';
import { type BodySchema, checkBody, isPlainObject, type JsonObject } from './validate.js';

/** Options of {@link createSigningHandler}. */
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
   * `sign` (default): `POST <basePath>` with `{ method, path, body }` answers signed headers and the exact body text.
   * `relay`: `GET|POST <basePath><platform path>` is signed and forwarded to `apiBase`; the platform's status,
   * content-type and body come back unchanged.
   */
  mode?: 'sign' | 'relay';
  /**
   * Path the endpoint is mounted at, as the handler sees it (e.g. `/plyr/sign`, `/plyr/relay`). Default `''`: in sign
   * mode any path is served, in relay mode platform paths are expected at the root (`/api/...`).
   */
  basePath?: string;
  /** The allow-list. Default {@link PLAYER_AUTH_ROUTES}. */
  allow?: readonly RouteRule[];
  /**
   * Page origins allowed to use the endpoint (exact, e.g. `https://game.example`), or `'*'`. Default: same-origin
   * only (the `Origin` host must equal the request's host). Requests without `Origin` are always served.
   */
  origins?: OriginsOption;
  /** Rate limits (see {@link RateLimitOptions} for the defaults), or `false` to disable them. */
  rateLimit?: RateLimitOptions | false;
  /** Largest accepted request body in bytes. Default 16 384. */
  maxBodyBytes?: number;
  /** Relay mode: how long to wait for the platform, in ms. Default 10 000 (then 504 `UPSTREAM_TIMEOUT`). */
  timeoutMs?: number;
  /** Relay mode: the fetch used to call the platform. Default: the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Clock in ms for timestamps and rate limits. Default `Date.now`. */
  now?: () => number;
  /**
   * HMAC implementation. Default `auto`: node:crypto when the runtime has it (much faster in Node), else WebCrypto.
   */
  hmac?: HmacImplementation;
  /**
   * The client IP of a Fetch-API request, for the per-IP limits (e.g. `(r) => r.headers.get('cf-connecting-ip')`
   * on Cloudflare). `toNodeListener` passes the socket address instead. Without either, all clients share one bucket.
   */
  getClientIp?: (request: Request) => string | null | undefined;
}

/** Connection facts a Fetch-API `Request` cannot carry (passed by `toNodeListener`). */
export interface SigningRequestInfo {
  /** The client's IP address. */
  clientIp?: string;
}

/** A Fetch-API request handler; mount it in any runtime, or on node:http / Express with `toNodeListener`. */
export type SigningHandler = (request: Request, info?: SigningRequestInfo) => Promise<Response>;

const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
};
const EMPTY_SCHEMA: BodySchema = { fields: {} };
const SIGN_ENVELOPE_KEYS: ReadonlySet<string> = new Set(['method', 'path', 'body']);
const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

interface Limiters {
  perIp?: TokenBucketLimiter;
  perPlyrId?: TokenBucketLimiter;
  guestRegisterPerIp?: TokenBucketLimiter;
}

function createLimiters(options: RateLimitOptions | false | undefined, now: () => number): Limiters {
  if (options === false) return {};
  const o = options ?? {};
  const clock = o.now ?? now;
  const maxKeys = o.maxKeys ?? DEFAULT_RATE_LIMITS.maxKeys;
  const make = (value: RateLimitOptions['perIp'], fallback: typeof DEFAULT_RATE_LIMITS.perIp) =>
    value === false ? undefined : new TokenBucketLimiter(value ?? fallback, clock, maxKeys);
  const limiters: Limiters = {};
  const perIp = make(o.perIp, DEFAULT_RATE_LIMITS.perIp);
  const perPlyrId = make(o.perPlyrId, DEFAULT_RATE_LIMITS.perPlyrId);
  const guest = make(o.guestRegisterPerIp, DEFAULT_RATE_LIMITS.guestRegisterPerIp);
  if (perIp) limiters.perIp = perIp;
  if (perPlyrId) limiters.perPlyrId = perPlyrId;
  if (guest) limiters.guestRegisterPerIp = guest;
  return limiters;
}

function checkOptions(options: SigningHandlerOptions): void {
  if (options === null || typeof options !== 'object')
    throw new TypeError('createSigningHandler: options are required.');
  for (const name of ['apiKey', 'secretKey', 'gameId'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '')
      throw new TypeError(`createSigningHandler: \`${name}\` must be a non-empty string.`);
  }
  const mode = options.mode ?? 'sign';
  if (mode !== 'sign' && mode !== 'relay')
    throw new TypeError("createSigningHandler: `mode` must be 'sign' or 'relay'.");
  if (mode === 'relay' || options.apiBase !== undefined) {
    if (typeof options.apiBase !== 'string' || !/^https?:\/\/[^/?#]+(?:\/[^?#]*)?$/i.test(options.apiBase))
      throw new TypeError(
        'createSigningHandler: `apiBase` must be an http(s) origin, e.g. https://api.plyr.network.',
      );
  }
  if (
    options.basePath !== undefined &&
    (typeof options.basePath !== 'string' || !/^(?:\/[^?#]*)?$/.test(options.basePath))
  )
    throw new TypeError("createSigningHandler: `basePath` must be '' or start with '/'.");
  for (const name of ['maxBodyBytes', 'timeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && !(typeof value === 'number' && value > 0))
      throw new TypeError(`createSigningHandler: \`${name}\` must be a positive number.`);
  }
}

/**
 * Creates the signing endpoint as a Fetch-API handler.
 *
 * ```ts
 * const handler = createSigningHandler({ apiKey, secretKey, gameId: 'mygame', apiBase: 'https://api.plyr.network',
 *   mode: 'sign', basePath: '/plyr/sign', origins: ['https://mygame.example'] });
 * http.createServer(toNodeListener(handler));        // or: export default { fetch: handler } on an edge runtime
 * ```
 * @throws TypeError when an option is invalid (at creation, never per request).
 */
export function createSigningHandler(options: SigningHandlerOptions): SigningHandler {
  checkOptions(options);
  const mode = options.mode ?? 'sign';
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const routes: CompiledRoute[] = compileRoutes(options.allow ?? PLAYER_AUTH_ROUTES);
  const maxBodyBytes = options.maxBodyBytes ?? 16_384;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const apiBase = (options.apiBase ?? '').replace(/\/+$/, '');
  const { apiKey, gameId } = options;
  const checkOrigin = createOriginCheck(options.origins);
  const limiters = createLimiters(options.rateLimit, now);
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const preflightMethods = mode === 'sign' ? 'POST, OPTIONS' : 'GET, POST, OPTIONS';
  const decoder = new TextDecoder('utf-8', { fatal: true });

  // The key is imported once, on first use; a failure is retried on the next call rather than cached.
  let hmac: HmacSign | undefined;
  let hmacLoading: Promise<HmacSign> | undefined;
  const getHmac = (): HmacSign | Promise<HmacSign> => {
    if (hmac !== undefined) return hmac;
    hmacLoading ??= createHmacSign(options.secretKey, options.hmac ?? 'auto').then(
      (sign) => (hmac = sign),
      (error: unknown) => {
        hmacLoading = undefined;
        throw error;
      },
    );
    return hmacLoading;
  };

  function json(status: number, body: string, cors: Record<string, string>, extra?: Record<string, string>) {
    return { status, headers: { ...JSON_HEADERS, ...cors, ...extra }, body } satisfies OutgoingAnswer;
  }

  async function readJson(call: IncomingCall): Promise<unknown> {
    const declared = call.header('content-length');
    if (declared !== null && Number(declared) > maxBodyBytes)
      throw new Refusal('BODY_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes.`);
    const bytes = await call.readBody(maxBodyBytes);
    if (bytes === null) throw new Refusal('BODY_TOO_LARGE', `The body is larger than ${maxBodyBytes} bytes.`);
    if (bytes.byteLength === 0) return undefined;
    try {
      return JSON.parse(decoder.decode(bytes));
    } catch {
      throw new Refusal('INVALID_JSON', 'The body is not valid JSON.');
    }
  }

  /** Rebuilds a platform body from the route schema; returns the exact text to sign and send. */
  function bodyText(
    route: CompiledRoute,
    method: 'GET' | 'POST',
    body: unknown,
  ): { text: string; value: JsonObject } {
    if (method === 'GET') {
      if (body !== undefined && !(isPlainObject(body) && Object.keys(body).length === 0))
        throw new Refusal('INVALID_BODY', 'A GET request has no body.');
      return { text: '{}', value: {} };
    }
    const checked = checkBody(route.rule.body ?? EMPTY_SCHEMA, body === undefined ? {} : body);
    if (!checked.ok) throw new Refusal('INVALID_BODY', checked.error);
    const value = checked.value;
    if (route.rule.forceGameId) value.gameId = gameId;
    return { text: JSON.stringify(value), value };
  }

  function routeLimit(route: CompiledRoute, value: JsonObject, ipKey: string): void {
    const limit = route.rule.limit;
    if (limit === 'plyrId' && limiters.perPlyrId && typeof value.plyrId === 'string') {
      const taken = limiters.perPlyrId.take(value.plyrId.toLowerCase());
      if (!taken.ok) throw rateLimited(taken.retryAfterMs, 'attempts for this PLYR[ID]');
    } else if (limit === 'guestRegister' && limiters.guestRegisterPerIp) {
      const taken = limiters.guestRegisterPerIp.take(ipKey);
      if (!taken.ok) throw rateLimited(taken.retryAfterMs, 'guest registrations from this address');
    }
  }

  async function sign(text: string): Promise<{ apikey: string; signature: string; timestamp: string }> {
    const timestamp = String(Math.floor(now()));
    const signer = getHmac();
    const h = typeof signer === 'function' ? signer : await signer;
    const signature = h(timestamp + text);
    return {
      apikey: apiKey,
      signature: typeof signature === 'string' ? signature : await signature,
      timestamp,
    };
  }

  async function handleSign(call: IncomingCall, path: string, cors: Record<string, string>, ipKey: string) {
    if (basePath !== '' && path !== basePath && path !== `${basePath}/`)
      throw new Refusal('PATH_NOT_ALLOWED', 'Not a signing endpoint path.');
    if (call.method !== 'POST')
      throw new Refusal('METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST, OPTIONS' });
    const envelope = await readJson(call);
    if (!isPlainObject(envelope)) throw new Refusal('INVALID_BODY', 'Expected { method, path, body }.');
    for (const key of Object.keys(envelope))
      if (!SIGN_ENVELOPE_KEYS.has(key))
        throw new Refusal('INVALID_BODY', 'Expected only { method, path, body }.');
    const { method, path: platformPath, body } = envelope;
    if (method !== 'GET' && method !== 'POST')
      throw new Refusal('INVALID_BODY', 'method must be "GET" or "POST".');
    if (typeof platformPath !== 'string') throw new Refusal('INVALID_BODY', 'path must be a string.');
    const match = matchRoute(routes, method, platformPath);
    if (match.kind !== 'match')
      throw new Refusal('PATH_NOT_ALLOWED', 'This platform request is not on the allow-list.');
    const { text, value } = bodyText(match.route, method, body);
    routeLimit(match.route, value, ipKey);
    const headers = await sign(text);
    return json(200, JSON.stringify({ headers, body: text }), cors);
  }

  async function handleRelay(
    call: IncomingCall,
    path: string,
    query: string,
    cors: Record<string, string>,
    ipKey: string,
  ) {
    const prefix = `${basePath}/api/`;
    if (!path.startsWith(prefix) || query !== '')
      throw new Refusal('PATH_NOT_ALLOWED', 'This platform request is not on the allow-list.');
    const platformPath = path.slice(basePath.length);
    const match = matchRoute(routes, call.method, platformPath);
    if (match.kind === 'none')
      throw new Refusal('PATH_NOT_ALLOWED', 'This platform request is not on the allow-list.');
    if (match.kind === 'method') {
      const allow = [...new Set(match.allowed), 'OPTIONS'].join(', ');
      throw new Refusal('METHOD_NOT_ALLOWED', `Use ${match.allowed.join(' or ')}.`, { allow });
    }
    const method = match.route.rule.method;
    const body = method === 'POST' ? await readJson(call) : undefined;
    const { text, value } = bodyText(match.route, method, body);
    routeLimit(match.route, value, ipKey);
    const headers = await sign(text);
    return forward(method, platformPath, text, headers, cors);
  }

  async function forward(
    method: 'GET' | 'POST',
    platformPath: string,
    text: string,
    signed: { apikey: string; signature: string; timestamp: string },
    cors: Record<string, string>,
  ): Promise<OutgoingAnswer> {
    // Only headers built here are sent: the browser's cookies, authorization and hop-by-hop headers never are.
    const headers: Record<string, string> = { accept: 'application/json', ...signed };
    if (method === 'POST') headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      const exchange = (async () => {
        const upstream = await doFetch(apiBase + platformPath, {
          method,
          headers,
          ...(method === 'POST' ? { body: text } : {}),
          signal: controller.signal,
          redirect: 'error',
        });
        return { upstream, bytes: new Uint8Array(await upstream.arrayBuffer()) };
      })();
      exchange.catch(() => {}); // a late failure after the timeout won the race is not an unhandled rejection
      const result = await Promise.race([exchange, timeout]);
      if (result === 'timeout')
        throw new Refusal('UPSTREAM_TIMEOUT', `The platform did not answer within ${timeoutMs} ms.`);
      const { upstream, bytes } = result;
      if (upstream.status < 200 || upstream.status > 599)
        throw new Refusal('UPSTREAM_UNREACHABLE', 'The platform gave an unusable answer.');
      const answerHeaders: Record<string, string> = { 'cache-control': 'no-store', ...cors };
      const contentType = upstream.headers.get('content-type');
      if (contentType !== null) answerHeaders['content-type'] = contentType;
      return {
        status: upstream.status,
        headers: answerHeaders,
        body: NULL_BODY_STATUS.has(upstream.status) ? null : bytes,
      };
    } catch (error) {
      if (error instanceof Refusal) throw error;
      if (controller.signal.aborted)
        throw new Refusal('UPSTREAM_TIMEOUT', `The platform did not answer within ${timeoutMs} ms.`);
      throw new Refusal('UPSTREAM_UNREACHABLE', 'The platform could not be reached.');
    } finally {
      clearTimeout(timer);
    }
  }

  const handleCall: CallHandler = async (call) => {
    let cors: Record<string, string> = {};
    try {
      const verdict = checkOrigin(call.header('origin'), call.host);
      if (!verdict.allowed)
        throw new Refusal('ORIGIN_NOT_ALLOWED', 'This page origin may not use the endpoint.');
      cors = verdict.headers;
      const ipKey = ipBucketKey(call.clientIp);
      if (limiters.perIp) {
        const taken = limiters.perIp.take(ipKey);
        if (!taken.ok) throw rateLimited(taken.retryAfterMs, 'requests from this address');
      }
      if (call.method === 'OPTIONS')
        return {
          status: 204,
          headers: {
            allow: preflightMethods,
            ...preflightHeaders(cors, preflightMethods, call.header('access-control-request-headers')),
          },
          body: null,
        };
      const q = call.target.indexOf('?');
      const path = q === -1 ? call.target : call.target.slice(0, q);
      const query = q === -1 ? '' : call.target.slice(q + 1);
      return mode === 'sign'
        ? await handleSign(call, path, cors, ipKey)
        : await handleRelay(call, path, query, cors, ipKey);
    } catch (error) {
      const refusal =
        error instanceof Refusal
          ? error
          : new Refusal('INTERNAL', 'The signing endpoint failed unexpectedly.');
      return json(refusal.status, refusal.bodyText(), cors, { ...refusal.headers });
    }
  };

  const handler: SigningHandler = async (request, info) => {
    let call: IncomingCall;
    try {
      const url = new URL(request.url);
      const clientIp = info?.clientIp ?? options.getClientIp?.(request) ?? undefined;
      call = {
        method: request.method.toUpperCase(),
        target: url.pathname + url.search,
        host: url.host.toLowerCase(),
        header: (name) => request.headers.get(name),
        readBody: (limit) => readStreamLimited(request.body, limit),
        clientIp,
      };
    } catch {
      const refusal = new Refusal('INVALID_BODY', 'Unreadable request.');
      return new Response(refusal.bodyText(), { status: refusal.status, headers: JSON_HEADERS });
    }
    const answer = await handleCall(call);
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
  };
  Object.defineProperty(handler, CALL_HANDLER, { value: handleCall });
  return handler;
}
