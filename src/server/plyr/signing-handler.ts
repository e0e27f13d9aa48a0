/**
 * `createSigningHandler`: the reference signing endpoint. The browser asks it to forward (relay mode, the default)
 * or to sign (sign mode, opt-in) a platform request; it checks the request against the allow-list, rebuilds the
 * body from the route's schema (forcing the configured gameId), takes the timestamp itself, signs with the secret
 * that never leaves the server, and rate-limits per IP, 2FA codes per IP+PLYR[ID] and per PLYR[ID], and guest
 * registrations per IP.
 *
 * Pipeline, each step a module-level function over the call's context (each refuses with JSON `{ error, code }`):
 * request line → Origin → per-IP limit → preflight (see `http/front-door.ts`) → method/path → content type →
 * body size → JSON → schema → route limits → sign → answer (sign mode) or forward and settle (relay mode).
 */
import { Refusal, rateLimited } from '../http/errors.js';
import { type ConnectionInfo, fetchEntry } from '../http/fetch-entry.js';
import { type CallContext, jsonAnswer, limitPerIp, perIpRefusal, serveCall } from '../http/front-door.js';
import type { CallHandler, OutgoingAnswer } from '../http/incoming.js';
import { readJsonBody } from '../http/json-body.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { callUpstream, type UpstreamAnswer } from '../http/upstream.js';
import type { CompiledRoute } from './routes.js';
import { matchRoute, RESETS_WRONG_CODES } from './routes.js';
import {
  checkSigningOptions,
  type SigningConfig,
  type SigningHandlerOptions,
  signingConfig,
} from './signing-options.js';
import type { TwoFactorOutcome, TwoFactorTicket } from './two-factor-limit.js';
import { type BodySchema, checkBody, isPlainObject, type JsonObject } from './validate.js';

export type { SigningHandlerOptions } from './signing-options.js';

/**
 * Connection facts a Fetch-API `Request` cannot carry (`toNodeListener` passes them itself): `clientIp`, the
 * address or a function that reads it when a limit needs it.
 */
export type SigningRequestInfo = ConnectionInfo;

/** A Fetch-API request handler; mount it in any runtime, or on node:http / Express with `toNodeListener`. */
export type SigningHandler = (request: Request, info?: SigningRequestInfo) => Promise<Response>;

/** A platform request that passed the allow-list and its schema: what gets signed. */
interface PlatformRequest {
  method: 'GET' | 'POST';
  path: string;
  route: CompiledRoute;
  /** The exact body text that is signed and sent. */
  text: string;
  value: JsonObject;
}

/** The platform's auth headers for one request. */
interface SignedHeaders {
  apikey: string;
  signature: string;
  timestamp: string;
}

const EMPTY_SCHEMA: BodySchema = { fields: {} };
const SIGN_ENVELOPE_KEYS: ReadonlySet<string> = new Set(['method', 'path', 'body']);
const NULL_BODY_STATUS: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);
const NOT_ALLOWED = 'This platform request is not on the allow-list.';

/** Sign mode, path/method: `POST <basePath>`. */
function matchSignPath(ctx: CallContext, config: SigningConfig): void {
  const { basePath } = config;
  if (basePath !== '' && ctx.path !== basePath && ctx.path !== `${basePath}/`)
    throw new Refusal(
      'PATH_NOT_ALLOWED',
      ctx.path.startsWith(`${basePath}/api/`)
        ? "This endpoint is in sign mode and takes POST with { method, path, body }; a client in relay mode (its default) sends platform paths: give both the same mode (the client's signer { url, mode: 'sign' }, or the endpoint's mode: 'relay')."
        : 'Not a signing endpoint path.',
    );
  if (ctx.call.method !== 'POST')
    throw new Refusal('METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST, OPTIONS' });
}

/** Sign mode, envelope: `{ method, path, body }` and nothing else; the (method, path) must be allowed. */
function readEnvelope(
  envelope: unknown,
  config: SigningConfig,
): { route: CompiledRoute; method: 'GET' | 'POST'; path: string; body: unknown } {
  if (!isPlainObject(envelope)) throw new Refusal('INVALID_BODY', 'Expected { method, path, body }.');
  for (const key of Object.keys(envelope))
    if (!SIGN_ENVELOPE_KEYS.has(key))
      throw new Refusal('INVALID_BODY', 'Expected only { method, path, body }.');
  const { method, path, body } = envelope;
  if (method !== 'GET' && method !== 'POST')
    throw new Refusal('INVALID_BODY', 'method must be "GET" or "POST".');
  if (typeof path !== 'string') throw new Refusal('INVALID_BODY', 'path must be a string.');
  const match = matchRoute(config.routes, method, path);
  if (match.kind !== 'match') throw new Refusal('PATH_NOT_ALLOWED', NOT_ALLOWED);
  return { route: match.route, method, path, body };
}

