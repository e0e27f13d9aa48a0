/**
 * The steps every server handler runs first, as module-level functions over one {@link CallContext}:
 * request line → Origin/CORS → per-IP limit → CORS preflight. {@link serveCall} runs them, then the handler's own
 * steps, and turns any {@link Refusal} (or an unexpected error) into the one JSON refusal answer.
 */
import { Refusal, rateLimited } from './errors.js';
import type { FailureReporter } from './failure-report.js';
import type { IncomingCall, OutgoingAnswer } from './incoming.js';
import { ipBucketKey } from './ip-key.js';
import { type OriginCheck, preflightHeaders } from './origin.js';
import type { RateLimiter } from './rate-limit.js';

/** What one request carries through the pipeline. */
export interface CallContext {
  readonly call: IncomingCall;
  /** The request's own path (from the request line, never through `Host`), without the query. */
  readonly path: string;
  /** The query string without `?` (`''` when there is none). */
  readonly query: string;
  /** The client's address as the handler resolved it (see {@link FrontDoor.clientIp}). */
  readonly clientIp: string | undefined;
  /** The per-IP bucket key of {@link clientIp}. */
  readonly ipKey: string;
  /** CORS headers for every answer, once the origin is allowed. */
  cors: Record<string, string>;
  /** The route once the handler matched it (e.g. `POST /api/user/login`), for failure reports. */
  route: string | undefined;
  /** The per-IP token is still to take: the handler deferred it to take it with its route limit (see {@link serveCall}). */
  perIpPending: boolean;
}

/** A handler's settings for the front-door steps. */
export interface FrontDoor {
  /** The Origin verdict (see `createOriginCheck`). */
  checkOrigin: (origin: string | null, selfHost: string) => OriginCheck;
  /** Every request, per client IP; `undefined` when disabled. */
  perIp: RateLimiter | undefined;
  /** Methods answered in a preflight's `Allow` and `Access-Control-Allow-Methods`. */
  preflightMethods: string;
  /** The client's address for this call (e.g. resolved through trusted proxies). */
  clientIp(call: IncomingCall): string | undefined;
  /** Told of every failure on the server's side (the handler's `onError`); `undefined` without a hook. */
  reportFailure?: FailureReporter | undefined;
}

