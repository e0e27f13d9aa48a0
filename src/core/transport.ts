/**
 * Sends platform requests through the game's signer, with ky and a timeout on every request:
 * - relay mode (the default for an endpoint, a plain URL string included): the request goes to `<endpoint><path>`
 *   and the endpoint forwards it;
 * - sign mode (`mode: 'sign'`): the endpoint signs `{ method, path, body }`, then the exact signed text goes to
 *   the platform;
 * - a function signer: like sign mode, with the function in place of the endpoint.
 * Only GETs are retried (bounded, with backoff): a POST such as a login with a 2FA code must never be sent twice.
 * Redirects are never followed: a 3xx would have the browser send the session JWT, a 2FA code or a signature on
 * to wherever it points, so it is refused (`SIGNER_REJECTED` from the signer, `SERVER` from the platform).
 * Every failure becomes a {@link PlyrError}; platform answers are interpreted by `platform-errors.ts` alone, loaded
 * with the first failed answer (should it fail to load, that answer rejects with `NETWORK`, see `lazy.ts`).
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { isObject, parseJson, retryAfter, safeText } from './answers.js';
import { isPlyrError, PlyrError, type PlyrErrorCode } from './errors.js';
import { loadProfile } from './lazy.js';
import type { ErrorContext } from './platform-errors.js';
import type { SignedRequest, SignerEndpoint, SignerFunction, SignRequest } from './types.js';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  signer: string | SignerEndpoint | SignerFunction;
  /** Platform origin without `/api`. */
  apiBase: string;
  timeoutMs: number;
  /** How many times a failed GET is retried. */
  retries: number;
  now: () => number;
}

/** Sends one platform request and resolves to its JSON object answer. */
export type Transport = (request: SignRequest, context?: ErrorContext) => Promise<Record<string, unknown>>;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Endpoint refusal codes (`{ error, code }`, see plyr-kit/server) that mean something other than a refusal. */
const ENDPOINT_CODES: Record<string, PlyrErrorCode> = {
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_UNREACHABLE: 'NETWORK',
  UPSTREAM_TIMEOUT: 'TIMEOUT',
  // The endpoint's shared state (Redis) is down for a moment: the game's server is unreachable, try again later.
  STATE_UNAVAILABLE: 'SIGNER_UNREACHABLE',
};

/** The error for a non-2xx answer of the signing endpoint itself. */
function endpointError(answer: Answer, json: Record<string, unknown>): PlyrError {
  const code =
    ENDPOINT_CODES[String(json.code)] ?? (answer.status === 429 ? 'RATE_LIMITED' : 'SIGNER_REJECTED');
  const options: { status: number; cause: unknown; retryAfterMs?: number } = {
    status: answer.status,
    cause: json,
  };
  if (code === 'RATE_LIMITED' || code === 'SIGNER_UNREACHABLE')
    options.retryAfterMs =
      typeof json.retryAfterMs === 'number'
        ? json.retryAfterMs
        : retryAfter(answer.headers.get('retry-after'));
  const text = typeof json.error === 'string' ? json.error : answer.text || `HTTP ${answer.status}`;
  return new PlyrError(code, `Signer: ${safeText(text)} (HTTP ${answer.status})`, options);
}