/** Relay mode, path/method: `<basePath>/api/...` with no query, matched on the request's own path. */
function matchRelayPath(ctx: CallContext, config: SigningConfig): { route: CompiledRoute; path: string } {
  const { basePath } = config;
  if (!ctx.path.startsWith(`${basePath}/api/`) || ctx.query !== '')
    throw new Refusal(
      'PATH_NOT_ALLOWED',
      ctx.path === basePath || ctx.path === `${basePath}/`
        ? 'This endpoint is in relay mode and takes platform paths (<endpoint>/api/...); a client in sign mode posts { method, path, body } to the endpoint itself: give both the same mode (relay is the default of both).'
        : NOT_ALLOWED,
    );
  const path = ctx.path.slice(basePath.length);
  const match = matchRoute(config.routes, ctx.call.method, path);
  if (match.kind === 'none') throw new Refusal('PATH_NOT_ALLOWED', NOT_ALLOWED);
  if (match.kind === 'method') {
    const allow = [...new Set(match.allowed), 'OPTIONS'].join(', ');
    throw new Refusal('METHOD_NOT_ALLOWED', `Use ${match.allowed.join(' or ')}.`, { allow });
  }
  return { route: match.route, path };
}

/** Schema: rebuilds the platform body from the route's schema; the result is the exact text to sign and send. */
function platformRequest(
  config: SigningConfig,
  route: CompiledRoute,
  path: string,
  body: unknown,
): PlatformRequest {
  const method = route.rule.method;
  const { gameIdAt } = route;
  if (
    gameIdAt !== undefined &&
    path.slice(1).split('/')[gameIdAt]?.toLowerCase() !== config.gameId.toLowerCase()
  )
    throw new Refusal('PATH_NOT_ALLOWED', 'This endpoint serves its own game only.');
  if (method === 'GET') {
    if (body !== undefined && !(isPlainObject(body) && Object.keys(body).length === 0))
      throw new Refusal('INVALID_BODY', 'A GET request has no body.');
    return { method, path, route, text: '{}', value: {} };
  }
  const checked = checkBody(route.rule.body ?? EMPTY_SCHEMA, body === undefined ? {} : body);
  if (!checked.ok) throw new Refusal('INVALID_BODY', checked.error);
  const value = checked.value;
  if (route.rule.forceGameId) value.gameId = config.gameId;
  return { method, path, route, text: JSON.stringify(value), value };
}

/**
 * Route limits, the first step with an effect: the deferred per-IP token, then 2FA strikes per IP+PLYR[ID] and per
 * PLYR[ID] (both in one call when the store can), or guest registrations per IP. `undefined` when no limit applies
 * (no limits configured, or a route without one), so such a request waits for no store.
 */
function limitRoute(
  ctx: CallContext,
  config: SigningConfig,
  request: PlatformRequest,
): Promise<TwoFactorTicket | undefined> | undefined {
  const limit = request.route.rule.limit;
  const twoFactor = config.twoFactor;
  const account =
    limit === 'plyrId' && twoFactor && typeof request.value.plyrId === 'string'
      ? request.value.plyrId.toLowerCase()
      : undefined;
  const guests = limit === 'guestRegister' ? config.guestRegisterPerIp : undefined;
  if (!ctx.perIpPending && account === undefined && guests === undefined) return undefined;
  return takeRouteLimits(ctx, config, account, guests);
}

async function takeRouteLimits(
  ctx: CallContext,
  config: SigningConfig,
  account: string | undefined,
  guests: RateLimiter | undefined,
): Promise<TwoFactorTicket | undefined> {
  const twoFactor = config.twoFactor;
  if (ctx.perIpPending) {
    const both =
      account !== undefined && config.front.perIp !== undefined
        ? twoFactor?.beginAfterToken?.(config.front.perIp, ctx.ipKey, account)
        : undefined;
    if (both !== undefined) {
      ctx.perIpPending = false;
      const taken = await both;
      if (!taken.ok) throw perIpRefusal(taken.retryAfterMs);
      return taken.ticket;
    }
    await limitPerIp(ctx, config.front);
  }
  if (account !== undefined && twoFactor) return twoFactor.begin(ctx.ipKey, account);
  if (guests !== undefined) {
    const taken = await guests.take(ctx.ipKey);
    if (!taken.ok)
      throw rateLimited(taken.retryAfterMs, 'guest registrations from this address', 'guestRegister');
  }
  return undefined;
}

/**
 * Sign: the platform's HMAC over timestamp + body, with a timestamp of our own clock. Synchronous with node:crypto
 * once the key is loaded (the usual case), so signing costs the request no extra turn of the event loop.
 */
function sign(config: SigningConfig, text: string): SignedHeaders | Promise<SignedHeaders> {
  const timestamp = String(Math.floor(config.now()));
  const signer = config.hmac();
  const signature = typeof signer === 'function' ? signer(timestamp + text) : undefined;
  if (typeof signature === 'string') return { apikey: config.apiKey, signature, timestamp };
  return (async () => {
    const hmac = typeof signer === 'function' ? signer : await signer;
    return { apikey: config.apiKey, signature: await (signature ?? hmac(timestamp + text)), timestamp };
  })();
}

