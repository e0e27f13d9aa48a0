/**
 * The studio's MG+ relay. MG+ only takes calls from the studio's servers (HMAC shared secret, `X-Request-ID`,
 * IP allow-listing), so the browser sends `POST <relay>/v1/authenticate` here; the relay validates the fields,
 * fills `ip` from the connection, signs the exact payload bytes, sets a fresh `X-Request-ID`, forwards to MG+,
 * checks the id is echoed, and returns MG+'s status and body unchanged.
 *
 * Relay refusals are `{ error, code }` with the signing endpoint's codes (see `plyr-kit/server`), plus
 * `CLIENT_IP_UNSUPPORTED` (400: no IPv4 client address) and `UPSTREAM_REQUEST_ID_MISMATCH` (502).
 */
import { readStreamLimited } from './incoming.js';
import { type AuthenticatePayload, checkAuthenticateBody } from './mgplus-authenticate-body.js';
import { isIpv4, resolveClientIp, type TrustProxy } from './mgplus-client-ip.js';

/** MG+ routes the relay forwards. */
export const MGPLUS_RELAY_ROUTES: readonly string[] = ['/v1/authenticate'];

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
  /** How far to trust `X-Forwarded-For` for the player's IP (see {@link TrustProxy}). Default `false`. */
  trustProxy?: TrustProxy;
  /** Timeout of the MG+ call in ms. Default 10 000. */
  timeoutMs?: number;
  /** Fetch implementation for the MG+ call. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Page origins allowed to call the relay (CORS). Requests with another `Origin` are refused; requests without
   * one (same-origin GET, servers) are served. Default: no check and no CORS headers (same-origin deployments).
   */
  origins?: string[];
  /** Path prefix the relay is mounted at, e.g. `/mg`. Default `''`. */
  basePath?: string;
  /** Largest accepted request body in bytes. Default 8192. */
  maxBodyBytes?: number;
}

/** Connection facts the Fetch API's `Request` cannot carry. */
export interface RelayRequestInfo {
  /** The address of the connection (node:http `req.socket.remoteAddress`). */
  clientIp?: string;
}

/** A Fetch-API request handler (use `toNodeListener` for node:http / Express). */
export type RelayHandler = (request: Request, info?: RelayRequestInfo) => Promise<Response>;

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
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