/** Creates the transport. */
export function createTransport(options: TransportOptions): Transport {
  const { signer, apiBase, timeoutMs } = options;
  const endpoint: SignerEndpoint | undefined =
    typeof signer === 'string' ? { url: signer } : typeof signer === 'function' ? undefined : signer;
  const relay = endpoint !== undefined && endpoint.mode !== 'sign';
  const http = ky.create({ timeout: timeoutMs, throwHttpErrors: true });
  // ky's backoff: 0.3 s, 0.6 s, ... Not 429: a rate limit's wait is the game's to honour (`retryAfterMs`).
  const getRetry = { limit: options.retries, methods: ['get'], statusCodes: [408, 500, 502, 503, 504] };

  /** One HTTP exchange; network failures become `unreachable`, no answer in time `TIMEOUT`. */
  async function exchange(
    url: string,
    method: 'GET' | 'POST',
    headers: Record<string, string>,
    body: string | undefined,
    credentials: RequestCredentials,
    unreachable: PlyrErrorCode,
  ): Promise<Answer> {
    const what = unreachable === 'NETWORK' ? 'PLYR' : 'the signer';
    let response: Response;
    try {
      response = await http(url, {
        method,
        headers,
        credentials,
        retry: method === 'GET' ? getRetry : 0,
        // fetch gets the request's parts, not ky's Request: the body as the exact signed text (ky clones a body
        // stream for retries, which POSTs never get) and the URL, as a Request would be copied once more by fetch.
        // ky still owns the timeout (its signal), the GET retries and the status check.
        fetch: (request, init) => {
          const { url, signal } = request as Request; // ky always passes its Request
          return fetch(url, { ...init, method, headers, body, credentials, signal, redirect: 'manual' });
        },
      }).catch((error: unknown) => {
        if (error instanceof HTTPError) return error.response;
        throw error;
      });
      if (response.type !== 'opaqueredirect' && (response.status < 300 || response.status > 399))
        return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      throw error instanceof TimeoutError
        ? new PlyrError('TIMEOUT', `No answer from ${what} in ${timeoutMs} ms`, { cause: error })
        : new PlyrError(unreachable, `Could not reach ${what}`, { cause: error });
    }
    // A browser hides a redirect's status and target (`opaqueredirect`, status 0).
    response.body?.cancel().catch(() => undefined);
    throw new PlyrError(
      unreachable === 'NETWORK' ? 'SERVER' : 'SIGNER_REJECTED',
      `Redirect from ${what} not followed (it would carry credentials elsewhere)`,
      { status: response.status },
    );
  }

  /** Sign mode / function signer: the signed headers and the exact body text to send. */
  async function sign(request: SignRequest): Promise<SignedRequest> {
    let signed: unknown;
    if (endpoint) {
      const answer = await exchange(
        endpoint.url,
        'POST',
        { 'content-type': 'application/json', ...endpoint.headers },
        JSON.stringify(request),
        endpoint.credentials ?? 'same-origin',
        'SIGNER_UNREACHABLE',
      );
      signed = parseJson(answer.text);
      if (answer.status >= 300) throw endpointError(answer, isObject(signed) ? signed : {});
    } else {
      try {
        signed = await (signer as SignerFunction)(request);
      } catch (error) {
        if (isPlyrError(error)) throw error;
        throw new PlyrError('SIGNER_REJECTED', 'Signer failed', { cause: error });
      }
    }
    const s = signed as Partial<SignedRequest> | undefined;
    const h = s?.headers;
    if (
      typeof s?.body !== 'string' ||
      !h ||
      ![h.apikey, h.signature, h.timestamp].every((v) => typeof v === 'string')
    )
      throw new PlyrError('SIGNER_REJECTED', 'Bad signer answer');
    return s as SignedRequest;
  }

  return async (request, context = {}) => {
    const post = request.method === 'POST';
    const json = post ? { 'content-type': 'application/json' } : undefined;
    let answer: Answer;
    if (relay) {
      answer = await exchange(
        endpoint.url.replace(/\/+$/, '') + request.path,
        request.method,
        { ...json, ...endpoint.headers },
        post ? JSON.stringify(request.body ?? {}) : undefined,
        endpoint.credentials ?? 'same-origin',
        'SIGNER_UNREACHABLE',
      );
    } else {
      const signed = await sign(request);
      answer = await exchange(
        apiBase + request.path,
        request.method,
        { ...signed.headers, ...json },
        post ? signed.body : undefined,
        'omit',
        'NETWORK',
      );
    }
    const body = parseJson(answer.text);
    if (answer.status >= 200 && answer.status < 300 && isObject(body)) return body;
    // The endpoint answers every path under its basePath, the platform every route it forwards with JSON: a bare
    // 404 means no endpoint is mounted there (a dev server without the plugin, a wrong `signer` URL).
    if (relay && answer.status === 404 && !isObject(body))
      throw new PlyrError('SIGNER_UNREACHABLE', `No signing endpoint at ${endpoint.url}`, { status: 404 });
    // Only the endpoint puts a string `code` in its bodies; platform bodies never do (contract).
    if (relay && isObject(body) && typeof body.code === 'string') throw endpointError(answer, body);
    // A 2xx that is not a JSON object is the platform misbehaving too: the table's default makes it SERVER.
    // The error table: a successful sign-in never needs it, so it travels in the profile chunk.
    const { platformError } = await loadProfile();
    return Promise.reject(
      platformError(
        answer.status,
        answer.text,
        { now: options.now(), ...context },
        answer.headers.get('retry-after'),
      ),
    );
  };
}