/** The headers of every JSON answer of ours. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
};

/** A host name, IPv4 or bracketed IPv6 address, with an optional port: anything else in `Host` is malformed. */
export const HOST = /^(?:[A-Za-z0-9_.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** Step 1: the request line. Only origin-form targets (`/path?query`) and well-formed `Host` headers are served. */
export function openCall(call: IncomingCall, front: FrontDoor): CallContext {
  const target = call.target;
  if (!target.startsWith('/') || target.startsWith('//'))
    throw new Refusal('INVALID_REQUEST', 'The request target must be a path.');
  if (call.host !== '' && !HOST.test(call.host))
    throw new Refusal('INVALID_REQUEST', 'Malformed Host header.');
  const q = target.indexOf('?');
  return new OpenedCall(
    call,
    q === -1 ? target : target.slice(0, q),
    q === -1 ? '' : target.slice(q + 1),
    front,
  );
}

/**
 * A {@link CallContext} whose client address and bucket key are worked out on first use: a handler without limits
 * never needs them (and on some runtimes reading the address costs as much as a check of ours).
 */
class OpenedCall implements CallContext {
  cors: Record<string, string> = {};
  route: string | undefined = undefined;
  perIpPending = false;
  private ip: { value: string | undefined } | undefined;
  private key: string | undefined;

  constructor(
    readonly call: IncomingCall,
    readonly path: string,
    readonly query: string,
    private readonly front: FrontDoor,
  ) {}

  get clientIp(): string | undefined {
    this.ip ??= { value: this.front.clientIp(this.call) };
    return this.ip.value;
  }

  get ipKey(): string {
    this.key ??= ipBucketKey(this.clientIp);
    return this.key;
  }
}

/** Step 2: the page origin must be allowed; its CORS headers go on every later answer, refusals included. */
export function checkOrigin(ctx: CallContext, front: FrontDoor): void {
  const verdict = front.checkOrigin(ctx.call.header('origin'), ctx.call.host);
  if (!verdict.allowed) {
    // Say which origin and how to allow it: a developer behind a dev-server proxy meets this first. The origin is
    // echoed only when it looks like one (the message reaches the page).
    const origin = ctx.call.header('origin') ?? '';
    const shown = /^https?:\/\/[A-Za-z0-9.:[\]-]{1,200}$/.test(origin) ? origin : 'this page origin';
    throw new Refusal(
      'ORIGIN_NOT_ALLOWED',
      `${shown} may not use the endpoint: list it in the endpoint's \`origins\` option (the default allows only the endpoint's own origin; a dev-server proxy must keep the Host header, or use plyr-kit/vite).`,
    );
  }
  ctx.cors = verdict.headers;
}

/** Step 3: every request, preflights included, takes a token of its address's bucket. */
export async function limitPerIp(ctx: CallContext, front: FrontDoor): Promise<void> {
  ctx.perIpPending = false;
  const taken = await front.perIp?.take(ctx.ipKey);
  if (taken !== undefined && !taken.ok) throw perIpRefusal(taken.retryAfterMs);
}

/** The 429 of the per-IP bucket. */
export function perIpRefusal(retryAfterMs: number): Refusal {
  return rateLimited(retryAfterMs, 'requests from this address', 'ip');
}

/** Step 4: a CORS preflight is answered here; any other method goes on. */
export function answerPreflight(ctx: CallContext, front: FrontDoor): OutgoingAnswer | undefined {
  if (ctx.call.method !== 'OPTIONS') return undefined;
  const methods = front.preflightMethods;
  return {
    status: 204,
    headers: {
      allow: methods,
      ...preflightHeaders(ctx.cors, methods, ctx.call.header('access-control-request-headers')),
    },
    body: null,
  };
}

/** A JSON answer of ours with the context's CORS headers. */
export function jsonAnswer(ctx: CallContext | undefined, status: number, body: string): OutgoingAnswer {
  // A literal plus a loop rather than two spreads: most answers have no CORS headers, and spreads cost per request.
  const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  const cors = ctx?.cors;
  if (cors !== undefined) for (const name in cors) headers[name] = cors[name]!;
  return { status, headers, body };
}

/** The one refusal answer: `{ error, code }` (plus `retryAfterMs`, `scope` on 429) with the code's status. */
export function refusalAnswer(ctx: CallContext | undefined, error: unknown): OutgoingAnswer {
  const refusal =
    error instanceof Refusal ? error : new Refusal('INTERNAL', 'The endpoint failed unexpectedly.');
  return {
    status: refusal.status,
    headers: { ...JSON_HEADERS, ...ctx?.cors, ...refusal.headers },
    body: refusal.bodyText(),
  };
}

/**
 * Runs the front-door steps, then `route` (the handler's own steps); never throws.
 *
 * `deferPerIp(ctx)` lets a handler take the per-IP token later, together with its route limit (one call to a shared
 * store instead of two): `route` must then call {@link limitPerIp}, or take the token itself and clear
 * `perIpPending`, before anything it does has an effect. A refusal while the token is still pending takes it first,
 * so an address over its limit gets the 429 whatever else was wrong.
 */
export async function serveCall(
  call: IncomingCall,
  front: FrontDoor,
  route: (ctx: CallContext) => Promise<OutgoingAnswer>,
  deferPerIp?: (ctx: CallContext) => boolean,
): Promise<OutgoingAnswer> {
  let ctx: CallContext | undefined;
  const refuse = (error: unknown): OutgoingAnswer => {
    const answer = refusalAnswer(ctx, error);
    if (answer.status >= 500) front.reportFailure?.(ctx?.route, error);
    return answer;
  };
  try {
    ctx = openCall(call, front);
    checkOrigin(ctx, front);
    if (front.perIp !== undefined) {
      if (deferPerIp?.(ctx) === true) ctx.perIpPending = true;
      else await limitPerIp(ctx, front);
    }
    return answerPreflight(ctx, front) ?? (await route(ctx));
  } catch (error) {
    if (ctx?.perIpPending === true) {
      try {
        await limitPerIp(ctx, front);
      } catch (refusal) {
        return refuse(refusal);
      }
    }
    return refuse(error);
  }
}