/** Read at most `limit` bytes of the body; a larger body is a 413 refusal. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  const body =
    Number.isFinite(declared) && declared > limit ? null : await readStreamLimited(request.body, limit);
  if (body === null) throw new Refusal(413, 'BODY_TOO_LARGE', `The body is larger than ${limit} bytes.`);
  return body;
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
  const upstreamBase = options.baseUrl.replace(/\/+$/, '');
  const encoding = options.signatureEncoding ?? 'hex';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 8192;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const origins = options.origins === undefined ? undefined : new Set(options.origins);
  const rules = {
    ...(options.provider !== undefined ? { provider: options.provider } : {}),
    ...(options.allowedGames !== undefined ? { allowedGames: options.allowedGames } : {}),
  };

  function corsHeaders(origin: string | null): Record<string, string> {
    if (origins === undefined || origin === null) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  }

  function json(status: number, body: unknown, origin: string | null, extra: Record<string, string> = {}) {
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        ...corsHeaders(origin),
        ...extra,
      },
    });
  }

  /** Forward the payload to MG+ and return its answer, or a 502/504 refusal. */
  async function forward(
    route: string,
    payload: AuthenticatePayload,
    origin: string | null,
  ): Promise<Response> {
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    const requestId = globalThis.crypto.randomUUID();
    const signature = await signBytes(options.sharedSecret, bytes, encoding);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const upstream = await doFetch(`${upstreamBase}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-hmac-signature': signature,
          'x-request-id': requestId,
        },
        body: bytes,
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await upstream.text();
      const echoed = upstream.headers.get('x-request-id');
      // A different id means the answer is not ours (it may carry another player's token); a missing id is only
      // tolerated on errors, so an MG+ error body is not lost when a gateway in front of MG+ answered.
      if (echoed !== null ? echoed.toLowerCase() !== requestId : upstream.ok)
        return json(
          502,
          {
            error: 'MG+ did not echo the X-Request-ID of the request.',
            code: 'UPSTREAM_REQUEST_ID_MISMATCH',
          },
          origin,
        );
      return new Response(text, {
        status: upstream.status,
        headers: {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
          'cache-control': 'no-store',
          'x-request-id': requestId,
          ...corsHeaders(origin),
        },
      });
    } catch {
      return timedOut
        ? json(504, { error: `MG+ did not answer within ${timeoutMs} ms.`, code: 'UPSTREAM_TIMEOUT' }, origin)
        : json(502, { error: 'MG+ could not be reached.', code: 'UPSTREAM_UNREACHABLE' }, origin);
    } finally {
      clearTimeout(timer);
    }
  }

  return async function relay(request: Request, info?: RelayRequestInfo): Promise<Response> {
    const origin = request.headers.get('origin');
    try {
      if (origins !== undefined && origin !== null && !origins.has(origin))
        throw new Refusal(403, 'ORIGIN_NOT_ALLOWED', 'This page origin may not use the MG+ relay.');
      if (request.method === 'OPTIONS' && origins !== undefined) {
        return new Response(null, {
          status: 204,
          headers: {
            ...corsHeaders(origin),
            'access-control-allow-methods': 'POST',
            'access-control-allow-headers':
              request.headers.get('access-control-request-headers') ?? 'content-type',
            'access-control-max-age': '600',
          },
        });
      }
      const path = new URL(request.url).pathname;
      const route = basePath !== '' && path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : path;
      if ((basePath !== '' && route === path) || !MGPLUS_RELAY_ROUTES.includes(route))
        throw new Refusal(403, 'PATH_NOT_ALLOWED', 'The MG+ relay does not forward this path.');
      if (request.method !== 'POST')
        return json(405, { error: 'Use POST.', code: 'METHOD_NOT_ALLOWED' }, origin, { allow: 'POST' });

      const raw = await readBody(request, maxBodyBytes);
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        throw new Refusal(400, 'INVALID_JSON', 'The body is not JSON.');
      }
      const checked = checkAuthenticateBody(body, rules);
      if (!checked.ok) throw new Refusal(400, 'INVALID_BODY', checked.error);

      const ip = resolveClientIp(request.headers, info?.clientIp, options.trustProxy ?? false);
      if (ip === undefined)
        throw new Refusal(400, 'CLIENT_IP_UNSUPPORTED', "The player's IP address is unknown.");
      if (!isIpv4(ip))
        throw new Refusal(
          400,
          'CLIENT_IP_UNSUPPORTED',
          'MG+ needs an IPv4 player address (IPv6 is not supported).',
        );

      const { launchToken, provider, game, platform } = checked.value;
      return await forward(route, { launchToken, provider, game, ip, platform }, origin);
    } catch (error) {
      if (error instanceof Refusal)
        return json(error.status, { error: error.message, code: error.code }, origin);
      return json(500, { error: 'The MG+ relay failed.', code: 'INTERNAL' }, origin);
    }
  };
}

/**
 * HMAC-SHA256 of the exact payload bytes with WebCrypto, so the relay runs in any Fetch-API runtime (the module
 * must not import node:crypto: plyr-kit/server also loads on edge runtimes). MG+ authenticate is low-volume, so
 * the async WebCrypto cost does not matter here.
 */
async function signBytes(
  secret: string,
  bytes: Uint8Array<ArrayBuffer>,
  encoding: 'hex' | 'base64',
): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, bytes));
  if (encoding === 'hex') return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
  return btoa(String.fromCharCode(...mac));
}
