/**
 * One signed MG+ call: the exact body text is signed (`X-HMAC-Signature`), each attempt gets a fresh
 * `X-Request-ID` that the answer must echo, redirects are errors (a signed money call must not wander off: asked as
 * `manual`, which every runtime takes, workerd included, and refused here), and
 * a timeout covers the whole exchange, body included. Every failure becomes a {@link MgPlusError}.
 */
import { isRedirect } from '../http/upstream.js';
import { MgPlusError, type MgPlusOperation } from './errors.js';
import { readErrorBody } from './parse.js';

/** What a call needs from the client. */
export interface MgPlusTransport {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** A prepared request: body text and signature are computed once and reused by every retry. */
export interface PreparedCall {
  operation: MgPlusOperation;
  path: string;
  body: string;
  signature: string;
  playerToken?: string;
}

/** The parsed JSON of a successful answer and the request id it echoed. */
export interface MgPlusAnswer {
  value: unknown;
  requestId: string;
}

function transportError(
  code: 'TIMEOUT' | 'NETWORK' | 'UPSTREAM_5XX' | 'REQUEST_ID_MISMATCH' | 'INVALID_RESPONSE',
  message: string,
  call: PreparedCall,
  requestId: string,
  extra: { status?: number; cause?: unknown } = {},
): MgPlusError {
  return new MgPlusError(code, `MG+ ${call.operation}: ${message}`, {
    status: extra.status ?? (code === 'TIMEOUT' ? 504 : 502),
    requestId,
    operation: call.operation,
    cause: extra.cause,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sends one attempt of a prepared call, within `timeoutMs` (default the transport's). Resolves with a 2xx answer's
 * JSON; rejects with a {@link MgPlusError}.
 */
export async function sendOnce(
  t: MgPlusTransport,
  call: PreparedCall,
  timeoutMs = t.timeoutMs,
): Promise<MgPlusAnswer> {
  const requestId = crypto.randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-hmac-signature': call.signature,
    'x-request-id': requestId,
  };
  if (call.playerToken !== undefined) headers.authorization = `Bearer ${call.playerToken}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let echo: string | null;
  let text: string;
  let redirect: Error | undefined;
  try {
    const response = await t.fetch(`${t.baseUrl}${call.path}`, {
      method: 'POST',
      headers,
      body: call.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    status = response.status;
    echo = response.headers.get('x-request-id');
    if (isRedirect(response)) {
      redirect = new Error(`HTTP ${status} redirect (${response.type}), not followed.`);
      void response.body?.cancel().catch(() => {});
      text = '';
    } else text = await response.text();
  } catch (error) {
    if (controller.signal.aborted)
      throw transportError('TIMEOUT', `no answer within ${timeoutMs} ms.`, call, requestId, {
        cause: error,
      });
    throw transportError('NETWORK', 'the connection failed or was dropped.', call, requestId, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  if (redirect !== undefined)
    throw transportError('NETWORK', 'the answer was a redirect, which is never followed.', call, requestId, {
      cause: redirect,
    });

  const value = parseJson(text);
  const refusal = status >= 200 && status < 300 ? undefined : readErrorBody(value);
  if (refusal === undefined && status >= 500)
    throw transportError('UPSTREAM_5XX', `HTTP ${status} without an MG+ error body.`, call, requestId, {
      status,
    });
  // An answer that is not to this request says nothing about this request, whatever it contains.
  if (echo?.trim().toLowerCase() !== requestId)
    throw transportError(
      'REQUEST_ID_MISMATCH',
      'the answer does not echo our X-Request-ID.',
      call,
      requestId,
      {
        status,
      },
    );
  if (refusal !== undefined)
    throw new MgPlusError(refusal.code, `MG+ ${call.operation}: ${refusal.code}: ${refusal.message}`, {
      status,
      requestId,
      operation: call.operation,
      mgplusMessage: refusal.message,
    });
  if (status < 200 || status >= 300)
    throw new MgPlusError(
      'INVALID_RESPONSE',
      `MG+ ${call.operation}: HTTP ${status} without an MG+ error body.`,
      {
        status,
        retryable: false,
        requestId,
        operation: call.operation,
      },
    );
  if (value === undefined)
    throw transportError('INVALID_RESPONSE', 'the answer is not JSON.', call, requestId, { status });
  return { value, requestId };
}
