/**
 * The forwarding step: one call to the upstream service (the platform, MG+) with a hard timeout, read to the end,
 * never following a redirect (that would re-send signed headers to wherever it points). Redirects are asked for as
 * `manual` and refused here: Cloudflare's workerd rejects `redirect: 'error'` outright.
 */
import { Refusal, withCause } from './errors.js';

/** The fetch a handler forwards with (the global `fetch` by default). */
export type UpstreamFetch = (input: string, init: RequestInit) => Promise<Response>;

/** What came back from upstream: status, headers and the whole body. */
export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * A redirect answer of a `redirect: 'manual'` fetch: a 3xx, or the opaque one browsers and some runtimes give
 * (type `opaqueredirect`, status 0). Refused whatever its `Location`: signed headers never go to another URL.
 */
export function isRedirect(answer: Response): boolean {
  return answer.type === 'opaqueredirect' || (answer.status >= 300 && answer.status < 400);
}

/** What to send upstream. */
export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * Sends `request` and reads the answer within `timeoutMs` (else 504 `UPSTREAM_TIMEOUT`); a network failure or an
 * unusable status is 502 `UPSTREAM_UNREACHABLE`.
 */
export async function callUpstream(
  doFetch: UpstreamFetch,
  request: UpstreamRequest,
  timeoutMs: number,
  what: string,
): Promise<UpstreamAnswer> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, timeoutMs);
  });
  const timedOut = () => new Refusal('UPSTREAM_TIMEOUT', `${what} did not answer within ${timeoutMs} ms.`);
  try {
    const exchange = (async (): Promise<UpstreamAnswer> => {
      const answer = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
        signal: controller.signal,
        redirect: 'manual',
      });
      if (isRedirect(answer)) {
        void answer.body?.cancel().catch(() => {});
        const why = new Error(`HTTP ${answer.status} redirect (${answer.type}), not followed.`);
        throw withCause(new Refusal('UPSTREAM_UNREACHABLE', `${what} could not be reached.`), why);
      }
      return {
        status: answer.status,
        headers: answer.headers,
        bytes: new Uint8Array(await answer.arrayBuffer()),
      };
    })();
    exchange.catch(() => {}); // a late failure after the timeout won the race is not an unhandled rejection
    const result = await Promise.race([exchange, timeout]);
    if (result === 'timeout') throw timedOut();
    if (result.status < 200 || result.status > 599)
      throw withCause(
        new Refusal('UPSTREAM_UNREACHABLE', `${what} gave an unusable answer.`),
        new Error(`HTTP status ${result.status}.`),
      );
    return result;
  } catch (error) {
    if (error instanceof Refusal) throw error;
    if (controller.signal.aborted) throw timedOut();
    throw withCause(new Refusal('UPSTREAM_UNREACHABLE', `${what} could not be reached.`), error);
  } finally {
    clearTimeout(timer);
  }
}