/** Relay mode, forward: only headers built here are sent (never the browser's cookies or authorization). */
function forwardToPlatform(
  config: SigningConfig,
  request: PlatformRequest,
  signed: SignedHeaders,
): Promise<UpstreamAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...signed };
  if (request.method === 'POST') headers['content-type'] = 'application/json';
  return callUpstream(
    config.doFetch,
    {
      url: config.apiBase + request.path,
      method: request.method,
      headers,
      ...(request.method === 'POST' ? { body: request.text } : {}),
    },
    config.timeoutMs,
    'The platform',
  );
}

/**
 * What a 2FA answer says about the code. Only the platform's wrong-code answer (and no answer at all) keeps the
 * strike; answers that stop before the code is checked (unknown user, locked, replayed code, bad signature) refund it.
 * A right code is a `success` (the account's count starts again) only on a login (`resets`); elsewhere (a revoke)
 * the platform keeps counting the wrong codes before it, so the strike is refunded and the others stay.
 */
function twoFactorOutcome(answer: UpstreamAnswer | undefined, resets: boolean): TwoFactorOutcome {
  if (answer === undefined || answer.status >= 500) return 'wrongCode';
  if (answer.status >= 200 && answer.status < 300) return resets ? 'success' : 'notChecked';
  if (answer.status !== 401) return 'notChecked';
  let error: unknown;
  try {
    error = (JSON.parse(new TextDecoder().decode(answer.bytes)) as { error?: unknown }).error;
  } catch {
    return 'wrongCode';
  }
  return typeof error === 'string' &&
    /already used|expired|signature|api ?key|authentication headers/i.test(error)
    ? 'notChecked'
    : 'wrongCode';
}

/** Relay mode, answer: the platform's status, content type and body, unchanged. */
function platformAnswer(ctx: CallContext, answer: UpstreamAnswer): OutgoingAnswer {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...ctx.cors };
  const contentType = answer.headers.get('content-type');
  if (contentType !== null) headers['content-type'] = contentType;
  return { status: answer.status, headers, body: NULL_BODY_STATUS.has(answer.status) ? null : answer.bytes };
}

async function serveSign(ctx: CallContext, config: SigningConfig): Promise<OutgoingAnswer> {
  matchSignPath(ctx, config);
  const envelope = readEnvelope(await readJsonBody(ctx.call, config.maxBodyBytes), config);
  ctx.route = `${envelope.method} ${envelope.route.rule.path}`;
  const request = platformRequest(config, envelope.route, envelope.path, envelope.body);
  const limiting = limitRoute(ctx, config, request); // sign mode never learns the outcome: a 2FA strike stays
  if (limiting !== undefined) await limiting;
  const signing = sign(config, request.text);
  const headers = signing instanceof Promise ? await signing : signing;
  return jsonAnswer(ctx, 200, JSON.stringify({ headers, body: request.text }));
}

async function serveRelay(ctx: CallContext, config: SigningConfig): Promise<OutgoingAnswer> {
  const { route, path } = matchRelayPath(ctx, config);
  ctx.route = `${route.rule.method} ${route.rule.path}`;
  const body = route.rule.method === 'POST' ? await readJsonBody(ctx.call, config.maxBodyBytes) : undefined;
  const request = platformRequest(config, route, path, body);
  const limiting = limitRoute(ctx, config, request);
  const ticket = limiting === undefined ? undefined : await limiting;
  let answer: UpstreamAnswer | undefined;
  try {
    answer = await forwardToPlatform(config, request, await sign(config, request.text));
  } finally {
    if (ticket !== undefined)
      await config.twoFactor?.settle(
        ticket,
        twoFactorOutcome(answer, RESETS_WRONG_CODES.has(route.rule.path)),
      );
  }
  return platformAnswer(ctx, answer);
}

/**
 * Creates the signing endpoint as a Fetch-API handler.
 *
 * ```ts
 * const handler = createSigningHandler({ apiKey, secretKey, gameId: 'mygame', apiBase: 'https://api.plyr.network',
 *   basePath: '/plyr/relay', origins: ['https://mygame.example'] });   // relay mode, the default
 * http.createServer(toNodeListener(handler));        // or: export default { fetch: handler } on an edge runtime
 * ```
 * @throws TypeError when an option is invalid (at creation, never per request).
 */
export function createSigningHandler(options: SigningHandlerOptions): SigningHandler {
  checkSigningOptions(options);
  const config = signingConfig(options);
  const route = config.mode === 'sign' ? serveSign : serveRelay;
  // A POST's per-IP token waits for its body: a 2FA request then takes it with its strike (see limitRoute).
  const handleCall: CallHandler = (call) =>
    serveCall(
      call,
      config.front,
      (ctx) => route(ctx, config),
      (ctx) => ctx.call.method === 'POST',
    );
  return fetchEntry(handleCall, options.getClientIp);
}
